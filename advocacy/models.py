"""Advocacy: public consultations open for comment, NGO initiatives from an objective to a result,
and NGO representatives in public bodies.

An initiative is one objective (what should change, in which policy); its actions, documents and
submissions are the work towards it, and its status is kept with the dates it changed. A funder
counts initiatives per objective, so an initiative is counted once however much was done for it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hub.alerts import Frequency
from hub.fields import ChoiceListField
from hub.models import FieldOfActivity, Region
from hub.search import Searchable
from hub.storage import get_document_storage
from hub.text import collated

from .validators import validate_document


class Level(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


def consultation_document_upload_to(instance, filename: str) -> str:
    return f"advocacy/consultations/{uuid.uuid4().hex}{_suffix(filename)}"


def action_document_upload_to(instance, filename: str) -> str:
    return f"advocacy/documents/{uuid.uuid4().hex}{_suffix(filename)}"


def _suffix(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return suffix if suffix in {".pdf", ".docx", ".xlsx", ".odt", ".ods"} else ""


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


class InitiativeStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    SUBMITTED = "submitted", _("Submitted")
    NEGOTIATION = "negotiation", _("Under negotiation")
    ADOPTED = "adopted", _("Adopted")
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An initiative in one of these has its result; it is no longer active from that day.
RESULTS = (
    InitiativeStatus.ADOPTED,
    InitiativeStatus.PARTLY_ADOPTED,
    InitiativeStatus.REJECTED,
    InitiativeStatus.WITHDRAWN,
)

# Paths under /advocacy/ that an initiative's slug must not shadow.
RESERVED_SLUGS = {"consultations", "new", "documents"}


class InitiativeQuerySet(models.QuerySet):
    def public(self) -> InitiativeQuerySet:
        return self.filter(is_public=True)

    def visible_to(self, user) -> InitiativeQuerySet:
        """Public initiatives; the others to staff and to the people of the coalition."""
        if user.is_authenticated and user.is_staff:
            return self
        if not user.is_authenticated:
            return self.public()
        from organisations.models import Membership

        theirs = Membership.objects.filter(user=user).values("organisation_id")
        led = Q(lead_id__in=theirs)
        supported = Q(
            pk__in=Supporter.objects.filter(organisation_id__in=theirs).values("initiative_id")
        )
        return self.filter(Q(is_public=True) | led | supported)

    def active(self, start, end) -> InitiativeQuerySet:
        """Started by the end of the period and without a result before its start."""
        return self.filter(Q(closed__isnull=True) | Q(closed__gte=start), started__lte=end)


class Initiative(Searchable):
    search_name_fields = ("title",)
    search_text_fields = ("objective", "policy", "target_body", "lead__name")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    objective = models.TextField(
        _("what should change"), help_text=_("The change the coalition seeks, in a few sentences.")
    )
    policy = models.CharField(
        _("policy or document"),
        max_length=250,
        blank=True,
        help_text=_("For example the municipal budget or the regional implementation plan."),
    )
    target_body = models.CharField(
        _("target body"),
        max_length=200,
        help_text=_("Who decides: the municipal council, the regional development council…"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    lead = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="advocacy_led",
        verbose_name=_("lead organisation"),
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grew from the partnership"),
    )
    outcome = models.OneToOneField(
        "partnerships.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative",
        verbose_name=_("from the partnership's proposal"),
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("answers the consultation"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PREPARING,
    )
    started = models.DateField(_("started"), default=timezone.localdate)
    closed = models.DateField(
        _("result reached"), null=True, blank=True, editable=False, db_index=True
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown to everyone; otherwise only to the coalition's people and to staff."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "search_name", "updated_at"])
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("advocacy initiative")
        verbose_name_plural = _("advocacy initiatives")
        ordering = ["-started", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed__isnull=True) | Q(closed__gte=F("started")),
                name="initiative_result_after_start",
                violation_error_message=_(
                    "An initiative cannot reach its result before it starts."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advocacy:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by a page of the portal.")})

    @property
    def has_result(self) -> bool:
        return self.status in RESULTS


class StatusChange(models.Model):
    """A status the initiative reached, and when: its path, kept as it happened."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=20, choices=InitiativeStatus.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.date})"


