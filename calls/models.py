"""Funders, their funding calls, the documents of a call, and the alerts people ask for."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hub.alerts import AlertRecipient, AlertSubscription, SentAlert, subscriber_account
from hub.fields import ChoiceListField
from hub.models import TIME_ZONES, Country, Currency, FieldOfActivity, Region
from hub.search import Searchable
from hub.selectors import hub_country, hub_currency, hub_time_zone
from hub.text import collated
from organisations.models import LegalForm, Sector

from .validators import validate_call_document

CLOSING_SOON = timedelta(days=7)
# Both a subscription's and a follow's unsubscribe links; the token's kind tells them apart.
UNSUBSCRIBE_SALT = "calls.unsubscribe"


class FunderKind(models.TextChoices):
    EU_FUND = "eu_fund", _("EU fund")
    EEA_NORWAY = "eea_norway", _("EEA and Norway grants")
    MINISTRY = "ministry", _("Ministry")
    MUNICIPALITY = "municipality", _("Municipality")
    FOUNDATION = "foundation", _("Foundation")
    COMPANY = "company", _("Company")


def funder_logo_upload_to(instance: Funder, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower() or ".png"
    return f"calls/funders/{uuid.uuid4().hex}{suffix}"


def document_upload_to(instance: CallDocument, filename: str) -> str:
    """A name the server makes; the suffix is the one the content was recognised as."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in {".pdf", ".docx", ".xlsx", ".odt", ".ods"}:
        suffix = ""
    return f"calls/documents/{uuid.uuid4().hex}{suffix}"


