"""The rows behind the figures: events, people, municipalities, training credits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from hub.indicators import RowKind, row_kind_register
from hub.models import Municipality
from hub.text import collated

from ..models import Event, OrganisationLink, Registration

if TYPE_CHECKING:
    pass


def _event_rows(ids: list[int]) -> list[dict[str, Any]]:
    active = ~Q(registrations__status=Registration.Status.CANCELLED)
    events = (
        Event.objects.filter(pk__in=ids)
        .select_related("municipality")
        .annotate(
            registered=Count("registrations", filter=active),
            present=Count("registrations", filter=active & Q(registrations__attended=True)),
        )
        .order_by("start", "pk")
    )
    return [
        {
            "pk": event.pk,
            "title": event.title,
            "kind": event.get_kind_display(),
            "day": event.local_day,
            "municipality": event.municipality.name if event.municipality else "",
            "registered": event.registered,
            "present": event.present,
            "url": event.get_absolute_url(),
        }
        for event in events
    ]


def _people_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Each person's name and e-mail as on the registration that made them count (never their
    entry data, let alone special-category data)."""
    rows = Registration.objects.filter(pk__in=ids).values("pk", "name", "email")
    return sorted(rows, key=lambda r: (r["name"].casefold(), r["pk"]))


def _municipality_rows(ids: list[int]) -> list[dict[str, Any]]:
    return [
        {"pk": pk, "name": name, "region": region}
        for pk, name, region in Municipality.objects.filter(pk__in=ids)
        .order_by(collated("name"), "pk")
        .values_list("pk", "name", "region__name")
    ]


row_kind_register(
    RowKind(
        name="events",
        label=_("Events"),
        columns=(
            ("title", _("Event")),
            ("kind", _("Kind")),
            ("day", _("Day")),
            ("municipality", _("Municipality")),
            ("registered", _("Registered")),
            ("present", _("Present")),
        ),
        fetch=_event_rows,
    )
)
row_kind_register(
    RowKind(
        name="people",
        label=_("People"),
        columns=(("name", _("Name")), ("email", _("E-mail address"))),
        fetch=_people_rows,
        staff_only=True,
    )
)


def _credit_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Each training attendance that credits an organisation: the training, its day, the
    organisation and how the link was made (the person's membership or staff's confirmation).
    The person is not named: these rows are evidence for the organisation, not about people."""
    links = dict(OrganisationLink.choices)
    registrations = (
        Registration.objects.filter(pk__in=ids)
        .select_related("event", "organisation")
        .only(
            "organisation_link",
            "event__title",
            "event__slug",
            "event__start",
            "organisation__name",
        )
        .order_by("event__start", "event_id", "pk")
    )
    return [
        {
            "training": registration.event.title,
            "day": registration.event.local_day,
            "organisation": registration.organisation.name,
            "link": links.get(registration.organisation_link, registration.organisation_link),
            "url": registration.event.get_absolute_url(),
        }
        for registration in registrations
    ]


row_kind_register(
    RowKind(
        name="training_credits",
        label=_("Trainings that credit an organisation"),
        columns=(
            ("training", _("Training")),
            ("day", _("Day")),
            ("organisation", _("Organisation")),
            ("link", _("Credited by")),
        ),
        fetch=_credit_rows,
    )
)
row_kind_register(
    RowKind(
        name="municipalities",
        label=_("Municipalities"),
        columns=(("name", _("Municipality")), ("region", _("Region"))),
        fetch=_municipality_rows,
    )
)