class Supporter(models.Model):
    """An organisation of any sector that backs the initiative: the coalition beside the lead."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supporters")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="advocacy_supported",
        verbose_name=_("organisation"),
    )
    joined = models.DateField(_("joined"), default=timezone.localdate)

    class Meta:
        verbose_name = _("supporting organisation")
        verbose_name_plural = _("supporting organisations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"],
                name="supporter_once_per_initiative",
                violation_error_message=_("This organisation already supports the initiative."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ActionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    COMMENTS = "comments", _("Written comments")
    PROPOSAL = "proposal", _("Written proposal")
    EVENT = "event", _("Public event")
    MEDIA = "media", _("Media")
    PETITION = "petition", _("Petition")


class Action(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=10, choices=ActionKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("what was done"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


class ActionDocument(models.Model):
    """A document of an action. A public initiative's documents are in the public storage and
    linked directly; a coalition-only one's are in the private storage, served after a check."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    public_file = models.FileField(
        upload_to=action_document_upload_to, max_length=200, blank=True, editable=False
    )
    private_file = models.FileField(
        upload_to=action_document_upload_to,
        storage=get_document_storage,
        max_length=200,
        blank=True,
        editable=False,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(public_file="") & ~Q(private_file=""))
                | (~Q(public_file="") & Q(private_file="")),
                name="action_document_in_one_storage",
                violation_error_message=_("A document is kept in exactly one storage."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def file(self):
        return self.public_file or self.private_file

    @property
    def kind(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()

    @property
    def url(self) -> str:
        if self.public_file:
            return self.public_file.url
        return reverse("advocacy:document", kwargs={"pk": self.pk})


class SubmissionResponse(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    NO_ANSWER = "no_answer", _("No answer")


class Submission(models.Model):
    """What the coalition formally put to a body, and what the body answered."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="submissions")
    what = models.CharField(_("what was submitted"), max_length=300)
    to_whom = models.CharField(_("submitted to"), max_length=200)
    date = models.DateField(_("submitted on"))
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The body's file number, if any.")
    )
    response = models.CharField(
        _("the body's response"),
        max_length=20,
        choices=SubmissionResponse.choices,
        default=SubmissionResponse.AWAITING,
    )
    response_date = models.DateField(_("answered on"), null=True, blank=True)
    response_note = models.TextField(_("about the response"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_date__isnull=True) | Q(response_date__gte=F("date")),
                name="submission_answered_after_submitted",
                violation_error_message=_("A body cannot answer before the submission was made."),
            ),
        ]

    def __str__(self) -> str:
        return self.what


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


# Alerts about consultations, the way the calls' alerts work.


class ConsultationSubscription(models.Model):
    """A person's standing request to hear of consultations that fit; empty criteria match all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_subscription",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    fields = models.ManyToManyField(
        FieldOfActivity, blank=True, related_name="+", verbose_name=_("fields of activity")
    )
    levels = ChoiceListField(_("levels"), max_length=40, choices=Level.choices, blank=True)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions")
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("consultation alert")
        verbose_name_plural = _("consultation alerts")

    def __str__(self) -> str:
        return str(self.user)


class AlertKind(models.TextChoices):
    DIGEST = "digest", _("New consultations")
    REMINDER = "reminder", _("Deadline reminder")


class ConsultationAlert(models.Model):
    """One alert e-mail put in the outbox: who was told of which consultations, and when."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    consultations = models.ManyToManyField(
        Consultation, related_name="alerts", verbose_name=_("consultations")
    )
    email = models.ForeignKey(
        "hub.OutboxEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation alert sent")
        verbose_name_plural = _("consultation alerts sent")

    def __str__(self) -> str:
        return self.key
