"""A partnership's policy proposal becomes an initiative in one step, linked both ways."""

from __future__ import annotations

import pytest

from advocacy.models import Initiative
from tests.factories import (
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(organisation_a, organisation_b):
    partnership = PartnershipFactory(title="Pisarna Nova Gorica")
    PartnerFactory(partnership=partnership, organisation=organisation_a, role="lead")
    municipality = OrganisationFactory(name="Mestna občina Nova Gorica", sector="public")
    PartnerFactory(partnership=partnership, organisation=municipality)
    return OutcomeFactory(
        partnership=partnership,
        kind="policy_proposal",
        title="Osem skupnih programov v regionalnem izvedbenem načrtu",
        description="Programi NVO naj postanejo del načrta.",
        submitted_to="Svet regije",
    )


def test_a_partners_admin_turns_the_proposal_into_an_initiative_linked_both_ways(
    english, client_for, ngo_admin, organisation_a, proposal
):
    partnership_url = proposal.partnership.get_absolute_url()
    page = client_for(ngo_admin).get(partnership_url).content.decode()
    assert "as an advocacy initiative" in page
    response = client_for(ngo_admin).post(f"/en/advocacy/new/from-proposal/{proposal.pk}/")
    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.outcome == proposal and initiative.partnership == proposal.partnership
    assert initiative.lead == organisation_a
    assert initiative.title == proposal.title
    assert [s.organisation.name for s in initiative.supporters.all()] == [
        "Mestna občina Nova Gorica"
    ]
    # Both ways: the initiative names the partnership, the partnership's page the initiative.
    detail = client_for(ngo_admin).get(initiative.get_absolute_url()).content.decode()
    assert "Pisarna Nova Gorica" in detail
    page = client_for(ngo_admin).get(partnership_url).content.decode()
    assert initiative.get_absolute_url() in page
    # A second press does not make a second initiative.
    client_for(ngo_admin).post(f"/en/advocacy/new/from-proposal/{proposal.pk}/")
    assert Initiative.objects.count() == 1


def test_others_cannot_start_it(client_for, anonymous, other_ngo_admin, proposal):
    url = f"/en/advocacy/new/from-proposal/{proposal.pk}/"
    assert "/accounts/login/" in anonymous.post(url)["Location"]
    assert client_for(other_ngo_admin).post(url).status_code == 404
    page = anonymous.get(proposal.partnership.get_absolute_url()).content.decode()
    assert "Not followed as an advocacy initiative." in page
    assert not Initiative.objects.exists()


def test_only_a_policy_proposal_can_become_an_initiative(client_for, ngo_admin, proposal):
    idea = OutcomeFactory(partnership=proposal.partnership, kind="project_idea")
    assert (
        client_for(ngo_admin).post(f"/en/advocacy/new/from-proposal/{idea.pk}/").status_code == 404
    )
    assert not Initiative.objects.exists()


def test_staff_start_it_with_the_civil_partner_leading(client_for, staff, organisation_a, proposal):
    client_for(staff).post(f"/en/advocacy/new/from-proposal/{proposal.pk}/")
    initiative = Initiative.objects.get()
    assert initiative.lead == organisation_a
    assert initiative.created_by == staff
