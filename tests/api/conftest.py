import pytest

from tests.factories import (
    CallFactory,
    EventFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    NewsItemFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RegionFactory,
)


@pytest.fixture
def catalogue(db):
    """A little of everything the API lists, with codes the filters take."""
    goriska = RegionFactory(name="Goriška", slug="goriska")
    tolmin = MunicipalityFactory(name="Tolmin", slug="tolmin", region=goriska)
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    culture = FieldOfActivityFactory(name="Culture", slug="culture")
    organisations = [
        OrganisationFactory(name="Mladinski center Tolmin", seat=tolmin, fields=[youth]),
        OrganisationFactory(name="Kulturno društvo Soča", seat=tolmin, fields=[culture]),
    ]
    event = EventFactory(is_published=True, municipality=tolmin, organiser=organisations[0])
    event.fields.set([youth])
    call = CallFactory(is_published=True)
    call.fields.set([youth])
    partnership = PartnershipFactory()
    partnership.fields.set([youth])
    PartnerFactory(partnership=partnership, organisation=organisations[0])
    NewsItemFactory(event=event, call=call, partnership=partnership)
    return {
        "youth": youth,
        "culture": culture,
        "tolmin": tolmin,
        "organisations": organisations,
        "event": event,
        "call": call,
        "partnership": partnership,
    }
