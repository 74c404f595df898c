"""Organisations of all three sectors, the people who keep their profiles, and the hub's support."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Collate, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hub.models import Country, FieldOfActivity, Municipality
from hub.search import Searchable
from hub.selectors import hub_country
from hub.text import COLLATION_LANGUAGES, collated, collation_name

from .validators import clean_description

COUNTRY_LANGUAGES = {Country.SLOVENIA: "sl", Country.BULGARIA: "bg", Country.POLAND: "pl"}

INVITATION_VALIDITY = timedelta(days=14)


class Sector(models.TextChoices):
    CIVIL = "civil", _("Civil (NGO)")
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    PRIVATE_INSTITUTE = "private_institute", _("Private institute")
    FOUNDATION = "foundation", _("Foundation")
    PUBLIC_BODY = "public_body", _("Public body")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class SizeClass(models.TextChoices):
    """The EU size class of an enterprise (Recommendation 2003/361/EC): micro, small and medium
    together are the SMEs the ESF counts."""

    MICRO = "micro", _("Micro (fewer than 10 staff)")
    SMALL = "small", _("Small (fewer than 50 staff)")
    MEDIUM = "medium", _("Medium-sized (fewer than 250 staff)")
    LARGE = "large", _("Large (250 staff or more)")


SME_CLASSES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM)


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    INACTIVE = "inactive", _("Inactive")


def logo_upload_to(instance: Organisation, filename: str) -> str:
    """Stored under a name the server makes; the uploader's file name is never used."""
    suffix = PurePath(filename).suffix.lower() or ".png"
    return f"organisations/logos/{uuid.uuid4().hex}{suffix}"


class OrganisationQuerySet(models.QuerySet):
    def verified(self) -> OrganisationQuerySet:
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def public(self) -> OrganisationQuerySet:
        """What anyone may see: verified organisations only."""
        return self.verified()

    def for_member(self, user) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def due_for_confirmation(self, *, now=None) -> OrganisationQuerySet:
        """Verified profiles not confirmed for a year, not reminded in the last week, < 3 reminders."""
        now = now or timezone.now()
        return self.verified().filter(
            Q(last_confirmed_at__lte=now - timedelta(days=365)),
            Q(confirmation_reminders_sent__lt=3),
            Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lte=now - timedelta(days=7)),
        )


