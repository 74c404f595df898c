"""Events: matched by normalised title and the day they start."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from events.models import Event, EventKind
from hub.selectors import hub_profile
from hub.text import ascii_slug, search_document

from ..columns import (
    ChoiceWidget,
    DateTimeWidget,
    FieldsWidget,
    MunicipalityWidget,
    OrganisationWidget,
    TextWidget,
    WebsiteWidget,
    WholeNumberWidget,
    YesNoWidget,
)
from ..models import ImportKind
from .base import ImportResource, column


def _unique_slug(model, base: str, *, max_length: int) -> str:
    base = ascii_slug(base)[: max_length - 6].strip("-") or "item"
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class EventResource(ImportResource):
    kind = ImportKind.EVENTS
    required = ("title", "kind_", "start", "end")
    notes: ClassVar[dict] = {
        "start": gettext_lazy("Date and time: 2025-03-31 17:00."),
        "end": gettext_lazy("Date and time: 2025-03-31 19:00."),
        "municipality": gettext_lazy("The name of a municipality."),
        "organiser": gettext_lazy(
            "Registration number, tax number or name of an organisation; empty: the hub."
        ),
        "fields_of_activity": gettext_lazy("Codes of fields of activity, separated by “;”."),
        "is_published": gettext_lazy("Empty in a new row: not published."),
    }

    title = column("title", gettext_lazy("title"), TextWidget(required=True, max_length=200))
    kind_ = column(
        "kind", gettext_lazy("kind"), ChoiceWidget(EventKind.choices), saves_null_values=False
    )
    start = column("start", gettext_lazy("starts"), DateTimeWidget())
    end = column("end", gettext_lazy("ends"), DateTimeWidget())
    language = column(
        "language",
        gettext_lazy("language"),
        ChoiceWidget([(code, name) for code, name in Event._meta.get_field("language").choices]),
        saves_null_values=False,
    )
    venue = column("venue", gettext_lazy("venue"), TextWidget(max_length=200))
    address = column("address", gettext_lazy("address"), TextWidget(max_length=200))
    municipality = column("municipality", gettext_lazy("municipality"), MunicipalityWidget())
    online_url = column("online_url", gettext_lazy("online link"), WebsiteWidget())
    capacity = column(
        "capacity", gettext_lazy("capacity"), WholeNumberWidget(), saves_null_values=False
    )
    organiser = column("organiser", gettext_lazy("organiser"), OrganisationWidget())
    description = column("description", gettext_lazy("description"), TextWidget())
    fields_of_activity = column("fields", gettext_lazy("fields of activity"), FieldsWidget())
    is_published = column(
        "is_published", gettext_lazy("published"), YesNoWidget(), saves_null_values=False
    )

    class Meta(ImportResource.Meta):
        model = Event
        fields = (
            "title",
            "kind_",
            "start",
            "end",
            "language",
            "venue",
            "address",
            "municipality",
            "online_url",
            "capacity",
            "organiser",
            "description",
            "fields_of_activity",
            "is_published",
        )

    def before_import_row(self, row, **kwargs):
        errors: dict = {}
        title = self.value("title", row, errors, default="")
        start = self.value("start", row, errors)
        if errors:
            raise ValidationError(errors)
        self.current = {"title_key": search_document(title), "day": timezone.localdate(start)}
        self.check_duplicate(
            [("event", self.current["title_key"], self.current["day"])], self.line(kwargs)
        )

    def get_instance(self, instance_loader, row):
        return (
            Event.objects.filter(
                search_name=self.current["title_key"], start__date=self.current["day"]
            )
            .order_by("pk")
            .first()
        )

    def init_instance(self, row=None):
        return Event(capacity=0, is_published=False, language=hub_profile().language)

    def complete(self, instance, row) -> None:
        if not instance.slug and instance.title and instance.start:
            instance.slug = _unique_slug(
                Event,
                f"{instance.title}-{timezone.localdate(instance.start).isoformat()}",
                max_length=200,
            )

    def export_queryset(self):
        return (
            Event.objects.select_related("municipality", "organiser")
            .prefetch_related("fields")
            .defer("search_text", "search_name")
            .order_by("start", "pk")
        )
