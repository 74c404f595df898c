"""What every endpoint of the public API shares: anonymous reading only, bounded pages, a per-client
throttle, the language by ``?lang=`` or ``Accept-Language``, conditional requests (ETag and
Last-Modified, answered with 304), and 400 for a filter value the list does not know.

The lists answer with the pages' own FilterSets over the pages' own selectors, so a page, its
export and the API cannot disagree about which rows a filter selects, nor in what order.
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Any

import django_filters
from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from .filtering import bad_filter_body, filter_errors

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class BadFilter(APIException):
    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, errors: list[dict[str, Any]]):
        self.body = bad_filter_body(errors)
        super().__init__(self.body["detail"])


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, except that a value it does not understand is a 400 that names
    the parameter and lists what it takes, rather than being ignored."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = _blank_values(request, filterset) or filter_errors(filterset)
        if errors:
            raise BadFilter(errors)
        return filterset.qs


def _blank_values(request, filterset) -> list[dict[str, Any]]:
    """A filter named with nothing after it (``field=``): refused, as the schema has no empty
    code, number, date or month; only free text (the search) may be empty."""
    return [
        {"parameter": name, "message": _("Give a value, or leave the parameter out.")}
        for name, filter_ in filterset.base_filters.items()
        if type(filter_) is not django_filters.CharFilter
        and "" in request.query_params.getlist(name)
    ]


NO_NUL = r"^[^\x00]*$"


class StrictFilterExtension(DjangoFilterExtension):
    """The filters in the schema as ``StrictFilterBackend`` applies them: a filter by a code
    takes one of the codes there are now (a 400 for any other, so the schema lists them), a
    number its bounds."""

    target_class = "hub.rest.StrictFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            values = schema["items"] if schema.get("type") == "array" else schema
            if isinstance(
                filter_field,
                django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter,
            ):
                queryset = filter_field.queryset
                code = filter_field.extra.get("to_field_name") or "pk"
                values.clear()
                values["type"] = "string"
                try:
                    if callable(queryset):
                        queryset = queryset(None)
                    values["enum"] = sorted(queryset.values_list(code, flat=True))
                except DatabaseError:
                    # `check --deploy` builds the schema where no database may answer yet.
                    pass
            if type(filter_field) is django_filters.CharFilter:
                # Free text, as a form field takes it: anything but the NUL character.
                values["pattern"] = NO_NUL
            for bound, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
                if filter_field.extra.get(bound) is not None:
                    values[keyword] = filter_field.extra[bound]
            if isinstance(filter_field, django_filters.NumberFilter):
                # django-filter's own ceiling on numbers (1e50)
                ceiling = filter_field.get_max_validator()
                if ceiling is not None:
                    values.setdefault("maximum", ceiling.limit_value)
        return parameters


def exception_handler(exc, context):
    from rest_framework.views import exception_handler as drf_handler

    response = drf_handler(exc, context)
    if response is not None and isinstance(exc, BadFilter):
        response.data = exc.body
    return response


class ModifiedSinceField(forms.DateTimeField):
    """An ISO 8601 date and time; one without an offset is in the hub's time zone."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            parsed = parse_datetime(value.strip())
            if parsed is not None and timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            # In UTC: PostgreSQL refuses offsets past ±15:59, which ISO 8601 allows; far-off
            # dates that overflow on the way are refused here.
            if parsed is not None:
                parsed = parsed.astimezone(UTC)
        except (ValueError, OverflowError):
            parsed = None
        if parsed is None:
            raise forms.ValidationError(
                gettext_lazy("Give a date and time as in 2026-01-31T08:00:00+01:00."),
                code="invalid",
            )
        return parsed


