"""Published events in the public API, filtered and ordered as the events page lists them:
upcoming by default, soonest first; `when=past` for those that have ended, latest first."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.rest import LabelField, ModifiedSinceFilter, PageUrlField, PublicViewSet, absolute_url
from hub.selectors import hub_profile

from . import selectors
from .filters import EventFilter
from .models import Event, EventKind, RegistrationState

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


@extend_schema_field(
    {"type": "string", "pattern": MONTH, "description": "A month, as 2026-11: the events in it."}
)
class MonthFilter(django_filters.CharFilter):
    """Any month, not only those the page offers (the months with events on this side of
    today): a month without events is an empty list."""

    def __init__(self, **kwargs):
        super().__init__(method="filter_month", validators=[RegexValidator(MONTH)], **kwargs)


class EventApiFilter(EventFilter):
    month = MonthFilter()
    modified_since = ModifiedSinceFilter()
    # The API publishes this hub's own events; what it read from other hubs is theirs to publish.
    include = None

    class Meta(EventFilter.Meta):
        fields = [*EventFilter.Meta.fields, "modified_since"]


class EventSerializer(serializers.ModelSerializer):
    kind_label = LabelField(EventKind.choices, source="kind")
    description = serializers.SerializerMethodField(help_text="The description as plain text.")
    # Null for an event held only online.
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    municipality_name = serializers.CharField(
        source="municipality.name", read_only=True, default=None, allow_null=True
    )
    organiser = serializers.SerializerMethodField(
        help_text="The organiser's slug in the directory; null when the hub organises it or the "
        "organiser is not in the public directory."
    )
    organiser_name = serializers.SerializerMethodField()
    organiser_url = serializers.SerializerMethodField()
    fields = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    field_labels = serializers.SerializerMethodField()
    seats_left = serializers.IntegerField(read_only=True)
    registration_state = serializers.SerializerMethodField()
    registration_state_label = serializers.SerializerMethodField()
    is_online_only = serializers.BooleanField(read_only=True)
    url = PageUrlField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "kind_label",
            "description",
            "language",
            "start",
            "end",
            "time_zone",
            "venue",
            "address",
            "municipality",
            "municipality_name",
            "online_url",
            "is_online_only",
            "organiser",
            "organiser_name",
            "organiser_url",
            "fields",
            "field_labels",
            "capacity",
            "seats_left",
            "waiting_list",
            "registration_opens",
            "registration_closes",
            "registration_state",
            "registration_state_label",
            "updated_at",
            "url",
        ]

    def get_description(self, event: Event) -> str:
        return strip_tags(event.description)

    def _public_organiser(self, event: Event):
        organiser = event.organiser
        return organiser if organiser is not None and organiser.is_public else None

    def get_organiser(self, event: Event) -> str | None:
        organiser = self._public_organiser(event)
        return organiser.slug if organiser else None

    def get_organiser_name(self, event: Event) -> str:
        return event.organiser.name if event.organiser else hub_profile().name

    @extend_schema_field({"type": ["string", "null"], "format": "uri"})
    def get_organiser_url(self, event: Event) -> str | None:
        organiser = self._public_organiser(event)
        if organiser is None:
            return None
        return absolute_url(self.context.get("request"), organiser.get_absolute_url())

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_field_labels(self, event: Event) -> list[str]:
        return [field.name for field in event.fields.all()]

    @extend_schema_field({"type": "string", "enum": RegistrationState.values})
    def get_registration_state(self, event: Event) -> str:
        return str(event.state.value)

    def get_registration_state_label(self, event: Event) -> str:
        return str(event.state.label)


class EventViewSet(PublicViewSet):
    """Published events: upcoming by default, soonest first; `when=past` for those that ended."""

    serializer_class = EventSerializer
    filterset_class = EventApiFilter

    def get_queryset(self):
        return selectors.event_published()
