"""Reads that pages share, with the joins each page needs decided here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hub.documents import documents_for
from hub.models import FunderTemplate
from hub.selectors import operation_on
from hub.text import collated, equals_ignoring_case
from hub.tokens import rows_for_token
from organisations.models import Membership, Organisation

from .models import Event, EventQuerySet, Registration

if TYPE_CHECKING:
    from hub.models import User


def event_published() -> EventQuerySet:
    """Published events with what the list shows of each; the list's filter orders them."""
    return (
        Event.objects.published()
        .with_seat_counts()
        .select_related("municipality", "organiser")
        .prefetch_related("fields")
    )


def event_public_list(
    *, past: bool = False, now: datetime | None = None, seats: bool = True
) -> EventQuerySet:
    """Published events for the public list: upcoming soonest first, or past latest first.
    ``seats``: with the counts of confirmed and waiting registrations (the feed needs none)."""
    events = Event.objects.published()
    if seats:
        events = events.with_seat_counts()
    events = events.select_related("municipality", "organiser").prefetch_related("fields")
    if past:
        return events.past(now).order_by("-start", "-pk")
    return events.upcoming(now).order_by("start", "pk")


def event_feed_list(*, now: datetime | None = None) -> EventQuerySet:
    """Published events for the feeds: the ones to come and those that ended in the last
    ``EVENTS_FEED_KEEP_DAYS`` days, so a subscribed calendar keeps what happened lately."""
    kept_since = (now or timezone.now()) - timedelta(days=settings.EVENTS_FEED_KEEP_DAYS)
    return (
        Event.objects.published()
        .filter(end__gte=kept_since)
        .select_related("municipality", "organiser")
        .prefetch_related("fields")
        .order_by("start", "pk")
    )


def event_feed_changes_at(*, now: datetime | None = None) -> datetime | None:
    """When the feeds' events (``event_feed_list``) next change by themselves: as the first of
    them leaves, ``EVENTS_FEED_KEEP_DAYS`` after it ended (None while there is none)."""
    keep = timedelta(days=settings.EVENTS_FEED_KEEP_DAYS)
    first_end = (
        Event.objects.published()
        .filter(end__gte=(now or timezone.now()) - keep)
        .aggregate(first=Min("end"))["first"]
    )
    return first_end + keep if first_end else None


def event_upcoming_list(*, limit: int = 3) -> list[Event]:
    """The next few events, for the home page."""
    return list(event_public_list()[:limit])


def event_public_detail(*, slug: str) -> Event:
    return _get_or_404(
        Event.objects.published()
        .with_seat_counts()
        .select_related("municipality", "organiser", "call", "programme")
        .prefetch_related("fields"),
        slug=slug,
    )


def entry_items_for(*, event: Event) -> list[str]:
    """The entry items the registration form asks: those of the funder template of the
    operation running on the event's day (none without one). One query, only with a template."""
    operation = operation_on(event.local_day)
    if operation is None or operation.template_id is None:
        return []
    found = (
        FunderTemplate.objects.filter(pk=operation.template_id)
        .values_list("entry_items", flat=True)
        .first()
    )
    return list(found or [])


def programme_sessions(*, event: Event) -> list[Event]:
    """The sessions of the event's programme, in order (none for a single event)."""
    if not event.programme_id:
        return []
    return list(Event.objects.filter(programme_id=event.programme_id).order_by("start", "pk"))


def event_for_staff(*, slug: str) -> Event:
    """Any event, published or not, with its seat counts, for the hub's own pages."""
    return _get_or_404(
        Event.objects.with_seat_counts().select_related("municipality", "organiser", "programme"),
        slug=slug,
    )


def registration_for_token(*, slug: str, token: str) -> Registration:
    """A registration by its secret token, only under its own event's address. The link opens
    this registration and nothing else held about its address (``hub.tokens``)."""
    registration = _get_or_404(
        rows_for_token(Registration.objects.select_related("organisation"), token),
        event__slug=slug,
    )
    registration.event = (
        Event.objects.with_seat_counts()
        .select_related("municipality")
        .get(pk=registration.event_id)
    )
    return registration


def registration_certificates(*, registrations: list[Registration]) -> list[Registration]:
    """Sets ``registration.certificate`` (a Document or None) on each, in one query."""
    from .services.documents import CERTIFICATE

    certificates = documents_for(kind=CERTIFICATE, subjects=registrations)
    for registration in registrations:
        registration.certificate = certificates.get(registration.pk)
    return registrations


def registration_check_in_list(*, event: Event) -> QuerySet[Registration]:
    """Everyone expected at the door: confirmed first, then the waiting list, by name."""
    return (
        event.registrations.active()
        .select_related("organisation")
        .order_by("status", collated("name"), "pk")
    )


def registration_participant_list(*, event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.active()
        .select_related("organisation")
        .order_by("status", "registered_at", "pk")
    )


def registration_list_for_user(*, user: User) -> QuerySet[Registration]:
    """The registrations of a signed-in person: under their e-mail, or made by them."""
    return (
        Registration.objects.filter(
            equals_ignoring_case("email", user.email) | Q(registered_by=user)
        )
        .select_related("event", "event__municipality", "organisation")
        .order_by("-event__start", "pk")
    )


def registration_for_user(*, user: User, event: Event) -> Registration | None:
    """The signed-in person's own active registration for an event, if they have one."""
    return event.registrations.active().filter(equals_ignoring_case("email", user.email)).first()


def colleague_memberships(*, user: User) -> QuerySet[Membership]:
    """Memberships of the people who share an organisation with ``user`` (themselves included)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(organisation__memberships__user=user)
        .select_related("user", "organisation")
        .order_by(
            collated("organisation__name"),
            collated("user__last_name"),
            collated("user__first_name"),
            "user__email",
        )
        .distinct()
    )


def organisation_match(*, name: str) -> Organisation | None:
    """The directory's organisation with exactly this name or short name, if there is one."""
    name = name.strip()
    if not name:
        return None
    matches = list(
        Organisation.objects.public().filter(
            equals_ignoring_case("name", name) | equals_ignoring_case("short_name", name)
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None


def event_months(*, events: list[Event]) -> list[tuple[datetime, list[Event]]]:
    """Events grouped under the first day of their month, in the hub's time zone."""
    groups: list[tuple[datetime, list[Event]]] = []
    for event in events:
        local = timezone.localtime(event.start)
        month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        if groups and groups[-1][0] == month:
            groups[-1][1].append(event)
        else:
            groups.append((month, [event]))
    return groups


def _get_or_404(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as error:
        raise Http404 from error
