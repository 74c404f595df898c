"""Registering an NGO on the Bulgarian demo hub, in Bulgarian: the form starts in Bulgaria,
checks the EIK as Bulgaria's number and says so in Bulgarian, and a number already registered
leads to joining that organisation instead."""

import pytest
from playwright.sync_api import expect

import hub.demo
import organisations.demo
from organisations.models import Organisation, VerificationStatus
from tests.e2e.site import session_cookie
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_organisation(page, name: str, number: str) -> None:
    page.locator("#id_name").fill(name)
    page.locator("#id_sector").select_option("civil")
    page.locator("#id_legal_form").select_option("association")
    page.locator("#id_registration_number").fill(number)
    page.locator("#id_tax_number").fill("")
    page.locator("#id_description").fill("Доброволци за по-чист Дунав.")
    page.get_by_role("button", name="Регистрирай организацията").click()


def test_an_ngo_registers_on_the_ruse_hub_in_bulgarian(browser, live_server):
    hub.demo.load("ruse")
    organisations.demo.load("ruse")
    existing = (
        Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)
        .exclude(registration_number="")
        .order_by("pk")
        .first()
    )
    person = UserFactory(email="predsedatel@example.org")
    context = browser.new_context(base_url=live_server.url, locale="bg-BG")
    context.add_cookies([session_cookie(person, live_server)])
    page = context.new_page()

    page.goto("/bg/organisations/register/")
    expect(page.locator("#id_country")).to_have_value("BG")
    # The seat list starts with the hub's own district.
    expect(page.locator("[name=seat] optgroup").first).to_have_attribute("label", "Област Русе")

    # A mistyped EIK is refused, naming the EIK/BULSTAT, in Bulgarian.
    fill_organisation(page, "Сдружение „Чист Дунав“", "895429161")
    expect(page.get_by_text("Контролната цифра е грешна")).to_contain_text("ЕИК/БУЛСТАТ")

    # The number of an organisation already registered leads to joining it.
    fill_organisation(page, "Сдружение „Чист Дунав“", existing.registration_number)
    expect(page.get_by_text("Тази организация вече е регистрирана")).to_be_visible()
    page.get_by_role("link", name=f"Поискайте присъединяване към „{existing.name}“").click()
    expect(page).to_have_url(f"{live_server.url}/bg/organisations/{existing.slug}/join/")

    # The right EIK registers the organisation, in Bulgaria.
    page.goto("/bg/organisations/register/")
    fill_organisation(page, "Сдружение „Чист Дунав“", "895429160")
    expect(
        page.get_by_text("Организацията „Сдружение „Чист Дунав““ е регистрирана.")
    ).to_be_visible()
    registered = Organisation.objects.get(registration_number="895429160")
    assert registered.country == "BG"
    context.close()
