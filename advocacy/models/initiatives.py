"""NGO initiatives: one objective (what should change, in which policy), the coalition behind it,
its actions, documents and submissions, and the statuses it reached with their dates."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hub.search import Searchable
from hub.storage import get_document_storage

from .consultations import Consultation, Level
from .uploads import action_document_upload_to


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
