"""The sector balance on small hand-made cases."""

import datetime

import pytest
from django.utils import timezone

from organisations.models import Sector
from partnerships.models import Partner
from partnerships.selectors import cross_sector_ids, sector_balance
from tests.factories import OrganisationFactory, PartnerFactory, PartnershipFactory

TODAY = timezone.localdate()


def _partner(sector: str, *, left=None, joined=None) -> Partner:
    """An unsaved partner of an organisation of that sector: the balance needs no database."""
    return Partner(
        organisation=OrganisationFactory.build(sector=sector),
        joined=joined or TODAY - datetime.timedelta(days=10),
        left=left,
    )


def test_one_active_partner_in_each_sector_is_cross_sector():
    balance = sector_balance(
        [
            _partner(Sector.CIVIL),
            _partner(Sector.CIVIL),
            _partner(Sector.PUBLIC),
            _partner(Sector.PRIVATE),
        ]
    )
    assert balance.counts == {"civil": 2, "public": 1, "private": 1}
    assert balance.is_cross_sector
    assert balance.missing == []
    assert [part["percent"] for part in balance.parts] == [50, 25, 25]


def test_two_sectors_are_not_cross_sector_and_name_the_missing_one():
    balance = sector_balance([_partner(Sector.CIVIL), _partner(Sector.PUBLIC)])
    assert not balance.is_cross_sector
    assert balance.missing == ["private"]


def test_a_partner_who_has_left_does_not_count():
    balance = sector_balance(
        [
            _partner(Sector.CIVIL),
            _partner(Sector.PUBLIC),
            _partner(Sector.PRIVATE, left=TODAY - datetime.timedelta(days=1)),
        ]
    )
    assert balance.counts["private"] == 0
    assert not balance.is_cross_sector


def test_a_partner_who_joins_later_does_not_count_yet():
    balance = sector_balance(
        [
            _partner(Sector.CIVIL),
            _partner(Sector.PUBLIC),
            _partner(Sector.PRIVATE, joined=TODAY + datetime.timedelta(days=5)),
        ]
    )
    assert not balance.is_cross_sector


def test_no_partners_is_an_empty_balance():
    balance = sector_balance([])
    assert balance.total == 0
    assert [part["percent"] for part in balance.parts] == [0, 0, 0]


@pytest.mark.django_db
def test_the_database_finds_the_same_cross_sector_partnerships():
    full, partial, departed = PartnershipFactory(), PartnershipFactory(), PartnershipFactory()
    for partnership, private_left in [(full, None), (departed, TODAY)]:
        for sector in Sector.values:
            PartnerFactory(
                partnership=partnership,
                organisation=OrganisationFactory(sector=sector),
                left=private_left if sector == Sector.PRIVATE else None,
            )
    PartnerFactory(partnership=partial, organisation=OrganisationFactory(sector=Sector.CIVIL))
    PartnerFactory(partnership=partial, organisation=OrganisationFactory(sector=Sector.PUBLIC))
    assert cross_sector_ids() == {full.pk}
