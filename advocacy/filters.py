from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.models import FieldOfActivity
from hub.search import search_queryset
from hub.selectors import municipalities_home_first
from organisations.models import Sector

from .models import ConsultationStatus, InitiativeStatus, Level


def _search(queryset: QuerySet, name: str, value: str) -> QuerySet:
    # The lists keep their own order (open first, latest first): the search only narrows them.
    return search_queryset(queryset, value, ranked=False)


def _search_field(placeholder) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label=_("Search"),
        method=_search,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
    )


def _field_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Field of activity"),
        field_name="fields",
        to_field_name="slug",
        queryset=lambda request: FieldOfActivity.objects.all(),
        empty_label=_("All fields"),
    )


class ConsultationFilter(django_filters.FilterSet):
    """The consultations' search and filters, kept in the query string."""

    q = _search_field(_("Title, body or summary"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ConsultationStatus.choices,
        method="by_status",
        empty_label=_("Open and closed"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("All levels")
    )
    field = _field_filter()
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="municipalities",
        to_field_name="slug",
        queryset=lambda request: municipalities_home_first(),
        empty_label=_("All municipalities"),
    )

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = timezone.now()
        return {
            ConsultationStatus.OPEN: queryset.open(now),
            ConsultationStatus.UPCOMING: queryset.upcoming(now),
            ConsultationStatus.CLOSED: queryset.closed(now),
        }.get(value, queryset)


class InitiativeFilter(django_filters.FilterSet):
    """The initiatives' search and filters, kept in the query string."""

    q = _search_field(_("What should change, policy, body or organisation"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=InitiativeStatus.choices, empty_label=_("All statuses")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("All levels")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector of an organisation in the coalition"),
        choices=Sector.choices,
        method="by_sector",
        empty_label=_("All sectors"),
    )

    def by_sector(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from .models import Supporter

        supported = Supporter.objects.filter(organisation__sector=value).values("initiative_id")
        return queryset.filter(Q(lead__sector=value) | Q(pk__in=supported))
