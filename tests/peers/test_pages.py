"""Other hubs' records on the events and calls lists: on request, filtered like the list,
linking to the other portal, at a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    CallFactory,
    EventFactory,
    FieldOfActivityFactory,
    PeerCallFactory,
    PeerEventFactory,
    PeerFactory,
)

pytestmark = pytest.mark.django_db


def test_the_events_list_offers_other_hubs_and_shows_them_only_when_asked(anonymous):
    record = PeerEventFactory(title="Workshop in Kranj", peer__name="Stičišče Gorenjska")
    page = anonymous.get("/en/events/").content.decode()
    assert 'name="include" value="peers"' in page
    assert "Include other hubs" in page
    assert "Workshop in Kranj" not in page

    page = anonymous.get("/en/events/?include=peers").content.decode()
    assert f'<a href="{record.url}" rel="external noopener">Workshop in Kranj</a>' in page
    assert "On the portal of Stičišče Gorenjska" in page
    assert re.search(r"<input[^>]*name=\"include\"[^>]*checked", page)


def test_other_hubs_events_are_narrowed_by_the_lists_filters(anonymous):
    youth = FieldOfActivityFactory(slug="youth")
    PeerEventFactory(title="Youth workshop", kind="workshop", field_slugs=",youth,")
    PeerEventFactory(title="Conference on care", kind="conference")
    shown = anonymous.get("/en/events/", {"include": "peers", "kind": "workshop"}).content.decode()
    assert "Youth workshop" in shown and "Conference on care" not in shown
    shown = anonymous.get("/en/events/", {"include": "peers", "field": youth.slug}).content.decode()
    assert "Youth workshop" in shown and "Conference on care" not in shown
    shown = anonymous.get("/en/events/", {"include": "peers", "q": "care"}).content.decode()
    assert "Conference on care" in shown and "Youth workshop" not in shown
    past = anonymous.get("/en/events/", {"include": "peers", "when": "past"}).content.decode()
    assert "Youth workshop" not in past


def test_the_calls_list_shows_other_hubs_calls_when_asked(anonymous):
    record = PeerCallFactory(title="Small grants in Kranj", peer__name="Stičišče Gorenjska")
    assert "Small grants in Kranj" not in anonymous.get("/en/calls/").content.decode()
    page = anonymous.get("/en/calls/?include=peers").content.decode()
    assert f'<a href="{record.url}" rel="external noopener">Small grants in Kranj</a>' in page
    assert "On the portal of Stičišče Gorenjska" in page
    # A filter other hubs' records cannot answer (who may apply) shows none of them.
    page = anonymous.get("/en/calls/?include=peers&sector=civil").content.decode()
    assert "Small grants in Kranj" not in page


def test_a_changed_record_is_shown_at_once_despite_the_page_cache(anonymous):
    record = PeerEventFactory(title="Before")
    assert "Before" in anonymous.get("/en/events/?include=peers").content.decode()
    record.title = "After"
    record.save()
    assert "After" in anonymous.get("/en/events/?include=peers").content.decode()


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(("include", "queries"), [(None, 6), ("peers", 7)])
def test_the_events_list_takes_the_same_queries_with_or_without_other_hubs(
    count, include, queries, anonymous, django_assert_num_queries
):
    field = FieldOfActivityFactory()
    for n in range(count):
        EventFactory(start=timezone.now() + timedelta(days=n + 1), fields=[field])
        PeerEventFactory(peer=PeerFactory(), start=timezone.now() + timedelta(days=n + 1))

    # 1. the months that have events (for the month filter)
    # 2. how many events match (paginator)
    # 3. one page of events with seat counts, municipality and organiser
    # 4. their fields of activity
    # 5. the fields of activity for the filter
    # 6. the municipalities for the filter
    # 7. with include=peers: other hubs' events with their portals
    with django_assert_num_queries(queries):
        response = anonymous.get("/en/events/", {"include": include} if include else {})
    assert response.content.decode().count("On the portal of") == (count if include else 0)


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(("include", "queries"), [(None, 6), ("peers", 7)])
def test_the_calls_list_takes_the_same_queries_with_or_without_other_hubs(
    count, include, queries, anonymous, django_assert_num_queries
):
    field = FieldOfActivityFactory()
    for _ in range(count):
        CallFactory(fields=[field])
        PeerCallFactory(peer=PeerFactory())
    # 1. fields of activity for the filter's choices
    # 2. funders for the filter's choices
    # 3. regions for the filter's choices
    # 4. count of the calls found
    # 5. the calls of this page, with their funders
    # 6. the fields of activity of those calls
    # 7. with include=peers: other hubs' calls with their portals
    with django_assert_num_queries(queries):
        response = anonymous.get("/en/calls/", {"include": include} if include else {})
    assert response.content.decode().count("On the portal of") == (count if include else 0)


def test_the_api_publishes_only_this_hubs_own_records(anonymous):
    PeerEventFactory(title="Read from next door")
    PeerCallFactory(title="Read from next door")
    assert "next door" not in anonymous.get("/api/v1/events/?include=peers").content.decode()
    assert "next door" not in anonymous.get("/api/v1/calls/").content.decode()


@pytest.mark.parametrize(
    ("address", "factory"),
    [
        ("/en/events/feed.ics?include=peers", PeerEventFactory),
        ("/en/events/feed/?include=peers", PeerEventFactory),
        ("/en/calls/feed/?include=peers", PeerCallFactory),
    ],
)
def test_a_feed_with_other_hubs_answers_afresh_once_a_read_changes_a_record(
    anonymous, address, factory
):
    record = factory(title="Before")
    first = anonymous.get(address)
    assert "Before" in first.content.decode()
    assert anonymous.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    record.title = "After"
    record.save()
    again = anonymous.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "After" in again.content.decode()
