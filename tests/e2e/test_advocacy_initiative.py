"""An NGO's admin answers an open consultation with an initiative, builds its coalition and records
a submission; the public sees it on the initiative's page and on the organisations' profiles."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    ConsultationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ngo_admin_starts_an_initiative_from_an_open_consultation(page, browser, live_server):
    consultation = ConsultationFactory(
        title="Osnutek proračuna Mestne občine Nova Gorica",
        slug="osnutek-proracuna-nova-gorica",
        body=OrganisationFactory(
            name="Mestna občina Nova Gorica", sector="public", legal_form="public_body"
        ),
    )
    lead = OrganisationFactory(name="Društvo za pomoč starejšim Nova Gorica", slug="dps-ng")
    youth = OrganisationFactory(name="Mladinski center Nova Gorica", slug="mc-ng")
    pharmacy = OrganisationFactory(
        name="Lekarna Gorica d.o.o.", slug="lekarna-gorica", sector="private", legal_form="company"
    )
    admin = UserFactory(email="predsednica@example.org")
    MembershipFactory(user=admin, organisation=lead, role="admin")

    page.goto(f"/en/accounts/login/?next=/en/advocacy/consultations/{consultation.slug}/")
    page.get_by_label("Email").fill("predsednica@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(rf"/en/advocacy/consultations/{consultation.slug}/$"))

    page.get_by_role("link", name="Start an initiative answering it").click()
    expect(page.get_by_label("Title")).to_have_value(
        "Comments on “Osnutek proračuna Mestne občine Nova Gorica”"
    )
    page.get_by_label("What should change").fill(
        "Več sredstev za pomoč na domu in prevoze starejših."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The initiative is started.")).to_be_visible()

    page.get_by_role("link", name="Supporting organisations").click()
    for name, query in [(youth.name, "mladinski"), (pharmacy.name, "lekarna")]:
        page.get_by_label("Organisation's name").fill(query)
        page.get_by_role("button", name="Find").click()
        page.get_by_role("button", name=f"Add {name}").click()
        expect(page.get_by_text(f"{name} now supports the initiative.")).to_be_visible()
    page.get_by_role("link", name=re.compile("^← Comments on")).click()

    page.get_by_role("link", name="Add a submission").click()
    page.get_by_label("What was submitted").fill("Skupne pripombe k osnutku proračuna")
    page.get_by_label("Submitted to").fill("Mestna občina Nova Gorica")
    page.get_by_label("Submitted on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The submission is recorded.")).to_be_visible()

    # A visitor who is not signed in sees it all.
    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto("/en/advocacy/")
    visitor.get_by_role("link", name=re.compile("Comments on “Osnutek proračuna")).click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Comments on")
    expect(visitor.get_by_text("Submitted", exact=True).first).to_be_visible()
    coalition = visitor.get_by_role("region", name="The coalition")
    for organisation in (lead, youth, pharmacy):
        expect(coalition.get_by_role("link", name=organisation.name)).to_be_visible()
    submissions = visitor.get_by_role("region", name="Submissions and responses")
    expect(submissions.get_by_text("Skupne pripombe k osnutku proračuna")).to_be_visible()
    for organisation in (lead, youth, pharmacy):
        visitor.goto(f"/en/organisations/{organisation.slug}/")
        section = visitor.get_by_role("region", name="Advocacy initiatives")
        expect(section.get_by_role("link", name=re.compile("Comments on"))).to_be_visible()
    visitor.goto(f"/en/advocacy/consultations/{consultation.slug}/")
    answers = visitor.get_by_role("region", name="Initiatives answering it")
    expect(answers.get_by_role("link", name=re.compile("Comments on"))).to_be_visible()
    visitor.context.close()
