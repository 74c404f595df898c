from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import EventKind, Registration
from events.services import registration_create
from tests.factories import (
    EventFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def at(days: int, hour: int = 9):
    """A moment ``days`` from today at ``hour`` o'clock in the hub's time zone."""
    local = timezone.localtime() + timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


# The list


def test_the_list_shows_upcoming_events_by_month_and_past_ones_on_request(anonymous):
    EventFactory(title="Next week's training", start=at(7), end=at(7, 13))
    EventFactory(title="Last month's workshop", start=at(-30), end=at(-30, 13))
    EventFactory(title="A draft", start=at(8), end=at(8, 13), is_published=False)

    upcoming = anonymous.get("/en/events/").content.decode()
    assert "Next week&#x27;s training" in upcoming
    assert "Last month" not in upcoming and "A draft" not in upcoming
    assert at(7).strftime("%B %Y") in upcoming  # the month heading

    past = anonymous.get("/en/events/?when=past").content.decode()
    assert "Last month&#x27;s workshop" in past
    assert "Next week" not in past


def test_the_list_is_filtered_by_kind_field_municipality_and_month(anonymous):
    youth = FieldOfActivityFactory(name="Youth")
    bled = MunicipalityFactory(name="Bled")
    EventFactory(title="Youth training in Bled", municipality=bled, fields=[youth])
    EventFactory(title="Info day elsewhere", kind=EventKind.INFO_DAY)
    EventFactory(title="Later training", start=at(70), end=at(70, 12))

    def titles(query: str) -> set[str]:
        response = anonymous.get(f"/en/events/?{query}")
        return {event.title for event in response.context["events"]}

    assert titles("kind=info_day") == {"Info day elsewhere"}
    assert titles("field=youth") == {"Youth training in Bled"}
    assert titles("municipality=bled") == {"Youth training in Bled"}
    assert titles(f"month={at(70):%Y-%m}") == {"Later training"}


def test_an_empty_list_says_so_and_offers_a_way_out_of_the_filters(anonymous):
    EventFactory(kind=EventKind.TRAINING)
    response = anonymous.get("/en/events/?kind=conference")
    assert "No events match these filters." in response.content.decode()
    assert "Clear filters" in response.content.decode()
    assert "No past events yet." in anonymous.get("/en/events/?when=past").content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_answers_with_the_same_queries_for_one_or_thirty_events(
    count, anonymous, django_assert_num_queries
):
    fields = [FieldOfActivityFactory(), FieldOfActivityFactory()]
    for n in range(count):
        event = EventFactory(start=at(n + 1), end=at(n + 1, 12), fields=fields)
        RegistrationFactory(event=event)

    # 1. the months that have events (for the month filter)
    # 2. how many events match (paginator)
    # 3. one page of events with seat counts, municipality and organiser
    # 4. their fields of activity
    # 5. the fields of activity for the filter
    # 6. the municipalities for the filter
    with django_assert_num_queries(6):
        response = anonymous.get("/en/events/")
    assert len(response.context["events"]) == min(count, 20)


# One event


def test_the_detail_page_gives_date_place_seats_and_state_in_the_readers_language(anonymous):
    event = EventFactory(
        title="Delavnica",
        start=timezone.make_aware(timezone.datetime(2031, 3, 13, 9, 0)),
        end=timezone.make_aware(timezone.datetime(2031, 3, 13, 13, 0)),
        venue="Dvorana",
        capacity=10,
    )
    RegistrationFactory.create_batch(3, event=event)

    english = anonymous.get(f"/en/events/{event.slug}/").content.decode()
    assert "Thursday 13 March 2031" in english
    assert "Dvorana" in english
    assert "7 seats left" in english
    assert "Registration is open" in english

    slovene = anonymous.get(f"/sl/events/{event.slug}/").content.decode()
    assert "13. marec 2031" in slovene
    assert "četrtek" in slovene


def test_a_full_event_offers_the_waiting_list(anonymous):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    page = anonymous.get(f"/en/events/{event.slug}/").content.decode()
    assert "Full — waiting list open" in page
    assert "Join the waiting list" in page


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"registration_closes": timezone.now() - timedelta(hours=1)}, "Registration is closed"),
        ({"start": at(-2), "end": at(-2, 13)}, "This event has taken place"),
        ({"registration_opens": timezone.now() + timedelta(days=1)}, "Registration opens later"),
    ],
)
def test_closed_past_and_not_yet_open_events_say_so_and_show_no_form(anonymous, changes, says):
    event = EventFactory(**changes)
    response = anonymous.get(f"/en/events/{event.slug}/")
    assert says in response.content.decode()
    assert "form" not in response.context or response.context["form"] is None


