"""Funder reports as sent: an operation's figures for a period, one row per version."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class FunderReport(models.Model):
    """One report a coordinator asked for: an operation's figures for a period, as sent.

    The figures and the rows behind them are gathered once, by the worker that renders the first
    file, and stored here (JSON), so the report can be shown again exactly as it was sent; its
    file, once made, is never replaced. Asking again for the same
    operation, period and kind makes a new version; the old ones stay. The file itself, its
    status and timings are the report's ``Document`` (kind ``reports.funder_report``).
    """

    operation = models.ForeignKey(
        "hub.Operation",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("operation"),
    )
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.PROGRESS
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # reports.figures.figures_gather's answer, stored when the report is first rendered.
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    # The rows behind the figures (the annexes), stored with them: the PDF and every
    # spreadsheet of this version show what was sent, whatever the data become.
    rows = models.JSONField(_("rows behind the figures"), null=True, blank=True, editable=False)
    # What differs from the previous version's figures (reports.display.figures_changes).
    changes = models.JSONField(
        _("changes since the previous version"), null=True, blank=True, editable=False
    )
    gathered_at = models.DateTimeField(_("figures gathered"), null=True, blank=True)
    documents = GenericRelation(
        "hub.Document", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        # The table it had when the reports lived in the hub app.
        db_table = "hub_funderreport"
        verbose_name = _("funder report")
        verbose_name_plural = _("funder reports")
        ordering = ["-requested_at", "-pk"]
        permissions = [
            ("view_reports", _("Can see the indicators and ask for funder reports")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "start", "end", "kind", "version"],
                name="funder_report_version_once",
                violation_error_message=_("This report already has this version."),
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="funder_report_period_ends_after_start",
                violation_error_message=_("The period must end on or after its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.start}–{self.end} v{self.version}"
