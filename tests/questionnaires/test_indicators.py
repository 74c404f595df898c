"""An indicator built on answers: on the dashboard, in the report's PDF and XLSX, with the
answers behind it by pseudonymous id."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from hub.indicators import Period
from questionnaires.models import Audience, Invitation, Question, Response
from questionnaires.services import response_save, sendings_run
from reports.documents import render_funder_report, report_xlsx
from reports.services import funder_report_request
from tests.factories import (
    MembershipFactory,
    OperationFactory,
    OrganisationFactory,
    SendingFactory,
    UserFactory,
)
from tests.factories.questionnaires import assessment_pair
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db

HUB = ZoneInfo("Europe/Ljubljana")
YEAR = timezone.localdate().year - 1
Q2 = Period.quarter(YEAR, 2)


@pytest.fixture
def operation(db):
    """Three NGOs assessed in Q1 and again in Q2; two of them improved."""
    before, after = assessment_pair()
    scores = {"Društvo Rast": ("2", "4"), "Društvo Vzpon": ("3", "4"), "Društvo Mir": ("3", "3")}
    organisations = []
    for name in scores:
        organisation = OrganisationFactory(name=name)
        MembershipFactory(user=UserFactory(), organisation=organisation, role="admin")
        organisations.append(organisation)
    for questionnaire in (before, after):
        sending = SendingFactory(questionnaire=questionnaire, audience=Audience.ORGANISATIONS)
        sending.organisations.set(organisations)
    sendings_run()
    moments = {
        before: datetime(YEAR, 2, 1, 10, tzinfo=HUB),
        after: datetime(YEAR, 5, 1, 10, tzinfo=HUB),
    }
    for invitation in Invitation.objects.select_related("organisation", "sending__questionnaire"):
        questionnaire = invitation.sending.questionnaire
        value = scores[invitation.organisation.name][questionnaire == after]
        questions = Question.objects.filter(section__questionnaire=questionnaire)
        response_save(invitation=invitation, answers={q.pk: value for q in questions})
    # Answered in February and May of last year.
    for questionnaire, moment in moments.items():
        Response.objects.filter(questionnaire=questionnaire).update(submitted_at=moment)
    template = template_of("organisations_capacity_rose")
    return OperationFactory(
        template=template, start=Period.year(YEAR).start, end=Period.year(YEAR).end
    )


def _address(operation, language="en") -> str:
    return (
        f"/{language}/reports/?operation={operation.pk}&period=custom&start={Q2.start}&end={Q2.end}"
    )


def test_the_indicator_is_on_the_dashboard_with_the_answers_behind_it(
    client_for, coordinator, operation
):
    page = client_for(coordinator).get(_address(operation)).content.decode()
    assert "Indicator 1" in page
    row = page.split("Indicator 1")[1].split("</tr>")[0]
    assert ">2<" in row.replace(" ", "")

    indicator = operation.template.indicators.get()
    rows = (
        client_for(coordinator)
        .get(
            f"/en/reports/indicators/{indicator.pk}/?operation={operation.pk}"
            f"&start={Q2.start}&end={Q2.end}"
        )
        .content.decode()
    )
    table = rows.split('id="rows-questionnaire_responses"')[1].split("</section>")[0]
    assert "Answers to questionnaires (4)" in table
    pids = set(
        Response.objects.filter(
            organisation__name__in=["Društvo Rast", "Društvo Vzpon"]
        ).values_list("pid", flat=True)
    )
    for pid in pids:
        assert str(pid) in table
    assert "Društvo" not in table


def test_the_indicator_is_in_the_pdf_and_the_xlsx(coordinator, operation):
    report = funder_report_request(
        operation=operation, period=Q2, kind="progress", language="en", by=coordinator
    )
    report.refresh_from_db()
    with translation.override("en"):
        pdf = "\n".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(render_funder_report(report))).pages
        )
        book = load_workbook(io.BytesIO(report_xlsx(report)))
    cells = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]

    assert "Indicator 1" in pdf
    assert any("Indicator 1" in [str(c) for c in row] and 2 in row for row in cells)
    pid = str(Response.objects.filter(organisation__name="Društvo Rast").first().pid)
    assert any(pid in [str(c) for c in row] for row in cells)
