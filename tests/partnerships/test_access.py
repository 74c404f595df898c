"""Who may change what in a partnership, tried by everyone, with the database checked after.

Staff change everything; the admins of a partner organisation add meetings and outcomes and
update their own organisation's commitments and partner entry, in that partnership only.
"""

import pytest
from django.utils import timezone

from partnerships.models import Commitment, Meeting, Outcome, Partner
from tests.factories import (
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    UserFactory,
)

ACTIONS = ["meeting", "outcome", "own_commitment", "own_partner"]


@pytest.fixture
def world(organisation_a, organisation_b, ngo_admin, other_ngo_admin):
    """A partnership of A and a third organisation C; B is a partner elsewhere, not here."""
    partnership = PartnershipFactory(title="Pisarna")
    own = PartnerFactory(partnership=partnership, organisation=organisation_a)
    third = PartnerFactory(partnership=partnership, organisation=OrganisationFactory())
    elsewhere = PartnerFactory(organisation=organisation_b)
    return {
        "partnership": partnership,
        "own": own,
        "third": third,
        "own_commitment": CommitmentFactory(partner=own, what="Naša naloga"),
        "third_commitment": CommitmentFactory(partner=third, what="Njihova naloga"),
        "elsewhere": elsewhere,
        "elsewhere_commitment": CommitmentFactory(partner=elsewhere, what="Drugje"),
    }


def request_for(action: str, world: dict) -> tuple[str, dict]:
    base = f"/en/partnerships/{world['partnership'].slug}/"
    today = timezone.localdate().isoformat()
    return {
        "meeting": (
            f"{base}meetings/add/",
            {"date": today, "place": "Občina", "summary": "Srečanje", "decisions": "Odločitev"},
        ),
        "outcome": (
            f"{base}outcomes/add/",
            {"kind": "project_idea", "title": "Ideja", "result": "pending"},
        ),
        "own_commitment": (
            f"{base}commitments/{world['own_commitment'].pk}/",
            {"status": "done", "note": "Opravljeno"},
        ),
        "own_partner": (
            f"{base}partners/{world['own'].pk}/",
            {
                "responsibilities": "Vse",
                "financial_contribution": "1000",
                "in_kind_description": "Prostor",
                "in_kind_value": "500",
            },
        ),
    }[action]


def snapshot(world: dict) -> tuple:
    return (
        Meeting.objects.count(),
        Outcome.objects.count(),
        sorted(Commitment.objects.values_list("pk", "status", "note")),
        sorted(
            Partner.objects.values_list(
                "pk", "responsibilities", "financial_contribution", "in_kind_value"
            )
        ),
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(anonymous, world, action):
    before = snapshot(world)
    url, data = request_for(action, world)
    response = anonymous.post(url, data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert snapshot(world) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_the_admin_of_a_non_partner_gets_404_and_changes_nothing(
    client_for, other_ngo_admin, world, action
):
    before = snapshot(world)
    url, data = request_for(action, world)
    assert client_for(other_ngo_admin).get(url).status_code == 404
    assert client_for(other_ngo_admin).post(url, data).status_code == 404
    assert snapshot(world) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_an_editor_of_a_partner_is_not_its_admin_and_changes_nothing(
    client_for, organisation_a, world, action
):
    editor = UserFactory()
    MembershipFactory(user=editor, organisation=organisation_a, role="editor")
    before = snapshot(world)
    url, data = request_for(action, world)
    assert client_for(editor).post(url, data).status_code == 404
    assert snapshot(world) == before


@pytest.mark.parametrize("person", ["ngo_admin", "staff"])
@pytest.mark.parametrize("action", ACTIONS)
def test_a_partners_admin_and_staff_may_do_each_of_them(request, client_for, world, person, action):
    before = snapshot(world)
    url, data = request_for(action, world)
    client = client_for(request.getfixturevalue(person))
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == world["partnership"].get_absolute_url()
    assert snapshot(world) != before


def test_a_forged_post_for_another_partners_commitment_is_refused(client_for, ngo_admin, world):
    before = snapshot(world)
    base = f"/en/partnerships/{world['partnership'].slug}/"
    client = client_for(ngo_admin)
    forged = [
        f"{base}commitments/{world['third_commitment'].pk}/",
        f"{base}commitments/{world['elsewhere_commitment'].pk}/",
        f"/en/partnerships/{world['elsewhere'].partnership.slug}/commitments/"
        f"{world['elsewhere_commitment'].pk}/",
    ]
    for url in forged:
        assert client.post(url, {"status": "done", "note": "Forged"}).status_code == 404, url
    assert snapshot(world) == before


def test_a_forged_post_for_another_partners_entry_is_refused(client_for, ngo_admin, world):
    before = snapshot(world)
    base = f"/en/partnerships/{world['partnership'].slug}/"
    data = {
        "responsibilities": "Forged",
        "financial_contribution": "0",
        "in_kind_description": "",
        "in_kind_value": "0",
    }
    client = client_for(ngo_admin)
    assert client.post(f"{base}partners/{world['third'].pk}/", data).status_code == 404
    assert client.post(f"{base}partners/{world['elsewhere'].pk}/", data).status_code == 404
    assert snapshot(world) == before


def test_a_meeting_cannot_list_another_partnerships_partner_as_present(
    client_for, ngo_admin, world
):
    url, data = request_for("meeting", world)
    data = {**data, "present": [world["own"].pk, world["elsewhere"].pk]}
    response = client_for(ngo_admin).post(url, data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0


def test_a_partners_admin_cannot_change_role_or_dates(client_for, ngo_admin, world):
    url, data = request_for("own_partner", world)
    client_for(ngo_admin).post(url, {**data, "role": "lead", "left": "2000-01-01"})
    own = Partner.objects.get(pk=world["own"].pk)
    assert own.responsibilities == "Vse"
    assert own.role == "partner" and own.left is None


def test_the_meeting_they_add_shows_on_the_public_page(client_for, anonymous, ngo_admin, world):
    url, data = request_for("meeting", world)
    client_for(ngo_admin).post(url, {**data, "present": [world["own"].pk]})
    meeting = Meeting.objects.get()
    assert meeting.created_by == ngo_admin
    assert list(meeting.present.all()) == [world["own"]]
    page = anonymous.get(world["partnership"].get_absolute_url()).content.decode()
    assert "Srečanje" in page and "Odločitev" in page


def test_the_detail_offers_edit_links_only_for_their_own_entries(client_for, ngo_admin, world):
    page = client_for(ngo_admin).get(world["partnership"].get_absolute_url()).content.decode()
    assert f"commitments/{world['own_commitment'].pk}/" in page
    assert f"commitments/{world['third_commitment'].pk}/" not in page
    assert f"partners/{world['own'].pk}/" in page
    assert f"partners/{world['third'].pk}/" not in page
