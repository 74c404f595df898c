"""On a call, staff see the verified organisations to invite; nobody else does."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import (
    CallFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation_case():
    goriska = RegionFactory(name="Goriška", slug="goriska", country="SI")
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    culture = FieldOfActivityFactory(name="Culture", slug="culture")
    call = CallFactory(
        slug="youth-call",
        sectors=["civil"],
        legal_forms=["association"],
        regions=[goriska],
        fields=[youth],
    )
    seat = MunicipalityFactory(name="Nova Gorica", region=goriska)
    base = {"sector": "civil", "legal_form": "association", "country": "SI", "seat": seat}
    OrganisationFactory(
        name="Mladinsko društvo Bovec", fields=[youth], email="mdb@example.org", **base
    )
    OrganisationFactory(name="Kulturno društvo", fields=[culture], **base)
    OrganisationFactory(
        name="Mladi, nepreverjeni", fields=[youth], verification_status="pending", **base
    )
    OrganisationFactory(
        name="Zavod za mlade", fields=[youth], **{**base, "legal_form": "private_institute"}
    )
    OrganisationFactory(
        name="Mladi Gorenjske",
        fields=[youth],
        **{
            **base,
            "seat": MunicipalityFactory(region=RegionFactory(slug="gorenjska", country="SI")),
        },
    )
    return call


def test_staff_see_the_eligible_verified_organisations_in_the_calls_fields(
    client_for, staff, invitation_case
):
    response = client_for(staff).get("/en/calls/youth-call/organisations/")
    assert [o.name for o in response.context["organisations"]] == ["Mladinsko društvo Bovec"]
    assert "1 verified organisation may apply" in response.content.decode()
    exported = client_for(staff).get("/en/calls/youth-call/organisations/?format=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    assert rows[1][:2] == ["Mladinsko društvo Bovec", "Civil (NGO)"]
    assert "mdb@example.org" in rows[1]
    assert len(rows) == 2


@pytest.mark.parametrize("who", ["anonymous", "ngo_admin"])
@pytest.mark.parametrize("suffix", ["", "?format=csv"])
def test_nobody_but_staff_sees_the_list(client, client_for, request, invitation_case, who, suffix):
    if who != "anonymous":
        client = client_for(request.getfixturevalue(who))
    response = client.get(f"/en/calls/youth-call/organisations/{suffix}")
    assert response.status_code == 404
    assert "Mladinsko" not in response.content.decode()
