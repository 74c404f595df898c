"""A partner organisation's admin records a meeting, and the public sees it on the page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partners_admin_adds_a_meeting_with_a_decision_and_the_public_sees_it(
    page, browser, live_server
):
    partnership = PartnershipFactory(
        title="Pomoč starejšim na domu Postojna", slug="pomoc-starejsim-postojna"
    )
    organisation = OrganisationFactory(name="Društvo upokojencev Postojna")
    PartnerFactory(partnership=partnership, organisation=organisation)
    admin = UserFactory(email="predsednica@example.org")
    MembershipFactory(user=admin, organisation=organisation, role="admin")

    page.goto(f"/en/accounts/login/?next=/en/partnerships/{partnership.slug}/")
    page.get_by_label("Email").fill("predsednica@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(rf"/en/partnerships/{partnership.slug}/$"))

    page.get_by_role("link", name="Add a meeting").click()
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Place").fill("Dom krajanov Hrenovice")
    page.get_by_label("Public summary").fill("Mreža prevozov začne delovati prihodnji mesec.")
    page.get_by_label("Decisions").fill("Dežurni telefon bo odprt vsak delavnik.")
    page.get_by_label("Minutes").fill("Samo za partnerje: proračun še ni potrjen.")
    page.get_by_label("Društvo upokojencev Postojna").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The meeting is recorded.")).to_be_visible()

    # A visitor who is not signed in sees the summary and the decision, not the minutes.
    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto(f"/en/partnerships/{partnership.slug}/")
    timeline = visitor.get_by_role("region", name="Meetings and stages")
    expect(timeline.get_by_text("Dom krajanov Hrenovice")).to_be_visible()
    expect(timeline.get_by_text("Mreža prevozov začne delovati prihodnji mesec.")).to_be_visible()
    decisions = timeline.get_by_role("list", name="Decisions:")
    expect(decisions.get_by_role("listitem")).to_have_text(
        "Dežurni telefon bo odprt vsak delavnik."
    )
    expect(visitor.get_by_text("proračun še ni potrjen")).to_have_count(0)
    visitor.context.close()
