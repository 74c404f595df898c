"""What a funder report prints: kept as sent, breakdowns in order, labels in the report's
language, charts and logos described for screen readers."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from events.models import EventKind, SpecialAnswer, SpecialCategoryEntry
from hub.documents import document_render, document_request
from hub.entry import AgeBand
from hub.indicators import Period
from hub.models import Document
from reports.documents import FUNDER_REPORT, render_funder_report, report_xlsx
from reports.models import FunderReport
from reports.services import funder_report_request
from tests.factories import EventFactory, OperationFactory, RegistrationFactory
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db

HUB = ZoneInfo("Europe/Ljubljana")
YEAR = timezone.localdate().year - 1
Q1 = Period.quarter(YEAR, 1)


def _training(day: int):
    start = datetime(YEAR, 2, day, 9, tzinfo=HUB)
    return EventFactory(kind=EventKind.TRAINING, start=start, end=start + timedelta(hours=3))


def _operation():
    template = template_of("participations")
    template.indicators.update(breakdowns=["age", "disability"])
    operation = OperationFactory(template=template, start=Q1.start, end=Q1.end)
    event = _training(3)
    bands = [AgeBand.UNDER_18] * 6 + [AgeBand.FROM_18_TO_24] * 7 + [AgeBand.FROM_55] * 8
    for n, band in enumerate(bands):
        registration = RegistrationFactory(
            event=event,
            email=f"p{n}@example.org",
            attended=True,
            entry_items=["age"],
            age_band=band,
        )
        SpecialCategoryEntry.objects.create(
            registration=registration,
            items=["disability"],
            consent=True,
            disability=SpecialAnswer.YES if n % 3 == 0 else SpecialAnswer.NO,
        )
    return operation, event


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _xlsx_rows(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_a_report_as_sent_keeps_its_pdf_annexes_and_xlsx_when_the_data_change(coordinator):
    operation, event = _operation()
    report = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    document = Document.objects.get(kind=FUNDER_REPORT, subject_id=report.pk)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    sent = document.file.read()
    report.refresh_from_db()
    with translation.override("en"):
        sheet = _xlsx_rows(report_xlsx(report))

    RegistrationFactory(event=event, email="late@example.org", attended=True)  # a check-in after
    other = _training(10)
    RegistrationFactory(event=other, email="later@example.org", attended=True)

    # Asking for the file again keeps the one that was sent, byte for byte.
    document_request(kind=FUNDER_REPORT, subject=report, language="en", by=coordinator)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.file.read() == sent
    report.refresh_from_db()
    with translation.override("en"):
        assert _xlsx_rows(report_xlsx(report)) == sheet
        assert _pdf_text(render_funder_report(report)) == _pdf_text(sent)
    assert "21" in _pdf_text(sent)  # participations as sent, not 23

    # A new version counts today's data and says what differs.
    again = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    with translation.override("en"):
        text = _pdf_text(render_funder_report(again))
    again.refresh_from_db()
    assert {"code": "T1", "breakdown": "", "category": "", "before": "21", "after": "23"} in (
        again.changes
    )
    assert "What differs from version 1" in text
    assert FunderReport.objects.get(pk=report.pk).rows == report.rows


def test_the_polish_pdf_lists_age_bands_in_order(coordinator):
    operation, _event = _operation()
    report = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="pl", by=coordinator
    )
    with translation.override("pl"):
        render_funder_report(report)
        text = _pdf_text(render_funder_report(FunderReport.objects.get(pk=report.pk)))
        labels = [str(label) for label in AgeBand.labels]
    positions = [text.index(label) for label in labels]
    assert positions == sorted(positions)


@pytest.mark.parametrize("language", ["en", "bg", "pl"])
def test_no_output_prints_slovene_labels_in_another_language(client_for, coordinator, language):
    with translation.override("sl"):
        slovene = [str(label) for label in (*AgeBand.labels, *SpecialAnswer.labels)]
    with translation.override(language):
        own = {str(label) for label in (*AgeBand.labels, *SpecialAnswer.labels)}
    words = [word for word in slovene if word not in own]
    assert "Da" in words and "Ne" in words
    operation, _event = _operation()
    report = funder_report_request(
        operation=operation, period=Q1, kind="progress", language=language, by=coordinator
    )
    with translation.override(language):
        pdf = _pdf_text(render_funder_report(report))
        report.refresh_from_db()
        cells = [str(c) for row in _xlsx_rows(report_xlsx(report)) for c in row if c is not None]
    page = client_for(coordinator).get(
        f"/{language}/reports/?operation={operation.pk}&period=custom&start={Q1.start}&end={Q1.end}"
    )
    html = page.content.decode()
    rows = "".join(f"<td>{c}</td>" for c in cells)
    for word in words:
        assert f">{word}<" not in html, word
        assert f"<td>{word}</td>" not in rows, word
        assert f"\n{word} " not in pdf and f"\n{word}\n" not in pdf, word


def test_the_pdf_describes_its_charts_and_logo_and_names_title_and_language(coordinator):
    from django.core.files.base import ContentFile

    from hub.models import FunderLogo

    operation, _event = _operation()
    logo = FunderLogo(operation=operation, description_en="Co-funded by the European Union")
    logo.image.save("eu.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    report = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    with translation.override("en"):
        reader = PdfReader(io.BytesIO(render_funder_report(report)))

    alts = []

    def walk(node):
        node = node.get_object()
        if "/Alt" in node:
            alts.append(str(node["/Alt"]))
        for kid in node.get("/K", []) if isinstance(node.get("/K"), list) else [node.get("/K")]:
            if kid is not None and hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "Co-funded by the European Union" in alts
    assert "Below 18: 6" in alts and "18–24: 7" in alts and "30–54: 0" in alts
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<dc:title>" in xmp and "<rdf:li>en</rdf:li>" in xmp
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_reports_stored_with_breakdowns_as_dicts_are_converted_in_the_enumerations_order(
    coordinator,
):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from hub.indicators import Figure

    name = "0014_report_snapshot_and_logo_text"
    migration = importlib.import_module(f"hub.migrations.{name}")
    # The models as that migration saw them (the report was the hub's then).
    apps = MigrationLoader(connection).project_state(("hub", name)).apps
    operation, _event = _operation()
    report = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    figure = {
        "value": 21,
        "rows": {},
        # as jsonb gave them back: keys by length, then bytes
        "breakdowns": {
            "disability": {"no": 14, "yes": 7, "refused": 0, "incomplete": 0},
            "age": {"18_29": 7, "30_54": 0, "55_plus": 8, "refused": 0, "under_18": 6},
        },
    }
    item = {"code": "T1", "rule": "participations", "breakdowns": ["age", "disability"]}
    FunderReport.objects.filter(pk=report.pk).update(
        figures={"indicators": [{**item, "figure": figure}]}
    )

    migration.breakdowns_as_lists(apps, None)

    stored = FunderReport.objects.get(pk=report.pk).figures["indicators"][0]["figure"]
    assert [table["key"] for table in stored["breakdowns"]] == ["age", "disability"]
    assert [cell["key"] for cell in stored["breakdowns"][0]["value"]] == [
        "under_18",
        "18_29",
        "30_54",
        "55_plus",
        "refused",
    ]
    assert list(Figure.from_json(stored).breakdowns["disability"]) == [
        "yes",
        "no",
        "refused",
        "incomplete",
    ]


def test_asking_to_prepare_a_sent_report_again_keeps_its_file_and_says_so(
    client_for, coordinator, ngo_admin, anonymous
):
    operation, _event = _operation()
    report = funder_report_request(
        operation=operation, period=Q1, kind="progress", language="en", by=coordinator
    )
    document = Document.objects.get(kind=FUNDER_REPORT, subject_id=report.pk)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    before = (document.file.name, document.status, document.finished_at)
    address = f"/en/reports/{report.pk}/render/"

    assert anonymous.post(address).status_code == 302  # to sign in
    assert client_for(ngo_admin).post(address).status_code == 403
    response = client_for(coordinator).post(address, follow=True)

    document.refresh_from_db()
    assert (document.file.name, document.status, document.finished_at) == before
    assert "kept as it was sent" in response.content.decode()
    assert "Prepare the file again" not in response.content.decode()
