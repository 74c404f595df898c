from datetime import date
from decimal import Decimal

from organisations import indicators
from tests.factories import OrganisationFactory, SupportRecordFactory


def test_ngos_supported_counts_each_organisation_once_in_the_period(db):
    first, second = OrganisationFactory(has_potential=True), OrganisationFactory()
    SupportRecordFactory(organisation=first, date=date(2026, 3, 1), hours=Decimal("2"))
    SupportRecordFactory(organisation=first, date=date(2026, 3, 5), kind="advice")
    SupportRecordFactory(organisation=second, date=date(2025, 12, 31))

    period = (date(2026, 1, 1), date(2026, 3, 31))
    assert indicators.supported_organisation_ids(*period) == {first.pk}
    assert indicators.supported_organisation_ids(*period, with_potential=True) == {first.pk}
    summary = indicators.support_summary(*period)
    assert (summary["records"], summary["organisations"], summary["hours"]) == (
        2,
        1,
        Decimal("4.0"),
    )
    assert [row["organisation__name"] for row in indicators.support_rows(*period)] == [
        first.name,
        first.name,
    ]
    assert indicators.organisations_by_sector({first.pk, second.pk}) == {
        "civil": 2,
        "public": 0,
        "private": 0,
    }
