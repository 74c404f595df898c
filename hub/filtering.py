"""Bad input answers 400: a filter value a list does not know is named, with the values the
parameter takes, on the API and on the exports (as JSON) alike; pages show it as a form error."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import django_filters
from django import forms
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .cache import data_versions, query_vary


class NamedFiltersMixin:
    """For a FilterSet: ``named_only=True`` keeps only the filters the query names, for a list
    that is read rather than shown (an export). The rows and the errors are the same, since a
    filter left out of the query filters nothing; but the form's other fields (options read
    from the database, every field deep-copied twice) are not built, which is most of the time
    a filtered export takes before its first byte."""

    def __init__(self, data=None, queryset=None, *, named_only: bool = False, **kwargs):
        if named_only and data is not None:
            # Shadows the class's filters for this FilterSet only: django-filter copies them.
            self.base_filters = {
                name: filter_
                for name, filter_ in self.base_filters.items()
                if not _widget(filter_).value_omitted_from_data(data, {}, name)
            }
        super().__init__(data, queryset, **kwargs)


def _widget(filter_: django_filters.Filter) -> forms.Widget:
    widget = filter_.extra.get("widget") or filter_.field_class.widget
    return widget() if isinstance(widget, type) else widget


class UnderstoodQueries:
    """The queries a list's filters understood, remembered by this process while the data they
    offer options from (``domains``) keeps its version, so that the same query asked again (a
    filtered export, asked afresh after each change to the directory) is not checked again
    before its first byte: building the filters and their form to check one takes about half a
    millisecond. Only understood queries are remembered, the ``size`` last asked; a query the
    filters refuse is checked, and refused, every time."""

    def __init__(self, *, domains: tuple[str, ...], size: int = 1000) -> None:
        self._domains = domains
        self._size = size
        self._understood: OrderedDict[tuple, None] = OrderedDict()
        self._lock = threading.Lock()

    def known(self, request) -> bool:
        key = self._key(request)
        with self._lock:
            if key is None or key not in self._understood:
                return False
            self._understood.move_to_end(key)
            return True

    def remember(self, request) -> None:
        key = self._key(request)
        if key is None:
            return
        with self._lock:
            self._understood[key] = None
            self._understood.move_to_end(key)
            if len(self._understood) > self._size:
                self._understood.popitem(last=False)

    def _key(self, request) -> tuple | None:
        """The query in a fixed order and the versions of ``domains``; None when the cache does
        not tell them (then nothing is remembered)."""
        versions = data_versions(self._domains)
        return None if versions is None else (query_vary(request), tuple(versions.items()))


def filter_errors(filterset: django_filters.FilterSet) -> list[dict[str, Any]]:
    """The query parameters a FilterSet refused, each with the message and, for a list of
    choices, the values it accepts. Empty when every value was understood."""
    if not filterset.is_bound or filterset.is_valid():
        return []
    errors = []
    for name, messages in filterset.form.errors.items():
        error: dict[str, Any] = {"parameter": name, "message": " ".join(messages)}
        allowed = _allowed_values(filterset.form.fields.get(name))
        if allowed is not None:
            error["allowed"] = allowed
        errors.append(error)
    return errors


def _allowed_values(field: forms.Field | None) -> list[str] | None:
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        return [str(getattr(item, key)) for item in field.queryset]
    if isinstance(field, forms.ChoiceField):
        return [str(value) for value, _label in field.choices if value not in ("", None)]
    return None


def bad_filter_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"detail": _("A query parameter has a value this list does not know."), "errors": errors}


def bad_filter_response(errors: list[dict[str, Any]]) -> JsonResponse:
    """For the exports, which are plain Django views: the same body as the API's 400."""
    return JsonResponse(
        bad_filter_body(errors), status=400, json_dumps_params={"ensure_ascii": False}
    )
