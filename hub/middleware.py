"""Headers every response carries, and the hub's time zone for every request."""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
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


# What a view changes of the policy (django-csp's decorators mark the response with them).
_POLICY_CHANGES = tuple(
    f"_csp_{change}{suffix}" for change in ("config", "update", "replace") for suffix in ("", "_ro")
)


class CSPMiddleware(LibraryCSPMiddleware):
    """django-csp's middleware, but the policy of a response no view changed (no decorator, no
    nonce) is written once from the settings and then reused: django-csp built it afresh for
    every response, a tenth of a millisecond of every request. Any other response is left to
    django-csp."""

    _written: dict[bool, tuple[object, str]] = {}

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        changed = any(getattr(response, change, None) is not None for change in _POLICY_CHANGES)
        if changed or getattr(request, "_csp_nonce", None) is not None or settings.DEBUG:
            return super().process_response(request, response)
        for report_only, header in ((False, HEADER), (True, HEADER_REPORT_ONLY)):
            name = "CONTENT_SECURITY_POLICY" + ("_REPORT_ONLY" if report_only else "")
            config = getattr(settings, name, None)
            policy = self._policy(config, report_only=report_only)
            config = config or {}
            exempt = getattr(response, "_csp_exempt" + ("_ro" if report_only else ""), False)
            excluded = request.path_info.startswith(tuple(config.get("EXCLUDE_URL_PREFIXES", ())))
            if policy and header not in response and not exempt and not excluded:
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _policy(self, config: dict | None, *, report_only: bool) -> str:
        """The policy the settings give, written again only when they change (a test's
        override_settings)."""
        written = self._written.get(report_only)
        if written is None or written[0] is not config:
            written = self._written[report_only] = (config, build_policy(report_only=report_only))
        return written[1]
