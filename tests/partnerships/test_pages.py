"""The public list and a partnership's page: what they show, to whom, in how many queries."""

import datetime

import pytest
from django.utils import timezone, translation

from organisations.models import Sector
from partnerships.models import CooperationForm, Stage
from tests.factories import (
    CommitmentFactory,
    FieldOfActivityFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/en/partnerships/"


def titles(response) -> list[str]:
    return [partnership.title for partnership in response.context["partnerships"]]


def three_sectors(partnership) -> None:
    for sector in Sector.values:
        PartnerFactory(partnership=partnership, organisation=OrganisationFactory(sector=sector))


def test_the_list_shows_public_partnerships_with_their_balance(anonymous):
    pilot = PartnershipFactory(title="Postojna pilot")
    three_sectors(pilot)
    PartnershipFactory(title="Hidden one", is_public=False)
    response = anonymous.get(LIST)
    assert titles(response) == ["Postojna pilot"]
    page = response.content.decode()
    assert "Cross-sector" in page
    assert "Civil (NGO): 1" in page and "Public: 1" in page and "Private: 1" in page


def test_filters_by_stage_form_field_municipality_and_cross_sector(anonymous):
    health = FieldOfActivityFactory(name="Health", slug="health")
    postojna = MunicipalityFactory(name="Postojna", slug="postojna")
    full = PartnershipFactory(
        title="Full", stage=Stage.JOINT_ACTION, fields=[health], municipalities=[postojna]
    )
    three_sectors(full)
    PartnershipFactory(title="Budget", form=CooperationForm.COMMON_BUDGET)
    assert titles(anonymous.get(LIST, {"stage": "joint_action"})) == ["Full"]
    assert titles(anonymous.get(LIST, {"form": "common_budget"})) == ["Budget"]
    assert titles(anonymous.get(LIST, {"field": "health"})) == ["Full"]
    assert titles(anonymous.get(LIST, {"municipality": "postojna"})) == ["Full"]
    assert titles(anonymous.get(LIST, {"cross_sector": "on"})) == ["Full"]
    assert titles(anonymous.get(LIST)) == ["Budget", "Full"]


def test_the_search_forgives_case_and_accents(anonymous):
    PartnershipFactory(title="Informacijska pisarna", problem="Ljudje ne vedo, kje dobiti pomoč.")
    PartnershipFactory(title="Drugo", goal="Skupni prevozi")
    assert titles(anonymous.get(LIST, {"q": "POMOC"})) == ["Informacijska pisarna"]


def test_a_private_partnership_is_shown_to_its_partners_and_staff_only(
    anonymous, client_for, ngo_admin, other_ngo_admin, organisation_a, staff
):
    private = PartnershipFactory(title="Confidential", is_public=False)
    PartnerFactory(partnership=private, organisation=organisation_a)
    url = private.get_absolute_url()
    assert anonymous.get(url).status_code == 404
    assert client_for(other_ngo_admin).get(url).status_code == 404
    assert "Confidential" not in anonymous.get(LIST).content.decode()
    assert client_for(ngo_admin).get(url).status_code == 200
    assert client_for(staff).get(url).status_code == 200
    assert titles(client_for(ngo_admin).get(LIST)) == ["Confidential"]
    assert titles(client_for(other_ngo_admin).get(LIST)) == []


def test_the_detail_shows_partners_by_sector_commitments_timeline_and_outcomes(anonymous):
    partnership = PartnershipFactory(title="Pisarna", problem="Osamljenost", goal="Skupna služba")
    municipality = OrganisationFactory(name="Občina Postojna", sector=Sector.PUBLIC)
    lead = PartnerFactory(
        partnership=partnership,
        organisation=municipality,
        role="lead",
        responsibilities="Prostor in koordinacija",
        in_kind_description="Sejna soba",
        in_kind_value=1200,
    )
    CommitmentFactory(partner=lead, what="Urediti prostor", status="done")
    CommitmentFactory(partner=lead, what="Najti prostovoljce")
    MeetingFactory(partnership=partnership, summary="Prvo srečanje", decisions="Odpremo pisarno")
    OutcomeFactory(partnership=partnership, title="Predlog RRS", submitted_to="RRS")
    # The English page, whatever language an earlier test in this process left active.
    with translation.override("en"):
        page = anonymous.get(partnership.get_absolute_url()).content.decode()
    for text in [
        "Osamljenost",
        "Skupna služba",
        "Občina Postojna",
        "Lead partner",
        "Prostor in koordinacija",
        "Sejna soba",
        "€1,200.00",
        "Urediti prostor",
        "1 of 2 done",
        "Prvo srečanje",
        "Odpremo pisarno",
        "Predlog RRS",
        "submitted to RRS",
        "No partner from this sector yet.",
    ]:
        assert text in page, text
    # The minutes are for the partners, not for the public.
    assert "Zapisnik za partnerje." not in page


def test_partners_read_the_minutes(client_for, ngo_admin, organisation_a):
    partnership = PartnershipFactory()
    PartnerFactory(partnership=partnership, organisation=organisation_a)
    MeetingFactory(partnership=partnership, minutes="Samo za partnerje")
    page = client_for(ngo_admin).get(partnership.get_absolute_url()).content.decode()
    assert "Samo za partnerje" in page


@pytest.mark.parametrize("count", [1, 25])
def test_the_list_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    field = FieldOfActivityFactory()
    municipality = MunicipalityFactory()
    for _ in range(3):
        partnership = PartnershipFactory(fields=[field], municipalities=[municipality])
        for _ in range(count):
            PartnerFactory(partnership=partnership)
    # 1. fields of activity for the filter's choices
    # 2. municipalities for the filter's choices
    # 3. count of the partnerships found
    # 4. the partnerships of this page
    # 5. their municipalities
    # 6. their fields of activity
    # 7. their partners with their organisations
    with django_assert_num_queries(7):
        response = anonymous.get(LIST)
    assert len(titles(response)) == 3


@pytest.mark.parametrize(("partners", "meetings"), [(1, 1), (25, 30)])
def test_the_detail_takes_a_fixed_number_of_queries(
    anonymous, django_assert_num_queries, partners, meetings
):
    partnership = PartnershipFactory(
        fields=[FieldOfActivityFactory()], municipalities=[MunicipalityFactory()]
    )
    made = [PartnerFactory(partnership=partnership) for _ in range(partners)]
    for partner in made:
        CommitmentFactory(partner=partner)
    for number in range(meetings):
        meeting = MeetingFactory(
            partnership=partnership, date=timezone.localdate() - datetime.timedelta(days=number)
        )
        meeting.present.set(made)
    OutcomeFactory(partnership=partnership)
    # 1. the partnership with its facilitator
    # 2. its municipalities
    # 3. its fields of activity
    # 4. its partners with their organisations
    # 5. its meetings
    # 6. the partners present at them, with their organisations
    # 7. its stage changes
    # 8. its outcomes
    # 9. its partners' commitments
    # 10. the published news about it
    with django_assert_num_queries(10):
        response = anonymous.get(partnership.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["commitments"]) == partners


def test_a_signed_in_visitor_adds_one_query_for_their_memberships(
    client_for, other_ngo_admin, django_assert_num_queries
):
    partnership = PartnershipFactory()
    MeetingFactory(partnership=partnership).present.add(PartnerFactory(partnership=partnership))
    client = client_for(other_ngo_admin)
    client.get("/en/")  # the session and the user are read on every request; not counted here
    with django_assert_num_queries(14):
        # session, user, memberships, the navigation's reports link + the ten above
        response = client.get(partnership.get_absolute_url())
    assert response.status_code == 200


def test_unknown_partnership_is_404(anonymous):
    assert anonymous.get("/en/partnerships/nothing-here/").status_code == 404


def test_members_who_are_not_admins_may_not_edit(client_for, organisation_a):
    editor = UserFactory()
    MembershipFactory(user=editor, organisation=organisation_a, role="editor")
    partnership = PartnershipFactory()
    PartnerFactory(partnership=partnership, organisation=organisation_a)
    page = client_for(editor).get(partnership.get_absolute_url()).content.decode()
    assert "Add a meeting" not in page


@pytest.mark.parametrize("count", [1, 25])
def test_the_organisation_profile_lists_its_partnerships_with_their_balance(
    english, anonymous, django_assert_num_queries, count
):
    organisation = OrganisationFactory(sector=Sector.PRIVATE)
    for number in range(3):
        partnership = PartnershipFactory(title=f"Partnerstvo {number}")
        PartnerFactory(partnership=partnership, organisation=organisation)
        for _ in range(count):
            PartnerFactory(partnership=partnership)
    PartnershipFactory(title="Not theirs")
    # 1. the organisation with its seat and the seat's region
    # 2. its fields of activity
    # 3. the municipalities it serves
    # 4. the partnerships it takes part in
    # 5. their municipalities
    # 6. their fields of activity
    # 7. their partners with their organisations
    # 8. the advocacy initiatives it leads or supports, 9. its representations (advocacy's section)
    with django_assert_num_queries(9):
        page = anonymous.get(organisation.get_absolute_url()).content.decode()
    assert "Partnerstvo 0" in page and "Partnerstvo 2" in page
    assert "Not theirs" not in page
    assert f"Civil (NGO): {count}" in page and "Private: 1" in page