class ModifiedSinceFilter(django_filters.Filter):
    field_class = ModifiedSinceField

    def __init__(self, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault(
            "label", gettext_lazy("Only what changed at or after this time (ISO 8601)")
        )
        super().__init__(**kwargs)


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (``on``, as a page's checkbox sends it, counts as true); anything
    else is refused, not read as true."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        answer = {"true": True, "on": True, "false": False}.get(value)
        if answer is None:
            raise forms.ValidationError(gettext_lazy("Give true or false."), code="invalid")
        return answer


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


# Paging and throttling


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    page_size_query_description = (
        f"Items per page: {page_size} unless given, at most {settings.API_MAX_PAGE_SIZE}; "
        "any other value is answered with 400."
    )

    def get_page_number(self, request, paginator) -> int:
        """The page asked for (1 unless given); anything but a whole number from 1 is a 400. A
        page past the last is a 404."""
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        number = int(value) if value.isascii() and value.isdigit() else 0
        if number < 1:
            raise BadFilter(
                [
                    {
                        "parameter": self.page_query_param,
                        "message": _("Give a whole number from 1 up."),
                    }
                ]
            )
        return number

    def get_page_size(self, request) -> int:
        """The size asked for, or a 400 naming the limit: a size past it is not quietly cut."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        size = int(value) if value.isascii() and value.isdigit() else 0
        if not 1 <= size <= self.max_page_size:
            raise BadFilter(
                [
                    {
                        "parameter": self.page_size_query_param,
                        "message": _("Give a whole number from 1 to %(most)s.")
                        % {"most": self.max_page_size},
                    }
                ]
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class ClientRateThrottle(SimpleRateThrottle):
    """``settings.API_THROTTLE_RATE`` requests per client address, counted in the default cache
    (Redis, shared by every process). The address is found as sign-in's rate limits find it
    (``ALLAUTH_TRUSTED_PROXY_COUNT``, ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``), so behind a proxy
    clients are still told apart."""

    scope = "api"

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATE or None

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request) -> str:
        return get_adapter().get_client_ip(request._request) or "unknown"


def throttle_rate_in_words() -> str:
    """``settings.API_THROTTLE_RATE`` ("120/minute") as the open-data page states it."""
    if not settings.API_THROTTLE_RATE:
        return _("any number of requests")
    count, period = settings.API_THROTTLE_RATE.split("/")
    count = int(count)
    phrases = {
        "s": ngettext("%(count)s request a second", "%(count)s requests a second", count),
        "m": ngettext("%(count)s request a minute", "%(count)s requests a minute", count),
        "h": ngettext("%(count)s request an hour", "%(count)s requests an hour", count),
        "d": ngettext("%(count)s request a day", "%(count)s requests a day", count),
    }
    return phrases[period[0]] % {"count": count}


# The schema: every operation takes ?lang= and documents its error answers.


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class FilterErrorSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    message = serializers.CharField()
    allowed = serializers.ListField(child=serializers.CharField(), required=False)


class BadRequestSerializer(ErrorSerializer):
    errors = FilterErrorSerializer(many=True, required=False)


class Schema(AutoSchema):
    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=LANGUAGE_CODES,
                description=(
                    "Language of labels, names and page links; without it, Accept-Language "
                    "decides, and the default is " + settings.LANGUAGE_CODE + "."
                ),
            ),
        ]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "304": None,
            "400": BadRequestSerializer,
            "404": ErrorSerializer,
            "406": ErrorSerializer,
            "429": ErrorSerializer,
        }
        for code, serializer in errors.items():
            if serializer is None:
                responses.setdefault(code, {"description": "Not modified"})
            else:
                responses.setdefault(code, self._get_response_for_code(serializer, code))
        return responses


# The views


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource for anyone: no sign-in, no cookies read, the same answer for all."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    schema = Schema()
    pagination_class = Pagination
    filter_backends = [StrictFilterBackend]
    lookup_field = "slug"
    # Any segment reaches the view, so a wrong address is answered in JSON like the rest.
    lookup_value_regex = "[^/]+"
    # The model's "last changed" column, for Last-Modified; None where it has none.
    modified_field: str | None = "updated_at"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.query_params.get("lang")
        if language is not None:
            if language not in LANGUAGE_CODES:
                raise BadFilter(
                    [
                        {
                            "parameter": "lang",
                            "message": _("Select a valid choice."),
                            "allowed": LANGUAGE_CODES,
                        }
                    ]
                )
            translation.activate(language)
            request.LANGUAGE_CODE = language

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Anyone may read the API from a browser script on another site: nothing here is private.
        response["Access-Control-Allow-Origin"] = "*"
        response["Content-Language"] = translation.get_language()
        return response

    def last_modified(self) -> Any:
        """When anything of this kind last changed, published or not: unpublishing an item
        changes a list as much as editing one does."""
        if self.modified_field is None:
            return None
        model = self.get_queryset().model
        return model._default_manager.aggregate(last=Max(self.modified_field))["last"]

    def list(self, request, *args, **kwargs):
        return self._conditional(
            request, super().list(request, *args, **kwargs), self.last_modified()
        )

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        instance = getattr(self, "_object", None)
        modified = getattr(instance, self.modified_field, None) if self.modified_field else None
        return self._conditional(request, response, modified)

    def get_object(self):
        # A detail is found among everything public, whatever a list's default filter would
        # leave out (past events, closed calls).
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if "\x00" in lookup:  # PostgreSQL refuses it in a string; no slug has it
            raise NotFound
        self._object = get_object_or_404(self.get_queryset(), **{self.lookup_field: lookup})
        return self._object

    def _conditional(self, request, response: Response, modified) -> Response:
        """ETag from the answer's own bytes (so any change to what is shown changes it) and
        Last-Modified from the rows; 304 when the client's copy is still current."""
        if response.status_code != 200:
            return response
        response = self.finalize_response(request, response)
        response.render()
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        timestamp = int(modified.timestamp()) if modified else None
        response["ETag"] = etag
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return (
            get_conditional_response(
                request._request, etag=etag, last_modified=timestamp, response=response
            )
            or response
        )


def absolute_url(request: HttpRequest | None, path: str) -> str:
    if request is None:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the object's page on the portal, in the answer's language."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", "Absolute address of the object's page on the portal.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(self.context.get("request"), value.get_absolute_url())


@extend_schema_field(OpenApiTypes.STR)
class LabelField(serializers.Field):
    """The label of a choice, in the answer's language; ``source`` names the field of codes."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        kwargs["read_only"] = True
        kwargs.setdefault("help_text", "The value above, named in the answer's language.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value))
