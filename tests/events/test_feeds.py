"""The events' feeds: Atom for readers, iCalendar for calendars; both keep recent past events."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar

from events.feeds import calendar_for
from tests.factories import CallFactory, EventFactory, FieldOfActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def ended(days_ago: int, **kwargs):
    start = timezone.now() - timedelta(days=days_ago, hours=3)
    return EventFactory(start=start, end=start + timedelta(hours=2), **kwargs)


def test_the_atom_feed_parses_and_every_link_answers(anonymous):
    EventFactory(
        title="Delavnica <o> razpisih & proračunu",
        organiser=OrganisationFactory(name="Društvo Soča"),
        fields=[FieldOfActivityFactory(name="Kultura")],
    )
    ended(10, title="Pretekla delavnica")
    EventFactory(title="Draft", is_published=False)

    response = anonymous.get("/en/events/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert sorted(entry.title for entry in feed.entries) == [
        "Delavnica <o> razpisih & proračunu",
        "Pretekla delavnica",
    ]
    first = next(entry for entry in feed.entries if entry.title.startswith("Delavnica"))
    assert first.author == "Društvo Soča"
    assert [tag.term for tag in first.tags] == ["Kultura"]
    links = [feed.feed.link] + [entry.link for entry in feed.entries]
    for link in links:
        assert link.startswith("http://testserver/en/events/")
        assert anonymous.get(link).status_code == 200, link


def test_the_calendar_keeps_an_event_for_90_days_after_it_ends(anonymous, settings):
    assert settings.EVENTS_FEED_KEEP_DAYS == 90
    EventFactory(title="Coming")
    ended(10, title="Ended 10 days ago")
    ended(100, title="Ended 100 days ago")

    calendar = Calendar.from_ical(anonymous.get("/en/events/feed.ics").content)
    summaries = {str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")}
    assert summaries == {"Coming", "Ended 10 days ago"}

    atom = feedparser.parse(anonymous.get("/en/events/feed/").content)
    assert {entry.title for entry in atom.entries} == {"Coming", "Ended 10 days ago"}


def test_how_long_past_events_stay_is_a_setting(anonymous, settings):
    settings.EVENTS_FEED_KEEP_DAYS = 5
    ended(10, title="Ended 10 days ago")
    calendar = Calendar.from_ical(anonymous.get("/en/events/feed.ics").content)
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize("count", [1, 20])
def test_the_atom_feed_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    for number in range(count):
        EventFactory(
            title=f"Event {number}",
            organiser=OrganisationFactory(),
            fields=[FieldOfActivityFactory()],
        )
    # (the hub's profile comes from the cache)
    # 1. when the feed next changes by itself (kept with it)
    # 2. the events with their municipalities and organisers
    # 3. their fields of activity
    with django_assert_num_queries(3):
        anonymous.get("/en/events/feed/")
    # From the cache, until then or until the data changes: none.
    with django_assert_num_queries(0):
        anonymous.get("/en/events/feed/")


def alternates(page: str) -> dict[str, str]:
    head = page.split("</head>")[0]
    return {
        kind: href
        for kind, href in re.findall(
            r'<link rel="alternate" type="([^"]+)"[^>]*href="([^"]+)"', head
        )
    }


def test_every_page_with_a_feed_announces_it_in_its_head(anonymous):
    event = EventFactory()
    call = CallFactory()
    announced = {
        "/en/": {"application/atom+xml"},
        "/en/events/": {"application/atom+xml", "text/calendar", "application/json+oembed"},
        event.get_absolute_url().replace("/sl/", "/en/"): {
            "text/calendar",
            "application/json+oembed",
        },
        "/en/calls/": {"application/atom+xml", "text/calendar", "application/json+oembed"},
        call.get_absolute_url().replace("/sl/", "/en/"): {"application/atom+xml", "text/calendar"},
    }
    for address, kinds in announced.items():
        found = alternates(anonymous.get(address).content.decode())
        assert kinds <= set(found), address
        for kind, href in found.items():
            if kind != "application/json+oembed":
                assert anonymous.get(href.replace("&amp;", "&")).status_code == 200, href
    assert alternates(anonymous.get("/en/events/").content.decode())["application/atom+xml"] == (
        "/en/events/feed/"
    )


def test_the_calendars_time_zone_spans_its_events_years_with_their_clock_changes():
    """The VTIMEZONE a calendar carries places its entries: it holds the zone's clock changes
    from the year before the first entry to the year after the last, not seventy years of
    them (the library's default, which took most of an e-mail attachment's building time)."""
    zone = ZoneInfo("Europe/Ljubljana")
    summer = EventFactory(start=datetime(2027, 7, 1, 18, tzinfo=zone))
    winter = EventFactory(start=datetime(2028, 1, 20, 18, tzinfo=zone))

    calendar = Calendar.from_ical(
        calendar_for([summer, winter], url_for=lambda event: "https://hub.example/", name="x")
    )

    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Ljubljana"
    changes = sorted(
        moment
        for part in vtimezone.walk()
        if part.name in {"STANDARD", "DAYLIGHT"}
        for moment in [part.decoded("DTSTART")]
        + [entry.dt for rdate in _as_list(part.get("RDATE")) for entry in rdate.dts]
    )
    assert {moment.year for moment in changes} <= {2026, 2027, 2028, 2029}
    # The changes around the summer event, in the zone's local time as VTIMEZONE gives them.
    local = {moment.isoformat() for moment in changes}
    assert {"2027-03-28T03:00:00", "2027-10-31T03:00:00"} <= local
    starts = sorted(entry.decoded("DTSTART") for entry in calendar.walk("VEVENT"))
    assert starts == [summer.start, winter.start]


def _as_list(value):
    return [] if value is None else value if isinstance(value, list) else [value]
