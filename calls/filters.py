from __future__ import annotations

from datetime import datetime, time

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.filters import CachedOptionsMixin
from hub.models import FieldOfActivity, Region
from hub.search import search_queryset
from hub.selectors import regions_home_first
from organisations.models import LegalForm, Sector
from peers.filters import IncludePeersFilter

from .models import Call, CallStatus, Funder, FunderKind


class CallFilter(CachedOptionsMixin, django_filters.FilterSet):
    """The public list: open calls first, nearest deadline first; then upcoming, soonest opening
    first; then closed, latest first. Everything lives in the query string."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, funder or topic")}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*CallStatus.choices, ("closing_soon", _("Closing within 7 days"))],
        empty_label=_("Open and upcoming"),
        method="filter_status",
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of activity"),
        queryset=lambda request: FieldOfActivity.objects.all(),
        field_name="fields",
        to_field_name="slug",
        empty_label=_("All fields"),
    )
    funder = django_filters.ModelChoiceFilter(
        label=_("Funder"),
        queryset=lambda request: Funder.objects.filter(calls__is_published=True).distinct(),
        to_field_name="slug",
        empty_label=_("All funders"),
    )
    funder_kind = django_filters.ChoiceFilter(
        label=_("Kind of funder"),
        choices=FunderKind.choices,
        field_name="funder__kind",
        empty_label=_("All kinds of funder"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Who may apply: sector"),
        choices=Sector.choices,
        empty_label=_("All sectors"),
        method="filter_sector",
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Who may apply: legal form"),
        choices=LegalForm.choices,
        empty_label=_("All legal forms"),
        method="filter_legal_form",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=lambda request: regions_home_first(),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("Any area"),
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline before"),
        method="filter_deadline_before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    amount = django_filters.NumberFilter(
        label=_("I need at least (amount)"),
        method="filter_amount",
        min_value=0,
        widget=forms.NumberInput(attrs={"min": "0", "step": "100"}),
    )
    mine = django_filters.BooleanFilter(
        label=_("Only calls my organisation may apply to"),
        method="filter_nothing",  # applied in filter_queryset, where the reader is known
        widget=forms.CheckboxInput,
    )
    include = IncludePeersFilter()

    # The funders on offer are those of published calls.
    option_domains = {"funder": ("calls",)}

    class Meta:
        model = Call
        fields: list[str] = []

    def __init__(self, data=None, *args, organisation=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.organisation = organisation
        if organisation is None:
            self.form.fields.pop("mine", None)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_queryset(queryset, value, ranked=False)

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_sector(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(sectors="") | Q(sectors__contains=f",{value},"))

    def filter_legal_form(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(legal_forms="") | Q(legal_forms__contains=f",{value},"))

    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        covering = Call.objects.filter(Q(regions__isnull=True) | Q(regions=value)).values("pk")
        return queryset.filter(country=value.country, pk__in=covering)

    def filter_deadline_before(self, queryset: QuerySet, name: str, value) -> QuerySet:
        end = timezone.make_aware(datetime.combine(value, time.min))
        return queryset.filter(deadline__lt=end)

    def filter_amount(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(Q(max_grant__isnull=True) | Q(max_grant__gte=value))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("mine") and self.organisation is not None:
            queryset = queryset.eligible_for(self.organisation)
        now = timezone.now()
        status = data.get("status")
        if status == CallStatus.OPEN:
            return queryset.open(now).order_by("deadline", "pk")
        if status == "closing_soon":
            return queryset.closing_soon(now).order_by("deadline", "pk")
        if status == CallStatus.UPCOMING:
            return queryset.upcoming(now).order_by("opens", "pk")
        if status == CallStatus.CLOSED:
            return queryset.closed(now).order_by("-deadline", "-pk")
        return (
            queryset.filter(deadline__gt=now)
            .annotate(
                upcoming=Case(
                    When(opens__gt=now, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("upcoming", "deadline", "pk")
        )
