import re

import pytest
from django.core import mail

from events.models import Registration
from events.services import registration_create
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_registers_cancels_through_the_emailed_link_and_the_first_waiting_moves_up(
    page, live_server, settings
):
    settings.SITE_URL = live_server.url
    event = EventFactory(title="Writing a project application", capacity=2)
    RegistrationFactory(event=event, name="Already Seated")

    page.goto("/en/events/")
    page.get_by_role("link", name="Writing a project application").click()
    assert page.get_by_text("1 seat left").is_visible()
    page.get_by_label("Full name").fill("Vesna Visitor")
    page.get_by_label("E-mail address").fill("vesna@example.org")
    page.get_by_label("Organisation").fill("Društvo za mlade")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()

    page.get_by_role("heading", name="You have a seat").wait_for()
    assert page.get_by_text("Vesna Visitor is registered.").is_visible()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["vesna@example.org"]
    assert confirmation.attachments[0][0].endswith(".ics")

    # The event is now full: the next person joins the waiting list.
    registration_create(
        event=event,
        name="Walter Waiting",
        email="walter@example.org",
        consent=True,
        language="en",
    )
    assert event.registrations.get(email="walter@example.org").status == "waiting"
    mail.outbox.clear()

    link = re.search(r"http://\S+/registration/\S+/", confirmation.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Cancel my registration").click()

    page.get_by_role("heading", name="This registration is cancelled").wait_for()
    assert page.get_by_text("The registration is cancelled").is_visible()
    walter = event.registrations.get(email="walter@example.org")
    assert walter.status == Registration.Status.CONFIRMED
    promoted = [m for m in mail.outbox if m.to == ["walter@example.org"]]
    assert len(promoted) == 1 and "A seat is free for you" in promoted[0].subject


def test_staff_check_people_in_with_one_tap_after_a_search(page, live_server):
    staff = UserFactory(email="door@sticisce.test", is_staff=True)
    event = EventFactory(title="Working meeting", under_way=True)
    tina = RegistrationFactory(event=event, name="Tina Kralj", organisation_name="Društvo Soča")
    RegistrationFactory(event=event, name="Boris Novak")

    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Sign out").wait_for()
    page.goto(f"/en/events/{event.slug}/manage/check-in/")

    page.get_by_label("Find a person").fill("soča")
    assert page.get_by_role("button", name=re.compile("Boris Novak")).is_hidden()
    page.get_by_role("button", name=re.compile("Tina Kralj")).click()

    page.get_by_role("button", name=re.compile("Tina Kralj.*Present")).wait_for()
    assert page.locator("[data-present]").inner_text() == "1"
    tina.refresh_from_db()
    assert tina.attended
