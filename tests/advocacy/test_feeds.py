"""The Atom feed of new consultations and the iCalendar file of their deadlines parse and link
back to the consultations' pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from advocacy.models import Consultation
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feed_lists_new_consultations_first_and_links_back(anonymous):
    older = ConsultationFactory(title="Older draft")
    Consultation.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    newer = ConsultationFactory(title="Newer draft")
    response = anonymous.get("/en/advocacy/consultations/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert root.findtext(f"{ATOM}title").startswith("Public consultations")
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer draft", "Older draft"]
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == newer.body.name
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{newer.get_absolute_url()}"
    page = anonymous.get(link)
    assert page.status_code == 200 and "Newer draft" in page.content.decode()


def test_the_deadlines_calendar_has_open_consultations_each_linking_back(anonymous):
    now = timezone.now()
    deadline = (now + timedelta(days=9)).replace(second=0, microsecond=0)
    open_one = ConsultationFactory(title="Open draft", deadline=deadline)
    ConsultationFactory(
        title="Closed draft", opens=now - timedelta(days=30), deadline=now - timedelta(days=1)
    )
    ConsultationFactory(
        title="Upcoming draft", opens=now + timedelta(days=5), deadline=now + timedelta(days=40)
    )
    response = anonymous.get("/en/advocacy/consultations/deadlines.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Comments due: Open draft"]
    url = str(events[0]["url"])
    assert url == f"http://testserver{open_one.get_absolute_url()}"
    assert events[0].decoded("dtstart") == open_one.deadline
    assert anonymous.get(url).status_code == 200


def test_the_list_page_announces_both_feeds(anonymous):
    page = anonymous.get("/en/advocacy/consultations/").content.decode()
    assert 'type="application/atom+xml"' in page and "/en/advocacy/consultations/feed/" in page
    assert 'type="text/calendar"' in page and "/en/advocacy/consultations/deadlines.ics" in page
