"""The coordinators' reports page: indicators for a period, the rows behind them, reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub.documents import document_request, documents_for
from hub.indicators import Period
from hub.models import Operation, TemplateIndicator
from hub.selectors import operation_on

from .access import may_see_reports
from .annexes import rows_for
from .display import changes_display, figures_display
from .documents import FUNDER_REPORT, report_filename, report_xlsx
from .figures import figure_for, figures_gather, special_line
from .models import FunderReport, ReportKind
from .periods import default_choice, period_choices, period_from_choice
from .services import funder_report_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _coordinator(user: Any) -> None:
    """The one access rule of the reports: coordinators and staff; others are refused."""
    if not may_see_reports(user):
        raise PermissionDenied


class PeriodForm(forms.Form):
    operation = forms.ModelChoiceField(
        label=_("Operation"), queryset=Operation.objects.all(), empty_label=None
    )
    period = forms.CharField(label=_("Period"), widget=forms.Select)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: QueryDict | dict, *, operation: Operation) -> None:
        super().__init__(data)
        self.fields["period"].widget.choices = period_choices(operation)
        self.chosen_operation = operation

    def clean(self) -> dict:
        cleaned = super().clean()
        operation = cleaned.get("operation") or self.chosen_operation
        choice = cleaned.get("period")
        if choice == "custom":
            start, end = cleaned.get("start"), cleaned.get("end")
            if "start" in self.errors or "end" in self.errors:
                return cleaned
            if start is None or end is None:
                raise forms.ValidationError(
                    _("Give both the first and the last day of the period.")
                )
            if end < start:
                self.add_error("end", _("The period must end on or after its first day."))
                return cleaned
            if start < operation.start or end > operation.end:
                raise forms.ValidationError(
                    _("Choose days within the operation: %(start)s – %(end)s."),
                    params={
                        "start": date_format(operation.start, "SHORT_DATE_FORMAT"),
                        "end": date_format(operation.end, "SHORT_DATE_FORMAT"),
                    },
                )
            cleaned["period_obj"] = Period(start, end)
        elif choice:
            period = period_from_choice(choice, operation)
            if period is None:
                self.add_error("period", _("Choose a period from the list."))
            else:
                cleaned["period_obj"] = period
        return cleaned


def _pk(value: str) -> int | None:
    """An id from a query string, or None for anything a database id cannot be."""
    if value.isascii() and value.isdigit() and 0 < int(value) < 2**31:
        return int(value)
    return None


def _chosen_operation(request: HttpRequest) -> Operation | None:
    wanted = _pk(request.GET.get("operation", ""))
    if wanted is not None:
        found = Operation.objects.select_related("template").filter(pk=wanted).first()
        if found:
            return found
    running = operation_on()
    found = Operation.objects.select_related("template")
    return (found.filter(pk=running.pk).first() if running else None) or found.first()


def _period_query(operation: Operation, period: Period) -> str:
    query = QueryDict(mutable=True)
    query.update(
        {
            "operation": operation.pk,
            "period": "custom",
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }
    )
    return query.urlencode()


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The operation's indicators for the chosen period against its targets, and its reports."""
    _coordinator(request.user)
    operation = _chosen_operation(request)
    if operation is None:
        return render(request, "reports/dashboard.html", {"operation": None})
    data = request.GET.copy()
    # The operation shown is the one the form works on, whatever the address said.
    data["operation"] = str(operation.pk)
    data.setdefault("period", default_choice(operation))
    form = PeriodForm(data, operation=operation)
    figures = None
    period = None
    if form.is_valid():
        period = form.cleaned_data["period_obj"]
        figures = figures_display(figures_gather(operation=operation, period=period))
    reports = list(
        FunderReport.objects.filter(operation=operation)
        .select_related("requested_by")
        .defer("rows")[:20]
    )
    documents = documents_for(kind=FUNDER_REPORT, subjects=reports)
    for report in reports:
        report.document = documents.get(report.pk)
        report.change_list = changes_display(report)
    return render(
        request,
        "reports/dashboard.html",
        {
            "operation": operation,
            "form": form,
            "period": period,
            "figures": figures,
            "period_query": _period_query(operation, period) if period else "",
            "reports": reports,
            "report_kinds": ReportKind.choices,
            "languages": settings.LANGUAGES,
            "refresh": any(r.document and r.document.is_in_flight for r in reports),
        },
    )


