"""A real worker renders a funder report; the PDF says what the dashboard says."""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pytest
from pypdf import PdfReader

from hub.indicators import RULES, Period
from hub.models import Document, IndicatorTarget
from reports.models import FunderReport
from tests.factories import (
    OperationFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    SupportRecordFactory,
)
from tests.reports.conftest import template_of

pytestmark = pytest.mark.worker

# The rules the events app registers (issue 15); a template may list them before they exist.
EVENT_RULES = [
    "events_by_kind",
    "trainings_held",
    "training_participants",
    "training_participations",
    "participants_new",
    "participants_cumulative",
    "participations",
    "people_completed_training",
    "municipalities_reached",
]


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_real_worker_renders_the_report_with_every_figure_the_dashboard_shows(
    celery_worker, client_for, coordinator
):
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    rules = sorted(set(RULES) | set(EVENT_RULES))
    template = template_of(*rules, code="every-rule")
    operation = OperationFactory(
        name="Regionalno stičišče NVO Goriška 2023–2027",
        template=template,
        start=date(2023, 10, 1),
        end=date(2027, 12, 31),
    )
    for indicator in template.indicators.all()[:5]:
        IndicatorTarget.objects.create(operation=operation, indicator=indicator, value=40)
    for number in range(3):
        SupportRecordFactory(
            organisation=OrganisationFactory(sector="civil", name=f"Društvo Soča {number}"),
            date=date(2025, 3, number + 1),
        )
    partnership = PartnershipFactory(title="Pisarna za starejše", started=date(2025, 5, 1))
    PartnerFactory(partnership=partnership, joined=date(2025, 5, 1))
    client = client_for(coordinator)
    query = f"operation={operation.pk}&period=custom&start={period.start}&end={period.end}"

    shown = client.get(f"/en/reports/?{query}").context["figures"]["indicator_list"]
    response = client.post(
        "/en/reports/ask/",
        {
            "operation": operation.pk,
            "start": period.start,
            "end": period.end,
            "kind": "final",
            "language": "en",
        },
    )
    assert response.status_code == 302

    report = FunderReport.objects.get()
    assert wait_for(
        lambda: Document.objects.filter(subject_id=report.pk, status="done").exists()
    ), Document.objects.values_list("status", "error").first()
    document = Document.objects.get(subject_id=report.pk)
    download = client.get(document.get_absolute_url())
    text = pdf_text(b"".join(download.streaming_content))

    assert "Regionalno stičišče NVO Goriška 2023–2027" in text
    assert "Društvo Soča 2" in text  # the annex of supported NGOs
    assert "Pisarna za starejše" in text  # the annex of partnerships
    for item in shown:
        at = text.index(f"{item['code']} ")
        window = text[at : at + 400]
        expected = item["value_display"] if item["available"] else "not available"
        assert re.search(rf"(?<![\d.,]){re.escape(expected)}(?![\d.,])", window), (
            item["code"],
            expected,
            window,
        )
    page = client.get(f"/en/reports/?{query}").content.decode()
    assert "Download the report (PDF)" in page
