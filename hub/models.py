from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import ChoiceListField
from .storage import get_document_storage
from .text import collated


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        user = self._create_user(email, password, **extra_fields)
        # Whoever runs createsuperuser controls the server; asking them to confirm an address
        # the portal never wrote to would only lock them out of the admin.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user


class User(AbstractUser):
    """A person with an account; the e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    # The privacy notice the person accepted at sign-up: its version and the consent text shown.
    consent_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True, db_default=""
    )
    consent_text = models.TextField(_("consent text agreed to"), blank=True, db_default="")
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # Set when the person deleted their account: the row stays, anonymised, so what it did
    # (alerts received, records made) still counts.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Country(models.TextChoices):
    SLOVENIA = "SI", _("Slovenia")
    BULGARIA = "BG", _("Bulgaria")
    POLAND = "PL", _("Poland")


class Currency(models.TextChoices):
    EUR = "EUR", _("euro")
    PLN = "PLN", _("Polish złoty")
    BGN = "BGN", _("Bulgarian lev")


# The zones of the countries the portal serves; an event's or a call's times are shown in its own.
TIME_ZONES = [
    ("Europe/Ljubljana", _("Central European time (Ljubljana)")),
    ("Europe/Warsaw", _("Central European time (Warsaw)")),
    ("Europe/Sofia", _("Eastern European time (Sofia)")),
]


class Region(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", collated("name")]

    def __str__(self) -> str:
        return self.name


class Urbanisation(models.TextChoices):
    """Eurostat's degree of urbanisation (DEGURBA) of a municipality."""

    CITIES = "cities", _("Cities (densely populated)")
    TOWNS = "towns", _("Towns and suburbs (intermediate density)")
    RURAL = "rural", _("Rural areas (thinly populated)")


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    urbanisation = models.CharField(
        _("degree of urbanisation"),
        max_length=8,
        choices=Urbanisation.choices,
        blank=True,
        help_text=_(
            "Eurostat's degree of urbanisation; where known, a participant living here is not "
            "asked whether they live in a rural area."
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = [collated("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="municipality_unique_per_region",
                violation_error_message=_("This region already has a municipality of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FieldOfActivity(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")
        ordering = ["position", collated("name")]

    def __str__(self) -> str:
        return self.name


# --- The hub itself and its funded operations ---------------------------------------------------
# Edited by staff in the admin; read through hub.selectors, which caches them between requests.


class HubProfile(models.Model):
    """The hub's name, contacts and introduction: one row, created from the settings on first run."""

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the hub writes in: its events and e-mails to staff use it."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=Country.SLOVENIA,
        help_text=_(
            "New organisations are of this country, and its registration and tax numbers are "
            "checked: the matična and davčna številka in Slovenia, the EIK/BULSTAT in Bulgaria, "
            "the KRS, REGON and NIP in Poland."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default="Europe/Ljubljana",
        help_text=_(
            "Days, quarters and deadlines are counted in it; new events and calls start in it."
        ),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.EUR,
        help_text=_(
            "Amounts are shown in it. A country that took up the euro keeps its former "
            "currency for amounts dated before the change."
        ),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home region"),
        help_text=_("Listed first wherever people choose a region or municipality."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown on the home page. Leave empty for the portal's general introduction."),
    )
    logo = models.ImageField(_("logo"), upload_to="hub/", blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("hub profile")
        verbose_name_plural = _("hub profile")

    def __str__(self) -> str:
        return self.name


# --- Funder templates: what a funder counts, and what it asks of each participant ----------------
# An operation follows one template; the rules a template's indicators name are registered in
# code (hub/indicators.py), the templates themselves are data that staff edit.


class EntryItem(models.TextChoices):
    """What a registration may ask a participant at entry, when the operation's template needs it."""

    AGE = "age", _("Year of birth (kept as an age band)")
    GENDER = "gender", _("Gender")
    EDUCATION = "education", _("Education level")
    EMPLOYMENT = "employment", _("Employment status")
    THIRD_COUNTRY = "third_country", _("Third-country national")
    HOUSEHOLD = "household", _("Household situation")
    HOMELESS = "homeless", _("Homeless or affected by housing exclusion")
    RURAL = "rural", _("Living in a rural area")
    # Special-category data: asked separately, with explicit consent, readable only with the
    # "view special-category data" permission, never shown or exported per person.
    DISABILITY = "disability", _("Disability")
    MINORITY = "minority", _("Minority, including Roma")
    FOREIGN_BACKGROUND = "foreign_background", _("Foreign background")
    OTHER_DISADVANTAGE = "other_disadvantage", _("Other disadvantage")


SPECIAL_ENTRY_ITEMS = frozenset(
    {
        EntryItem.DISABILITY,
        EntryItem.MINORITY,
        EntryItem.FOREIGN_BACKGROUND,
        EntryItem.OTHER_DISADVANTAGE,
    }
)


# The non-sensitive items whose absence makes a record incomplete (ESF 2014–2020: gender,
# employment status, age, education, household situation); the others (homeless, rural,
# third-country national) leave a record out only of their own line.
COMPLETENESS_ITEMS = (
    EntryItem.GENDER,
    EntryItem.EMPLOYMENT,
    EntryItem.AGE,
    EntryItem.EDUCATION,
    EntryItem.HOUSEHOLD,
)


class AgeBand(models.TextChoices):
    """Bands that give both ESF periods' cut-offs (below 18, 18–29 and 55+ for ESF+; below 25
    and above 54 for ESF 2014–2020). "18–29" is the band kept before it was split: it still
    counts as 18–29, but says nothing about "below 25"."""

    UNDER_18 = "under_18", _("Below 18")
    FROM_18_TO_24 = "18_24", _("18–24")
    FROM_25_TO_29 = "25_29", _("25–29")
    FROM_18_TO_29 = "18_29", _("18–29 (recorded before the band was split)")
    FROM_30_TO_54 = "30_54", _("30–54")
    FROM_55 = "55_plus", _("55 and over")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class Education(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("Primary or lower secondary (ISCED 0–2)")
    ISCED_3_4 = "isced_3_4", _("Upper secondary or post-secondary (ISCED 3–4)")
    ISCED_5_8 = "isced_5_8", _("Tertiary (ISCED 5–8)")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed, including self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE = "inactive", _("Inactive, not in education or training")
    INACTIVE_IN_EDUCATION = "inactive_education", _("Inactive, in education or training")


class Household(models.TextChoices):
    """The household situation the ESF 2014–2020 Annex counts (the three overlap: a single adult
    without work and with dependent children is in all three)."""

    NONE = "none", _("None of these")
    JOBLESS = "jobless", _("Jobless household, without dependent children")
    JOBLESS_CHILDREN = "jobless_children", _("Jobless household with dependent children")
    SINGLE_ADULT_CHILDREN = "single_children", _("Single adult with dependent children, working")
    SINGLE_ADULT_JOBLESS_CHILDREN = (
        "single_jobless_children",
        _("Single adult with dependent children, without work"),
    )


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Completeness(models.TextChoices):
    """What a record missing (or refusing) a non-sensitive entry item the template asks counts in."""

    PER_ITEM = "per_item", _("Left out only of the indicators of the item it lacks")
    GRAND_TOTAL = "grand_total", _("Counted only in the grand total of participants")
    EXCLUDED = "excluded", _("Not counted as a participant at all")


# A breakdown's answer when the person chose not to say, and the line for records missing an
# item (they count in the grand total only).
REFUSED = "refused"
INCOMPLETE = "incomplete"


def _event_kinds() -> list[tuple[str, str]]:
    # The kinds of events are the events app's; read when the choices are, never at import.
    from events.models import EventKind

    return EventKind.choices


class FunderTemplate(models.Model):
    """How one funder counts: its indicators and the entry data it asks of participants."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    entry_items = ChoiceListField(
        _("entry items"),
        max_length=200,
        choices=EntryItem.choices,
        blank=True,
        help_text=_("What registration forms ask each participant, every item optional."),
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"),
        default=5,
        help_text=_(
            "Special-category breakdown cells below this number are shown as “<N”; totals stay "
            "exact."
        ),
    )
    participant_kinds = ChoiceListField(
        _("events that make participants"),
        max_length=200,
        choices=_event_kinds,
        blank=True,
        help_text=_(
            "Kinds of events whose attendance makes a person a participant (all kinds when "
            "none is chosen). A conference visitor is a participant only if the operation says so."
        ),
    )
    programmes_only = models.BooleanField(
        _("only programmes make participants"),
        default=False,
        help_text=_("Only the sessions of a programme make participants, whatever their kind."),
    )
    completeness = models.CharField(
        _("incomplete records"),
        max_length=12,
        choices=Completeness.choices,
        default=Completeness.PER_ITEM,
        help_text=_(
            "What a record missing or refusing a non-sensitive item the template asks counts "
            "in: ESF 2014–2020 counts it in the grand total only; Polish practice not at all."
        ),
    )

    class Meta:
        verbose_name = _("funder template")
        verbose_name_plural = _("funder templates")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TemplateIndicator(models.Model):
    """One indicator of a funder template: the funder's code and words, and the rule that counts it."""

    template = models.ForeignKey(
        FunderTemplate,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("template"),
    )
    code = models.CharField(_("code"), max_length=40, help_text=_("The funder's own code."))
    label = models.CharField(_("label"), max_length=300)
    definition = models.TextField(_("definition"), help_text=_("Shown beside the figure."))
    rule = models.CharField(
        _("counting rule"),
        max_length=60,
        help_text=_("One of the rules the portal implements; the list is in the indicators help."),
    )
    breakdowns = ChoiceListField(
        _("breakdowns"), max_length=200, choices=EntryItem.choices, blank=True
    )
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_('For example {"hours": 25} for the mentoring hours an NGO must reach.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    hub_own = models.BooleanField(
        _("the hub's own indicator"),
        default=False,
        help_text=_(
            "Not one of the funder's codes: reported apart, under the hub's own code, after the "
            "funder's indicators."
        ),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "code"],
                name="template_indicator_code_unique",
                violation_error_message=_("This template already has an indicator with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class OperationQuerySet(models.QuerySet):
    def running_on(self, day: date) -> OperationQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Operation(models.Model):
    """A funded project of the hub: who funds it, when, and the line its funder makes it print."""

    name = models.CharField(_("name"), max_length=300)
    funder = models.CharField(
        _("funder"), max_length=200, help_text=_("For example: European Social Fund.")
    )
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    priority_axis = models.CharField(_("priority axis"), max_length=200, blank=True)
    investment_priority = models.CharField(_("investment priority"), max_length=200, blank=True)
    specific_objective = models.CharField(_("specific objective"), max_length=300, blank=True)
    # What the operation is as a project, which the ESF 2014–2020 Annex counts (CO20–CO22).
    by_social_partners_or_ngos = models.BooleanField(
        _("implemented by social partners or NGOs"),
        default=False,
        help_text=_(
            "Fully or partially implemented by social partners or non-governmental "
            "organisations (ESF 2014–2020: CO20)."
        ),
    )
    for_women_in_employment = models.BooleanField(
        _("dedicated to women in employment"),
        default=False,
        help_text=_(
            "Dedicated to the sustainable participation and progress of women in employment "
            "(ESF 2014–2020: CO21)."
        ),
    )
    for_public_administrations = models.BooleanField(
        _("targets public administrations or public services"),
        default=False,
        help_text=_(
            "Targets public administrations or public services at national, regional or local "
            "level (ESF 2014–2020: CO22)."
        ),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the hub's currency."),
    )
    template = models.ForeignKey(
        FunderTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
        verbose_name=_("funder template"),
        help_text=_(
            "How the funder counts: the indicators, reports and registration forms follow it."
        ),
    )
    evidence_kept_until = models.DateField(
        _("evidence kept until"),
        null=True,
        blank=True,
        help_text=_(
            "The funder's retention date: participants' data of events held during the operation "
            "is kept as evidence until then, and anonymised after."
        ),
    )
    publicity_text = models.TextField(
        _("publicity text"),
        help_text=_(
            "The funder's mandatory sentence, printed in the footer of every page and at the top "
            "of every PDF made while the operation runs."
        ),
    )

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-start", "pk"]
        # The rows behind a figure that name people (participants, representatives): not for
        # every coordinator or member of staff, who see how many.
        permissions = [("view_people_behind_figures", _("Can see the people behind a figure"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="operation_ends_after_start",
                violation_error_message=_("The operation must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# The properties of the operation as a project that a template's indicator may count.
PROJECT_PROPERTIES = (
    "by_social_partners_or_ngos",
    "for_women_in_employment",
    "for_public_administrations",
)


class IndicatorTarget(models.Model):
    """What the operation promised for one indicator: for the whole operation, or for one year."""

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="targets", verbose_name=_("operation")
    )
    indicator = models.ForeignKey(
        TemplateIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty: the target for the whole operation.")
    )
    value = models.DecimalField(_("target"), max_digits=10, decimal_places=1)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["operation", "indicator__position", "year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "indicator", "year"],
                nulls_distinct=False,
                name="indicator_target_once",
                violation_error_message=_("This indicator already has a target for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year or ''}: {self.value}"


class FunderLogo(models.Model):
    """A logo the funder requires next to the publicity text (the EU emblem, a ministry's)."""

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="logos", verbose_name=_("operation")
    )
    image = models.FileField(
        _("image"),
        upload_to="funders/",
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp", "svg"])],
        help_text=_("PNG, JPEG, WebP or SVG."),
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        help_text=_("What the logo says, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("funder logo")
        verbose_name_plural = _("funder logos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description


class OutboxEmail(models.Model):
    """One e-mail the portal sends: written before it is queued, so none is lost or sent twice.

    The ``key`` names the message (``registration_confirmed:<pk>:<token>``); the unique
    constraint on it is what makes a second send of the same message impossible. The task that
    sends claims the row by a conditional update, so two deliveries of its message send once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=255)
    recipients = models.TextField(_("recipients"))
    template = models.CharField(_("template"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    # Text, HTML, headers and attachments (base64), as hub.emails.serialize_message writes them.
    message = models.JSONField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    # Until when the worker sending it holds it; renewed while it sends (hub.queue.lease_kept).
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                name="outbox_email_unique_key",
                violation_error_message=_("This e-mail is already in the outbox."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_email_sent_has_time",
                violation_error_message=_("A sent e-mail needs the time it was sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipients}"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Document(models.Model):
    """A file the portal generates (a PDF), rendered by a worker; see hub/documents.py.

    What a document is about is a generic subject (content type and id), so that each new kind
    (partnership agreements, funder reports, exports) is a registration, not a new table; the
    subjects declare a GenericRelation, so deleting an event or a person deletes their documents
    and, with them, the files.
    """

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("subject type")
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # When a message last went to the queue: the sweeper sends another when it is lost.
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The run that holds the claim; only that run may record the outcome.
    run = models.UUIDField(_("run"), null=True, blank=True, editable=False)
    # Until when that run's worker holds it; renewed while it works (hub.queue.lease_kept).
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(
        _("file"), storage=get_document_storage, max_length=255, blank=True, editable=False
    )
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                name="document_one_per_subject",
                violation_error_message=_(
                    "This document already exists; ask for it again instead."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type_id}:{self.subject_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("document_download", kwargs={"uuid": self.uuid})

    @property
    def is_in_flight(self) -> bool:
        """Asked for less than ``JOB_LATE_SECONDS`` ago and still queued, or being rendered by a
        live worker (its lease holds). Anything else is late and may be asked for again."""
        now = timezone.now()
        if self.status == DocumentStatus.QUEUED:
            return self.requested_at > now - late_after()
        if self.status == DocumentStatus.RUNNING:
            return self.lease_until is not None and self.lease_until > now
        return False

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @staticmethod
    def in_flight_q(now: datetime) -> Q:
        """``is_in_flight`` as a filter."""
        return Q(status=DocumentStatus.QUEUED, requested_at__gt=now - late_after()) | Q(
            status=DocumentStatus.RUNNING, lease_until__gt=now
        )

    @staticmethod
    def lost_q(now: datetime) -> Q:
        """What the sweeper sends again: queued with no worker taking it for
        ``DOCUMENTS_QUEUED_TIMEOUT`` (the message went with Redis), or running on a worker
        that stopped renewing its lease (it died)."""
        return Q(status=DocumentStatus.QUEUED, queued_at__lte=now - queued_timeout()) | Q(
            Q(lease_until__lte=now) | Q(lease_until__isnull=True), status=DocumentStatus.RUNNING
        )


def queued_timeout() -> timedelta:
    """A message not picked up in this time is lost (Redis flushed or down): send another."""
    return timedelta(seconds=settings.DOCUMENTS_QUEUED_TIMEOUT)


def late_after() -> timedelta:
    """A job still waiting after this is shown as late, with a button to ask again."""
    return timedelta(seconds=settings.JOB_LATE_SECONDS)


@receiver(post_delete, sender=Document)
def _delete_document_file(sender, instance: Document, **kwargs) -> None:
    """Generated files hold personal data: they go when their row goes, once that has committed."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


class PrivacyAction(models.TextChoices):
    EXPORT = "export", _("Data exported")
    ERASURE = "erasure", _("Data erased")
    RETENTION = "retention", _("Anonymised after the retention period")


class PrivacyLogEntry(models.Model):
    """One export or erasure of personal data: who did it, when and what, never whose data
    (the record of an erasure must not undo it)."""

    action = models.CharField(_("action"), max_length=10, choices=PrivacyAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_staff = models.BooleanField(_("done by staff"), default=False)
    at = models.DateTimeField(_("at"), default=timezone.now)
    what = models.TextField(_("what"))

    class Meta:
        verbose_name = _("personal data log entry")
        verbose_name_plural = _("personal data log")
        ordering = ["-at", "-pk"]
        permissions = [
            ("handle_personal_data", _("Can find, export and erase a person's data on request")),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class PersonalDataExport(models.Model):
    """A request for everything the portal holds about one person: the subject of the generated
    file, which is deleted with the row after a few days or when the person is erased."""

    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    documents = GenericRelation(
        "hub.Document", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class FunderReport(models.Model):
    """One report a coordinator asked for: an operation's figures for a period, as sent.

    The figures and the rows behind them are gathered once, by the worker that renders the first
    file, and stored here (JSON), so the report can be shown again exactly as it was sent; its
    file, once made, is never replaced. Asking again for the same
    operation, period and kind makes a new version; the old ones stay. The file itself, its
    status and timings are the report's ``Document`` (kind ``hub.funder_report``).
    """

    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, related_name="reports", verbose_name=_("operation")
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
    # hub.reports.figures_gather's answer, stored when the report is first rendered.
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    # The rows behind the figures (the annexes), stored with them: the PDF and every
    # spreadsheet of this version show what was sent, whatever the data become.
    rows = models.JSONField(_("rows behind the figures"), null=True, blank=True, editable=False)
    # What differs from the previous version's figures (hub.reports.figures_changes).
    changes = models.JSONField(
        _("changes since the previous version"), null=True, blank=True, editable=False
    )
    gathered_at = models.DateTimeField(_("figures gathered"), null=True, blank=True)
    documents = GenericRelation(
        "hub.Document", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
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