class Organisation(Searchable):
    search_name_fields = ("name", "short_name")
    search_text_fields = ("description",)

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    size_class = models.CharField(
        _("size class"),
        max_length=8,
        choices=SizeClass.choices,
        blank=True,
        help_text=_("Set by the hub's staff; micro, small and medium enterprises are SMEs."),
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=hub_country
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=20,
        blank=True,
        help_text=_("Slovenia: matična številka; Bulgaria: EIK/BULSTAT; Poland: REGON or KRS."),
    )
    tax_number = models.CharField(
        _("tax number"),
        max_length=20,
        blank=True,
        help_text=_("Slovenia: davčna številka; Bulgaria: VAT number; Poland: NIP."),
    )
    seat = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="seated_organisations",
        verbose_name=_("seat"),
        null=True,
        blank=True,
    )
    municipalities_served = models.ManyToManyField(
        Municipality,
        related_name="served_by_organisations",
        verbose_name=_("municipalities served"),
        blank=True,
    )
    fields = models.ManyToManyField(
        FieldOfActivity,
        related_name="organisations",
        verbose_name=_("fields of activity"),
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    public_interest = models.BooleanField(_("public-interest status"), default=False)

    # Hub-only: set by staff in the admin, never by a form an organisation fills in.
    verification_status = models.CharField(
        _("verification status"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status set by"),
    )
    verified_at = models.DateTimeField(_("status set at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    has_potential = models.BooleanField(_("NGO with potential"), default=False)
    staff_notes = models.TextField(_("staff notes"), blank=True)

    last_confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    confirmation_reminders_sent = models.PositiveSmallIntegerField(
        _("confirmation reminders sent"), default=0
    )
    last_reminder_at = models.DateTimeField(_("last reminder sent"), null=True, blank=True)
    # Set once, when staff invite the organisation (imported, with no members) to claim it.
    claim_invited_at = models.DateTimeField(
        _("invited to claim the profile"), null=True, blank=True
    )

    # Raised on every save of the profile, so a second editor's stale form is noticed.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["version", "updated_at", "search_text", "search_name"],
        m2m_fields=[municipalities_served, fields],
    )
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [collated("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~Q(registration_number=""),
                name="organisation_registration_number_unique",
                violation_error_message=_(
                    "Another organisation from this country already has this registration number."
                ),
            ),
            models.UniqueConstraint(
                fields=["country", "tax_number"],
                condition=~Q(tax_number=""),
                name="organisation_tax_number_unique",
                violation_error_message=_(
                    "Another organisation from this country already has this tax number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1800),
                name="organisation_founded_year_plausible",
                violation_error_message=_("The year of founding cannot be before 1800."),
            ),
        ]
        # A name typed at an event registration is matched to the directory ignoring case.
        indexes = [
            models.Index(Lower("name"), name="organisation_name_lower"),
            models.Index(Lower("short_name"), name="organisation_short_name_lower"),
            # The directory in each reader's alphabetical order: a page is read from the index
            # instead of sorting every verified organisation.
            *[
                models.Index(
                    Collate("name", collation_name(language)),
                    F("id"),
                    condition=Q(verification_status=VerificationStatus.VERIFIED),
                    name=f"organisation_directory_{language}",
                )
                for language in COLLATION_LANGUAGES
            ],
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def language(self) -> str:
        """The language its name and description are written in, for `lang` on pages in
        another language: its country's."""
        return COUNTRY_LANGUAGES.get(self.country, settings.LANGUAGE_CODE)

    @property
    def is_public(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def description_html(self) -> str:
        """The description as safe HTML: sanitised again on the way out, and plain text given
        its paragraphs."""
        text = self.description
        if "<p" not in text:
            text = linebreaks(text, autoescape=False)
        return mark_safe(clean_description(text))  # noqa: S308 - nh3 has just cleaned it


class ExportLine(models.Model):
    """An organisation's line of the open-data export in one language and format, kept
    written by PostgreSQL (``exports_sql``), so that an export reads each line as it is
    instead of writing it from the organisation's row, places and fields on every request.

    The line is held around its profile's address (``head``, the address, ``tail``): the
    address names the host the export is asked on, which the export puts in. ``renderer``
    names how it was written (the columns, the names of the language's choices, places and
    fields; ``exports_sql.LineWriter.renderer``) and ``source_xmin``, ``source_updated``
    which version of the organisation's row: a line that differs in any of them is written
    again before an export reads it.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="export_lines"
    )
    language = models.CharField(max_length=8)
    format = models.CharField(max_length=4)
    renderer = models.CharField(max_length=64)
    source_xmin = models.BigIntegerField()
    source_updated = models.DateTimeField()
    head = models.TextField()
    tail = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language", "format"],
                name="export_line_unique",
                violation_error_message=_(
                    "Each organisation has one export line per language and format."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.language} {self.format}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    EDITOR = "editor", _("Editor")


class Membership(models.Model):
    """A person who may keep an organisation's profile; admins also manage the people."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = [collated("organisation__name"), "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_one_per_user_and_organisation",
                violation_error_message=_("This person is already a member of the organisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """A person asking to become an editor of an organisation already in the directory."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("user"),
    )
    message = models.TextField(_("message"), blank=True)
    claim = models.BooleanField(
        _("claims the profile"),
        default=False,
        help_text=_(
            "Someone opened the link to claim the profile from another e-mail address than the "
            "one it was sent to: approving makes them its admin."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending_per_user",
                violation_error_message=_(
                    "This person has already asked to join; the request is waiting for an answer."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + INVITATION_VALIDITY


class Invitation(models.Model):
    """An admin's invitation to a colleague by e-mail; the link works once and expires."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        # A person's dashboard looks up the invitations to their addresses, ignoring case.
        indexes = [models.Index(Lower("email"), name="invitation_email_lower")]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("organisations:invitation", kwargs={"token": self.token})

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class SupportKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    COUNSELLING = "counselling", _("Counselling")
    ADVICE = "advice", _("Advice")


class SupportRecord(models.Model):
    """The hub mentored, counselled or advised an organisation: what "NGOs supported" counts."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="support_records",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SupportKind.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_given",
        verbose_name=_("given by"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="support_record_hours_positive",
                violation_error_message=_("The hours must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.topic} ({self.date})"
