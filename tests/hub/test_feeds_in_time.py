"""A kept feed changes exactly when what it shows does: as time passes (an event leaves the
events feed, a deadline passes, a call opens, a news item dated later appears, another hub's
event ends) and as data changes; while it is current it is answered without a query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hub import feeds as kept_feeds
from hub.feeds import FEEDS
from tests.factories import (
    CallFactory,
    ConsultationFactory,
    EventFactory,
    NewsItemFactory,
    PeerCallFactory,
    PeerEventFactory,
)

pytestmark = pytest.mark.django_db


class Clock:
    """The portal's clock (``timezone.now``) moved forward by hand; it goes on running."""

    def __init__(self, monkeypatch) -> None:
        real = timezone.now
        self.offset = timedelta(0)
        monkeypatch.setattr(timezone, "now", lambda: real() + self.offset)

    def forward(self, **delta) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


class Reader:
    """A program that fetches one feed again and again, sending what it was told last."""

    def __init__(self, address: str) -> None:
        self.client = Client()
        self.address = address
        self.etag = None

    def fetch(self) -> tuple[int, str]:
        headers = {"if_none_match": self.etag} if self.etag else {}
        response = self.client.get(self.address, headers=headers)
        if response.status_code == 200:
            self.etag = response["ETag"]
        return response.status_code, response.content.decode()

    def fetch_across(self, clock: Clock, *, minutes: int) -> tuple[int, str]:
        """``minutes`` later the feed is still the same (304); two minutes after that, what
        it answers."""
        clock.forward(minutes=minutes)
        assert self.fetch()[0] == 304
        clock.forward(minutes=2)
        return self.fetch()


@pytest.mark.parametrize("address", ["/en/events/feed.ics", "/en/events/feed/"])
def test_an_event_leaves_the_events_feeds_exactly_when_its_days_there_are_over(clock, address):
    now = timezone.now()
    kept = timedelta(days=settings.EVENTS_FEED_KEEP_DAYS)
    leaving = EventFactory(title="Leaving soon", start=now - kept - timedelta(hours=3))
    leaving.end = now - kept + timedelta(hours=1)
    leaving.save()
    EventFactory(title="Still to come")
    reader = Reader(address)
    status, body = reader.fetch()
    assert (status, "Leaving soon" in body, "Still to come" in body) == (200, True, True)
    status, body = reader.fetch_across(clock, minutes=59)
    assert (status, "Leaving soon" in body, "Still to come" in body) == (200, False, True)
    assert reader.fetch()[0] == 304


@pytest.mark.parametrize(
    ("address", "factory"),
    [
        ("/en/calls/deadlines.ics", CallFactory),
        ("/en/advocacy/consultations/deadlines.ics", ConsultationFactory),
    ],
)
def test_a_deadlines_calendar_changes_exactly_when_a_deadline_passes_or_one_opens(
    clock, address, factory
):
    now = timezone.now()
    factory(title="Closing soon", deadline=now + timedelta(hours=1))
    factory(title="Opening later", opens=now + timedelta(hours=2))
    reader = Reader(address)
    status, body = reader.fetch()
    assert (status, "Closing soon" in body, "Opening later" in body) == (200, True, False)
    status, body = reader.fetch_across(clock, minutes=59)
    assert (status, "Closing soon" in body, "Opening later" in body) == (200, False, False)
    status, body = reader.fetch_across(clock, minutes=57)
    assert (status, "Closing soon" in body, "Opening later" in body) == (200, False, True)


@pytest.mark.parametrize(
    ("address", "record"),
    [
        (
            "/en/events/feed.ics?include=peers",
            lambda now: PeerEventFactory(
                title="Next door", start=now - timedelta(hours=1), end=now + timedelta(hours=1)
            ),
        ),
        (
            "/en/events/feed/?include=peers",
            lambda now: PeerEventFactory(
                title="Next door", start=now - timedelta(hours=1), end=now + timedelta(hours=1)
            ),
        ),
        (
            "/en/calls/feed/?include=peers",
            lambda now: PeerCallFactory(title="Next door", deadline=now + timedelta(hours=1)),
        ),
    ],
)
def test_another_hubs_record_leaves_the_feeds_exactly_when_it_ends(clock, address, record):
    record(timezone.now())
    reader = Reader(address)
    status, body = reader.fetch()
    assert (status, "Next door" in body) == (200, True)
    status, body = reader.fetch_across(clock, minutes=59)
    assert (status, "Next door" in body) == (200, False)


