"""Registering, cancelling and the waiting list: the rules that keep an event from over-booking.

Every change to who holds a seat first locks the event's row (``SELECT … FOR UPDATE``), so
people registering at the same moment take turns and the seat count they see is the real one.
On SQLite the lock is a no-op, and the database's single writer gives the same guarantee.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.cache import SEATS, data_changed
from hub.privacy import consent_record
from hub.text import equals_ignoring_case

from ..errors import (
    AlreadyRegistered,
    CapacityBelowConfirmed,
    ConsentMissing,
    EventFull,
    RegistrationClosed,
    RegistrationNotYetOpen,
)
from ..models import REGISTRATION_CONSENT, Event, OrganisationLink, Registration, new_token
from .notifications import registration_notify
from .participants import EntryData, participant_for

if TYPE_CHECKING:
    from hub.models import User
    from organisations.models import Organisation


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    consent: bool,
    organisation: Organisation | None = None,
    organisation_link: str = OrganisationLink.NAME,
    organisation_name: str = "",
    registered_by: User | None = None,
    language: str = settings.LANGUAGE_CODE,
    entry: EntryData | None = None,
    now: datetime | None = None,
) -> Registration:
    """Give the person a seat if one is free, else a place on the waiting list.

    One registration per e-mail address per event; someone who cancelled may register again
    and joins the queue at the back. Refused outside the registration window, without consent,
    and when the event is full and keeps no waiting list. The person is e-mailed either way.

    Every registration of one person carries the same participant (``participant_for``). The
    entry data the form asked (``entry``) is stored with the registration as given now.
    For a session of a programme, the person is registered for every later session of it too
    (a seat where one is free, else the waiting list where there is one); the e-mail is about
    the session registered for.
    """
    now = now or timezone.now()
    email = email.strip()
    if not consent:
        raise ConsentMissing()
    entry = entry or EntryData()
    details = {
        "name": name.strip(),
        "email": email,
        "organisation": organisation,
        "organisation_link": organisation_link if organisation else "",
        "organisation_name": "" if organisation else organisation_name.strip(),
        "registered_by": registered_by,
        "language": language,
    }
    with transaction.atomic():
        participant = participant_for(email=email)
        event = _lock(event)
        _check_window(event, now)
        registration = _seat(event, email, participant, details, entry, now, must=True)
        if event.programme_id:
            for session in _later_sessions(event, now):
                _seat(_lock(session), email, participant, details, entry, now, must=False)
    # Built after the lock is released; it leaves only once the registration is committed.
    registration_notify(
        registration=registration,
        template="registration_confirmed"
        if registration.status == Registration.Status.CONFIRMED
        else "registration_waiting",
    )
    return registration


def _later_sessions(event: Event, now: datetime) -> list[Event]:
    return list(
        Event.objects.published()
        .filter(programme_id=event.programme_id, end__gt=now)
        .exclude(pk=event.pk)
        .order_by("start", "pk")
    )


def _seat(event, email, participant, details, entry, now, *, must: bool) -> Registration | None:
    """The person's registration for one event (whose row the caller holds locked). ``must``:
    raise when there is no place, else pass over the event."""
    existing = event.registrations.filter(equals_ignoring_case("email", email)).first()
    if existing is not None and existing.is_active:
        if must:
            raise AlreadyRegistered()
        return existing
    confirmed = event.registrations.confirmed().count()
    if confirmed < event.capacity:
        status = Registration.Status.CONFIRMED
    elif event.waiting_list:
        status = Registration.Status.WAITING
    elif must:
        raise EventFull()
    else:
        return None
    registration = existing or Registration(event=event, email=email)
    if existing is not None:
        # Whoever registers again gets a fresh link; the old one stops working.
        registration.token = new_token()
    registration.event = event
    for name, value in details.items():
        setattr(registration, name, value)
    registration.participant = participant
    registration.pid = participant.pid
    entry.apply(registration)
    registration.consent = True
    for field, value in consent_record(REGISTRATION_CONSENT).items():
        setattr(registration, field, value)
    registration.status = status
    registration.registered_at = now
    registration.cancelled_at = None
    registration.attended = False
    registration.checked_in_at = None
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        # Only reachable without the row lock (e.g. a second database writer): the
        # constraint is the guarantee, this is the polite answer.
        raise AlreadyRegistered() from error
    entry.store_special(registration)
    return registration


def _check_window(event: Event, now: datetime) -> None:
    if not event.is_published or event.is_cancelled or event.end < now:
        raise RegistrationClosed()
    if event.registration_opens and now < event.registration_opens:
        raise RegistrationNotYetOpen()
    if now >= event.registration_closes_at:
        raise RegistrationClosed()


def registration_cancel(
    *, registration: Registration, now: datetime | None = None
) -> list[Registration]:
    """Cancel a registration; a seat it held goes to the first person waiting.

    Cancelling twice changes nothing. Once the event has started it can no longer be
    cancelled. Returns the people promoted from the waiting list (already e-mailed).
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if not registration.is_active:
            return []
        if event.start <= now:
            raise RegistrationClosed(
                _("The event has started; the registration can no longer be cancelled.")
            )
        held_seat = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        registration_notify(registration=registration, template="registration_cancelled")
        return _promote_waiting(event, now) if held_seat else []


def waiting_list_promote(*, event: Event, now: datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served (after capacity grows)."""
    with transaction.atomic():
        return _promote_waiting(_lock(event), now or timezone.now())


def _promote_waiting(event: Event, now: datetime) -> list[Registration]:
    """The caller holds the lock on ``event``."""
    if event.start <= now:
        return []
    free = event.capacity - event.registrations.confirmed().count()
    if free <= 0:
        return []
    promoted = list(event.registrations.waiting().order_by("registered_at", "pk")[:free])
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=Registration.Status.CONFIRMED
    )
    # update() sends no signal; the pages that count seats show them afresh.
    data_changed(SEATS)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.event = event
        registration_notify(registration=registration, template="registration_promoted")
    return promoted


def event_capacity_check(*, event: Event, capacity: int) -> None:
    """Capacity may go down only as far as the people already confirmed.

    Locks the event's row, so no one can take a seat between this check and the save that
    follows in the same transaction.
    """
    if event.pk is None:
        return
    locked = _lock(event)
    confirmed = locked.registrations.confirmed().count()
    if capacity < confirmed:
        raise CapacityBelowConfirmed(confirmed)


def event_capacity_change(*, event: Event, capacity: int) -> list[Registration]:
    """Set a new capacity; more seats go to the people waiting. Returns those promoted."""
    with transaction.atomic():
        event_capacity_check(event=event, capacity=capacity)
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated_at"])
        return waiting_list_promote(event=event)