def _period_in(data: QueryDict, operation: Operation) -> Period | None:
    """The period of a query string or form, when it is one the operation runs in."""
    try:
        period = Period(
            date.fromisoformat(data.get("start", "")), date.fromisoformat(data.get("end", ""))
        )
    except ValueError:
        return None
    if period.start < operation.start or period.end > operation.end:
        return None
    return period


@login_required
def figure_rows(request: HttpRequest, indicator: int) -> HttpResponse:
    """The rows behind one figure: which NGOs, events, partnerships — people to staff only."""
    _coordinator(request.user)
    operation = get_object_or_404(
        Operation.objects.select_related("template"), pk=_pk(request.GET.get("operation", "")) or 0
    )
    found = get_object_or_404(TemplateIndicator, pk=indicator, template_id=operation.template_id)
    period = _period_in(request.GET, operation)
    if period is None:
        raise Http404  # a hand-made address: no period of this operation
    figure = figure_for(found, period=period, operation=operation)
    tables = (
        [
            rows_for(kind=kind, ids=ids, user=request.user, special=special_line(found.params))
            for kind, ids in figure.rows.items()
        ]
        if figure is not None
        else []
    )
    return render(
        request,
        "reports/rows.html",
        {
            "operation": operation,
            "indicator": found,
            "period": period,
            "figure": figure,
            "tables": tables,
            "back": reverse("reports:dashboard") + "?" + _period_query(operation, period),
        },
    )


@login_required
@require_POST
def report_ask(request: HttpRequest) -> HttpResponse:
    """A coordinator asks for a new version of the report for the period on the page."""
    _coordinator(request.user)
    operation = get_object_or_404(Operation, pk=_pk(request.POST.get("operation", "")) or 0)
    period = _period_in(request.POST, operation)
    if period is None:
        messages.error(request, _("Choose a valid period first."))
        return redirect("reports:dashboard")
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    kind = request.POST.get("kind", "")
    if kind not in ReportKind.values:
        kind = ReportKind.PROGRESS
    funder_report_request(
        operation=operation, period=period, kind=kind, language=language, by=request.user
    )
    messages.success(request, _("The report is being prepared; this page refreshes by itself."))
    return redirect(reverse("reports:dashboard") + "?" + _period_query(operation, period))


@login_required
@require_POST
def report_render(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare a report's file when it has none yet (a failed or lost render), from the figures
    stored with it; a file once made is kept as it was sent."""
    _coordinator(request.user)
    report = get_object_or_404(FunderReport, pk=pk)
    document = document_request(
        kind=FUNDER_REPORT, subject=report, language=report.language, by=request.user
    )
    if document.has_file:
        messages.info(
            request,
            _("A report is kept as it was sent. Ask for a new version to see today's figures."),
        )
    period = Period(report.start, report.end)
    return redirect(reverse("reports:dashboard") + "?" + _period_query(report.operation, period))


@login_required
def report_spreadsheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's stored figures and rows as XLSX, made on the spot (it takes milliseconds)."""
    _coordinator(request.user)
    report = get_object_or_404(FunderReport.objects.select_related("operation"), pk=pk)
    if report.figures is None:
        raise Http404  # not gathered yet: the worker has not started it
    from django.utils import translation

    with translation.override(report.language):
        content = report_xlsx(report)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report, "xlsx")}"'
    response["X-Robots-Tag"] = "noindex"
    return response
