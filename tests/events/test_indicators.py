"""The events' counting rules for the funder reports, on hand-made data."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events import indicators
from events.models import EventKind, OrganisationLink, Registration, SpecialCategoryEntry
from events.services.participants import participant_for, participants_for
from hub.entry import INCOMPLETE, REFUSED
from hub.indicators import RULES, Figure, Period, row_kind
from hub.selectors import hub_profile
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    OperationFactory,
    OrganisationFactory,
    ProgrammeFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

HUB = ZoneInfo("Europe/Ljubljana")
Q1, Q2, Q3 = Period.quarter(2026, 1), Period.quarter(2026, 2), Period.quarter(2026, 3)
ITEMS = ["age", "gender", "education", "employment", "disability", "minority", "foreign_background"]


def held(day: date, hour: int = 9, minute: int = 0, hours: int = 4, **kwargs):
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=HUB)
    kwargs.setdefault("kind", EventKind.TRAINING)
    return EventFactory(start=start, end=start + timedelta(hours=hours), **kwargs)


def present(event, email, **kwargs):
    return RegistrationFactory(event=event, email=email, attended=True, **kwargs)


def run(code, period, operation=None, **params):
    return RULES[code](period=period, operation=operation, params=params)


def test_every_contract_rule_is_registered():
    for code in [
        "events_by_kind",
        "trainings_held",
        "training_participants",
        "training_participations",
        "participants_new",
        "participants_cumulative",
        "participations",
        "people_completed_training",
        "municipalities_reached",
    ]:
        assert code in RULES
    assert row_kind("people").staff_only
    assert not row_kind("events").staff_only
    assert row_kind("municipalities")


def test_the_same_person_as_an_account_and_as_a_guest_is_one_participant(client_for):
    from tests.factories import UserFactory

    UserFactory(email="Ana@X.si")
    first = held(date(2026, 1, 10))
    second = held(date(2026, 2, 10))
    as_account = present(first, "Ana@X.si")
    as_guest = present(second, " ana@x.si ")
    assert as_account.participant == as_guest.participant
    assert as_account.pid == as_guest.pid
    assert run("participants_cumulative", Q1).value == 1
    assert run("participations", Q1).value == 2


def test_a_guest_first_then_the_account_with_the_address_in_another_case_is_one_participant():
    from tests.factories import UserFactory

    guest = participant_for(email="ana@x.si")
    user = UserFactory(email="Ana@X.si")
    assert participant_for(email="ANA@x.si") == guest
    guest.refresh_from_db()
    assert guest.user == user
    # The account keeps its participant after changing its address.
    user.email = "ana.novak@x.si"
    user.save()
    assert participant_for(email="ana.novak@x.si") == guest


def test_many_addresses_at_once_find_the_participants_one_at_a_time_would():
    """participants_for, with which the demo writes its registrations: an account's participant,
    a guest's, a guest's taken over by the account with the address, a new one; case aside."""
    from tests.factories import UserFactory

    boris = participant_for(email="boris@x.si")
    UserFactory(email="boris@x.si")
    guest = participant_for(email="cene@x.si")
    cene = UserFactory(email="CENE@x.si")
    ana = UserFactory(email="Ana@X.si")

    found = participants_for(
        emails=["ANA@x.si", " boris@X.si", "cene@x.si", "dora@x.si", "Dora@x.si"]
    )

    assert list(found) == ["ana@x.si", "boris@x.si", "cene@x.si", "dora@x.si"]
    assert found["boris@x.si"] == boris
    assert found["cene@x.si"] == guest
    guest.refresh_from_db()
    assert guest.user == cene
    assert found["ana@x.si"].user == ana
    assert found["dora@x.si"].user is None
    for email in ["ana@x.si", "Boris@x.si", "cene@X.si", "dora@x.si"]:
        assert participant_for(email=email) == found[email.lower()]


def test_attended_in_q1_and_q3_new_in_q1_only_and_counted_once_cumulatively():
    operation = OperationFactory(start=date(2026, 1, 1), end=date(2027, 12, 31))
    present(held(date(2026, 2, 1)), "ana@example.org")
    present(held(date(2026, 8, 1)), "ana@example.org")
    present(held(date(2026, 8, 2)), "boris@example.org")
    RegistrationFactory(event=held(date(2026, 8, 3)), email="absent@example.org")  # never came

    assert run("participants_new", Q1, operation).value == 1
    assert run("participants_new", Q2, operation).value == 0
    assert run("participants_new", Q3, operation).value == 1  # Boris only
    assert run("participants_cumulative", Q3, operation).value == 2
    assert run("participations", Q3, operation).value == 2


def test_an_event_at_23_30_on_the_last_day_of_a_quarter_counts_in_it():
    late = held(date(2026, 3, 31), hour=23, minute=30, hours=1)
    present(late, "night@example.org")
    assert run("events_by_kind", Q1).value == 1
    assert run("participants_new", Q1).value == 1
    assert run("participants_new", Q2).value == 0
    assert run("events_by_kind", Q2).value == 0


def test_a_missing_employment_counts_in_the_grand_total_only_and_a_refusal_as_refused():
    event = held(date(2026, 2, 1))
    items = ["age", "gender", "education", "employment"]
    full = dict(entry_items=items, age_band="30_54", education="isced_5_8")
    present(event, "a@example.org", gender="woman", employment="employed", **full)
    present(event, "b@example.org", gender="man", employment="", **full)  # not answered
    present(event, "c@example.org", gender=REFUSED, employment="unemployed", **full)

    figure = run("participants_new", Q1, breakdowns=items)
    assert figure.value == 3
    assert figure.breakdowns["employment"]["employed"] == 1
    assert figure.breakdowns["employment"]["unemployed"] == 1
    assert figure.breakdowns["employment"][INCOMPLETE] == 1
    # The incomplete record is in no category of any breakdown, only in the grand total.
    assert figure.breakdowns["gender"] == {
        "woman": 1,
        "man": 0,
        "non_binary": 0,
        REFUSED: 1,
        INCOMPLETE: 1,
    }
    assert figure.breakdowns["age"]["30_54"] == 2
    stored = Figure.from_json(figure.to_json()).breakdowns
    assert stored == figure.breakdowns
    assert [list(cells) for cells in stored.values()] == [
        list(cells) for cells in figure.breakdowns.values()
    ]


def test_characteristics_come_from_the_first_entry_not_from_later_answers():
    operation = OperationFactory(start=date(2026, 1, 1), end=date(2027, 12, 31))
    present(held(date(2026, 1, 5)), "ana@example.org", entry_items=["gender"], gender="woman")
    later = present(held(date(2026, 8, 5)), "ana@example.org", entry_items=["gender"], gender="")
    later.gender = "non_binary"
    later.save()
    figure = run("participants_cumulative", Q3, operation, breakdowns=["gender"])
    assert figure.value == 1
    assert figure.breakdowns["gender"]["woman"] == 1


def test_special_category_items_are_counted_in_aggregate_with_refusals_and_unasked():
    event = held(date(2026, 2, 1))
    one = present(event, "a@example.org")
    SpecialCategoryEntry.objects.create(
        registration=one, items=["disability"], consent=True, disability="yes"
    )
    two = present(event, "b@example.org")
    SpecialCategoryEntry.objects.create(registration=two, items=["disability"], disability=REFUSED)
    present(event, "c@example.org")  # never asked
    figure = run("participants_new", Q1, breakdowns=["disability"])
    assert figure.breakdowns == {"disability": {"yes": 1, "no": 0, REFUSED: 1, INCOMPLETE: 1}}


def programme_of(days: list[date], **kwargs):
    programme = ProgrammeFactory()
    sessions = [held(day, programme=programme, **kwargs) for day in days]
    return programme, sessions


def test_a_three_session_programme_is_completed_only_with_all_three_and_counts_people_once():
    _programme, sessions = programme_of([date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 16)])
    for session in sessions:
        present(session, "full@example.org")
    for session in sessions[:2]:
        present(session, "partial@example.org")
    figure = run("people_completed_training", Q1)
    assert figure.value == 1
    first = Registration.objects.filter(email="full@example.org").order_by("event__start").first()
    assert figure.rows["people"] == [first.pk]

    # A second programme completed by the same person: still one person.
    _second, more = programme_of([date(2026, 3, 2), date(2026, 3, 3)])
    for session in more:
        present(session, "full@example.org")
    assert run("people_completed_training", Q1).value == 1


def test_an_optional_session_is_not_needed_and_a_one_day_training_is_not_counted():
    _programme, sessions = programme_of([date(2026, 2, 2), date(2026, 2, 9)])
    sessions[1].required_session = False
    sessions[1].save()
    present(sessions[0], "ana@example.org")
    present(held(date(2026, 2, 20)), "boris@example.org")  # one day
    two_days = held(date(2026, 2, 24), hours=30)  # over two days
    present(two_days, "cene@example.org")
    assert run("people_completed_training", Q1).value == 2
    assert run("people_completed_training", Q1, min_days=1).value == 3


def test_a_programme_counts_in_the_period_of_its_last_session():
    _programme, sessions = programme_of([date(2026, 3, 20), date(2026, 4, 3)])
    for session in sessions:
        present(session, "ana@example.org")
    assert run("people_completed_training", Q1).value == 0
    assert run("people_completed_training", Q2).value == 1


def test_organisations_are_credited_only_by_membership_or_staff_confirmation():
    member_org, staff_org, typed_org = (
        OrganisationFactory(),
        OrganisationFactory(),
        OrganisationFactory(),
    )
    training = held(date(2026, 2, 2))
    present(
        training,
        "a@example.org",
        organisation=member_org,
        organisation_link=OrganisationLink.MEMBERSHIP,
    )
    present(
        training, "b@example.org", organisation=staff_org, organisation_link=OrganisationLink.STAFF
    )
    present(
        training, "c@example.org", organisation=typed_org, organisation_link=OrganisationLink.NAME
    )
    meeting = held(date(2026, 2, 3), kind=EventKind.WORKING_MEETING)
    other = OrganisationFactory()
    present(
        meeting, "d@example.org", organisation=other, organisation_link=OrganisationLink.MEMBERSHIP
    )
    assert indicators.training_organisation_ids(period=Q1) == {member_org.pk, staff_org.pk}


def test_organisations_of_people_who_completed_a_programme():
    completer, dropout = OrganisationFactory(), OrganisationFactory()
    _programme, sessions = programme_of([date(2026, 2, 2), date(2026, 2, 9)])
    link = OrganisationLink.MEMBERSHIP
    for session in sessions:
        present(session, "a@example.org", organisation=completer, organisation_link=link)
    present(sessions[0], "b@example.org", organisation=dropout, organisation_link=link)
    assert indicators.completed_programme_organisation_ids(period=Q1) == {completer.pk}
    assert indicators.completed_programme_organisation_ids(period=Q2) == set()


def test_trainings_held_count_a_programme_once_and_events_and_municipalities_give_their_rows():
    bled = MunicipalityFactory(name="Bled")
    _programme, sessions = programme_of([date(2026, 2, 2), date(2026, 2, 9)], municipality=bled)
    for session in sessions:
        present(session, "a@example.org")
    single = held(date(2026, 2, 20), municipality=MunicipalityFactory(name="Bovec"))
    present(single, "b@example.org")
    held(date(2026, 2, 21))  # nobody came
    meeting = held(date(2026, 2, 22), kind=EventKind.WORKING_MEETING, municipality=bled)
    held(date(2026, 2, 23), is_published=False)

    assert run("trainings_held", Q1).value == 2
    by_kind = run("events_by_kind", Q1)
    assert by_kind.value == 5
    assert by_kind.breakdowns["kind"]["training"] == 4
    assert by_kind.breakdowns["kind"]["working_meeting"] == 1
    places = run("municipalities_reached", Q1)
    assert places.value == 3  # Bled, Bovec and the factory's own for the empty training
    rows = row_kind("municipalities").fetch(places.rows["municipalities"])
    assert {"Bled", "Bovec"} <= {row["name"] for row in rows}
    events = row_kind("events").fetch([meeting.pk, single.pk])
    assert [(row["title"], row["present"]) for row in events] == [
        (single.title, 1),
        (meeting.title, 0),
    ]
    assert run("training_participants", Q1).value == 2
    assert run("training_participations", Q1).value == 3


def test_people_rows_show_the_registration_that_counted_and_no_entry_data():
    first = present(held(date(2026, 1, 5)), "ana@example.org", name="Ana Old", gender="woman")
    present(held(date(2026, 2, 5)), "ana@example.org", name="Ana Novak", gender="woman")
    figure = run("participants_cumulative", Period(date(2026, 1, 1), date(2026, 3, 31)))
    assert figure.rows["people"] == [first.pk]
    rows = row_kind("people").fetch(figure.rows["people"])
    assert rows == [{"pk": first.pk, "name": "Ana Old", "email": "ana@example.org"}]


def test_counts_stay_when_a_person_is_erased():
    registration = present(held(date(2026, 2, 1)), "ana@example.org")
    registration.participant.delete()
    Registration.objects.filter(pk=registration.pk).update(name="", email="erased@invalid")
    assert run("participants_new", Q1).value == 1


def _year_of_data(events_per_month: int) -> None:
    for month in range(1, 13):
        for n in range(events_per_month):
            programme = ProgrammeFactory() if n % 2 else None
            for session in range(2 if programme else 1):
                event = held(date(2026, month, 1 + n * 2 + session), programme=programme)
                for person in range(events_per_month):
                    registration = present(
                        event,
                        f"p{person}@example.org",
                        entry_items=["gender"],
                        gender="woman" if person % 2 else "",
                        organisation=None,
                    )
                    if person % 3 == 0:
                        SpecialCategoryEntry.objects.create(
                            registration=registration, items=["disability"], disability=REFUSED
                        )


# One query per rule; people_completed_training two (the sessions, then who attended them).
EXPECTED_QUERIES = {
    "events_by_kind": 1,
    "trainings_held": 1,
    "training_participants": 1,
    "training_participations": 1,
    "participants_new": 1,
    "participants_cumulative": 1,
    "participations": 1,
    "people_completed_training": 2,
    "municipalities_reached": 1,
}


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(
    "period", [Period.month(2026, 5), Period.year(2026)], ids=["month", "year"]
)
def test_every_rule_with_every_breakdown_runs_a_fixed_number_of_queries(
    size, period, django_assert_num_queries
):
    _year_of_data(size)
    operation = OperationFactory(start=date(2026, 1, 1), end=date(2027, 12, 31))
    hub_profile()  # the hub's identity (its time zone) is cached, as on a running site
    for code, expected in EXPECTED_QUERIES.items():
        with django_assert_num_queries(expected):
            run(code, period, operation, breakdowns=ITEMS)
    with django_assert_num_queries(1):
        indicators.training_organisation_ids(period=period)
    with django_assert_num_queries(2):
        indicators.completed_programme_organisation_ids(period=period)
