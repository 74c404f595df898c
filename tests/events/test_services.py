from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from events.errors import (
    AlreadyRegistered,
    CapacityBelowConfirmed,
    ConsentMissing,
    EventFull,
    RegistrationClosed,
    RegistrationNotYetOpen,
)
from events.models import Event, Registration
from events.services import (
    event_capacity_change,
    registration_cancel,
    registration_check_in,
    registration_create,
)
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def register(event, email, name="Ana Novak", **kwargs):
    return registration_create(
        event=event, name=name, email=email, consent=True, language="en", **kwargs
    )


def test_a_free_seat_is_confirmed_with_an_email_carrying_the_event_and_a_cancel_link(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2, title="Budgeting for NGOs")

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "ana@example.org")

    assert registration.status == Registration.Status.CONFIRMED
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.org"]
    assert "Budgeting for NGOs" in message.subject
    assert f"/en/events/{event.slug}/registration/{registration.token}/" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename == f"{event.slug}.ics" and mimetype == "text/calendar"
    entry = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == "Budgeting for NGOs"
    assert entry.decoded("DTSTART") == event.start
    assert str(entry["URL"]).endswith(f"/en/events/{event.slug}/")


def test_when_the_event_is_full_the_next_person_joins_the_waiting_list(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    register(event, "first@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        second = register(event, "second@example.org")

    assert second.status == Registration.Status.WAITING
    assert "waiting list" in mailoutbox[-1].subject
    assert mailoutbox[-1].attachments == []  # no calendar entry without a seat


def test_the_waiting_list_moves_up_when_someone_cancels(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    holder = register(event, "holder@example.org")
    first_waiting = register(event, "first.waiting@example.org", name="First Waiting")
    second_waiting = register(event, "second.waiting@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=holder)

    assert promoted == [first_waiting]
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses == {
        "holder@example.org": "cancelled",
        "first.waiting@example.org": "confirmed",
        "second.waiting@example.org": "waiting",
    }
    to_promoted = [m for m in mailoutbox if m.to == ["first.waiting@example.org"]]
    assert len(to_promoted) == 1
    assert "A seat is free for you" in to_promoted[0].subject
    assert to_promoted[0].attachments[0][0].endswith(".ics")
    assert second_waiting.email not in [m.to[0] for m in mailoutbox]


def test_cancelling_a_waiting_place_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, "holder@example.org")
    waiting = register(event, "waiting@example.org")
    other = register(event, "other@example.org")

    assert registration_cancel(registration=waiting) == []
    other.refresh_from_db()
    assert other.status == Registration.Status.WAITING


def test_cancelling_twice_changes_nothing_the_second_time():
    event = EventFactory(capacity=1)
    holder = register(event, "holder@example.org")
    waiting = register(event, "waiting@example.org")
    assert registration_cancel(registration=holder) == [waiting]
    assert registration_cancel(registration=holder) == []
    assert event.registrations.confirmed().count() == 1


def test_the_same_email_cannot_register_twice_whatever_its_case():
    event = EventFactory()
    register(event, "Ana@Example.org")

    with pytest.raises(AlreadyRegistered) as refused:
        register(event, "ana@example.ORG")

    assert "already registered" in str(refused.value.message)
    assert event.registrations.count() == 1


def test_the_database_refuses_a_second_registration_for_the_same_email():
    event = EventFactory()
    RegistrationFactory(event=event, email="ana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="ANA@example.org")


def test_someone_who_cancelled_may_register_again_at_the_back_of_the_queue():
    event = EventFactory(capacity=1)
    holder = register(event, "holder@example.org")
    old_token = holder.token
    registration_cancel(registration=holder)
    register(event, "taker@example.org")

    again = register(event, "holder@example.org")

    assert again.pk == holder.pk
    assert again.status == Registration.Status.WAITING
    assert again.token != old_token  # the old link no longer opens the new registration


def test_registration_before_the_window_opens_is_refused():
    event = EventFactory(registration_opens=timezone.now() + timedelta(days=1))
    with pytest.raises(RegistrationNotYetOpen):
        register(event, "early@example.org")
    assert not event.registrations.exists()


def test_registration_after_the_window_closes_is_refused():
    event = EventFactory(registration_closes=timezone.now() - timedelta(minutes=1))
    with pytest.raises(RegistrationClosed):
        register(event, "late@example.org")
    assert not event.registrations.exists()


def test_registration_for_an_event_under_way_or_unpublished_is_refused():
    started = EventFactory(start=timezone.now() - timedelta(hours=1))
    unpublished = EventFactory(is_published=False)
    for event in (started, unpublished):
        with pytest.raises(RegistrationClosed):
            register(event, "someone@example.org")


def test_registration_without_consent_is_refused():
    event = EventFactory()
    with pytest.raises(ConsentMissing):
        registration_create(
            event=event, name="Ana", email="ana@example.org", consent=False, language="en"
        )
    assert not event.registrations.exists()


def test_a_full_event_without_a_waiting_list_refuses_further_people():
    event = EventFactory(capacity=1, waiting_list=False)
    register(event, "first@example.org")
    with pytest.raises(EventFull):
        register(event, "second@example.org")


def test_an_event_cannot_end_before_it_starts():
    event = EventFactory.build(start=timezone.now(), end=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["municipality", "slug"])
    assert "end" in refused.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start=timezone.now(), end=timezone.now() - timedelta(hours=1))


def test_capacity_can_be_lowered_only_to_the_confirmed_count():
    event = EventFactory(capacity=5)
    for n in range(3):
        register(event, f"p{n}@example.org")

    with pytest.raises(CapacityBelowConfirmed) as refused:
        event_capacity_change(event=event, capacity=2)

    assert refused.value.confirmed == 3
    assert Event.objects.get(pk=event.pk).capacity == 5
    event_capacity_change(event=event, capacity=3)
    assert Event.objects.get(pk=event.pk).capacity == 3


def test_more_seats_go_to_the_people_waiting_in_order(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    register(event, "holder@example.org")
    waiting = [register(event, f"w{n}@example.org") for n in range(3)]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = event_capacity_change(event=event, capacity=3)

    assert promoted == waiting[:2]
    assert sorted(m.to[0] for m in mailoutbox) == ["w0@example.org", "w1@example.org"]
    assert event.history.first().capacity == 3  # the change is in the event's history


def test_check_in_records_when_and_can_be_undone():
    registration = RegistrationFactory(event__under_way=True)
    registration_check_in(registration=registration, attended=True)
    registration.refresh_from_db()
    assert registration.attended and registration.checked_in_at is not None

    registration_check_in(registration=registration, attended=False)
    registration.refresh_from_db()
    assert not registration.attended and registration.checked_in_at is None
