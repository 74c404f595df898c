"""Every feed and calendar file answers a reader's conditional re-fetch with 304, as feedparser
makes it (``etag=``, ``modified=``), until what it shows changes (as time passes:
test_feeds_in_time.py)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import feedparser
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from hub.feeds import FEEDS
from tests.e2e.site import LANGUAGES
from tests.factories import (
    CallFactory,
    ConsultationFactory,
    EventFactory,
    NewsItemFactory,
    PeerCallFactory,
    PeerEventFactory,
)

# A feed's address, by the look of it: Atom feeds end in ``feed/``, calendars in ``.ics``.
FEED_ROUTE = re.compile(r"(^|/)feed/$|\.ics$")
PEER_FEEDS = ("events:feed", "events:atom", "calls:feed")


def _patterns(resolvers, namespace: str = ""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", str(entry.pattern), entry.callback


def test_every_feed_address_is_answered_conditionally():
    feeds = {
        name: callback
        for name, route, callback in _patterns(get_resolver().url_patterns)
        if FEED_ROUTE.search(route)
    }
    assert len(feeds) >= 7
    unconditional = [name for name, view in feeds.items() if not hasattr(view, "feed_name")]
    assert unconditional == []
    assert set(FEEDS) == set(feeds)


@pytest.fixture
def feed_data(transactional_db):
    now = timezone.now()
    event = EventFactory(slug="delavnica", start=now + timedelta(days=3))
    call = CallFactory(deadline=now + timedelta(days=5))
    consultation = ConsultationFactory(opens=now - timedelta(days=1), deadline=now + timedelta(7))
    # Records read from another hub's portal, which the events and calls feeds show too.
    PeerEventFactory()
    PeerCallFactory()
    # A news item written in each language, so that every language's news feed has one.
    for language in LANGUAGES:
        with translation.override(language):
            NewsItemFactory()
    return {"event": event, "call": call, "consultation": consultation}


def _addresses(live_server, feed_data) -> list[str]:
    kwargs = {"events:calendar": {"slug": feed_data["event"].slug}}
    get_resolver().url_patterns  # noqa: B018 - the views register their feeds as the URLs load
    addresses = []
    for language in LANGUAGES:
        with translation.override(language):
            addresses += [
                live_server.url + reverse(name, kwargs=kwargs.get(name)) for name in sorted(FEEDS)
            ]
            # The feeds that add other hubs' records on request.
            addresses += [live_server.url + reverse(name) + "?include=peers" for name in PEER_FEEDS]
    return addresses


@pytest.mark.django_db(transaction=True)
def test_every_feed_answers_feedparsers_conditional_refetch_with_304(live_server, feed_data):
    addresses = _addresses(live_server, feed_data)
    assert len(addresses) == 4 * (len(FEEDS) + len(PEER_FEEDS))
    for address in addresses:
        assert feedparser.parse(address).status == 200, address
    # Last-Modified counts whole seconds: it is told once the second it names is over.
    time.sleep(1.1)
    for address in addresses:
        first = feedparser.parse(address)
        assert first.status == 200, address
        assert first.etag and first.modified, address
        by_etag = feedparser.parse(address, etag=first.etag)
        by_date = feedparser.parse(address, modified=first.modified)
        by_both = feedparser.parse(address, etag=first.etag, modified=first.modified)
        assert (by_etag.status, by_date.status, by_both.status) == (304, 304, 304), address


@pytest.mark.django_db(transaction=True)
def test_a_feed_answers_200_again_once_what_it_shows_changes(live_server, feed_data):
    pairs = {}
    for name, record in [("calls:feed", "call"), ("advocacy:feed", "consultation")]:
        with translation.override("en"):
            address = live_server.url + reverse(name)
        feedparser.parse(address)
        pairs[address] = record
    # Last-Modified counts whole seconds: it is told once the second it names is over.
    time.sleep(1.1)
    pairs = {address: (record, feedparser.parse(address)) for address, record in pairs.items()}
    for address, (record, first) in pairs.items():
        feed_data[record].title = "Nov naslov"
        feed_data[record].save()
        for conditional in [{"etag": first.etag}, {"modified": first.modified}]:
            again = feedparser.parse(address, **conditional)
            assert again.status == 200, (address, conditional)
            assert "Nov naslov" in [entry.title for entry in again.entries]
