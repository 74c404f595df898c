"""NGO representatives in public bodies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hub.search import Searchable
from hub.text import collated

from .consultations import Level


class Representation(Searchable):
    """An NGO representative's seat in a public body, for the organisations that sent them."""

    search_name_fields = ("person", "body")

    person = models.CharField(_("representative"), max_length=200)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        related_name="representations",
        verbose_name=_("for the organisations"),
    )
    body = models.CharField(
        _("public body"),
        max_length=200,
        help_text=_("For example the local action group's assembly or a municipal working group."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    mandate_from = models.DateField(_("mandate from"))
    mandate_to = models.DateField(_("mandate to"), null=True, blank=True)
    reports_back = models.TextField(
        _("reports back"),
        blank=True,
        help_text=_("How and how often the representative reports to the organisations."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(
        m2m_fields=[organisations], excluded_fields=["search_text", "search_name"]
    )

    class Meta:
        verbose_name = _("representation in a public body")
        verbose_name_plural = _("representations in public bodies")
        ordering = ["-mandate_from", collated("person"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_to__isnull=True) | Q(mandate_to__gte=F("mandate_from")),
                name="representation_mandate_ends_after_it_starts",
                violation_error_message=_("A mandate cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.body}"

    def clean(self) -> None:
        if self.mandate_from and self.mandate_to and self.mandate_to < self.mandate_from:
            raise ValidationError({"mandate_to": _("A mandate cannot end before it starts.")})

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.mandate_from <= today and (self.mandate_to is None or self.mandate_to >= today)
