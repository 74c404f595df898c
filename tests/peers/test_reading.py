"""Two portals: this one (A) follows another (B) through B's public API over real HTTP.

B is served by ``live_server`` (this same code; the events and calls made in the test are B's),
A's reading code talks to it over HTTP exactly as it would to another machine. A misbehaving B
is a tiny HTTP server that answers garbage, too much or too late, or a closed port.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import socket
from datetime import timedelta

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from peers.models import Peer, PeerCall, PeerEvent, ReadStatus
from peers.sources import SOURCES
from peers.tasks import read_peer, read_peers
from tests.factories import CallFactory, EventFactory, PeerEventFactory, PeerFactory

pytestmark = pytest.mark.django_db
# B, served by another thread, sees only what is committed.
live = pytest.mark.django_db(transaction=True)


def reload(peer: Peer) -> Peer:
    peer.refresh_from_db()
    return peer


def page_of(*items) -> bytes:
    return json.dumps(
        {"count": len(items), "next": None, "previous": None, "results": list(items)}
    ).encode()


def event_item(**changes) -> dict:
    start = timezone.now() + timedelta(days=5)
    item = {
        "id": 7,
        "slug": "workshop",
        "title": "Workshop in Kranj",
        "kind": "workshop",
        "kind_label": "Workshop",
        "language": "sl",
        "start": start.isoformat(),
        "end": (start + timedelta(hours=2)).isoformat(),
        "venue": "Hub Kranj",
        "municipality": "kranj",
        "municipality_name": "Kranj",
        "is_online_only": False,
        "organiser_name": "Stičišče Gorenjska",
        "fields": ["youth"],
        "updated_at": timezone.now().isoformat(),
        "url": "http://127.0.0.1/sl/events/workshop/",
    }
    return {**item, **changes}


def pages_answer_200(client: Client) -> None:
    for address in (
        "/en/events/?include=peers",
        "/en/calls/?include=peers",
        "/en/events/feed.ics?include=peers",
        "/en/events/feed/?include=peers",
        "/en/calls/feed/?include=peers",
    ):
        assert client.get(address).status_code == 200, address


# Portal B, live


@live
def test_a_new_event_of_the_followed_portal_appears_on_the_list_and_feeds_after_the_scheduled_read(
    live_server,
):
    peer = PeerFactory(name="Stičišče Gorenjska", base_url=live_server.url)
    EventFactory(title="Known already")
    read_peers()  # as beat starts it: the first read takes the whole list
    assert reload(peer).last_status == ReadStatus.OK
    assert PeerEvent.objects.filter(peer=peer).count() == 1

    event = EventFactory(title="Training next door")
    CallFactory(title="Grants next door")
    read_peers()  # an incremental read: only what changed since the last one

    record = PeerEvent.objects.get(peer=peer, title="Training next door")
    assert record.remote_id == event.pk
    assert record.url == f"{live_server.url}/sl/events/{event.slug}/"
    assert PeerCall.objects.filter(peer=peer, title="Grants next door").exists()
    assert reload(peer).state["events"]["cursor"] >= event.updated_at.isoformat()[:19]

    anonymous = Client()
    page = anonymous.get("/en/events/?include=peers").content.decode()
    assert f'href="{record.url}" rel="external noopener"' in page
    assert "On the portal of Stičišče Gorenjska" in page
    assert record.url not in anonymous.get("/en/events/").content.decode()
    calls_page = anonymous.get("/en/calls/?include=peers").content.decode()
    assert f"{live_server.url}/sl/calls/" in calls_page

    calendar = anonymous.get("/en/events/feed.ics?include=peers").content.decode()
    assert f"URL:{record.url}" in calendar.replace("\r\n ", "")
    assert record.url not in anonymous.get("/en/events/feed.ics").content.decode()
    atom = feedparser.parse(anonymous.get("/en/events/feed/?include=peers").content)
    assert not atom.bozo
    entry = next(
        e for e in atom.entries if e.title == "Training next door" and e.link == record.url
    )
    assert "Stičišče Gorenjska" in entry.author
    calls_atom = feedparser.parse(anonymous.get("/en/calls/feed/?include=peers").content)
    assert any(e.link.startswith(live_server.url) for e in calls_atom.entries)


@live
def test_an_unchanged_portal_answers_304_and_nothing_is_rewritten(live_server):
    peer = PeerFactory(base_url=live_server.url)
    EventFactory()
    read_peer(peer.pk)  # the whole list
    read_peer(peer.pk)  # incremental; keeps the answer's ETag
    read_before = PeerEvent.objects.get(peer=peer).read_at
    assert reload(peer).state["events"]["etag"]

    assert read_peer(peer.pk) == ReadStatus.NOT_MODIFIED
    assert PeerEvent.objects.get(peer=peer).read_at == read_before


@live
def test_the_whole_list_read_drops_what_the_portal_no_longer_lists(live_server, settings):
    peer = PeerFactory(base_url=live_server.url)
    kept, withdrawn = EventFactory(title="Kept"), EventFactory(title="Withdrawn")
    read_peer(peer.pk)
    assert PeerEvent.objects.filter(peer=peer).count() == 2

    withdrawn.is_published = False
    withdrawn.save()
    settings.PEERS_FULL_READ_SECONDS = 0  # the whole list is due
    read_peer(peer.pk)
    assert list(PeerEvent.objects.filter(peer=peer).values_list("remote_id", flat=True)) == [
        kept.pk
    ]


@live
def test_records_that_ended_are_dropped_at_the_next_read(live_server):
    peer = PeerFactory(base_url=live_server.url)
    ended = PeerEventFactory(
        peer=peer,
        end=timezone.now() - timedelta(minutes=1),
        start=timezone.now() - timedelta(hours=2),
    )
    coming = PeerEventFactory(peer=peer, remote_id=999_999)
    read_peer(peer.pk)
    assert not PeerEvent.objects.filter(pk=ended.pk).exists()
    # Not listed by B (which has no such event): the first read is a whole one and drops it.
    assert not PeerEvent.objects.filter(pk=coming.pk).exists()


@live
def test_an_inactive_portal_is_not_read_nor_shown(live_server):
    peer = PeerFactory(base_url=live_server.url, is_active=False)
    EventFactory(title="Not followed")
    assert read_peers() == 0
    assert reload(peer).last_status == ReadStatus.NEVER
    record = PeerEventFactory(peer=peer, title="Paused portal's workshop")
    assert record.title not in Client().get("/en/events/?include=peers").content.decode()


# Portal B misbehaving


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_portal_that_is_down_leaves_the_pages_up_and_says_why(caplog):
    peer = PeerFactory(base_url=f"http://127.0.0.1:{closed_port()}")
    PeerEventFactory(peer=peer, title="Read before it went down")
    with caplog.at_level(logging.WARNING, logger="peers.services"):
        read_peers()
    peer = reload(peer)
    assert peer.last_status == ReadStatus.FAILED
    assert "could not be reached" in peer.last_error
    assert "could not be reached" in caplog.text
    pages_answer_200(Client())
    # What was read before stays shown until it ends or a whole read says it is gone.
    assert "Read before it went down" in Client().get("/en/events/?include=peers").content.decode()


def test_a_slow_portal_is_cut_off_at_the_timeout(fake_peer, settings):
    settings.PEERS_CONNECT_TIMEOUT = 0.5
    settings.PEERS_READ_TIMEOUT = 0.5
    fake_peer.delay = 2
    peer = PeerFactory(base_url=fake_peer.url)
    started = timezone.now()
    read_peer(peer.pk)
    # Two sources, each given up after the read timeout.
    assert timezone.now() - started < timedelta(seconds=3)
    peer = reload(peer)
    assert peer.last_status == ReadStatus.FAILED
    assert "did not answer in time" in peer.last_error
    pages_answer_200(Client())


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<html>Maintenance</html>", "did not answer in JSON"),
        (b'["a", "list"]', "did not answer with a page of results"),
        (b'{"results": "none", "next": null}', "did not answer with a page of results"),
        (b'{"results": [], "next": "http://elsewhere.example/api/v1/events/?page=2"}', "outside"),
        (b"x" * 20_000, "more than the 10000"),
        ((b"x" * 20_000, "undeclared"), "more than the 10000 bytes allowed"),
    ],
    ids=[
        "not-json",
        "not-a-page",
        "results-not-a-list",
        "next-page-elsewhere",
        "huge",
        "huge-undeclared",
    ],
)
def test_a_portal_answering_nonsense_leaves_the_pages_up_and_says_why(
    fake_peer, settings, caplog, body, says
):
    settings.PEERS_MAX_RESPONSE_BYTES = 10_000
    if isinstance(body, tuple):  # sent without saying its length beforehand
        body, fake_peer.send_length = body[0], False
    fake_peer.body = body
    peer = PeerFactory(base_url=fake_peer.url)
    with caplog.at_level(logging.WARNING, logger="peers.services"):
        read_peer(peer.pk)
    peer = reload(peer)
    assert peer.last_status == ReadStatus.FAILED
    assert says in peer.last_error
    assert says in caplog.text
    assert not PeerEvent.objects.exists()
    pages_answer_200(Client())


def test_later_reads_ask_only_what_changed_and_only_if_it_changed(fake_peer):
    peer = PeerFactory(base_url=fake_peer.url)
    changed = "2026-01-01T10:00:00+00:00"
    item = event_item(url=f"{fake_peer.url}/sl/events/w/", updated_at=changed)
    fake_peer.body = lambda path: page_of(item) if "/events/" in path else page_of()
    fake_peer.answer_headers = {"ETag": '"v1"', "Last-Modified": "Thu, 01 Jan 2026 10:00:00 GMT"}
    read_peer(peer.pk)
    first, _headers = fake_peer.requests[0]
    assert "modified_since" not in first  # the first read takes the whole list
    # Events and calls only: a peer's organisations are never read.
    assert {path.split("?")[0] for path, _h in fake_peer.requests} == {
        "/api/v1/events/",
        "/api/v1/calls/",
    }

    fake_peer.requests.clear()
    read_peer(peer.pk)
    path, headers = next((p, h) for p, h in fake_peer.requests if p.startswith("/api/v1/events/"))
    assert "modified_since=2026-01-01T10%3A00%3A00%2B00%3A00" in path
    assert "page_size=100" in path
    fake_peer.requests.clear()
    read_peer(peer.pk)
    path, headers = next((p, h) for p, h in fake_peer.requests if p.startswith("/api/v1/events/"))
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Thu, 01 Jan 2026 10:00:00 GMT"


def test_an_error_status_is_recorded(fake_peer):
    fake_peer.status = 500
    peer = PeerFactory(base_url=fake_peer.url)
    read_peer(peer.pk)
    assert "answered HTTP 500" in reload(peer).last_error


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"title": 123}, "title: expected str"),
        ({"id": "7"}, "id: expected int"),
        ({"is_online_only": "yes"}, "is_online_only: expected bool"),
        ({"start": "next tuesday"}, "start:"),
        ({"title": "x" * 201}, "title: Ensure this field has no more than 200 characters."),
        ({"url": "javascript:alert(1)"}, "url:"),
        ({"url": "https://phishing.example/events/"}, "links outside"),
        ({"end": (timezone.now() - timedelta(days=30)).isoformat()}, "ends before it starts"),
    ],
    ids=[
        "title-number",
        "id-string",
        "bool-string",
        "date",
        "too-long",
        "scheme",
        "other-host",
        "end",
    ],
)
def test_an_item_of_the_wrong_shape_is_refused_and_the_others_kept(english, fake_peer, bad, says):
    peer = PeerFactory(base_url=fake_peer.url)
    host = fake_peer.url
    good = event_item(id=1, title="Good one", url=f"{host}/sl/events/good/")
    wrong = event_item(id=2, url=f"{host}/sl/events/wrong/")
    wrong.update(bad)
    fake_peer.body = lambda path: page_of(good, wrong) if "/events/" in path else page_of()
    read_peer(peer.pk)
    peer = reload(peer)
    assert peer.last_status == ReadStatus.PARTLY
    assert says in peer.last_error
    assert list(PeerEvent.objects.values_list("title", flat=True)) == ["Good one"]


def test_a_missing_field_is_refused(english, fake_peer):
    peer = PeerFactory(base_url=fake_peer.url)
    item = event_item(url=f"{fake_peer.url}/sl/events/x/")
    del item["start"]
    fake_peer.body = lambda path: page_of(item) if "/events/" in path else page_of()
    read_peer(peer.pk)
    assert "start: This field is required." in reload(peer).last_error
    assert not PeerEvent.objects.exists()


def test_a_portal_listing_too_many_items_is_read_up_to_the_limit(fake_peer, settings):
    settings.PEERS_MAX_ITEMS = 3
    peer = PeerFactory(base_url=fake_peer.url)
    items = [event_item(id=n, url=f"{fake_peer.url}/sl/events/{n}/") for n in range(1, 6)]
    fake_peer.body = lambda path: page_of(*items) if "/events/" in path else page_of()
    read_peer(peer.pk)
    assert PeerEvent.objects.count() == 3
    assert "more than 3 items" in reload(peer).last_error


def test_beat_reads_every_active_portal_in_a_task_of_its_own_on_the_periodic_queue(
    settings, monkeypatch
):
    from hub.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["peers-read"]
    assert entry["task"] == "peers.tasks.read_peers"
    assert entry["schedule"] == settings.PEERS_READ_SECONDS
    for task in ("peers.tasks.read_peers", "peers.tasks.read_peer"):
        assert app.amqp.router.route({}, task)["queue"].name == "periodic"
    queued = []
    monkeypatch.setattr("peers.tasks.read_peer.delay", queued.append)
    active, _paused = PeerFactory(), PeerFactory(is_active=False)
    assert read_peers() == 1
    assert queued == [active.pk]


def test_a_portal_with_endless_pages_is_read_up_to_the_page_limit(fake_peer, settings):
    settings.PEERS_MAX_PAGES = 2
    peer = PeerFactory(base_url=fake_peer.url)

    def endless(path):
        item = event_item(id=len(fake_peer.requests), url=f"{fake_peer.url}/sl/events/x/")
        page = json.loads(page_of(item))
        page["next"] = f"{fake_peer.url}/api/v1/events/?page={len(fake_peer.requests) + 1}"
        return json.dumps(page).encode() if "/events/" in path else page_of()

    fake_peer.body = endless
    read_peer(peer.pk)
    assert PeerEvent.objects.count() == 2
    assert "more than 2 pages" in reload(peer).last_error


def test_a_read_stops_when_its_time_is_spent(fake_peer, settings):
    settings.PEERS_READ_BUDGET_SECONDS = 0
    peer = PeerFactory(base_url=fake_peer.url)
    read_peer(peer.pk)
    peer = reload(peer)
    assert peer.last_status == ReadStatus.FAILED
    assert "reading took longer than 0 s" in peer.last_error


def test_many_long_field_slugs_are_kept(fake_peer):
    peer = PeerFactory(base_url=fake_peer.url)
    item = event_item(url=f"{fake_peer.url}/sl/events/x/", fields=["f" * 100] * 30)
    fake_peer.body = lambda path: page_of(item) if "/events/" in path else page_of()
    assert read_peer(peer.pk) == ReadStatus.OK
    assert PeerEvent.objects.get().field_slugs.count("f" * 100) == 30


def test_a_fault_while_storing_is_logged_and_recorded_and_the_other_source_still_read(
    fake_peer, monkeypatch, caplog
):
    peer = PeerFactory(base_url=fake_peer.url)
    event = event_item(url=f"{fake_peer.url}/sl/events/x/")
    fake_peer.body = lambda path: page_of(event) if "/events/" in path else page_of()

    def broken(item):
        raise ValueError("unexpected")

    monkeypatch.setattr(
        "peers.services.SOURCES",
        {"events": dataclasses.replace(SOURCES["events"], row=broken), "calls": SOURCES["calls"]},
    )
    with caplog.at_level(logging.ERROR, logger="peers.services"):
        assert read_peer(peer.pk) == ReadStatus.FAILED
    assert "events: ValueError: unexpected" in reload(peer).last_error
    assert "calls" in reload(peer).state
    assert caplog.records[0].exc_info is not None
