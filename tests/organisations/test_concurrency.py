"""Registering organisations at the same moment: nobody gets a server error."""

import threading

import pytest

from organisations.models import Membership, Organisation
from organisations.services import AlreadyRegistered, NameBusy, organisation_create
from organisations.services import profile as services
from tests.events.test_concurrency import run_at_once
from tests.factories import UserFactory
from tests.organisations.helpers import SI_MATICNA

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 4


def data(**overrides) -> dict:
    return {
        "name": "Društvo X",
        "sector": "civil",
        "legal_form": "association",
        "country": "SI",
        **overrides,
    }


@pytest.fixture
def slugs_chosen_together(monkeypatch):
    """Everyone picks a slug before anyone saves: the moment the slugs collide, every time."""
    barrier = threading.Barrier(PEOPLE)
    waited = threading.local()
    choose = services.organisation_unique_slug

    def choose_then_wait(name, **kwargs):
        slug = choose(name, **kwargs)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait(timeout=30)
        return slug

    monkeypatch.setattr(services, "organisation_unique_slug", choose_then_wait)


def test_organisations_of_the_same_name_registered_at_once_all_get_their_own_slug(
    slugs_chosen_together,
):
    people = [UserFactory() for _ in range(PEOPLE)]

    errors = run_at_once(PEOPLE, lambda n: organisation_create(by=people[n], data=data()))

    assert errors == []
    slugs = sorted(Organisation.objects.values_list("slug", flat=True))
    assert slugs == ["drustvo-x", "drustvo-x-2", "drustvo-x-3", "drustvo-x-4"]
    for person in people:
        assert Membership.objects.get(user=person).role == "admin"


def test_when_the_slugs_keep_being_taken_the_person_is_asked_to_try_again(
    slugs_chosen_together, monkeypatch
):
    monkeypatch.setattr(services, "SLUG_ATTEMPTS", 1)
    people = [UserFactory() for _ in range(PEOPLE)]
    refused: list[NameBusy] = []

    def register(n: int) -> None:
        try:
            organisation_create(by=people[n], data=data())
        except NameBusy as error:
            refused.append(error)

    assert run_at_once(PEOPLE, register) == []
    assert Organisation.objects.count() == 1
    assert len(refused) == PEOPLE - 1
    assert Membership.objects.count() == 1


def test_the_same_registration_number_at_once_is_registered_once(slugs_chosen_together):
    people = [UserFactory() for _ in range(PEOPLE)]
    refused: list[AlreadyRegistered] = []

    def register(n: int) -> None:
        try:
            organisation_create(
                by=people[n], data=data(name=f"Društvo {n}", registration_number="9331310")
            )
        except AlreadyRegistered as error:
            refused.append(error)

    assert run_at_once(PEOPLE, register) == []
    assert Organisation.objects.count() == 1
    assert len(refused) == PEOPLE - 1


def test_the_registration_page_shows_the_try_again_message_instead_of_an_error(
    client_for, monkeypatch
):
    Organisation.objects.create(
        name="Društvo X", slug="drustvo-x", sector="civil", legal_form="association"
    )
    # Someone else always takes the slug first.
    monkeypatch.setattr(services, "organisation_unique_slug", lambda name, **kwargs: "drustvo-x")
    response = client_for(UserFactory()).post(
        "/en/organisations/register/",
        {
            **data(registration_number=SI_MATICNA),
            "description": "",
            "founded_year": "",
        },
    )
    assert response.status_code == 200
    assert "Many organisations are being registered under this name" in response.content.decode()
    assert Organisation.objects.count() == 1
