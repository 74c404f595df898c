"""The reports pages offer only periods within the operation and answer every query string
without a server error."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hub.indicators import Period
from reports.models import FunderReport
from reports.periods import period_choices, period_from_choice
from tests.factories import OperationFactory
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


@pytest.fixture
def operation(db):
    # Starts on 1 September and ends on 15 May: partial quarters at both ends.
    return OperationFactory(
        template=template_of("ngos_supported"),
        start=date(YEAR - 1, 9, 1),
        end=date(YEAR, 5, 15),
    )


def test_only_periods_within_the_operation_are_offered_and_partial_ones_are_clipped(operation):
    offered = [value for value, _label in period_choices(operation)]

    assert f"{YEAR - 1}-q2" not in offered
    assert f"{YEAR}-q3" not in offered
    assert period_from_choice(f"{YEAR - 1}-q3", operation) == Period(
        date(YEAR - 1, 9, 1), date(YEAR - 1, 9, 30)
    )
    assert period_from_choice(f"{YEAR}-q2", operation) == Period(
        date(YEAR, 4, 1), date(YEAR, 5, 15)
    )
    assert period_from_choice(f"{YEAR}", operation) == Period(date(YEAR, 1, 1), date(YEAR, 5, 15))
    # Asked by hand, a quarter outside the operation is no period.
    assert period_from_choice(f"{YEAR - 1}-q2", operation) is None
    assert period_from_choice(f"{YEAR + 1}", operation) is None


def test_custom_dates_outside_the_operation_are_refused_with_a_message(
    client_for, coordinator, operation
):
    page = client_for(coordinator).get(
        "/en/reports/",
        {
            "operation": operation.pk,
            "period": "custom",
            "start": f"{YEAR - 1}-08-01",
            "end": f"{YEAR - 1}-09-30",
        },
    )

    assert page.status_code == 200
    assert page.context["figures"] is None
    assert "Choose days within the operation" in page.content.decode()


BAD = [
    "operation=abc",
    "operation=%00&start=x",
    "operation=-1",
    "operation=99999999999999999999999",
    "operation=1.5",
    "operation=%D9%A3",
    "start=0001-01-01&end=9999-12-31",
    "period=custom&start=0001-01-01&end=9999-12-31",
    "period=custom&start=%00&end=%00",
    "period=custom&start=2020-02-30&end=2020-03-01",
    "period=99999999999-q1",
    "period=2020-q9",
    "period=%00",
    "period=-q",
    "start=9999-12-31&end=9999-12-31",
    "start=2020-01-01&end=2019-01-01",
]


@pytest.mark.parametrize("query", BAD)
def test_no_query_string_breaks_the_reports_pages(client_for, coordinator, operation, query):
    client = client_for(coordinator)
    indicator = operation.template.indicators.get()
    with_operation = query if "operation=" in query else f"operation={operation.pk}&{query}"

    assert client.get(f"/en/reports/?{query}").status_code == 200
    assert client.get(f"/en/reports/?{with_operation}").status_code == 200
    assert client.get(f"/en/reports/indicators/{indicator.pk}/?{with_operation}").status_code in (
        400,
        404,
    )
    asked = client.post(
        f"/en/reports/ask/?{query}", dict(p.split("=", 1) for p in with_operation.split("&"))
    )
    assert asked.status_code in (302, 404)
    assert not FunderReport.objects.exists()


def test_a_quarter_shows_its_own_figure_and_the_year_to_date_against_the_years_target(
    client_for, coordinator
):
    from hub.models import IndicatorTarget
    from tests.factories import OrganisationFactory, SupportRecordFactory

    operation = OperationFactory(
        template=template_of("ngos_supported"), start=date(YEAR, 1, 1), end=date(YEAR, 12, 31)
    )
    IndicatorTarget.objects.create(
        operation=operation, indicator=operation.template.indicators.get(), year=YEAR, value=4
    )
    for on in (date(YEAR, 2, 1), date(YEAR, 3, 1), date(YEAR, 5, 1)):  # two in Q1, one in Q2
        SupportRecordFactory(organisation=OrganisationFactory(sector="civil"), date=on)

    page = client_for(coordinator).get(
        "/en/reports/", {"operation": operation.pk, "period": f"{YEAR}-q2"}
    )

    [item] = page.context["figures"]["indicator_list"]
    assert item["value"] == 1  # the quarter's own figure
    assert item["to_date_display"] == "3"  # January to June
    # The span to date is not an offered period: only its total is kept and published, never a
    # breakdown (special-category tables leave only for whole quarters, years, the operation).
    assert item["to_date"] == {"start": f"{YEAR}-01-01", "end": f"{YEAR}-06-30", "value": 3}
    assert item["share"] == 75  # of the year's target, year to date; never 25
    text = page.content.decode()
    assert "in this period" in text
    assert "Year to date" in text
    assert "75 % of the year" in text
    assert "target, year to date" in text


@pytest.mark.parametrize(
    "address",
    [
        "/en/reports/indicators/99999999999999999999/?operation=1",
        "/en/reports/99999999999999999999/report.xlsx",
        "/en/reports/0/report.xlsx",
    ],
)
def test_a_number_beyond_any_id_answers_404(client_for, coordinator, operation, address):
    assert client_for(coordinator).get(address).status_code == 404
    render = address.replace("report.xlsx", "render/")
    if render != address:
        assert client_for(coordinator).post(render).status_code == 404
