from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hub.filtering import NamedFiltersMixin
from hub.filters import CachedOptionsMixin
from hub.models import FieldOfActivity, Municipality, Region
from hub.search import search_queryset
from hub.selectors import municipalities_home_first, regions_home_first
from hub.text import collated

from .models import LegalForm, Organisation, Sector

# Every ordering ends on a unique column, so pages never repeat or skip an organisation; names
# are in the reader's alphabetical order.
SORTS = {
    "name": [collated("name"), "pk"],
    "-name": [collated("name").desc(), "-pk"],
    "-founded": [F("founded_year").desc(nulls_last=True), collated("name"), "pk"],
    "founded": [F("founded_year").asc(nulls_last=True), collated("name"), "pk"],
    "-listed": [F("verified_at").desc(nulls_last=True), collated("name"), "pk"],
}


class DirectoryFilter(NamedFiltersMixin, CachedOptionsMixin, django_filters.FilterSet):
    """The directory's search box, filters and sorting, all kept in the query string so a
    filtered list can be bookmarked, shared and exported."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or keyword")}),
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of activity"),
        # Made per request: the order is the reader's language's, fixed when the queryset is made.
        queryset=lambda request: FieldOfActivity.objects.all(),
        field_name="fields",
        to_field_name="slug",
        empty_label=_("All fields"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=lambda request: regions_home_first(),
        to_field_name="slug",
        method="in_region",
        empty_label=_("All regions"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=lambda request: municipalities_home_first(),
        to_field_name="slug",
        method="in_municipality",
        empty_label=_("All municipalities"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("All sectors")
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, empty_label=_("All legal forms")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("-founded", _("Founded: newest first")),
            ("founded", _("Founded: oldest first")),
            ("-listed", _("Recently listed")),
        ],
        empty_label=_("Best match, then name"),
        method="sort_by",
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_queryset(queryset, value)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS[value])

    def in_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        served = Organisation.municipalities_served.through.objects.filter(
            municipality__region=value
        ).values("organisation_id")
        return queryset.filter(Q(seat__region=value) | Q(pk__in=served))

    def in_municipality(self, queryset: QuerySet, name: str, value: Municipality) -> QuerySet:
        served = Organisation.municipalities_served.through.objects.filter(
            municipality=value
        ).values("organisation_id")
        return queryset.filter(Q(seat=value) | Q(pk__in=served))
