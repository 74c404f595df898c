from datetime import date
from decimal import Decimal

import pytest

from organisations.models import Sector
from partnerships import indicators
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


def _with_sectors(partnership, sectors, *, left=None):
    return [
        PartnerFactory(
            partnership=partnership,
            organisation=OrganisationFactory(sector=sector),
            joined=partnership.started,
            left=left if sector == Sector.PRIVATE else None,
            in_kind_value=Decimal("100"),
        )
        for sector in sectors
    ]


def test_partnerships_set_up_in_the_period_are_those_that_started_in_it():
    PartnershipFactory(started=date(2026, 2, 1))
    PartnershipFactory(started=date(2025, 12, 31))
    PartnershipFactory(started=date(2026, 7, 1))
    assert indicators.partnerships_set_up(*PERIOD) == 1


def test_cross_sector_counts_only_three_sector_partnerships_at_the_end_of_the_period():
    full = PartnershipFactory(started=date(2025, 6, 1))
    _with_sectors(full, Sector.values)
    two = PartnershipFactory(started=date(2025, 6, 1))
    _with_sectors(two, [Sector.CIVIL, Sector.PUBLIC])
    # The same as `full` except that its private partner left within the period.
    departed = PartnershipFactory(started=date(2025, 6, 1))
    _with_sectors(departed, Sector.values, left=date(2026, 3, 1))
    assert indicators.cross_sector_partnerships(*PERIOD) == 1


def test_a_partnership_that_ended_cross_sector_in_the_period_counts():
    ended = PartnershipFactory(started=date(2025, 6, 1), ended=date(2026, 3, 1))
    _with_sectors(ended, Sector.values)
    assert indicators.cross_sector_partnerships(*PERIOD) == 1
    assert indicators.cross_sector_partnerships(date(2026, 4, 1), date(2026, 6, 30)) == 0


def test_partners_by_sector_count_each_organisation_once_and_the_in_kind_value():
    first = PartnershipFactory(started=date(2025, 6, 1))
    partners = _with_sectors(first, Sector.values)
    second = PartnershipFactory(started=date(2026, 2, 1))
    PartnerFactory(
        partnership=second,
        organisation=partners[0].organisation,
        joined=second.started,
        in_kind_value=Decimal("50"),
    )
    assert indicators.partners_by_sector(*PERIOD) == {"civil": 1, "public": 1, "private": 1}
    assert indicators.in_kind_value(*PERIOD) == Decimal("350")


def test_meetings_and_outcomes_in_the_period():
    partnership = PartnershipFactory()
    MeetingFactory(partnership=partnership, date=date(2026, 3, 1))
    MeetingFactory(partnership=partnership, date=date(2025, 3, 1))
    OutcomeFactory(
        partnership=partnership,
        kind="policy_proposal",
        result="accepted",
        submitted_on=date(2026, 5, 1),
    )
    OutcomeFactory(partnership=partnership, kind="project_idea", submitted_on=date(2026, 5, 2))
    OutcomeFactory(partnership=partnership, kind="project_idea", submitted_on=date(2024, 5, 2))
    assert indicators.meetings_held(*PERIOD) == 1
    table = indicators.outcomes_by_kind_and_result(*PERIOD)
    assert table["policy_proposal"]["accepted"] == 1
    assert table["project_idea"]["pending"] == 1
    assert sum(sum(row.values()) for row in table.values()) == 2
