import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType

from events.models import Event, Registration
from events.services import attendance_sheet_request, certificate_request
from hub.models import Document
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def staff_urls(event, registration):
    base = f"/en/events/{event.slug}/manage"
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/check-in/"),
        ("post", f"{base}/check-in/{registration.pk}/"),
        ("get", f"{base}/participants.csv"),
        ("post", f"{base}/attendance-sheet/"),
        ("post", f"{base}/certificates/"),
    ]


def test_staff_pages_send_anonymous_visitors_to_sign_in(anonymous):
    registration = RegistrationFactory()
    for method, url in staff_urls(registration.event, registration):
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/en/accounts/login/"), url
    registration.refresh_from_db()
    assert not registration.attended


def test_staff_pages_are_refused_to_ngo_admins(client_for, ngo_admin):
    registration = RegistrationFactory()
    client = client_for(ngo_admin)
    for method, url in staff_urls(registration.event, registration):
        assert getattr(client, method)(url, {"attended": "1"}).status_code == 403, url
    registration.refresh_from_db()
    assert not registration.attended
    assert not Document.objects.exists()


def test_staff_see_participants_and_the_way_to_check_in(client_for, staff):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, name="Seated Person")
    RegistrationFactory(event=event, name="Waiting Person", status=Registration.Status.WAITING)
    RegistrationFactory(event=event, name="Gone Person", status=Registration.Status.CANCELLED)

    page = client_for(staff).get(f"/en/events/{event.slug}/manage/").content.decode()

    assert "Seated Person" in page and "Waiting Person" in page
    assert "Gone Person" not in page
    assert "Check-in at the door" in page


def test_one_tap_checks_a_person_in_and_a_second_undoes_it(client_for, staff):
    registration = RegistrationFactory(name="Tina Kralj", event__under_way=True)
    url = f"/en/events/{registration.event.slug}/manage/check-in/{registration.pk}/"
    client = client_for(staff)

    response = client.post(url, {"attended": "1", "q": "tina"})
    assert response.status_code == 302
    assert response.url.endswith(f"?q=tina#r-{registration.pk}")  # back to the same search
    registration.refresh_from_db()
    assert registration.attended and registration.checked_in_at

    response = client.post(url, {"attended": "0"}, headers={"Accept": "application/json"})
    assert response.json() == {"attended": False, "present": 0}
    registration.refresh_from_db()
    assert not registration.attended


def test_check_in_search_finds_people_by_name_email_or_organisation(client_for, staff):
    event = EventFactory()
    RegistrationFactory(event=event, name="Tina Kralj", organisation_name="Društvo Soča")
    RegistrationFactory(event=event, name="Boris Novak", email="boris@zavod.si")
    client = client_for(staff)

    def names(query):
        response = client.get(f"/en/events/{event.slug}/manage/check-in/", {"q": query})
        return [r.name for r in response.context["registrations"]]

    assert names("soča") == ["Tina Kralj"]
    assert names("ZAVOD") == ["Boris Novak"]
    assert names("") == ["Boris Novak", "Tina Kralj"]


@pytest.mark.parametrize("count", [1, 200])
def test_the_check_in_page_answers_with_the_same_queries_for_1_or_200_people(
    count, client_for, staff, django_assert_num_queries, organisation_a
):
    event = EventFactory(capacity=count, under_way=True)
    RegistrationFactory.create_batch(count, event=event, organisation=organisation_a)
    client = client_for(staff)

    # 1. the session  2. the signed-in user
    # 3. the event with its seat counts, municipality and organiser
    # 4. its registrations with their organisations
    with django_assert_num_queries(4):
        response = client.get(f"/en/events/{event.slug}/manage/check-in/")
    assert response.content.decode().count('class="check-in-row') == count


@pytest.mark.parametrize("count", [1, 200])
def test_the_participants_page_answers_with_the_same_queries_for_1_or_200_people(
    count, client_for, staff, django_assert_num_queries
):
    event = EventFactory(capacity=count, ended=True)
    registrations = RegistrationFactory.create_batch(count, event=event, attended=True)
    attendance_sheet_request(event=event)
    for registration in registrations:
        certificate_request(registration=registration)
    client = client_for(staff)
    ContentType.objects.get_for_models(Event, Registration)  # cached once per process

    # 1. the session  2. the signed-in user
    # 3. the event with its seat counts, municipality and organiser
    # 4. its registrations with their organisations
    # 5. the certificates of those registrations  6. the attendance sheet
    with django_assert_num_queries(6):
        page = client.get(f"/en/events/{event.slug}/manage/").content.decode()
    assert page.count("Waiting for a worker") == 1  # the sheet
    assert f"Being prepared: {count}." in page