def test_an_unpublished_event_is_not_found(anonymous):
    event = EventFactory(is_published=False)
    assert anonymous.get(f"/en/events/{event.slug}/").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_detail_page_answers_with_the_same_queries_for_one_or_thirty_registrations(
    count, anonymous, django_assert_num_queries
):
    event = EventFactory(fields=[FieldOfActivityFactory(), FieldOfActivityFactory()])
    RegistrationFactory.create_batch(count, event=event)

    # 1. the event with its seat counts, municipality and organiser
    # 2. its fields of activity
    # 3. the published news about it
    with django_assert_num_queries(3):
        response = anonymous.get(f"/en/events/{event.slug}/")
    assert response.status_code == 200


# Registering


def test_a_visitor_registers_and_is_taken_to_their_registration(
    anonymous, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            f"/en/events/{event.slug}/register/",
            {
                "name": "Maja Kos",
                "email": "maja@example.org",
                "organisation_name": "Društvo za mlade",
                "consent": "on",
            },
            follow=True,
        )

    registration = event.registrations.get()
    assert response.redirect_chain[-1][0] == registration.get_absolute_url()
    page = response.content.decode()
    assert "Maja Kos is registered. A confirmation is on its way to maja@example.org." in page
    assert "You have a seat" in page
    assert registration.organisation_name == "Društvo za mlade"
    assert registration.language == "en"
    assert mailoutbox[0].to == ["maja@example.org"]


def test_a_duplicate_registration_is_refused_politely_and_changes_nothing(anonymous):
    event = EventFactory()
    RegistrationFactory(event=event, email="maja@example.org")
    response = anonymous.post(
        f"/en/events/{event.slug}/register/",
        {"name": "Maja", "email": "MAJA@example.org", "consent": "on"},
    )
    assert response.status_code == 200
    assert "already registered for this event" in response.content.decode()
    assert response.context["form"]["name"].value() == "Maja"  # what was typed is kept
    assert event.registrations.count() == 1


def test_a_registration_without_consent_or_email_shows_what_is_missing(anonymous):
    event = EventFactory()
    response = anonymous.post(
        f"/en/events/{event.slug}/register/", {"name": "Maja", "email": "not an address"}
    )
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Please agree, so that we may keep your registration." in page
    assert not event.registrations.exists()


def test_registering_after_the_window_closed_is_refused_with_a_message(anonymous):
    event = EventFactory(registration_closes=timezone.now() - timedelta(minutes=5))
    response = anonymous.post(
        f"/en/events/{event.slug}/register/",
        {"name": "Maja", "email": "maja@example.org", "consent": "on"},
        follow=True,
    )
    assert "Registration for this event is closed." in response.content.decode()
    assert not event.registrations.exists()


def test_the_form_is_prefilled_for_a_signed_in_person(client_for):
    from tests.factories import UserFactory

    user = UserFactory(first_name="Ana", last_name="Novak", email="ana@example.org")
    event = EventFactory()
    form = client_for(user).get(f"/en/events/{event.slug}/").context["form"]
    assert form["name"].value() == "Ana Novak"
    assert form["email"].value() == "ana@example.org"


def test_a_typed_organisation_that_is_in_the_directory_is_linked(anonymous, organisation_a):
    event = EventFactory()
    anonymous.post(
        f"/en/events/{event.slug}/register/",
        {
            "name": "Maja",
            "email": "maja@example.org",
            "organisation_name": organisation_a.name.upper(),
            "consent": "on",
        },
    )
    registration = event.registrations.get()
    assert registration.organisation == organisation_a
    assert registration.organisation_name == ""


# The person's own link


def test_the_cancel_link_cancels_its_own_registration_and_promotes_the_first_waiting(
    anonymous, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    mine = registration_create(event=event, name="Mine", email="mine@example.org", consent=True)
    waiting = registration_create(event=event, name="W", email="w@example.org", consent=True)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            f"/en/events/{event.slug}/registration/{mine.token}/cancel/", follow=True
        )

    assert "The registration is cancelled" in response.content.decode()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert {m.to[0] for m in mailoutbox} == {"mine@example.org", "w@example.org"}


def test_a_cancel_link_works_only_for_its_own_registration(anonymous):
    event = EventFactory()
    other_event = EventFactory()
    mine = RegistrationFactory(event=event)
    theirs = RegistrationFactory(event=other_event)

    # Someone else's token under this event's address, a made-up token, and a GET: none cancel.
    assert (
        anonymous.post(f"/en/events/{event.slug}/registration/{theirs.token}/cancel/").status_code
        == 404
    )
    assert (
        anonymous.post(f"/en/events/{event.slug}/registration/x{mine.token}/cancel/").status_code
        == 404
    )
    assert (
        anonymous.get(f"/en/events/{event.slug}/registration/{mine.token}/cancel/").status_code
        == 405
    )
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}


