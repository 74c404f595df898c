"""The funder report as a kind of document (PDF), and the same figures and rows as XLSX."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from typing import Any

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from hub import spreadsheets
from hub.documents import DocumentKind, document_kind_register
from hub.models import Document
from hub.money import currency_on, xlsx_money_format
from hub.pdf import render_pdf
from hub.selectors import funder_logos, hub_profile, storage_data_uri

from .access import may_see_reports
from .annexes import PDF_ANNEXES, annexes
from .display import changes_display, figures_display
from .models import FunderReport
from .services import funder_report_figures

logger = logging.getLogger(__name__)

FUNDER_REPORT = "reports.funder_report"


def _report(document: Document) -> FunderReport:
    return FunderReport.objects.select_related("operation", "requested_by").get(
        pk=document.subject_id
    )


def report_context(report: FunderReport) -> dict[str, Any]:
    """Everything the PDF prints, from the report's stored figures."""
    data = figures_display(funder_report_figures(report))
    logos = []
    for logo in funder_logos(report.operation):
        try:
            logos.append({"src": storage_data_uri(logo.image), "alt": logo.description})
        except OSError:
            logger.exception(
                "Funder logo %s cannot be read; the report is made without it", logo.pk
            )
    return {
        "report": report,
        "data": data,
        "annexes": annexes(report.rows, kinds=PDF_ANNEXES),
        "changes": changes_display(report),
        "operation": report.operation,
        "funder_logos": logos,
        "publicity_text": report.operation.publicity_text,
        "hub_name": hub_profile().name,
        "document_date": report.end,
    }


def render_funder_report(report: FunderReport) -> bytes:
    return render_pdf("pdf/reports/funder_report.html", report_context(report))


def report_filename(report: FunderReport, extension: str) -> str:
    name = slugify(report.operation.name)[:60] or "report"
    return f"{name}-{report.start:%Y%m%d}-{report.end:%Y%m%d}-v{report.version}.{extension}"


def _may_have(user: Any, document: Document, context: Mapping[str, str]) -> bool:
    return may_see_reports(user)


document_kind_register(
    DocumentKind(
        name=FUNDER_REPORT,
        render=lambda document: render_funder_report(_report(document)),
        filename=lambda document: report_filename(_report(document), "pdf"),
        can_download=_may_have,
        keep_first=True,
    )
)


def _cell(value: Any) -> Any:
    """What a spreadsheet cell holds: numbers and dates as themselves, the rest as text."""
    if value is None or isinstance(value, int | float):
        return value
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value
    return str(value)


def report_xlsx(report: FunderReport) -> bytes:
    """The report's stored figures and the rows stored with them as a workbook: the indicators,
    their breakdowns (through the disclosure rule, as in the PDF), then one sheet per kind of
    row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    data = figures_display(funder_report_figures(report))
    book = Workbook(write_only=True)
    sheet = spreadsheets.sheet(book, gettext("Indicators")[:31])
    sheet.append([report.operation.name])
    sheet.append(
        [
            gettext("Period"),
            formats.date_format(data["period_obj"].start, "SHORT_DATE_FORMAT"),
            formats.date_format(data["period_obj"].end, "SHORT_DATE_FORMAT"),
        ]
    )
    template = data["template"]
    if template.get("participants"):
        sheet.append([gettext("Who is a participant"), template["participants"]])
        sheet.append([gettext("A record lacking an item"), template["completeness"]])
    operation = data["operation"]
    if operation.get("value"):
        currency = operation.get("currency") or currency_on(None)
        amount = WriteOnlyCell(sheet.worksheet, value=float(operation["value"]))
        amount.number_format = xlsx_money_format(currency)
        sheet.append([gettext("Value"), amount])
    sheet.append([])
    sheet.append(
        [
            gettext("Code"),
            gettext("Indicator"),
            gettext("Value"),
            gettext("Target"),
            gettext("Share of target (%)"),
            gettext("Definition"),
        ]
    )
    for item in data["indicator_list"]:
        if item.get("hub_section"):
            sheet.append([gettext("The hub's own indicators")])
        value = item["value"]
        sheet.append(
            [
                item["code"],
                item["label"],
                _cell(float(value) if value is not None and not isinstance(value, int) else value)
                if item["available"]
                else gettext("not available"),
                float(item["target"]) if item["target"] is not None else None,
                item["share"],
                item["definition"],
            ]
        )
    breakdowns = spreadsheets.sheet(book, gettext("Breakdowns")[:31])
    breakdowns.append(
        [
            gettext("Code"),
            gettext("Indicator"),
            gettext("Breakdown"),
            gettext("Category"),
            gettext("Count"),
        ]
    )
    for item in data["indicator_list"]:
        for breakdown in item["breakdown_list"]:
            for cell in breakdown["cells"]:
                count = cell["display"] if cell["count"] is None else cell["count"]
                breakdowns.append(
                    [item["code"], item["label"], breakdown["label"], cell["label"], count]
                )
    for annex in annexes(report.rows):
        rows = spreadsheets.sheet(book, str(annex["label"])[:31])
        rows.append([str(label) for _key, label in annex["columns"]])
        for row in annex["rows"]:
            rows.append([_cell(row.get(key)) for key, _label in annex["columns"]])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def report_generated_at() -> str:
    return formats.date_format(timezone.localtime(), "DATETIME_FORMAT")
