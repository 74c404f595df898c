import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Registration, SpecialCategoryEntry
from hub.models import FunderTemplate
from hub.selectors import hub_cache_clear
from tests.factories import (
    EventFactory,
    OperationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_esf_plus_form_asks_the_items_as_optional_with_purposes_and_registers_without_them(
    page, live_server
):
    template = FunderTemplate.objects.create(
        code="esf-plus",
        name="ESF+ 2021–2027",
        entry_items=["age", "gender", "education", "employment", "disability", "minority"],
    )
    OperationFactory(template=template)
    hub_cache_clear()
    event = EventFactory(title="Writing a project application")

    page.goto(f"/en/events/{event.slug}/")
    about = page.get_by_role("group", name="About you, for the funder's report (optional)")
    for label, purpose in [
        ("Year of birth", "Only your age group at the time of the event is kept"),
        ("Gender", "The funder counts participants by gender."),
        ("Highest completed education", "by level of education"),
        ("Employment status", "on the labour market"),
    ]:
        field = about.get_by_label(re.compile(label))
        assert field.is_visible()
        assert purpose in about.inner_text()
    assert "(optional)" in about.inner_text()
    sensitive = page.get_by_role("group", name="Sensitive questions (optional)")
    assert sensitive.get_by_role("group", name=re.compile("disability")).is_visible()
    assert sensitive.get_by_label("I explicitly agree").is_visible()

    page.get_by_label("Full name").fill("Vesna Visitor")
    page.get_by_label("E-mail address").fill("vesna@example.org")
    page.get_by_label("I agree that the hub keeps these details").check()
    page.get_by_role("button", name="Register").click()

    page.get_by_role("heading", name="You have a seat").wait_for()
    registration = Registration.objects.get()
    assert (registration.gender, registration.employment, registration.age_band) == ("", "", "")
    assert registration.entry_items == ["age", "gender", "education", "employment"]
    asked = SpecialCategoryEntry.objects.get(registration=registration)
    assert (asked.items, asked.consent, asked.disability) == (["disability", "minority"], False, "")


def test_staff_check_people_in_session_by_session(page, live_server):
    staff = UserFactory(email="door@sticisce.test", is_staff=True)
    programme = ProgrammeFactory(title="School for NGO leaders")
    now = timezone.now()
    sessions = [
        EventFactory(
            title=f"School for NGO leaders, session {n + 1}",
            programme=programme,
            # The first session a week ago (its list corrected afterwards), the second today.
            start=now - timedelta(days=7 * (1 - n), hours=1),
            end=now - timedelta(days=7 * (1 - n), hours=-2),
        )
        for n in (0, 1)
    ]
    ana = [
        RegistrationFactory(event=s, name="Ana Novak", email="ana@example.org") for s in sessions
    ]
    boris = [
        RegistrationFactory(event=s, name="Boris Kralj", email="b@example.org") for s in sessions
    ]

    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Sign out").wait_for()

    page.goto(f"/en/events/{sessions[0].slug}/manage/check-in/")
    sessions_nav = page.get_by_role("navigation", name="Sessions of the programme")
    assert (
        sessions_nav.get_by_role("link", name="Session 1").get_attribute("aria-current") == "page"
    )
    page.get_by_role("button", name=re.compile("Ana Novak")).click()
    page.get_by_role("button", name=re.compile("Ana Novak.*Present")).wait_for()

    sessions_nav.get_by_role("link", name="Session 2").click()
    page.get_by_role("heading", name=re.compile("session 2$")).wait_for()
    page.get_by_role("button", name=re.compile("Boris Kralj")).click()
    page.get_by_role("button", name=re.compile("Boris Kralj.*Present")).wait_for()

    attended = {(r.event_id, r.name) for r in Registration.objects.filter(attended=True)}
    assert attended == {(sessions[0].pk, "Ana Novak"), (sessions[1].pk, "Boris Kralj")}
    assert not Registration.objects.get(pk=ana[1].pk).attended
    assert not Registration.objects.get(pk=boris[0].pk).attended