class Funder(Searchable):
    search_name_fields = ("name",)

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FunderKind.choices)
    logo = models.ImageField(_("logo"), upload_to=funder_logo_upload_to, blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords(excluded_fields=["search_text", "search_name"])

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = [collated("name")]

    def __str__(self) -> str:
        return self.name


class CallStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("funding call", "Open")
    UPCOMING = "upcoming", pgettext_lazy("funding call", "Upcoming")
    CLOSED = "closed", pgettext_lazy("funding call", "Closed")


class AlertKind(models.TextChoices):
    DIGEST = "digest", _("New calls")
    REMINDER = "reminder", _("Deadline reminder")


class CallQuerySet(models.QuerySet):
    def published(self) -> CallQuerySet:
        return self.filter(is_published=True)

    def open(self, now: datetime | None = None) -> CallQuerySet:
        now = now or timezone.now()
        return self.filter(opens__lte=now, deadline__gt=now)

    def upcoming(self, now: datetime | None = None) -> CallQuerySet:
        return self.filter(opens__gt=now or timezone.now())

    def closed(self, now: datetime | None = None) -> CallQuerySet:
        return self.filter(deadline__lte=now or timezone.now())

    def closing_soon(self, now: datetime | None = None) -> CallQuerySet:
        now = now or timezone.now()
        return self.open(now).filter(deadline__lte=now + CLOSING_SOON)

    def eligible_for(self, organisation) -> CallQuerySet:
        """Calls an organisation may apply to: its sector and legal form allowed (or any),
        and its country, with its region among the call's (or the whole country)."""
        condition = (
            (Q(sectors="") | Q(sectors__contains=f",{organisation.sector},"))
            & (Q(legal_forms="") | Q(legal_forms__contains=f",{organisation.legal_form},"))
            & Q(country=organisation.country)
        )
        region_id = organisation.seat.region_id if organisation.seat_id else None
        area = Q(regions__isnull=True)
        if region_id:
            area |= Q(regions=region_id)
        matching = Call.objects.filter(area).values("pk")
        return self.filter(condition, pk__in=matching)

    def for_list(self) -> CallQuerySet:
        return self.select_related("funder").prefetch_related("fields")


class Call(Searchable):
    search_name_fields = ("title", "programme")
    search_text_fields = ("funder__name", "summary", "text")

    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="calls", verbose_name=_("funder")
    )
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences for the list."))
    text = models.TextField(_("full text"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the call is written in."),
    )
    sectors = ChoiceListField(
        _("eligible sectors"),
        max_length=40,
        choices=Sector.choices,
        blank=True,
        help_text=_("None ticked: every sector may apply."),
    )
    legal_forms = ChoiceListField(
        _("eligible legal forms"),
        max_length=120,
        choices=LegalForm.choices,
        blank=True,
        help_text=_("None ticked: every legal form may apply."),
    )
    fields = models.ManyToManyField(
        FieldOfActivity, blank=True, related_name="calls", verbose_name=_("fields of activity")
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=hub_country
    )
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="calls",
        verbose_name=_("regions"),
        help_text=_("None chosen: the whole country."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=hub_currency
    )
    total_budget = models.DecimalField(
        _("total budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    min_grant = models.DecimalField(
        _("smallest grant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_grant = models.DecimalField(
        _("largest grant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    co_financing = models.DecimalField(
        _("co-financing rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The share of the costs the funder pays, in per cent."),
    )
    opens = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default=hub_time_zone,
        help_text=_("The deadline is the funder's, in this time zone."),
    )
    official_url = models.URLField(_("official page"), blank=True)
    contact = models.TextField(
        _("contact"), blank=True, help_text=_("Who answers questions about the call.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[fields, regions], excluded_fields=["search_text", "search_name", "updated_at"]
    )
    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("funding call", "call")
        verbose_name_plural = pgettext_lazy("funding call", "calls")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["is_published", "deadline", "opens"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opens")),
                name="call_deadline_after_opening",
                violation_error_message=_("The deadline must be after the call opens."),
            ),
            models.CheckConstraint(
                condition=Q(min_grant__isnull=True)
                | Q(max_grant__isnull=True)
                | Q(max_grant__gte=F("min_grant")),
                name="call_max_grant_not_below_min",
                violation_error_message=_(
                    "The largest grant cannot be smaller than the smallest grant."
                ),
            ),
            models.CheckConstraint(
                condition=Q(co_financing__isnull=True)
                | Q(co_financing__gte=0, co_financing__lte=100),
                name="call_co_financing_a_percentage",
                violation_error_message=_(
                    "The co-financing rate must be a percentage from 0 to 100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_grant__isnull=True) | Q(min_grant__gte=0),
                name="call_min_grant_not_negative",
                violation_error_message=_("A grant cannot be a negative amount."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_deadline(self) -> datetime:
        return self.deadline.astimezone(self.zone)

    @property
    def shows_time_zone(self) -> bool:
        return self.time_zone != hub_time_zone()

    def status_at(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if now < self.opens:
            return CallStatus.UPCOMING
        if now >= self.deadline:
            return CallStatus.CLOSED
        return CallStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return CallStatus(self.status).label

    @property
    def is_closing_soon(self) -> bool:
        now = timezone.now()
        return self.status_at(now) == CallStatus.OPEN and self.deadline - now <= CLOSING_SOON

    @property
    def sector_labels(self) -> list[str]:
        return [str(Sector(value).label) for value in self.sectors]

    @property
    def legal_form_labels(self) -> list[str]:
        return [str(LegalForm(value).label) for value in self.legal_forms]


class CallDocument(models.Model):
    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=pgettext_lazy("funding call", "call"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        max_length=200,
        validators=[validate_call_document],
        help_text=_("PDF, DOCX, XLSX, ODT or ODS, up to 10 MB."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()


class Subscription(AlertSubscription):
    """A person's standing request to hear of new calls that fit; empty criteria match all."""

    unsubscribe_salt = UNSUBSCRIBE_SALT
    criteria = ("sectors", "legal_forms")

    user = subscriber_account("call_subscription")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_subscriptions",
        verbose_name=_("organisation"),
    )
    sectors = ChoiceListField(_("sectors"), max_length=40, choices=Sector.choices, blank=True)
    legal_forms = ChoiceListField(
        _("legal forms"), max_length=120, choices=LegalForm.choices, blank=True
    )

    class Meta:
        verbose_name = _("call alert")
        verbose_name_plural = _("call alerts")

    def matches(self, call: Call) -> bool:
        """Empty on either side means "any"; a call with no regions matches the regions of its
        country. Needs both sides' fields and regions prefetched."""
        call_regions = {region.pk for region in call.regions.all()}
        wanted_regions = self.regions.all()
        if wanted_regions:
            if call_regions and not call_regions & {region.pk for region in wanted_regions}:
                return False
            if not call_regions and call.country not in {r.country for r in wanted_regions}:
                return False
        return (
            _overlaps(self.sectors, call.sectors)
            and _overlaps(self.legal_forms, call.legal_forms)
            and _overlaps([f.pk for f in self.fields.all()], [f.pk for f in call.fields.all()])
        )


def _overlaps(wanted, offered) -> bool:
    """Empty on either side means "any"."""
    return not wanted or not offered or bool(set(wanted) & set(offered))


class CallFollow(AlertRecipient):
    """A person who wants the reminders of one call; their unsubscribe link stops only those."""

    unsubscribe_salt = UNSUBSCRIBE_SALT
    unsubscribe_kind = "f"
    unsubscribe_related = ("user", "call")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_calls",
        verbose_name=_("user"),
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=pgettext_lazy("funding call", "call"),
    )

    class Meta:
        verbose_name = _("followed call")
        verbose_name_plural = _("followed calls")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "call"],
                name="call_follow_once",
                violation_error_message=_("You already follow this call."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.call}"


class Alert(SentAlert):
    """One call alert e-mail put in the outbox, for the hub's indicators (who was reached, when)."""

    items_field = "calls"

    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    calls = models.ManyToManyField(Call, related_name="alerts", verbose_name=_("calls"))

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
