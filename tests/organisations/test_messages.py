"""The database's rules speak to people in sentences, never by the constraint's name."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.utils import translation

from organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.organisations.helpers import SI_DAVCNA, SI_MATICNA, edit_data, profile_data

RULE_APPS = ["hub", "organisations", "events", "calls", "partnerships"]


def _constraints():
    for app in RULE_APPS:
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                yield pytest.param(constraint, id=f"{model.__name__}.{constraint.name}")


@pytest.mark.parametrize("constraint", list(_constraints()))
def test_every_database_rule_has_a_sentence_of_its_own(constraint):
    assert constraint.violation_error_message != BaseConstraint.default_violation_error_message
    with translation.override("en"):
        message = str(constraint.get_violation_error_message())
    assert constraint.name not in message


@pytest.mark.django_db
def test_a_duplicate_tax_number_is_a_sentence_in_the_readers_language():
    OrganisationFactory(country="SI", tax_number=SI_DAVCNA)
    duplicate = OrganisationFactory.build(country="SI", tax_number=SI_DAVCNA, slug="another")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    text = " ".join(error.value.messages)
    assert "Another organisation from this country already has this tax number." in text
    assert "Constraint" not in text and "organisation_tax_number_unique" not in text


@pytest.mark.django_db
def test_both_numbers_taken_by_one_organisation_are_each_explained_on_the_form(client_for):
    OrganisationFactory(
        name="Društvo Šmarnica", country="SI", registration_number="9331310", tax_number=SI_DAVCNA
    )
    newcomer = UserFactory(email="newcomer@example.org")
    response = client_for(newcomer).post(
        "/en/organisations/register/",
        profile_data(registration_number=SI_MATICNA, tax_number=SI_DAVCNA),
    )
    page = response.content.decode()
    assert page.count("This organisation is already registered — ask to join it instead.") == 2
    assert "Constraint" not in page and "_unique" not in page
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_editing_into_another_organisations_tax_number_is_explained(client_for, ngo_admin):
    OrganisationFactory(name="Društvo Soča", country="SI", tax_number=SI_DAVCNA)
    organisation = ngo_admin.memberships.get().organisation
    response = client_for(ngo_admin).post(
        f"/en/organisations/{organisation.slug}/edit/",
        edit_data(organisation, country="SI", tax_number=SI_DAVCNA),
    )
    page = response.content.decode()
    assert "This organisation is already registered" in page
    assert "Constraint" not in page
    organisation.refresh_from_db()
    assert organisation.tax_number != SI_DAVCNA