def test_a_news_item_dated_later_appears_in_the_feed_exactly_then(clock):
    NewsItemFactory(title="Out already")
    NewsItemFactory(title="Out in an hour", published_at=timezone.now() + timedelta(hours=1))
    reader = Reader("/en/news/feed/")
    status, body = reader.fetch()
    assert (status, "Out already" in body, "Out in an hour" in body) == (200, True, False)
    status, body = reader.fetch_across(clock, minutes=59)
    assert (status, "Out already" in body, "Out in an hour" in body) == (200, True, True)


@pytest.mark.parametrize(
    ("address", "factory"),
    [
        ("/en/events/feed.ics", EventFactory),
        ("/en/calls/deadlines.ics", CallFactory),
        ("/en/advocacy/consultations/deadlines.ics", ConsultationFactory),
    ],
)
def test_a_calendar_changes_as_soon_as_what_it_shows_does(address, factory):
    record = factory(title="Before")
    reader = Reader(address)
    assert reader.fetch()[0] == 200
    assert reader.fetch()[0] == 304
    record.title = "After"
    record.save()
    status, body = reader.fetch()
    assert (status, "Before" in body, "After" in body) == (200, False, True)


def _feed_addresses() -> list[str]:
    event = EventFactory()
    CallFactory()
    ConsultationFactory()
    NewsItemFactory()
    PeerEventFactory()
    PeerCallFactory()
    with translation.override("en"):
        addresses = [
            reverse(name, kwargs={"slug": event.slug} if name == "events:calendar" else None)
            for name in sorted(FEEDS)
        ]
    return addresses + [
        "/en/events/feed.ics?include=peers",
        "/en/events/feed/?include=peers",
        "/en/calls/feed/?include=peers",
    ]


def test_a_current_feed_is_answered_without_a_query(django_assert_num_queries):
    addresses = _feed_addresses()
    assert len(addresses) == len(FEEDS) + 3
    client = Client()
    made = {address: client.get(address) for address in addresses}
    for address, first in made.items():
        assert first.status_code == 200, address
        # From this process's own copy, then from the shared cache alone.
        with django_assert_num_queries(0):
            again = client.get(address)
        kept_feeds._HERE.clear()
        with django_assert_num_queries(0):
            shared = client.get(address)
        assert again.content == shared.content == first.content, address
        assert again["ETag"] == shared["ETag"] == first["ETag"], address


@pytest.mark.parametrize(
    ("address", "factory", "queries"),
    [
        # When it next changes, the events (with their places, organisers) and their fields.
        ("/en/events/feed.ics", EventFactory, 3),
        # When it next changes, the calls with their funders, and their fields.
        ("/en/calls/deadlines.ics", CallFactory, 3),
        # When it next changes, the consultations with the bodies that hold them.
        ("/en/advocacy/consultations/deadlines.ics", ConsultationFactory, 2),
    ],
)
def test_a_calendar_is_made_with_as_many_queries_for_one_entry_as_for_many(
    django_assert_num_queries, address, factory, queries
):
    client = Client()
    factory()
    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200
    factory.create_batch(4)
    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200


def test_a_process_keeps_the_feeds_it_served_last_within_its_room():
    kept = kept_feeds._KeptHere(room=10)
    kept.set("a", {"content": b"aaaa"})
    kept.set("b", {"content": b"bbbb"})
    assert kept.get("a") == {"content": b"aaaa"}
    # Over the room: the one served least recently goes.
    kept.set("c", {"content": b"cccc"})
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (
        {"content": b"aaaa"},
        None,
        {"content": b"cccc"},
    )
    # A newer answer for the same address takes the older one's place.
    kept.set("a", {"content": b"aaaaaa"})
    assert (kept.get("a"), kept.get("c")) == ({"content": b"aaaaaa"}, {"content": b"cccc"})
    # One larger than the room is not kept at all.
    kept.set("d", {"content": b"d" * 11})
    assert (kept.get("a"), kept.get("c"), kept.get("d")) == (None, None, None)
