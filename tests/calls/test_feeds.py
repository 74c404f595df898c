"""The Atom feed of new calls and the iCalendar file of deadlines parse and link back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feed_lists_new_calls_first_and_links_back(anonymous):
    older = CallFactory(title="Older call")
    older.published_at = timezone.now() - timedelta(days=3)
    older.save()
    newer = CallFactory(title="Newer call")
    CallFactory(title="Draft call", is_published=False)
    response = anonymous.get("/en/calls/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer call", "Older call"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{newer.get_absolute_url()}"
    assert anonymous.get(link).status_code == 200


def test_the_deadlines_calendar_has_open_calls_each_linking_back(anonymous):
    now = timezone.now()
    deadline = (now + timedelta(days=9)).replace(second=0, microsecond=0)
    open_call = CallFactory(title="Open call", deadline=deadline)
    CallFactory(
        title="Closed call", opens=now - timedelta(days=30), deadline=now - timedelta(days=1)
    )
    CallFactory(
        title="Upcoming call", opens=now + timedelta(days=5), deadline=now + timedelta(days=40)
    )
    response = anonymous.get("/en/calls/deadlines.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Deadline: Open call"]
    assert str(events[0]["url"]) == f"http://testserver{open_call.get_absolute_url()}"
    assert events[0].decoded("dtstart") == open_call.deadline
