from datetime import date, timedelta

import pytest
from django.utils import timezone

from events import indicators
from events.models import EventKind, Registration
from tests.factories import EventFactory, MunicipalityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 3, 31)


def held(day: date, **kwargs):
    start = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9))
    return EventFactory(start=start, end=start + timedelta(hours=4), **kwargs)


@pytest.fixture
def quarter(organisation_a):
    bled, bovec = MunicipalityFactory(name="Bled"), MunicipalityFactory(name="Bovec")
    t1 = held(date(2026, 1, 10), kind=EventKind.TRAINING, municipality=bled)
    t2 = held(date(2026, 3, 31), kind=EventKind.TRAINING, municipality=bovec)
    meeting = held(date(2026, 2, 2), kind=EventKind.WORKING_MEETING, municipality=bled)
    held(date(2025, 12, 31), kind=EventKind.TRAINING)  # before the period
    held(date(2026, 4, 1), kind=EventKind.TRAINING)  # after it
    held(date(2026, 2, 3), kind=EventKind.TRAINING, is_published=False)  # a draft

    # Ana went to both trainings (different case of e-mail), Boris to one and the meeting.
    RegistrationFactory(
        event=t1, email="ana@example.org", attended=True, organisation=organisation_a
    )
    RegistrationFactory(
        event=t2, email="ANA@example.org", attended=True, organisation=organisation_a
    )
    RegistrationFactory(
        event=t1, email="boris@example.org", attended=True, organisation_name="Zavod"
    )
    RegistrationFactory(
        event=meeting, email="boris@example.org", attended=True, organisation_name="zavod"
    )
    RegistrationFactory(event=t1, email="absent@example.org", attended=False)
    RegistrationFactory(
        event=t2, email="gone@example.org", attended=True, status=Registration.Status.CANCELLED
    )


def test_events_by_kind_and_trainings_held_count_published_events_started_in_the_period(quarter):
    by_kind = indicators.events_by_kind(START, END)
    assert by_kind[EventKind.TRAINING] == 2
    assert by_kind[EventKind.WORKING_MEETING] == 1
    assert by_kind[EventKind.CONFERENCE] == 0
    assert indicators.trainings_held(START, END) == 2


def test_participants_are_distinct_people_and_participations_each_attendance(quarter):
    assert indicators.participants(START, END) == 2
    assert indicators.participations(START, END) == 4
    assert indicators.participants(START, END, kinds=[EventKind.TRAINING]) == 2
    assert indicators.participations(START, END, kinds=[EventKind.TRAINING]) == 3


def test_organisations_and_municipalities_reached(quarter, organisation_a):
    assert indicators.organisations_took_part(START, END) == 2  # the linked one and "Zavod"
    assert indicators.participating_organisation_ids(START, END) == {organisation_a.pk}
    rows = indicators.municipalities_reached(START, END)
    assert [(r["municipality__name"], r["events"]) for r in rows] == [("Bled", 2), ("Bovec", 1)]


def test_event_rows_give_the_evidence_behind_the_counts(quarter):
    rows = indicators.event_rows(START, END)
    assert [row["kind"] for row in rows] == ["training", "working_meeting", "training"]
    assert [(row["confirmed"], row["attended"]) for row in rows] == [(3, 2), (1, 1), (1, 1)]


@pytest.mark.parametrize("events", [1, 30])
def test_each_figure_is_one_query_whatever_the_number_of_events(events, django_assert_num_queries):
    for n in range(events):
        event = held(date(2026, 1, 1) + timedelta(days=n), municipality=MunicipalityFactory())
        RegistrationFactory(event=event, attended=True)

    # One query per figure: events by kind, trainings held, participants, participations,
    # training participants, training participations, organisations, municipalities.
    with django_assert_num_queries(8):
        figures = indicators.summary(START, END)
    assert figures["participations"] == events
    assert figures["municipalities_reached"] == events
