"""From signing up to being found in the directory, as a person and a hub staff member do it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.organisations.helpers import SI_DAVCNA, SI_MATICNA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase 42"


def sign_up(page, email: str) -> None:
    page.goto("/en/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("First name").fill("Petra")
    page.get_by_label("Last name").fill("Kos")
    page.get_by_label("I have read the privacy notice", exact=False).check()
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    link = re.search(r"http://\S+/en/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


def test_a_registered_organisation_is_verified_and_then_found_without_diacritics(
    page, browser, live_server
):
    # A person signs up and registers their organisation.
    sign_up(page, "predsednica@example.org")
    page.get_by_role("link", name="My account").click()
    page.get_by_role("link", name="Register a new organisation").click()
    page.get_by_role("textbox", name="Name", exact=True).fill("Društvo za življenje Bovec")
    page.get_by_role("combobox", name="Sector").select_option("civil")
    page.get_by_role("combobox", name="Legal form").select_option("association")
    page.get_by_role("combobox", name="Country").select_option("SI")
    page.get_by_label("Registration number").fill(SI_MATICNA)
    page.get_by_label("Tax number").fill(SI_DAVCNA)
    page.get_by_label("Description").fill("Pomoč starejšim v Zgornjem Posočju.")
    page.get_by_role("button", name="Register the organisation").click()
    expect(page.get_by_text("is registered. Hub staff will check it")).to_be_visible()
    expect(page.get_by_text("waiting for the hub to verify it")).to_be_visible()

    # Not public yet.
    page.goto("/en/organisations/?q=zivljenje")
    expect(page.get_by_text("No organisation matches your search.")).to_be_visible()

    # Hub staff verify it in the admin, in their own browser.
    UserFactory(email="staff@sticisce.test", is_staff=True, is_superuser=True)
    staff_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff_page = staff_context.new_page()
    staff_page.goto("/en/accounts/login/?next=/admin/organisations/organisation/")
    staff_page.get_by_label("Email").fill("staff@sticisce.test")
    staff_page.get_by_label("Password").fill("correct horse battery")
    staff_page.get_by_role("button", name="Sign In").click()
    staff_page.wait_for_url(re.compile(r"/admin/organisations/organisation/"))
    row = staff_page.get_by_role("row", name=re.compile("Društvo za življenje Bovec"))
    row.get_by_role("checkbox").check()
    staff_page.locator("select[name=action]").select_option("verify")
    staff_page.get_by_role("button", name="Go").click()
    expect(staff_page.get_by_text("1 organisation verified")).to_be_visible()
    staff_context.close()

    # The registrant is told by e-mail ...
    verified = [m for m in mail.outbox if m.to == ["predsednica@example.org"]][-1]
    assert "Društvo za življenje Bovec" in verified.subject

    # ... and anyone finds it in the directory by typing the name without diacritics.
    page.goto("/en/organisations/")
    page.get_by_role("searchbox", name="Search").fill("drustvo zivljenje")
    page.get_by_role("button", name="Show organisations").click()
    expect(page.get_by_role("heading", name="1 organisation")).to_be_visible()
    page.get_by_role("link", name="Društvo za življenje Bovec").click()
    expect(page.get_by_role("heading", name="Društvo za življenje Bovec", level=1)).to_be_visible()
