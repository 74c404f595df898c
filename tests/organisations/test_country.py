"""Registering an organisation on the Bulgarian (Ruse) and Polish (Gdańsk) demo hubs: the form
starts in the hub's country, checks that country's numbers and names them in the reader's
language; a number already held, in any form it was stored in, offers to join instead."""

from importlib import import_module

import pytest
from django.apps import apps

import hub.demo
import organisations.demo
from organisations.models import Membership, Organisation, VerificationStatus
from tests.factories import OrganisationFactory, UserFactory
from tests.organisations.helpers import profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer():
    return UserFactory(email="newcomer@example.org")


def demo(story: str) -> None:
    hub.demo.load(story)
    organisations.demo.load(story)


def ngo(country: str, **numbers) -> dict:
    return profile_data(
        name="Сдружение „Ново начало“" if country == "BG" else "Stowarzyszenie Nowy Początek",
        country=country,
        tax_number="",
        **numbers,
    )


@pytest.mark.parametrize(
    ("story", "language", "country", "number"),
    [("ruse", "bg", "BG", "895429160"), ("gdansk", "pl", "PL", "0000123456")],
)
def test_an_ngo_registers_with_its_country_preset_and_its_own_number(
    client_for, newcomer, story, language, country, number
):
    demo(story)
    client = client_for(newcomer)
    form = client.get(f"/{language}/organisations/register/").content.decode()
    assert f'<option value="{country}" selected>' in form

    response = client.post(
        f"/{language}/organisations/register/", ngo(country, registration_number=number)
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(registration_number=number)
    assert organisation.country == country
    assert organisation.verification_status == VerificationStatus.PENDING


@pytest.mark.parametrize(
    ("story", "language", "country", "number", "message"),
    [
        (
            "ruse",
            "bg",
            "BG",
            "895429161",
            "Контролната цифра е грешна: проверете дали не сте сбъркали някоя цифра (ЕИК/БУЛСТАТ).",
        ),
        (
            "gdansk",
            "pl",
            "PL",
            "00001234",
            "Numer ma niewłaściwą liczbę cyfr: oczekiwano REGON (9 lub 14 cyfr) lub numer KRS "
            "(10 cyfr).",
        ),
    ],
)
def test_a_wrong_number_is_refused_naming_the_countrys_number_in_its_language(
    client_for, newcomer, story, language, country, number, message
):
    demo(story)
    before = Organisation.objects.count()
    response = client_for(newcomer).post(
        f"/{language}/organisations/register/", ngo(country, registration_number=number)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(("story", "language"), [("ruse", "bg"), ("gdansk", "pl")])
def test_a_demo_organisations_number_is_refused_with_the_way_to_join_it(
    client_for, newcomer, story, language
):
    demo(story)
    existing = Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)
    existing = existing.exclude(registration_number="").order_by("pk").first()
    before = Organisation.objects.count()
    response = client_for(newcomer).post(
        f"/{language}/organisations/register/",
        ngo(existing.country, registration_number=existing.registration_number),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/{language}/organisations/{existing.slug}/join/"' in page
    assert Organisation.objects.count() == before
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize(
    ("stored", "typed"), [("2249065000", "2249065"), ("2249065", "2249065000")]
)
def test_a_maticna_in_either_of_its_forms_is_the_same_organisation(
    client_for, newcomer, stored, typed
):
    existing = OrganisationFactory(country="SI", registration_number=stored, tax_number="")
    response = client_for(newcomer).post(
        "/sl/organisations/register/",
        profile_data(registration_number=typed, tax_number=""),
    )
    assert response.status_code == 200
    assert f'href="/sl/organisations/{existing.slug}/join/"' in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_polish_partner_keeps_its_own_number_on_a_slovene_hub(client_for, ngo_admin):
    partner = OrganisationFactory(
        country="PL", registration_number="0000123456", tax_number="8567346215"
    )
    page = client_for(ngo_admin).get(f"/sl/organisations/{partner.slug}/").content.decode()
    assert "0000123456" in page


def test_stored_numbers_are_made_compact_unless_another_row_holds_the_compact_one():
    migration = import_module("organisations.migrations.0010_organisation_numbers_compact")
    long_form = OrganisationFactory(
        country="SI", registration_number="2249065000", tax_number="SI50223054"
    )
    held = OrganisationFactory(country="SI", registration_number="9331310", tax_number="")
    clash = OrganisationFactory(country="SI", registration_number="9331310000", tax_number="")

    migration.compact_numbers(apps, None)

    long_form.refresh_from_db()
    assert (long_form.registration_number, long_form.tax_number) == ("2249065", "50223054")
    held.refresh_from_db()
    clash.refresh_from_db()
    assert (held.registration_number, clash.registration_number) == ("9331310", "9331310000")


def test_staff_numbers_are_checked_and_kept_compact_in_the_admin():
    from organisations.admin import OrganisationAdminForm

    taken = OrganisationFactory(country="SI", registration_number="2249065", tax_number="")
    organisation = OrganisationFactory(country="SI", registration_number="", tax_number="")
    data = {
        "country": "SI",
        "registration_number": "9331310000",
        "tax_number": "SI 5022 3054",
    }
    form = OrganisationAdminForm(instance=organisation)
    form.cleaned_data = dict(data)
    form._errors = {}
    cleaned = form.clean()
    assert (cleaned["registration_number"], cleaned["tax_number"]) == ("9331310", "50223054")

    form = OrganisationAdminForm(instance=organisation)
    form.cleaned_data = {**data, "registration_number": "2249065000"}
    form._errors = {}
    form.clean()
    assert "registration_number" in form.errors
    assert taken.name in str(form.errors["registration_number"])
