"""Public consultations open for comment, with the draft and its annexes."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hub.models import FieldOfActivity
from hub.search import Searchable

from ..validators import validate_document
from .uploads import consultation_document_upload_to


class Level(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class ConsultationQuerySet(models.QuerySet):
    def open(self, now: datetime | None = None) -> ConsultationQuerySet:
        now = now or timezone.now()
        return self.filter(opens__lte=now, deadline__gt=now)

    def closed(self, now: datetime | None = None) -> ConsultationQuerySet:
        return self.filter(deadline__lte=now or timezone.now())

    def upcoming(self, now: datetime | None = None) -> ConsultationQuerySet:
        return self.filter(opens__gt=now or timezone.now())


class ConsultationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("consultation", "Open for comment")
    UPCOMING = "upcoming", pgettext_lazy("consultation", "Opens soon")
    CLOSED = "closed", pgettext_lazy("consultation", "Closed")


class Consultation(Searchable):
    """A public body's draft open for comment: a municipal budget, a regional programme, a law."""

    search_name_fields = ("title",)
    search_text_fields = ("body__name", "summary")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    body = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="consultations",
        limit_choices_to={"sector": "public"},
        verbose_name=_("public body"),
        help_text=_("The public-sector organisation that asks for comments."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    municipalities = models.ManyToManyField(
        "hub.Municipality",
        blank=True,
        related_name="consultations",
        verbose_name=_("municipalities concerned"),
    )
    fields = models.ManyToManyField(
        FieldOfActivity,
        blank=True,
        related_name="consultations",
        verbose_name=_("fields of activity"),
    )
    summary = models.TextField(_("summary"))
    url = models.URLField(_("link to the draft"), blank=True)
    opens = models.DateTimeField(_("opens"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline for comments"))
    created_at = models.DateTimeField(_("published"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[municipalities, fields],
        excluded_fields=["search_text", "search_name", "updated_at"],
    )
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opens")),
                name="consultation_deadline_after_opening",
                violation_error_message=_("The deadline must be after the consultation opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advocacy:consultation", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.opens and self.deadline and self.deadline <= self.opens:
            raise ValidationError(
                {"deadline": _("The deadline must be after the consultation opens.")}
            )

    def status_at(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if now < self.opens:
            return ConsultationStatus.UPCOMING
        if now >= self.deadline:
            return ConsultationStatus.CLOSED
        return ConsultationStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return ConsultationStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN


class ConsultationDocument(models.Model):
    """The draft and its annexes: public, so in the public storage."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=consultation_document_upload_to,
        max_length=200,
        validators=[validate_document],
        help_text=_("PDF, DOCX, XLSX, ODT or ODS, up to 10 MB."),
    )

    class Meta:
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title