def test_participants_export_as_csv(client_for, staff, organisation_a):
    event = EventFactory()
    RegistrationFactory(event=event, name="Tina", organisation=organisation_a, attended=True)
    RegistrationFactory(event=event, name="=cmd()", organisation_name="Zavod")
    RegistrationFactory(event=event, name="Gone", status=Registration.Status.CANCELLED)

    response = client_for(staff).get(f"/en/events/{event.slug}/manage/participants.csv")

    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-participants.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Organisation"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Tina", "'=cmd()"}  # a formula stays text in a spreadsheet
    assert by_name["Tina"][2:6] == ["Društvo za življenje Soča", "yes", "Confirmed", "yes"]


def test_staff_lower_capacity_in_the_admin_only_to_the_confirmed_count(client_for, staff):
    event = EventFactory(capacity=5)
    RegistrationFactory.create_batch(3, event=event)
    client = client_for(staff)
    url = f"/admin/events/event/{event.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("fields",)
    }
    data.update(
        {
            "start_0": event.start.astimezone(event.zone).strftime("%Y-%m-%d"),
            "start_1": event.start.astimezone(event.zone).strftime("%H:%M:%S"),
            "end_0": event.end.astimezone(event.zone).strftime("%Y-%m-%d"),
            "end_1": event.end.astimezone(event.zone).strftime("%H:%M:%S"),
            "municipality": event.municipality_id,
            "registrations-TOTAL_FORMS": "3",
            "registrations-INITIAL_FORMS": "3",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "1000",
        }
    )
    for n, registration in enumerate(event.registrations.order_by("status", "registered_at")):
        data[f"registrations-{n}-id"] = registration.pk
        data[f"registrations-{n}-event"] = event.pk
    for key in ("registration_opens", "registration_closes", "organiser"):
        data.pop(key, None)

    data["capacity"] = 2
    response = client.post(url, data, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "3 people are already confirmed" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 5

    data["capacity"] = 3
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.capacity == 3


def test_attendance_can_be_marked_in_the_admin_list(client_for, staff):
    registration = RegistrationFactory(event__under_way=True)
    response = client_for(staff).post(
        "/admin/events/registration/",
        {
            "action": "mark_attended",
            "_selected_action": [registration.pk],
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended and registration.checked_in_at


def test_the_admin_lists_events_with_seat_counts_and_keeps_their_history(client_for, staff):
    event = EventFactory(title="Counted event", capacity=4)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    client = client_for(staff)

    changelist = client.get("/admin/events/event/")
    assert changelist.status_code == 200
    row = changelist.context["cl"].result_list.get(pk=event.pk)
    assert (row.confirmed_count, row.waiting_count) == (2, 1)

    assert client.get("/admin/events/event/add/").status_code == 200
    assert client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
    history = client.get(f"/admin/events/event/{event.pk}/history/")
    assert history.status_code == 200
    assert event.history.count() == 1
    assert client.get("/admin/events/registration/").status_code == 200


def test_the_admin_refuses_an_event_that_ends_before_it_starts(client_for, staff):
    response = client_for(staff).post(
        "/admin/events/event/add/",
        {
            "title": "Backwards",
            "slug": "backwards",
            "kind": "training",
            "start_0": "2031-03-13",
            "start_1": "13:00:00",
            "end_0": "2031-03-13",
            "end_1": "09:00:00",
            "time_zone": "Europe/Ljubljana",
            "language": "sl",
            "venue": "Hall",
            "capacity": "10",
            "waiting_list": "on",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end"] == [
        "The event must end after it starts."
    ]


def test_attendance_can_be_ticked_in_the_admin_registration_list(client_for, staff):
    registration = RegistrationFactory()
    response = client_for(staff).post(
        "/admin/events/registration/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": registration.pk,
            "form-0-attended": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended and registration.checked_in_at
