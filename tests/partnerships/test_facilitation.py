"""Suggestions for a missing sector and the network, on small hand-made cases."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from organisations.models import Sector
from partnerships.facilitation import network_svg, partnership_network, partnership_suggestions
from partnerships.models import Partnership
from tests.factories import (
    FieldOfActivityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case():
    """A Postojna social-care partnership of an NGO and the municipality: no private partner."""
    postojna = MunicipalityFactory(name="Postojna", slug="postojna")
    elsewhere = MunicipalityFactory(name="Koper", slug="koper")
    social = FieldOfActivityFactory(name="social care", slug="social-care")
    sport = FieldOfActivityFactory(name="sport", slug="sport")
    partnership = PartnershipFactory(municipalities=[postojna], fields=[social])
    ngo = OrganisationFactory(name="Društvo Postojna", sector=Sector.CIVIL)
    town = OrganisationFactory(name="Občina Postojna", sector=Sector.PUBLIC)
    PartnerFactory(partnership=partnership, organisation=ngo)
    PartnerFactory(partnership=partnership, organisation=town)
    return {
        "partnership": partnership,
        "postojna": postojna,
        "elsewhere": elsewhere,
        "social": social,
        "sport": sport,
        "ngo": ngo,
        "town": town,
    }


def company(name, *, seat, fields=(), status="verified"):
    return OrganisationFactory(
        name=name,
        sector=Sector.PRIVATE,
        legal_form="company",
        seat=seat,
        fields=list(fields),
        verification_status=status,
    )


def test_suggests_the_missing_sector_ranked_and_explained(case):
    both = company("Both d.o.o.", seat=case["postojna"], fields=[case["social"]])
    place_only = company("Place only d.o.o.", seat=case["postojna"], fields=[case["sport"]])
    field_only = company("Field only d.o.o.", seat=case["elsewhere"], fields=[case["social"]])
    # Works with both current partners in another partnership: ranks above the one that does not.
    connected = company("Connected d.o.o.", seat=case["elsewhere"], fields=[case["social"]])
    other = PartnershipFactory()
    for organisation in (connected, case["ngo"], case["town"]):
        PartnerFactory(partnership=other, organisation=organisation)
    company("Unrelated d.o.o.", seat=case["elsewhere"], fields=[case["sport"]])
    company("Pending d.o.o.", seat=case["postojna"], fields=[case["social"]], status="pending")
    OrganisationFactory(name="Another NGO", sector=Sector.CIVIL, seat=case["postojna"])

    suggestions = partnership_suggestions(case["partnership"])
    assert [s.organisation for s in suggestions] == [both, connected, field_only, place_only]
    assert suggestions[0].explanation == (
        "no private-sector partner yet; works in Postojna; on social care"
    )
    assert suggestions[1].explanation == (
        "no private-sector partner yet; on social care; already partners with 2 of your partners"
    )


def test_a_cross_sector_partnership_needs_no_suggestions(case):
    PartnerFactory(
        partnership=case["partnership"],
        organisation=company("Already in d.o.o.", seat=case["postojna"]),
    )
    company("Would fit d.o.o.", seat=case["postojna"], fields=[case["social"]])
    assert partnership_suggestions(case["partnership"]) == []


def test_staff_see_the_suggestions_on_the_page_and_partners_do_not(
    case, client_for, staff, anonymous
):
    company("Both d.o.o.", seat=case["postojna"], fields=[case["social"]])
    url = case["partnership"].get_absolute_url()
    page = client_for(staff).get(url).content.decode()
    assert "Who could join" in page and "Both d.o.o." in page
    assert "Both d.o.o." not in anonymous.get(url).content.decode()


def test_the_network_links_organisations_that_share_partnerships(case):
    third = OrganisationFactory(name="Tretji & <partner>")
    other = PartnershipFactory()
    PartnerFactory(partnership=other, organisation=case["ngo"])
    PartnerFactory(partnership=other, organisation=third)
    network = partnership_network(Partnership.objects.all())
    names = {o["id"]: o["name"] for o in network.organisations}
    assert {(names[a], names[b], w) for a, b, w in network.links} == {
        ("Društvo Postojna", "Občina Postojna", 1),
        ("Društvo Postojna", "Tretji & <partner>", 1),
    }
    ngo = next(o for o in network.organisations if o["name"] == "Društvo Postojna")
    assert ngo["partners"] == ["Občina Postojna", "Tretji & <partner>"]

    svg = ET.fromstring(network_svg(network, title="Network"))  # noqa: S314 - our own output
    assert svg.tag == f"{SVG}svg"
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    assert sorted(labels) == ["Društvo Postojna", "Občina Postojna", "Tretji & <partner>"]
    assert len(list(svg.iter(f"{SVG}line"))) == 2


def test_the_network_page_draws_a_municipality_and_lists_it_as_text(case, anonymous):
    outside = PartnershipFactory()
    PartnerFactory(partnership=outside, organisation=OrganisationFactory(name="Far away"))
    page = anonymous.get("/en/partnerships/network/", {"municipality": "postojna"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "Društvo Postojna" in text
    assert "works with Občina Postojna" in text
    assert "Far away" not in text


@pytest.mark.parametrize("count", [1, 25])
def test_the_network_page_takes_a_fixed_number_of_queries(
    anonymous, django_assert_num_queries, count
):
    for _ in range(3):
        partnership = PartnershipFactory()
        for _ in range(count):
            PartnerFactory(partnership=partnership)
    # 1. fields of activity for the filter's choices
    # 2. municipalities for the filter's choices
    # 3. the active partners of the partnerships shown, with their organisations
    with django_assert_num_queries(3):
        response = anonymous.get("/en/partnerships/network/")
    assert len(response.context["network"].organisations) == 3 * count


@pytest.mark.parametrize("count", [1, 25])
def test_staff_suggestions_take_a_fixed_number_of_queries(case, django_assert_num_queries, count):
    for number in range(count):
        company(f"Podjetje {number}", seat=case["postojna"], fields=[case["social"]])
    # 1. the partners with their organisations
    # 2. the territory
    # 3. the fields
    # 4. the candidates
    # 5. their fields
    # 6. the municipalities they serve
    # 7. the current partners they already work with
    with django_assert_num_queries(7):
        suggestions = partnership_suggestions(case["partnership"])
    assert len(suggestions) == min(count, 5)
