"""Registering asks the funder's entry items; one person is one participant; programmes register
for their sessions; special-category data stays unreadable without its permission."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from events import indicators
from events.models import OrganisationLink, Registration, SpecialCategoryEntry
from events.services import registration_check_in, registration_create
from events.services.participants import EntryData, age_band
from hub.entry import REFUSED
from hub.indicators import RULES, Period
from hub.models import FunderTemplate
from hub.selectors import hub_cache_clear, hub_profile
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    OperationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ESF_PLUS = ["age", "gender", "education", "employment", "disability", "minority"]


@pytest.fixture
def esf_plus():
    template = FunderTemplate.objects.create(code="esf-plus", name="ESF+", entry_items=ESF_PLUS)
    operation = OperationFactory(template=template)
    hub_cache_clear()
    hub_profile()  # read once, as a running site has it in its cache
    return operation


def form_data(email="ana@example.org", **extra):
    return {"name": "Ana Novak", "email": email, "consent": "on", **extra}


def test_without_a_template_the_form_asks_no_entry_data(anonymous):
    event = EventFactory()
    page = anonymous.get(f"/en/events/{event.slug}/").content.decode()
    assert "Year of birth" not in page and "Gender" not in page


def test_the_form_asks_the_templates_items_as_optional_with_their_purposes(anonymous, esf_plus):
    event = EventFactory()
    page = anonymous.get(f"/en/events/{event.slug}/").content.decode()
    for text in [
        "Year of birth",
        "Only your age group at the time of the event is kept",
        "Highest completed education",
        "The funder counts participants by gender.",
        "Do you have a disability?",
        "Do you belong to a minority",
        "explicitly agree",
    ]:
        assert text in page
    assert "foreign background" not in page  # not asked by this template


def test_registering_without_answering_works_and_records_what_was_asked(anonymous, esf_plus):
    event = EventFactory()
    response = anonymous.post(f"/en/events/{event.slug}/register/", form_data())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.entry_items == ["age", "gender", "education", "employment"]
    assert (registration.age_band, registration.gender, registration.employment) == ("", "", "")
    special = SpecialCategoryEntry.objects.get(registration=registration)
    assert special.items == ["disability", "minority"]
    assert (special.consent, special.disability, special.minority) == (False, "", "")


def test_answers_are_stored_at_entry_and_the_year_of_birth_only_as_an_age_band(anonymous, esf_plus):
    event = EventFactory()
    data = form_data(
        birth_year=event.start.year - 40,
        gender="non_binary",
        education=REFUSED,
        employment="employed",
        disability="yes",
        minority=REFUSED,
        special_consent="on",
    )
    assert anonymous.post(f"/en/events/{event.slug}/register/", data).status_code == 302
    registration = Registration.objects.get()
    assert (registration.age_band, registration.gender) == ("30_54", "non_binary")
    assert (registration.education, registration.employment) == (REFUSED, "employed")
    special = registration.special_category
    assert (special.consent, special.disability, special.minority) == (True, "yes", REFUSED)


def test_special_answers_without_consent_are_refused_with_a_message(anonymous, esf_plus):
    event = EventFactory()
    response = anonymous.post(f"/en/events/{event.slug}/register/", form_data(disability="no"))
    assert response.status_code == 200
    assert "Please agree to us keeping these answers" in response.content.decode()
    assert not Registration.objects.exists()
    # "Prefer not to answer" needs no consent: it is stored as a refusal.
    response = anonymous.post(f"/en/events/{event.slug}/register/", form_data(disability=REFUSED))
    assert response.status_code == 302
    assert Registration.objects.get().special_category.disability == REFUSED


def test_another_disadvantage_is_asked_in_the_visitors_language_and_kept_only_with_consent(
    anonymous,
):
    template = FunderTemplate.objects.create(
        code="esf-2014", name="ESF", entry_items=["gender", "disability", "other_disadvantage"]
    )
    OperationFactory(template=template)
    hub_cache_clear()
    event = EventFactory()
    assert "Are you disadvantaged in another way" in (
        anonymous.get(f"/en/events/{event.slug}/").content.decode()
    )
    assert "Ste prikrajšani na kak drug način" in (
        anonymous.get(f"/sl/events/{event.slug}/").content.decode()
    )

    refused = anonymous.post(
        f"/en/events/{event.slug}/register/", form_data(other_disadvantage="yes")
    )
    assert "Please agree to us keeping these answers" in refused.content.decode()
    assert not Registration.objects.exists()

    kept = anonymous.post(
        f"/en/events/{event.slug}/register/",
        form_data(other_disadvantage="yes", special_consent="on"),
    )
    assert kept.status_code == 302
    special = Registration.objects.get().special_category
    assert special.items == ["disability", "other_disadvantage"]
    assert (special.consent, special.other_disadvantage, special.disability) == (True, "yes", "")


def test_a_bad_year_of_birth_is_explained_and_nothing_is_stored(anonymous, esf_plus):
    event = EventFactory()
    response = anonymous.post(f"/en/events/{event.slug}/register/", form_data(birth_year="1066"))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_age_bands():
    on = date(2026, 6, 1)
    assert age_band(birth_year=2010, on=on) == "under_18"
    # Both ESF periods' cut-offs: 18–24 and 25–29 (below 25; 18–29).
    assert age_band(birth_year=2008, on=on) == "18_24"
    assert age_band(birth_year=2002, on=on) == "18_24"
    assert age_band(birth_year=2001, on=on) == "25_29"
    assert age_band(birth_year=1997, on=on) == "25_29"
    assert age_band(birth_year=1996, on=on) == "30_54"
    assert age_band(birth_year=1971, on=on) == "55_plus"


def test_the_detail_page_with_a_template_takes_one_query_more(
    anonymous, esf_plus, django_assert_num_queries
):
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    # 1. the event with its seat counts, municipality, organiser, call and programme
    # 2. its fields of activity
    # 3. the entry items of the operation's funder template, 4. the news about the event
    with django_assert_num_queries(4):
        assert anonymous.get(f"/en/events/{event.slug}/").status_code == 200


def test_stored_entry_data_and_figures_stay_when_the_person_later_edits_their_details(
    client_for, esf_plus
):
    user = UserFactory(email="ana@example.org")
    event = EventFactory()
    client = client_for(user)
    client.post(f"/en/events/{event.slug}/register/", form_data(gender="woman"))
    registration = Registration.objects.get()
    # The event takes place and the person is checked in.
    event.start = timezone.now() - timedelta(hours=1)
    event.end = timezone.now() + timedelta(hours=1)
    event.save()
    registration_check_in(registration=registration)
    period = Period(event.local_day, event.local_day)
    before = RULES["participants_new"](period=period, params={"breakdowns": ["gender"]}).to_json()

    # The person changes their account, then registers again elsewhere saying otherwise.
    user.first_name, user.email = "Ana Marija", "ana.marija@example.org"
    user.save()
    other = EventFactory()
    client.post(
        f"/en/events/{other.slug}/register/", form_data("ana.marija@example.org", gender="man")
    )
    registration.refresh_from_db()
    assert registration.gender == "woman"
    assert Registration.objects.get(event=other).pid == registration.pid
    after = RULES["participants_new"](period=period, params={"breakdowns": ["gender"]}).to_json()
    assert after == before


def test_registering_for_a_programme_registers_for_every_session_to_come(
    mailoutbox, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    now = timezone.now()
    sessions = [
        EventFactory(
            programme=programme, start=now + timedelta(days=d), end=now + timedelta(days=d, hours=3)
        )
        for d in (7, 14, 21)
    ]
    sessions[2].capacity = 0
    sessions[2].save()
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            event=sessions[0],
            name="Ana",
            email="Ana@example.org",
            consent=True,
            entry=EntryData(items=["gender"], gender="woman"),
        )
    statuses = {r.event_id: (r.status, r.gender, r.pid) for r in Registration.objects.all()}
    assert statuses == {
        sessions[0].pk: ("confirmed", "woman", registration.pid),
        sessions[1].pk: ("confirmed", "woman", registration.pid),
        sessions[2].pk: ("waiting", "woman", registration.pid),
    }
    assert len(mailoutbox) == 1  # one e-mail, about the session registered for


def test_the_form_links_a_members_organisation_by_membership_and_a_typed_name_unconfirmed(
    client_for, anonymous, ngo_admin, organisation_a
):
    event = EventFactory()
    client_for(ngo_admin).post(
        f"/en/events/{event.slug}/register/",
        form_data(ngo_admin.email, organisation=organisation_a.pk),
    )
    anonymous.post(
        f"/en/events/{event.slug}/register/",
        form_data("guest@example.org", organisation_name=organisation_a.name),
    )
    links = dict(Registration.objects.values_list("email", "organisation_link"))
    assert links == {ngo_admin.email: OrganisationLink.MEMBERSHIP, "guest@example.org": "name"}
    assert Registration.objects.filter(organisation=organisation_a).count() == 2


def test_staff_confirm_a_typed_link_in_the_admin_and_it_is_kept_in_the_history(
    client_for, staff, organisation_a
):
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(start=start, end=start + timedelta(hours=3))
    registration = RegistrationFactory(
        event=event,
        attended=True,
        organisation=organisation_a,
        organisation_link=OrganisationLink.NAME,
    )
    period = Period(event.local_day, event.local_day)
    assert indicators.training_organisation_ids(period=period) == set()
    response = client_for(staff).post(
        "/admin/events/registration/",
        {"action": "confirm_organisation", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.organisation_link == OrganisationLink.STAFF
    assert indicators.training_organisation_ids(period=period) == {organisation_a.pk}
    assert registration.history.count() >= 1


def test_check_in_is_kept_in_the_registrations_history():
    registration = RegistrationFactory(event__under_way=True)
    registration_check_in(registration=registration)
    registration_check_in(registration=registration, attended=False)
    assert [h.attended for h in registration.history.order_by("history_id")][-2:] == [True, False]


# Special-category data: unreadable without the permission


@pytest.fixture
def special(organisation_a):
    start = timezone.now() - timedelta(days=1)
    event = EventFactory(start=start, end=start + timedelta(hours=3))
    registration = RegistrationFactory(event=event, name="Sara Special", attended=True)
    entry = SpecialCategoryEntry.objects.create(
        registration=registration,
        items=["disability", "minority"],
        consent=True,
        disability="yes",
        minority="no",
    )
    return entry


@pytest.fixture
def desk(db):
    """Hub staff who may work with events and registrations, but not special-category data."""
    user = UserFactory(email="desk@sticisce.test", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="events").exclude(
            codename="view_special_category"
        )
    )
    return user


def test_without_the_permission_special_category_data_is_nowhere_to_read(client_for, desk, special):
    assert not desk.has_perm("events.view_special_category")
    client = client_for(desk)
    registration = special.registration
    event = registration.event
    assert client.get("/admin/events/specialcategoryentry/").status_code == 403
    assert client.get(f"/admin/events/specialcategoryentry/{special.pk}/change/").status_code == 403
    admin_index = client.get("/admin/").content.decode()
    assert "pecial-category" not in admin_index
    for url in [
        f"/admin/events/registration/{registration.pk}/change/",
        f"/admin/events/registration/{registration.pk}/history/",
        f"/admin/events/event/{event.pk}/change/",
        f"/en/events/{event.slug}/manage/",
        f"/en/events/{event.slug}/manage/check-in/",
        f"/en/events/{event.slug}/manage/participants.csv",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "Sara Special" in content or url.endswith("history/"), url
        assert "disabilit" not in content.lower(), url
        assert "minority" not in content.lower(), url


def test_with_the_permission_the_admin_shows_answers_by_pseudonymous_id_only(
    client_for, desk, special
):
    desk.user_permissions.add(Permission.objects.get(codename="view_special_category"))
    client = client_for(desk)
    listing = client.get("/admin/events/specialcategoryentry/").content.decode()
    assert str(special.registration.pid) in listing
    assert "Sara Special" not in listing
    change = client.get(f"/admin/events/specialcategoryentry/{special.pk}/change/")
    assert change.status_code == 200
    assert "Sara Special" not in change.content.decode()


def test_staff_pages_of_a_session_lead_to_the_other_sessions(client_for, staff):
    programme = ProgrammeFactory()
    now = timezone.now()
    first, second = [
        EventFactory(
            programme=programme,
            start=now + timedelta(days=d),
            end=now + timedelta(days=d, hours=2),
        )
        for d in (1, 8)
    ]
    client = client_for(staff)
    for page in ("manage/", "manage/check-in/"):
        content = client.get(f"/en/events/{first.slug}/{page}").content.decode()
        assert "Session 2" in content
        assert f"/en/events/{second.slug}/{page}" in content


def test_the_esf_items_are_asked_and_rural_follows_the_municipality_where_known(anonymous):
    template = FunderTemplate.objects.create(
        code="esf-both",
        name="ESF",
        entry_items=["third_country", "household", "homeless", "rural"],
    )
    OperationFactory(template=template)
    hub_cache_clear()
    rural = MunicipalityFactory(urbanisation="rural")
    town = MunicipalityFactory(urbanisation="towns")
    event = EventFactory()
    page = anonymous.get(f"/en/events/{event.slug}/").content.decode()
    for text in ["outside the European Union", "Your household", "housing exclusion", "rural"]:
        assert text in page

    anonymous.post(
        f"/en/events/{event.slug}/register/",
        form_data(third_country="no", household="jobless_children", residence=rural.pk),
    )
    anonymous.post(
        f"/en/events/{event.slug}/register/",
        form_data(email="bor@example.org", homeless="refused", residence=town.pk, rural="yes"),
    )
    anonymous.post(
        f"/en/events/{event.slug}/register/", form_data(email="cene@example.org", rural="yes")
    )
    stored = {
        r.email: (r.third_country, r.household, r.homeless, r.rural)
        for r in Registration.objects.all()
    }
    assert stored == {
        "ana@example.org": ("no", "jobless_children", "", "yes"),
        # The municipality's degree of urbanisation answers the question where it is known.
        "bor@example.org": ("", "", "refused", "no"),
        "cene@example.org": ("", "", "", "yes"),
    }
