import pytest
from django.utils import timezone

import events.demo
import hub.demo
import organisations.demo
from events.models import Event, EventKind, Registration

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_year_of_events_with_attendance_and_the_months_ahead():
    hub.demo.load()
    organisations.demo.load()
    events.demo.load()

    now = timezone.now()
    past, upcoming = Event.objects.past(now), Event.objects.upcoming(now)
    assert 25 <= Event.objects.count() <= 35
    assert past.count() >= 15 and upcoming.count() >= 6
    assert Event.objects.filter(kind=EventKind.WORKING_MEETING, language="bg").count() == 8
    assert Event.objects.filter(kind=EventKind.INFO_DAY).exists()
    assert Registration.objects.filter(event__in=past, attended=True).count() > 100
    assert not Registration.objects.filter(event__in=upcoming, attended=True).exists()
    assert Registration.objects.filter(status=Registration.Status.WAITING).exists()
    full = Event.objects.with_seat_counts().filter(waiting_count__gt=0).get()
    assert full.confirmed_count == full.capacity  # the demo itself never over-books

    counts = (Event.objects.count(), Registration.objects.count())
    events.demo.load()  # loading again adds nothing
    assert (Event.objects.count(), Registration.objects.count()) == counts
