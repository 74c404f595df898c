import threading

import pytest
from django.db import connection

from events.errors import EventError
from events.models import Registration
from events.services import registration_cancel, registration_create
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 40
SEATS = 5


def run_at_once(count: int, work) -> list[BaseException]:
    """Start ``count`` threads, each on its own database connection, released together."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(n)
        except BaseException as error:  # collected and reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_many_people_registering_at_the_same_moment_never_over_book_the_event(mailoutbox):
    event = EventFactory(capacity=SEATS)

    errors = run_at_once(
        PEOPLE,
        lambda n: registration_create(
            event=event,
            name=f"Person {n}",
            email=f"person{n}@example.org",
            consent=True,
            language="en",
        ),
    )

    assert errors == []
    statuses = list(event.registrations.values_list("status", flat=True))
    assert statuses.count(Registration.Status.CONFIRMED) == SEATS
    assert statuses.count(Registration.Status.WAITING) == PEOPLE - SEATS
    assert len(mailoutbox) == PEOPLE


def test_the_same_person_submitting_many_times_at_once_is_registered_once():
    event = EventFactory(capacity=SEATS)
    refused: list[EventError] = []

    def submit(n: int) -> None:
        try:
            registration_create(
                event=event, name="Ana", email="ana@example.org", consent=True, language="en"
            )
        except EventError as error:
            refused.append(error)

    assert run_at_once(10, submit) == []
    assert event.registrations.count() == 1
    assert len(refused) == 9


def test_cancellations_and_registrations_at_the_same_moment_keep_the_count_exact():
    event = EventFactory(capacity=SEATS)
    holders = [
        registration_create(
            event=event, name=f"Holder {n}", email=f"h{n}@example.org", consent=True
        )
        for n in range(SEATS)
    ]

    def work(n: int) -> None:
        if n < SEATS:
            registration_cancel(registration=holders[n])
        else:
            registration_create(
                event=event, name=f"New {n}", email=f"new{n}@example.org", consent=True
            )

    assert run_at_once(SEATS + 20, work) == []
    assert event.registrations.confirmed().count() == SEATS
    assert event.registrations.waiting().count() == 20 - SEATS
