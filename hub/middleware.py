"""Headers every response carries, and the hub's time zone for every request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .cache import request_prefetch
from .selectors import hub_zone


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY``: the portal uses no camera, microphone, location or
    payment, so no page of it (nor anything slipped into one) may ask the browser for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class HubTimeZoneMiddleware:
    """Times on every page are the hub's: its profile's zone is the active one while a request
    runs, whatever the visitor's own (``settings.TIME_ZONE`` when the profile cannot be read).

    The profile is read from the cache together with what the rest of the request reads from
    it (``hub.cache.request_prefetch``): one round trip to Redis for a page served from it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_prefetch(request):
            try:
                zone = hub_zone()
            except DatabaseError:
                # The health check must still be able to say the database is down.
                zone = timezone.get_default_timezone()
            with timezone.override(zone):
                return self.get_response(request)
