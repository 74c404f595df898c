"""Registrations and the participants behind them: one pseudonymous id per person."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hub.cache import SEATS
from hub.entry import REFUSED, AgeBand, Education, Employment, EntryItem, Gender, Household, YesNo
from hub.fields import ChoiceListField

from .events import Event


def new_token() -> str:
    return secrets.token_urlsafe(24)


# The words a participant agrees to; stored with the registration, with the notice's version.
REGISTRATION_CONSENT = _(
    "I agree that the hub keeps these details to organise this event and to report attendance "
    "to its funder."
)


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.WAITING)

    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def attended(self) -> RegistrationQuerySet:
        return self.filter(attended=True)


def email_key(email: str) -> str:
    """An e-mail address as it tells people apart: case and surrounding spaces aside."""
    return email.strip().lower()


class Participant(models.Model):
    """One person, however many times they register: the stable pseudonymous id behind every
    count of distinct people.

    The link to the person is the account, or else the e-mail address (case aside). Each of the
    person's registrations keeps the ``pid`` itself, so erasing the person (deleting this row and
    the names on the registrations) cuts the link without changing any count.
    """

    # Public pages show it only as seats left (hub.cache.SEATS).
    cache_domain = SEATS

    pid = models.UUIDField(_("pseudonymous id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
        verbose_name=_("account"),
    )
    email_key = models.CharField(
        _("e-mail address (case aside)"), max_length=254, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.pid)


class OrganisationLink(models.TextChoices):
    """How a registration came to name a directory organisation. Only a link made by the
    person's membership or confirmed by staff credits the organisation in reports."""

    MEMBERSHIP = "membership", _("The person's membership")
    STAFF = "staff", _("Confirmed by staff")
    NAME = "name", _("Matched by the typed name (not confirmed)")


CREDITING_LINKS = (OrganisationLink.MEMBERSHIP, OrganisationLink.STAFF)
PREFER_NOT_TO_SAY = (REFUSED, _("Prefer not to say"))


def entry_answer(label, choices, *, max_length: int = 8) -> models.CharField:
    """An item asked at entry or on leaving: one of its categories, "prefer not to say", or empty
    where it was not asked."""
    return models.CharField(
        label, max_length=max_length, choices=[*choices, PREFER_NOT_TO_SAY], blank=True
    )


class Registration(models.Model):
    # Public pages show it only as seats left (hub.cache.SEATS).
    cache_domain = SEATS

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("organisation"),
    )
    organisation_link = models.CharField(
        _("organisation linked by"),
        max_length=12,
        choices=OrganisationLink.choices,
        blank=True,
        help_text=_(
            "Only a link made by the person's membership or confirmed by staff credits the "
            "organisation in the funder's reports."
        ),
    )
    organisation_name = models.CharField(
        _("organisation (as typed)"),
        max_length=200,
        blank=True,
        help_text=_("For organisations that are not in the directory."),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    pid = models.UUIDField(
        _("pseudonymous id"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The participant's id, kept when the person is erased so counts stay."),
    )
    # Entry data: what the person said when they registered, kept as it was then, so a later
    # change never rewrites a report. Empty: not answered; "refused": chose not to say.
    entry_items = ChoiceListField(
        _("entry items asked"), max_length=200, choices=EntryItem.choices, blank=True
    )
    age_band = entry_answer(_("age band at entry"), AgeBand.choices, max_length=12)
    gender = entry_answer(_("gender"), Gender.choices, max_length=12)
    education = entry_answer(_("education level at entry"), Education.choices, max_length=12)
    employment = entry_answer(_("employment status at entry"), Employment.choices, max_length=24)
    third_country = entry_answer(_("third-country national"), YesNo.choices)
    household = entry_answer(_("household situation at entry"), Household.choices, max_length=24)
    homeless = entry_answer(_("homeless or affected by housing exclusion"), YesNo.choices)
    # From the municipality's degree of urbanisation where known, else as the person said.
    rural = entry_answer(_("living in a rural area"), YesNo.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    consent = models.BooleanField(_("consent to processing personal data"), default=False)
    consent_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True, db_default=""
    )
    consent_text = models.TextField(_("consent text agreed to"), blank=True, db_default="")
    # Set when the person's data was erased (on request or after the retention period): the row
    # stays, without anything that identifies them, so every count and report stays the same.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_token)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations_made",
        verbose_name=_("registered by"),
    )
    # The place in the queue: set when the person (re-)registers, so the waiting list is fair.
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    # Its certificate (personal data) goes with it, file included.
    documents = GenericRelation(
        "hub.Document", content_type_field="subject_type", object_id_field="subject_id"
    )
    # Attendance and the organisation credited are evidence for the funder: their changes are kept.
    history = HistoricalRecords(excluded_fields=["token"])

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                name="registration_one_per_email_per_event",
                violation_error_message=_("This e-mail address is already registered."),
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"slug": self.event.slug, "token": self.token})

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.organisation_name

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def credits_organisation(self) -> bool:
        return bool(self.organisation_id) and self.organisation_link in CREDITING_LINKS
