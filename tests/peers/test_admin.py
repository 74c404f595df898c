"""Staff register other hubs' portals in the admin; nobody else may see or change them."""

from __future__ import annotations

import pytest

from peers.models import Peer, PeerEvent
from tests.factories import PeerEventFactory, PeerFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/peers/peer/add/"
EN = {"Accept-Language": "en"}
NEW = {"name": "Stičišče Gorenjska", "base_url": "https://gorenjska.example.org", "is_active": "on"}


def test_the_add_page_says_what_to_enter(client_for, staff):
    page = client_for(staff).get(ADD, headers=EN).content.decode()
    assert "its public API is read at /api/v1/ under it" in page


def test_staff_add_a_portal_and_see_how_its_last_read_went(client_for, staff):
    client = client_for(staff)
    assert client.post(ADD, NEW).status_code == 302
    peer = Peer.objects.get(base_url="https://gorenjska.example.org")
    Peer.objects.filter(pk=peer.pk).update(last_status="failed", last_error="events: not JSON")
    page = client.get("/admin/peers/peer/").content.decode()
    assert "events: not JSON" in page
    assert "failed" in page


def test_an_address_that_is_not_one_is_refused_and_nothing_saved(client_for, staff):
    response = client_for(staff).post(ADD, {**NEW, "base_url": "gorenjska"}, headers=EN)
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not Peer.objects.exists()


def test_read_records_are_shown_but_cannot_be_changed(client_for, staff):
    record = PeerEventFactory(title="Read from next door")
    client = client_for(staff)
    assert "Read from next door" in client.get("/admin/peers/peerevent/").content.decode()
    client.post(f"/admin/peers/peerevent/{record.pk}/change/", {"title": "Changed"})
    assert PeerEvent.objects.get().title == "Read from next door"


def test_read_now_reads_the_chosen_portals(
    client_for, staff, monkeypatch, django_capture_on_commit_callbacks
):
    read = []
    monkeypatch.setattr("peers.admin.read_peer.delay", read.append)
    peer, paused = PeerFactory(), PeerFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            "/admin/peers/peer/",
            {"action": "read_now", "_selected_action": [peer.pk, paused.pk]},
            follow=True,
            headers=EN,
        )
    assert read == [peer.pk]
    assert "1 portal will be read in a moment" in response.content.decode()


PAGES = [
    ("get", "/admin/peers/peer/", None),
    ("get", ADD, None),
    ("post", ADD, NEW),
    ("get", "/admin/peers/peerevent/", None),
]


@pytest.mark.parametrize(("method", "url", "data"), PAGES)
@pytest.mark.parametrize("person", ["anonymous", "ngo_admin", "other_ngo_admin"])
def test_only_staff_reach_the_portals_and_nothing_changes_for_others(
    request, client_for, anonymous, method, url, data, person
):
    client = anonymous if person == "anonymous" else client_for(request.getfixturevalue(person))
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Peer.objects.exists()


def test_staff_without_the_permission_are_refused(client_for):
    clerk = UserFactory(email="clerk@sticisce.test", is_staff=True)
    assert client_for(clerk).get("/admin/peers/peer/").status_code == 403
    assert client_for(clerk).post(ADD, NEW).status_code == 403
    assert not Peer.objects.exists()
