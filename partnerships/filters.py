from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hub.filters import CachedOptionsMixin
from hub.models import FieldOfActivity
from hub.search import search_queryset
from hub.selectors import municipalities_home_first

from .models import CooperationForm, Stage
from .selectors import cross_sector_ids


class PartnershipFilter(CachedOptionsMixin, django_filters.FilterSet):
    """The public list's search and filters, kept in the query string."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Problem, goal or title")}
        ),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Stage.choices, empty_label=_("All stages")
    )
    form = django_filters.ChoiceFilter(
        label=_("Form of cooperation"), choices=CooperationForm.choices, empty_label=_("All forms")
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of activity"),
        field_name="fields",
        to_field_name="slug",
        # Made per request: the order is the reader's language's.
        queryset=lambda request: FieldOfActivity.objects.all(),
        empty_label=_("All fields"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="municipalities",
        to_field_name="slug",
        queryset=lambda request: municipalities_home_first(),
        empty_label=_("All municipalities"),
    )
    cross_sector = django_filters.BooleanFilter(
        label=_("Cross-sector only"),
        method="only_cross_sector",
        widget=forms.CheckboxInput,
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_queryset(queryset, value)

    def only_cross_sector(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(pk__in=cross_sector_ids())


class NetworkFilter(PartnershipFilter):
    """The network is drawn for a municipality or a field of activity."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["q", "stage", "form", "cross_sector"]:
            del self.filters[name]
