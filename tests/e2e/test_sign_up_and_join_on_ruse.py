"""On the Ruse demo: a person signs up from "Register your organisation" and lands on the form
after confirming; asks to join an organisation without admins, which e-mails the hub's staff;
the demo's staff account approves in the admin; the person is told."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from organisations.demo import DEMO_PASSWORD, PEOPLE
from organisations.models import JoinRequest, Membership, Organisation, VerificationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase 42"


def test_sign_up_lands_on_the_form_and_a_join_request_is_answered_by_staff(
    page, browser, live_server
):
    call_command("load_demo", "--hub", "ruse", verbosity=0)
    staff_email = PEOPLE["ruse"][0][0]
    mail.outbox.clear()

    # "Register your organisation" on the home page leads to sign-up ...
    page.goto("/en/")
    page.get_by_role("link", name="Register your organisation").first.click()
    page.wait_for_url(re.compile(r"/en/accounts/signup/\?next="))
    page.get_by_label("Email").fill("ivana@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("First name").fill("Ивана")
    page.get_by_label("Last name").fill("Стоянова")
    page.get_by_label("I have read the privacy notice", exact=False).check()
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    # ... and, once the e-mail is confirmed, to the registration form.
    (confirmation,) = [m for m in mail.outbox if m.to == ["ivana@example.org"]]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+", confirmation.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/en/organisations/register/$"))
    expect(page.get_by_role("button", name="Register the organisation")).to_be_visible()

    # Most demo organisations have no admin: asking to join one reaches the hub's staff.
    organisation = (
        Organisation.objects.filter(
            verification_status=VerificationStatus.VERIFIED, memberships__isnull=True
        )
        .order_by("name")
        .first()
    )
    page.goto(f"/en/organisations/{organisation.slug}/")
    page.get_by_role("link", name="Ask to join this organisation").click()
    expect(page.get_by_text("the hub's staff get your request by e-mail")).to_be_visible()
    page.get_by_label("Message").fill("Аз водя счетоводството.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("the hub's staff have been told")).to_be_visible()
    to_staff = [m for m in mail.outbox if staff_email in m.to]
    assert len(to_staff) == 1 and organisation.name in to_staff[0].subject

    # The demo's staff account answers in the admin, in its own browser.
    staff_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff_page = staff_context.new_page()
    staff_page.goto(
        "/en/accounts/login/?next=/admin/organisations/joinrequest/%3Fstatus__exact%3Dpending"
    )
    staff_page.get_by_label("Email").fill(staff_email)
    staff_page.get_by_label("Password").fill(DEMO_PASSWORD)
    staff_page.get_by_role("button", name="Sign In").click()
    staff_page.wait_for_url(re.compile(r"/admin/organisations/joinrequest/"))
    row = staff_page.get_by_role("row", name=re.compile("Ивана Стоянова"))
    row.get_by_role("checkbox").check()
    staff_page.locator("select[name=action]").select_option("approve")
    staff_page.get_by_role("button", name="Go").click()
    expect(staff_page.get_by_text("1 requests approved")).to_be_visible()
    staff_context.close()

    # The person is told, and may now edit the profile.
    answer = [m for m in mail.outbox if m.to == ["ivana@example.org"]][-1]
    # In the organisation's language: "the hub's team approved your request".
    assert "Екипът на центъра одобри заявката ви" in answer.body
    assert JoinRequest.objects.get(organisation=organisation).status == "approved"
    assert Membership.objects.filter(organisation=organisation, user__email="ivana@example.org")