def test_the_registration_page_shows_the_status_and_offers_to_cancel(english, anonymous):
    registration = RegistrationFactory(status=Registration.Status.WAITING)
    page = anonymous.get(registration.get_absolute_url()).content.decode()
    assert "You are on the waiting list" in page
    assert "Cancel my registration" in page


def test_my_registrations_lists_a_persons_registrations_and_those_made_for_colleagues(client_for):
    from tests.factories import UserFactory

    user = UserFactory(email="ana@example.org")
    RegistrationFactory(email="ANA@example.org", event__title="Mine")
    RegistrationFactory(registered_by=user, event__title="For a colleague")
    RegistrationFactory(event__title="Someone else's")

    page = client_for(user).get("/en/events/mine/").content.decode()
    assert "Mine" in page and "For a colleague" in page
    assert "Someone else" not in page


# Calendars


def test_the_feed_lists_upcoming_published_events_each_linking_to_its_page(anonymous):
    event = EventFactory(title="Upcoming")
    EventFactory(title="Long past", start=at(-300), end=at(-300, 12))
    EventFactory(title="Draft", is_published=False)

    response = anonymous.get("/en/events/feed.ics")

    assert response["Content-Type"].startswith("text/calendar")
    entries = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in entries] == ["Upcoming"]
    assert str(entries[0]["URL"]) == f"http://testserver/en/events/{event.slug}/"


def test_each_event_has_its_own_calendar_file(anonymous):
    event = EventFactory(title="One event")
    response = anonymous.get(f"/en/events/{event.slug}/calendar.ics")
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "One event"
    assert entry.decoded("DTEND") == event.end


def test_an_ngo_member_registers_a_colleague_of_their_organisation(
    client_for,
    ngo_admin,
    ngo_editor,
    organisation_a,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    client = client_for(ngo_admin)
    form = client.get(f"/en/events/{event.slug}/").context["form"]
    colleague = next(m for m in form.colleagues.values() if m.user == ngo_editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/events/{event.slug}/register/",
            {"attendee": colleague.pk, "consent": "on"},
        )

    registration = event.registrations.get()
    assert registration.email == ngo_editor.email
    assert registration.organisation == organisation_a
    assert registration.registered_by == ngo_admin
    assert mailoutbox[0].to == [ngo_editor.email]  # the colleague gets the link, not the admin


def test_an_ngo_member_cannot_register_someone_from_another_organisation_as_a_colleague(
    client_for, ngo_admin, ngo_editor, other_ngo_admin
):
    event = EventFactory()
    stranger = other_ngo_admin.memberships.get()
    response = client_for(ngo_admin).post(
        f"/en/events/{event.slug}/register/", {"attendee": stranger.pk, "consent": "on"}
    )
    assert "Select a valid choice." in response.content.decode()
    assert not event.registrations.exists()


def test_a_person_without_an_organisation_is_not_offered_colleagues(client_for):
    from tests.factories import UserFactory

    event = EventFactory()
    form = client_for(UserFactory()).get(f"/en/events/{event.slug}/").context["form"]
    assert "attendee" not in form.fields
    assert "organisation" not in form.fields


@pytest.mark.parametrize("count", [1, 30])
def test_the_detail_page_for_a_signed_in_member_takes_the_same_queries_for_1_or_30(
    count, client_for, ngo_admin, ngo_editor, django_assert_num_queries
):
    event = EventFactory()
    RegistrationFactory.create_batch(count, event=event)
    client = client_for(ngo_admin)

    # 1. the event with its seat counts, municipality and organiser  2. its fields
    # 3. the session  4. the signed-in user  5. their own registration, if any
    # 6. the memberships of their colleagues (for "who is coming?")
    # 7. whether the navigation offers them the reports (a permission of theirs or their groups')
    # 8. the published news about the event
    with django_assert_num_queries(8):
        response = client.get(f"/en/events/{event.slug}/")
    assert "attendee" in response.context["form"].fields


def test_a_member_picks_their_own_organisation_and_no_one_elses(
    client_for, ngo_admin, organisation_a, organisation_b
):
    event = EventFactory()
    client = client_for(ngo_admin)
    url = f"/en/events/{event.slug}/register/"
    mine = {"name": "A", "email": ngo_admin.email, "consent": "on"}

    response = client.post(url, {**mine, "organisation": organisation_b.pk})
    assert "Select a valid choice." in response.content.decode()
    assert not event.registrations.exists()

    client.post(url, {**mine, "organisation": organisation_a.pk})
    assert event.registrations.get().organisation == organisation_a
