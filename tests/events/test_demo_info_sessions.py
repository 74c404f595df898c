"""The demo hub's info days present its open calls, linked once events and calls are loaded."""

import pytest
from django.utils import timezone

import calls.demo
import events.demo
import events.demo_info_sessions
import hub.demo
import organisations.demo
from events.models import Event, EventKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("story", ["goriska", "ruse", "gdansk"])
def test_the_demo_info_days_present_open_calls(story):
    for module in (hub.demo, organisations.demo, events.demo, calls.demo):
        module.load(hub=story)
    info_days = Event.objects.filter(kind=EventKind.INFO_DAY)
    assert not info_days.filter(call__isnull=False).exists()  # the calls' demo links none

    events.demo_info_sessions.load()

    now = timezone.now()
    presenting = info_days.filter(call__isnull=False)
    assert presenting.exists() == info_days.exists()
    for event in presenting.select_related("call"):
        assert event.call.status_at(now) == "open"
    # Each call is presented by one info day, and loading again changes nothing.
    linked = sorted(presenting.values_list("pk", "call"))
    assert len({call for _, call in linked}) == len(linked)
    events.demo_info_sessions.load()
    assert sorted(info_days.filter(call__isnull=False).values_list("pk", "call")) == linked
