from __future__ import annotations

from datetime import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hub.filters import CachedOptionsMixin
from hub.models import FieldOfActivity
from hub.search import search_queryset
from hub.selectors import municipalities_home_first
from organisations.models import Organisation
from peers.filters import IncludePeersFilter

from .models import Event, EventKind


class EventFilter(CachedOptionsMixin, django_filters.FilterSet):
    """The public list: upcoming by default, past on request, narrowed by a search, kind, field,
    place and month."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, place or topic")}),
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=None,
        method="filter_nothing",  # applied in filter_queryset, with the ordering that goes with it
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds")
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of activity"),
        field_name="fields",
        to_field_name="slug",
        # Made per request: the order is the reader's language's, fixed when the queryset is made.
        queryset=lambda request: FieldOfActivity.objects.all(),
        empty_label=_("All fields"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        to_field_name="slug",
        queryset=lambda request: municipalities_home_first(),
        empty_label=_("All municipalities"),
    )
    month = django_filters.ChoiceFilter(
        label=_("Month"), method="filter_month", empty_label=_("Any month")
    )
    include = IncludePeersFilter()

    # The months on offer change with the events and with today.
    uncached_options = frozenset({"month"})

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The field puts its empty label ("Any month") first by itself. (The API takes any
        # month, as text.)
        month = self.form.fields["month"]
        if isinstance(month, forms.ChoiceField):
            month.choices = self._month_choices()

    @property
    def past(self) -> bool:
        return bool(self.data.get("when") == "past")

    def _month_choices(self) -> list[tuple[str, str]]:
        """The months that have events on this side of today, in the order the list runs."""
        now = timezone.now()
        published = Event.objects.published()
        events = published.past(now) if self.past else published.upcoming(now)
        months = events.datetimes("start", "month", order="DESC" if self.past else "ASC")
        return [(f"{month:%Y-%m}", date_format(month, "YEAR_MONTH_FORMAT")) for month in months]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Events keep their order by date; the search only narrows the list.
        return search_queryset(queryset, value, ranked=False)

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_month(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            first = datetime.strptime(value, "%Y-%m")  # noqa: DTZ007 (made aware just below)
            following = first.replace(
                year=first.year + first.month // 12, month=first.month % 12 + 1
            )
        except ValueError:  # not a month, or the last one there is (9999-12)
            return queryset.none()
        start = timezone.make_aware(first)
        return queryset.filter(start__gte=start, start__lt=timezone.make_aware(following))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("when") == "past":
            return queryset.past().order_by("-start", "-pk")
        return queryset.upcoming().order_by("start", "pk")

    class Meta:
        model = Event
        fields = ["q", "when", "kind", "field", "municipality", "month"]


class EmbeddedEventFilter(EventFilter):
    """The list as partner websites embed it: the page's filters, and one organiser's events."""

    # A partner's page shows this hub's events only.
    include = None

    organiser = django_filters.ModelChoiceFilter(
        label=_("Organiser"),
        to_field_name="slug",
        queryset=lambda request: Organisation.objects.public(),
        empty_label=_("All organisers"),
    )

    class Meta(EventFilter.Meta):
        fields = [*EventFilter.Meta.fields, "organiser"]
