"""Check-in opens on the event's day where it happens; certificates only once it has ended."""

from datetime import datetime, time, timedelta

import pytest

from events.errors import CertificatesNotYet, CheckInNotOpen
from events.models import Registration
from events.services import certificate_request, certificates_issue, registration_check_in
from hub.models import Document
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_week(db):
    """The 12 December event seen on 6 December: registered, nobody may be checked in yet."""
    event = EventFactory()
    return RegistrationFactory(event=event, name="Tina Kralj")


def test_check_in_is_refused_before_the_events_day_and_nothing_changes(next_week):
    with pytest.raises(CheckInNotOpen):
        registration_check_in(registration=next_week)
    next_week.refresh_from_db()
    assert not next_week.attended and next_week.checked_in_at is None


def test_check_in_opens_at_midnight_of_the_events_day_where_it_happens():
    event = EventFactory(time_zone="Europe/Sofia")
    registration = RegistrationFactory(event=event)
    local_start = event.start.astimezone(event.zone)
    midnight = datetime.combine(local_start.date(), time.min, tzinfo=event.zone)
    with pytest.raises(CheckInNotOpen):
        registration_check_in(registration=registration, now=midnight - timedelta(seconds=1))
    registration_check_in(registration=registration, now=midnight)
    registration.refresh_from_db()
    assert registration.attended


def test_staff_may_correct_attendance_after_the_event():
    registration = RegistrationFactory(event__ended=True, attended=True)
    registration_check_in(registration=registration, attended=False)
    registration.refresh_from_db()
    assert not registration.attended


def test_the_check_in_page_says_when_it_opens_and_offers_no_button(client_for, staff, next_week):
    client = client_for(staff)
    base = f"/en/events/{next_week.event.slug}/manage/check-in/"
    page = client.get(base).content.decode()
    day = next_week.event.start.astimezone(next_week.event.zone)
    assert f"Check-in opens on {day.day} {day:%B} {day.year}, the day of the event" in page
    assert "Tap to check in" not in page

    response = client.post(f"{base}{next_week.pk}/", {"attended": "1"}, follow=True)
    assert "attendance cannot be marked before then" in response.content.decode()
    json = client.post(f"{base}{next_week.pk}/", {"attended": "1"}, HTTP_ACCEPT="application/json")
    assert json.status_code == 409
    next_week.refresh_from_db()
    assert not next_week.attended


def test_the_slovene_check_in_page_says_it_in_slovene(client_for, staff, next_week):
    page = client_for(staff).get(f"/sl/events/{next_week.event.slug}/manage/check-in/")
    assert "Evidentiranje prisotnosti se začne" in page.content.decode()


def test_on_the_day_the_page_offers_the_buttons(client_for, staff):
    registration = RegistrationFactory(event__under_way=True)
    page = client_for(staff).get(f"/en/events/{registration.event.slug}/manage/check-in/")
    assert "Tap to check in" in page.content.decode()


@pytest.mark.parametrize("person", ["anonymous", "ngo_admin"])
def test_check_in_is_still_for_staff_only(request, client_for, anonymous, person):
    registration = RegistrationFactory(event__under_way=True)
    client = anonymous if person == "anonymous" else client_for(request.getfixturevalue(person))
    url = f"/en/events/{registration.event.slug}/manage/check-in/{registration.pk}/"
    assert client.post(url, {"attended": "1"}).status_code in {302, 403}
    registration.refresh_from_db()
    assert not registration.attended


def test_certificates_wait_until_the_session_has_ended(client_for, staff):
    registration = RegistrationFactory(event__under_way=True)
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    registration.refresh_from_db()
    with pytest.raises(CertificatesNotYet):
        certificates_issue(event=registration.event)
    with pytest.raises(CertificatesNotYet):
        certificate_request(registration=registration)

    manage = f"/en/events/{registration.event.slug}/manage/"
    page = client_for(staff).get(manage).content.decode()
    assert "Certificates can be prepared once the event has ended." in page
    response = client_for(staff).post(f"{manage}certificates/", follow=True)
    assert "can be prepared once the event has ended (" in response.content.decode()
    assert not Document.objects.exists()


def test_certificates_are_prepared_once_the_session_has_ended():
    registration = RegistrationFactory(event__ended=True, attended=True)
    assert certificates_issue(event=registration.event) == 1
