"""Asking for a funder report, and gathering its figures once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hub.documents import document_request
from hub.indicators import Period
from hub.models import Operation, User

from .annexes import annexes_gather
from .display import figures_changes
from .figures import figures_gather
from .models import FunderReport, ReportKind


@transaction.atomic
def funder_report_request(
    *, operation: Operation, period: Period, kind: str, language: str, by: User | None
) -> FunderReport:
    """A new version of the operation's report for the period, queued for a worker. Earlier
    versions stay as they were sent."""
    from .documents import FUNDER_REPORT  # the report's document renders from this module

    Operation.objects.select_for_update().filter(pk=operation.pk).first()
    latest = FunderReport.objects.filter(
        operation=operation, start=period.start, end=period.end, kind=kind
    ).aggregate(latest=Max("version"))["latest"]
    report = FunderReport.objects.create(
        operation=operation,
        start=period.start,
        end=period.end,
        kind=kind if kind in ReportKind.values else ReportKind.PROGRESS,
        language=language,
        version=(latest or 0) + 1,
        requested_by=by if by is not None and by.is_authenticated else None,
    )
    document_request(kind=FUNDER_REPORT, subject=report, language=language, by=by)
    return report


def funder_report_figures(report: FunderReport) -> dict[str, Any]:
    """The report's figures: gathered once, on its first render, with the rows behind them and
    what changed since the previous version; then always the stored ones."""
    if report.figures is None:
        from django.utils import translation

        with translation.override(report.language):
            data = figures_gather(
                operation=report.operation, period=Period(report.start, report.end)
            )
        previous = (
            FunderReport.objects.filter(
                operation=report.operation_id,
                start=report.start,
                end=report.end,
                kind=report.kind,
                version__lt=report.version,
                figures__isnull=False,
            )
            .order_by("-version")
            .values_list("figures", flat=True)
            .first()
        )
        FunderReport.objects.filter(pk=report.pk, figures__isnull=True).update(
            figures=data,
            rows=annexes_gather(data),
            changes=figures_changes(previous, data) if previous is not None else None,
            gathered_at=timezone.now(),
        )
        report.refresh_from_db(fields=["figures", "rows", "changes", "gathered_at"])
    if report.rows is None:  # gathered before the rows were kept: kept from now on
        FunderReport.objects.filter(pk=report.pk, rows__isnull=True).update(
            rows=annexes_gather(report.figures)
        )
        report.refresh_from_db(fields=["rows"])
    return report.figures
