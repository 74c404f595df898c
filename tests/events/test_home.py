from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_next_three_upcoming_events(anonymous):
    now = timezone.now()
    for days in (9, 3, 5, 20):
        EventFactory(
            title=f"In {days} days",
            start=now + timedelta(days=days),
            end=now + timedelta(days=days, hours=3),
        )
    EventFactory(title="Yesterday", start=now - timedelta(days=1), end=now - timedelta(hours=20))
    EventFactory(
        title="Draft",
        start=now + timedelta(days=1),
        end=now + timedelta(days=1, hours=2),
        is_published=False,
    )

    response = anonymous.get("/en/")

    assert [e.title for e in response.context["upcoming_events"]] == [
        "In 3 days",
        "In 5 days",
        "In 9 days",
    ]
    assert "Next events" in response.content.decode()


def test_the_home_page_without_events_points_to_past_ones(anonymous):
    page = anonymous.get("/en/").content.decode()
    assert "No events are planned at the moment." in page
    assert "/en/events/?when=past" in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_home_page_events_take_the_same_queries_for_one_or_thirty(
    count, anonymous, django_assert_num_queries
):
    now = timezone.now()
    for n in range(count):
        EventFactory(start=now + timedelta(days=n + 1), end=now + timedelta(days=n + 1, hours=2))

    # 1. the latest news (none here)
    # 2. the next three events with seat counts, municipality and organiser  3. their fields
    # 4. the open calls closing soonest (none here, so nothing to prefetch)
    with django_assert_num_queries(4):
        anonymous.get("/en/")
