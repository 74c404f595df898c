"""Local partnerships: organisations of the public, private and civil sectors around one problem.

A partnership has a life of its own: the stages it passes through (kept with their dates), the
partners who join and leave with their roles and contributions, the meetings where they decide,
the commitments each partner takes on and the outcomes they submit together.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hub.search import Searchable
from hub.text import collated


class Stage(models.TextChoices):
    """The stages the hubs describe, in the order a partnership passes through them."""

    GETTING_TO_KNOW = "getting_to_know", _("Getting to know each other")
    BUILDING_TRUST = "building_trust", _("Building trust")
    JOINT_ACTION = "joint_action", _("Joint action")
    LASTING = "lasting", _("Lasting cooperation")


class CooperationForm(models.TextChoices):
    JOINT_PLANNING = "joint_planning", _("Joint planning with separate projects")
    JOINT_PROJECT = "joint_project", _("Jointly funded project")
    JOINT_FUND = "joint_fund", _("Joint fund run by a separate body")
    COMMON_BUDGET = "common_budget", _("Common budget")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead partner")
    PARTNER = "partner", _("Partner")
    SUPPORTER = "supporter", _("Supporter")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class OutcomeKind(models.TextChoices):
    PROJECT_IDEA = "project_idea", _("Project idea")
    POLICY_PROPOSAL = "policy_proposal", _("Policy proposal")
    JOINT_SERVICE = "joint_service", _("Joint service")
    JOINT_APPLICATION = "joint_application", _("Joint application")


class OutcomeResult(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    NOT_SUBMITTED = "not_submitted", _("Not submitted yet")


# Paths under /partnerships/ that a partnership's slug must not shadow.
RESERVED_SLUGS = {"network"}


class PartnershipQuerySet(models.QuerySet):
    def public(self) -> PartnershipQuerySet:
        return self.filter(is_public=True)

    def visible_to(self, user) -> PartnershipQuerySet:
        """Public partnerships, and the others to staff and to the members of their partners."""
        if user.is_authenticated and user.is_staff:
            return self
        if not user.is_authenticated:
            return self.public()
        theirs = Partner.objects.filter(organisation__memberships__user=user)
        return self.filter(Q(is_public=True) | Q(pk__in=theirs.values("partnership_id")))


class Partnership(Searchable):
    search_name_fields = ("title",)
    search_text_fields = ("problem", "goal")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    problem = models.TextField(_("the local problem"))
    goal = models.TextField(_("shared goal"))
    municipalities = models.ManyToManyField(
        "hub.Municipality",
        blank=True,
        related_name="partnerships",
        verbose_name=_("territory"),
        help_text=_("The municipalities the partnership works in."),
    )
    fields = models.ManyToManyField(
        "hub.FieldOfActivity",
        blank=True,
        related_name="partnerships",
        verbose_name=_("fields of activity"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.GETTING_TO_KNOW
    )
    form = models.CharField(
        _("form of cooperation"), max_length=20, choices=CooperationForm.choices
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_partnerships",
        limit_choices_to={"is_staff": True},
        verbose_name=_("facilitator"),
        help_text=_("The member of the hub's staff who accompanies the partnership."),
    )
    started = models.DateField(_("started"), default=timezone.localdate)
    ended = models.DateField(_("ended"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown to everyone; otherwise only to its partners' people and to staff."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[municipalities, fields],
        excluded_fields=["updated_at", "search_text", "search_name"],
    )
    # Its agreement PDF goes with it, file included.
    documents = GenericRelation(
        "hub.Document", content_type_field="subject_type", object_id_field="subject_id"
    )
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = [collated("title"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")),
                name="partnership_ends_after_it_starts",
                violation_error_message=_("A partnership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.started and self.ended and self.ended < self.started:
            raise ValidationError({"ended": _("A partnership cannot end before it starts.")})
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by a page of the portal.")})


class StageChange(models.Model):
    """A stage the partnership reached, and when: its path, kept as it happened."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
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
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.date})"


class PartnerQuerySet(models.QuerySet):
    def active(self, on=None) -> PartnerQuerySet:
        """Partners who had joined by that day (today) and had not left."""
        on = on or timezone.localdate()
        return self.filter(Q(left__isnull=True) | Q(left__gt=on), joined__lte=on)


class Partner(models.Model):
    """An organisation in a partnership; its sector is its organisation's."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="partnerships_joined",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    financial_contribution = models.DecimalField(
        _("financial contribution"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("In the hub's currency."),
    )
    in_kind_description = models.TextField(_("in-kind contribution"), blank=True)
    in_kind_value = models.DecimalField(
        _("value of the in-kind contribution"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("In the hub's currency."),
    )
    joined = models.DateField(_("joined"), default=timezone.localdate)
    left = models.DateField(_("left"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["partnership", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="partner_once_per_partnership",
                violation_error_message=_("This organisation is already a partner."),
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=F("joined")),
                name="partner_leaves_after_joining",
                violation_error_message=_("A partner cannot leave before it joined."),
            ),
            models.CheckConstraint(
                condition=Q(financial_contribution__gte=0) & Q(in_kind_value__gte=0),
                name="partner_contributions_not_negative",
                violation_error_message=_("A contribution cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.joined <= today and (self.left is None or self.left > today)

    def clean(self) -> None:
        if self.joined and self.left and self.left < self.joined:
            raise ValidationError({"left": _("A partner cannot leave before it joined.")})


class Meeting(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    present = models.ManyToManyField(
        Partner, blank=True, related_name="meetings_attended", verbose_name=_("partners present")
    )
    summary = models.TextField(
        _("public summary"), blank=True, help_text=_("Shown to everyone on the partnership's page.")
    )
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Seen only by the partners and the hub's staff.")
    )
    decisions = models.TextField(
        _("decisions"), blank=True, help_text=_("One decision per line; shown with the summary.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords(m2m_fields=[present])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.partnership} — {self.date}"

    @property
    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class Commitment(models.Model):
    """What one partner has undertaken to do. It belongs to the partnership through its partner,
    so it cannot name a partner of another partnership."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("partner")
    )
    what = models.CharField(_("what"), max_length=300)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = [F("due").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.what


class Outcome(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    submitted_to = models.CharField(
        _("submitted to"),
        max_length=200,
        blank=True,
        help_text=_("For example the regional development council or the municipal council."),
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=20, choices=OutcomeResult.choices, default=OutcomeResult.PENDING
    )
    result_note = models.TextField(_("about the result"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = [F("submitted_on").desc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title
