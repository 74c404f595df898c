"""The admin reads naturally in the staff's language, and organisations are picked by name."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import OrganisationFactory
from tests.factories.advocacy import ConsultationFactory
from tests.factories.partnerships import PartnerFactory


@pytest.mark.parametrize(
    ("language", "msgid", "expected"),
    [
        # Django's Slovene says "Zamenjaj" (replace) nowhere any more: the project's catalogue
        # had it for the language switcher, which now has a context of its own.
        ("sl", "Change", "Spremeni"),
        # Django's Slovene cannot put a model's name after the verb; the project's comes first.
        ("sl", "Select %s to change", "Izberite zapis za urejanje: %s"),
        # Missing from Django's Slovene, shown in English after every save.
        (
            "sl",
            "The {name} “{obj}” was changed successfully.",
            "Zapis „{obj}“ ({name}) je spremenjen.",
        ),
        ("bg", "Select %s to change", "Изберете %s за промяна"),
    ],
)
def test_the_projects_catalogue_comes_before_djangos(language, msgid, expected):
    with translation.override(language):
        assert gettext(msgid) == expected


def test_the_language_switcher_keeps_its_own_word():
    with translation.override("sl"):
        assert translation.pgettext("switch to the chosen language", "Change") == "Zamenjaj"


def admin_page(client, url, language):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_slovene_admin_says_change_and_speaks_slovene_after_a_save(client_for, staff):
    organisation = OrganisationFactory(name="Društvo Šmarnica")
    client = client_for(staff)
    listing = admin_page(client, "/admin/organisations/organisation/", "sl")
    assert "Izberite zapis za urejanje: organizacija" in listing
    assert "Zamenjaj" not in listing
    change = admin_page(
        client, f"/admin/organisations/organisation/{organisation.pk}/change/", "sl"
    )
    assert "Zamenjaj" not in change
    assert "Zgodovina" in change
    # django-simple-history has no Slovene of its own: the project's catalogue gives it.
    history = admin_page(
        client, f"/admin/organisations/organisation/{organisation.pk}/history/", "sl"
    )
    assert "Spremenil(a)" in history
    assert "Changed by" not in history


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/admin/partnerships/partner/add/", "organisation"),
        ("/admin/partnerships/partnership/add/", "partners-__prefix__-organisation"),
        ("/admin/advocacy/consultation/add/", "body"),
        ("/admin/events/event/add/", "organiser"),
        ("/admin/advocacy/representation/add/", "organisations"),
    ],
)
def test_organisations_are_picked_by_name_not_by_id(client_for, staff, url, field):
    page = admin_page(client_for(staff), url, "en")
    tag = page[page.index(f'name="{field}"') - 300 : page.index(f'name="{field}"') + 300]
    assert "admin-autocomplete" in tag
    assert "vRawIdAdminField" not in page


def test_the_autocomplete_finds_a_partner_by_name_and_a_public_body_only_among_public_ones(
    client_for, staff
):
    school = OrganisationFactory(name="Osnovna šola Miren", sector="public")
    choir = OrganisationFactory(name="Pevski zbor Miren", sector="civil")
    PartnerFactory(organisation=school)
    ConsultationFactory(body=school)
    client = client_for(staff)

    def found(model, field):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": model[0], "model_name": model[1], "field_name": field, "term": "Miren"},
        )
        return {item["text"] for item in response.json()["results"]}

    assert found(("partnerships", "partner"), "organisation") == {school.name, choir.name}
    assert found(("advocacy", "consultation"), "body") == {school.name}
