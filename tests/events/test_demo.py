from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

import events.demo
import hub.demo
import organisations.demo
from events.models import Event, EventKind, Registration
from hub.models import HubProfile, Municipality
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_year_of_events_with_attendance_and_the_months_ahead():
    hub.demo.load()
    organisations.demo.load()
    events.demo.load()

    now = timezone.now()
    past, upcoming = Event.objects.past(now), Event.objects.upcoming(now)
    assert 20 <= Event.objects.count() <= 35
    assert past.count() >= 15 and upcoming.count() >= 6
    assert Event.objects.filter(kind=EventKind.WORKING_MEETING).count() == 4
    assert Event.objects.filter(kind=EventKind.INFO_DAY).exists()
    assert Registration.objects.filter(event__in=past, attended=True).count() > 100
    assert not Registration.objects.filter(event__in=upcoming, attended=True).exists()
    assert Registration.objects.filter(status=Registration.Status.WAITING).exists()
    full = Event.objects.with_seat_counts().filter(waiting_count__gt=0).get()
    assert full.confirmed_count == full.capacity  # the demo itself never over-books

    counts = (Event.objects.count(), Registration.objects.count())
    events.demo.load()  # loading again adds nothing
    assert (Event.objects.count(), Registration.objects.count()) == counts


@pytest.mark.parametrize(
    ("story", "language", "country", "home_region", "first_municipality"),
    [
        (None, "sl", "SI", "Goriška", "Ajdovščina"),
        ("ruse", "bg", "BG", "Област Русе", None),
        ("gdansk", "pl", "PL", "Województwo pomorskie", None),
    ],
)
def test_load_demo_loads_one_coherent_hub(
    anonymous, funder_templates, story, language, country, home_region, first_municipality
):
    call_command("load_demo", *(["--hub", story] if story else []), verbosity=0)

    profile = HubProfile.objects.get()
    assert (profile.language, profile.region.name) == (language, home_region)
    # Only the hub's own places, events and organisations: nothing from another hub's story.
    assert set(Municipality.objects.values_list("country", flat=True)) == {country}
    assert set(Organisation.objects.values_list("country", flat=True)) == {country}
    assert set(Event.objects.values_list("language", flat=True)) == {language}
    assert Event.objects.upcoming(timezone.now()).count() >= 2

    home = anonymous.get(f"/{language}/")
    shown = home.context["upcoming_events"]
    assert shown and all(event.language == language for event in shown)
    assert profile.name in home.content.decode()

    directory = anonymous.get(f"/{language}/organisations/")
    choices = list(directory.context["filter"].form.fields["municipality"].choices)[1:]
    first = Municipality.objects.get(slug=choices[0][0].value)
    assert first.region == profile.region
    if first_municipality:
        assert first.name == first_municipality
    regions = list(directory.context["filter"].form.fields["region"].choices)[1:]
    assert regions[0][1] == home_region
    _assert_programme_and_entry_data()


def _assert_programme_and_entry_data():
    """A multi-session training some completed and some did not; entry data for most people,
    some incomplete, some refusals; one participant per person."""
    from events.models import Participant, Programme
    from hub.entry import REFUSED
    from hub.indicators import RULES, Period

    programme = Programme.objects.get()
    sessions = list(programme.sessions.all())
    assert len(sessions) == 3
    day = timezone.localdate()
    figure = RULES["people_completed_training"](period=Period(day.replace(year=day.year - 1), day))
    came = Registration.objects.filter(event__programme=programme, attended=True)
    # Some completed all three sessions, some missed one.
    assert 0 < figure.value < came.values("pid").distinct().count()

    # Entry data where the operation's template asks for it (every demo hub's asks gender).
    asked = Registration.objects.filter(
        event__end__lt=timezone.now(), entry_items__contains=",gender,"
    )
    total = asked.count()
    assert total
    assert asked.exclude(gender="").count() > total * 0.7
    assert asked.filter(gender="").exists()
    assert asked.filter(gender=REFUSED).exists()
    assert not Registration.objects.filter(pid__isnull=True).exists()
    assert Participant.objects.count() == Registration.objects.values("email").distinct().count()


def test_the_ruse_demo_has_its_eight_working_meetings_and_its_fund():
    call_command("load_demo", "--hub", "ruse", verbosity=0)

    meetings = Event.objects.filter(kind=EventKind.WORKING_MEETING)
    assert meetings.count() == 8
    assert set(meetings.values_list("municipality__name", flat=True)) == set(
        hub.demo.RUSE.regions[("Област Русе", "BG")]
    )
    from hub.selectors import operation_on

    assert "Активни граждани" in operation_on().programme


def test_the_goriska_demo_has_the_esf_operation_of_2015_2019():
    from datetime import date
    from decimal import Decimal

    from hub.models import Operation

    call_command("load_demo", verbosity=0)

    esf = Operation.objects.get(start=date(2015, 11, 1))
    assert (esf.end, esf.value) == (date(2019, 9, 30), Decimal("320000.00"))
    assert (esf.priority_axis, esf.investment_priority) == ("11", "11.4")
    assert esf.logos.count() == 1
    # Its years have trainings with people present, for the ESF template's figures.
    from hub.indicators import RULES, Period

    assert RULES["participants_cumulative"](period=Period(esf.start, esf.end), operation=esf).value
    _assert_fixed_queries_for_a_month_and_a_year()


def _assert_fixed_queries_for_a_month_and_a_year():
    """Every events rule, with every breakdown, runs as many queries for a month of the demo as
    for its whole year."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import events.indicators as rules
    from hub.indicators import RULES, Period

    today = timezone.localdate()
    month = Period(today - timedelta(days=30), today)
    year = Period(today - timedelta(days=365), today)
    for code in rules.RULE_CODES:
        counts = []
        for period in (month, year):
            with CaptureQueriesContext(connection) as queries:
                figure = RULES[code](period=period, params={"breakdowns": rules.ALL_ITEMS})
            counts.append(len(queries))
        assert counts[0] == counts[1] <= 2, code
        # Goriška's current funder asks nothing on leaving (its ESF years are long past).
        assert figure.value or code == "esf_leavers", code


def test_load_demo_refuses_to_mix_two_hubs_in_one_database():
    call_command("load_demo", verbosity=0)
    with pytest.raises(CommandError, match="another hub"):
        call_command("load_demo", "--hub", "gdansk", verbosity=0)
    assert not Organisation.objects.filter(country="PL").exists()
