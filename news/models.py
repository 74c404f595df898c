"""The hub's news, its newsletter (subscribers and issues) and the people and organisations
behind the hub, as the about page shows them."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from hub.alerts import AlertRecipient
from organisations.validators import clean_description


def news_image_upload_to(instance: NewsItem, filename: str) -> str:
    """Stored under a name the server makes; the uploader's file name is never used."""
    suffix = PurePath(filename).suffix.lower() or ".png"
    return f"news/images/{uuid.uuid4().hex}{suffix}"


def staff_photo_upload_to(instance: StaffMember, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower() or ".png"
    return f"news/people/{uuid.uuid4().hex}{suffix}"


# Paths under /news/ that a news item's slug must not shadow.
RESERVED_SLUGS = {"feed", "newsletter"}


class NewsQuerySet(models.QuerySet):
    def published(self, now=None) -> NewsQuerySet:
        """Published and dated now or earlier: a news item dated later appears on its day."""
        return self.filter(is_published=True, published_at__lte=now or timezone.now())


class NewsItem(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Paragraphs, emphasis, lists and links are kept; other markup is removed."),
    )
    image = models.ImageField(_("image"), upload_to=news_image_upload_to, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)
    is_published = models.BooleanField(_("published"), default=False)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("event"),
    )
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("funding call"),
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("partnership"),
    )
    initiative = models.ForeignKey(
        "advocacy.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("advocacy initiative"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        indexes = [models.Index(fields=["is_published", "-published_at"], name="news_published")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Every language's text is sanitised when stored, and again when shown.
        for code, _name in settings.LANGUAGES:
            field = f"body_{code}"
            value = getattr(self, field, None)
            if value:
                setattr(self, field, clean_description(value))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by a page of the portal.")})

    @property
    def body_html(self) -> str:
        text = self.body or ""
        if text and "<p" not in text:
            text = linebreaks(text, autoescape=False)
        return mark_safe(clean_description(text))  # noqa: S308 - nh3 has just cleaned it


class NewsletterFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class NewsletterSubscriber(AlertRecipient):
    """An address that asked for the newsletter. It receives issues only once confirmed from
    the link sent to it (double opt-in); unsubscribing deletes the row."""

    unsubscribe_salt = "news.newsletter.unsubscribe"
    unsubscribe_kind = "n"
    unsubscribe_related = ()

    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=NewsletterFrequency.choices,
        default=NewsletterFrequency.MONTHLY,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        indexes = [
            models.Index(
                fields=["frequency"], condition=Q(confirmed_at__isnull=False), name="news_confirmed"
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def address(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class NewsletterIssue(models.Model):
    """One issue for one frequency: what was new since the previous issue of that frequency,
    the coming events and the open calls closing soon, frozen when it is sent."""

    frequency = models.CharField(
        _("for subscribers receiving it"), max_length=10, choices=NewsletterFrequency.choices
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("A few words from the hub above the contents.")
    )
    period_start = models.DateTimeField(_("news since"))
    period_end = models.DateTimeField(_("news until"))
    status = models.CharField(
        _("status"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    news = models.ManyToManyField(NewsItem, blank=True, related_name="issues")
    events = models.ManyToManyField("events.Event", blank=True, related_name="newsletter_issues")
    calls = models.ManyToManyField("calls.Call", blank=True, related_name="newsletter_issues")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        constraints = [
            models.UniqueConstraint(
                fields=["frequency", "period_end"], name="news_one_issue_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="news_issue_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} {timezone.localtime(self.period_end):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("news:issue", kwargs={"pk": self.pk})

    @property
    def introduction_html(self) -> str:
        text = self.introduction
        if text and "<p" not in text:
            text = linebreaks(text, autoescape=False)
        return mark_safe(clean_description(text))  # noqa: S308 - nh3 has just cleaned it


class StaffMember(models.Model):
    """A person of the hub on the about page; contacts shown only with their agreement."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=160)
    photo = models.ImageField(_("photo"), upload_to=staff_photo_upload_to, blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=160,
        blank=True,
        help_text=_("For example: Slovene, English"),
    )
    ask_about = models.TextField(_("ask them about"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contacts_public = models.BooleanField(
        _("contacts may be shown"),
        default=False,
        help_text=_("Only when the person agreed to their e-mail and phone being public."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("staff member")
        verbose_name_plural = _("the hub's people")

    def __str__(self) -> str:
        return self.name


class HostRole(models.TextChoices):
    CO_HOST = "co_host", _("Co-host")
    PARTNER = "partner", _("Partner")


class HostOrganisation(models.Model):
    """An organisation of the directory that runs the hub with it or supports it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="hub_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=HostRole.choices)
    contribution = models.CharField(_("what it does"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("co-host or partner")
        verbose_name_plural = _("co-hosts and partners")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="news_host_once")]

    def __str__(self) -> str:
        return str(self.organisation)
