from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hub.entry import REFUSED, AgeBand, Education, Employment, EntryItem, Gender, Household, YesNo
from hub.fields import ChoiceListField
from hub.models import TIME_ZONES
from hub.search import Searchable
from hub.selectors import hub_time_zone, hub_zone


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    WORKING_MEETING = "working_meeting", _("Working meeting")
    CONFERENCE = "conference", _("Conference")
    INFO_DAY = "info_day", _("Info day")
    NETWORKING = "networking", _("Networking")


class RegistrationState(models.TextChoices):
    """Where an event's registration stands, as a visitor sees it."""

    NOT_YET_OPEN = "not_yet_open", _("Registration opens later")
    OPEN = "open", _("Registration is open")
    FULL = "full", _("Full — waiting list open")
    FULL_CLOSED = "full_closed", _("Full")
    CLOSED = "closed", _("Registration is closed")
    PAST = "past", _("This event has taken place")
    CANCELLED = "cancelled", _("This event is cancelled")


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def held(self, now: datetime | None = None) -> EventQuerySet:
        """Events that took place (or are under way) as the funder reports count them:
        published, not cancelled, started by now."""
        return self.filter(is_published=True, is_cancelled=False, start__lte=now or timezone.now())

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        """Events still to come or under way."""
        return self.filter(end__gte=now or timezone.now())

    def past(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(end__lt=now or timezone.now())

    def with_seat_counts(self) -> EventQuerySet:
        # Counted per event shown, in subqueries: a join with every registration grouped by
        # event would count them all before a page of 20 is cut from the list.
        return self.annotate(
            confirmed_count=_registrations_counted(Registration.Status.CONFIRMED),
            waiting_count=_registrations_counted(Registration.Status.WAITING),
        )


class Programme(models.Model):
    """A training given over several sessions: each session is an event of its own, with its own
    registrations and attendance; whoever attended every required session completed it."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


def _registrations_counted(status: str) -> Coalesce:
    counted = (
        Registration.objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


class Event(Searchable):
    search_name_fields = ("title",)
    # The place is part of what people search for ("ruse" finds the events held in Русе).
    search_text_fields = ("venue", "address", "municipality__name", "description")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default=hub_time_zone,
        help_text=_("Times are shown in the time zone of the place where the event happens."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language the event is held in; attendance sheets and certificates use it."
        ),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "hub.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality"),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("For online events; shown to everyone on the event's page."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Number of seats."))
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the event is full, further people join a waiting list."),
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event starts."),
    )
    organiser = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
        help_text=_("Empty: the hub organises the event."),
    )
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=pgettext_lazy("funding call", "call"),
        help_text=_("For an info day: the funding call it presents."),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("programme"),
        help_text=_(
            "For a session of a training given over several sessions. Registering for one "
            "session registers the person for every session still to come."
        ),
    )
    required_session = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("A person completes the programme by attending every required session."),
    )
    fields = models.ManyToManyField(
        "hub.FieldOfActivity",
        blank=True,
        related_name="events",
        verbose_name=_("fields of activity"),
    )
    leads_to_qualification = models.BooleanField(
        _("leads to a qualification"),
        default=False,
        help_text=_(
            "A person with a certificate of this training (of its programme) gained a "
            "qualification on leaving."
        ),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown to the public and open to registration.")
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_(
            "The event will not take place. Its page stays and says so; nobody can register."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[fields], excluded_fields=["search_text", "search_name"])
    # Its generated documents (the attendance sheet) go with it, files included.
    documents = GenericRelation(
        "hub.Document", content_type_field="subject_type", object_id_field="subject_id"
    )
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["is_published", "end", "start"]),
            # The public list runs in date order: a page of it is read from here, not sorted.
            models.Index(
                fields=["start", "id"],
                condition=Q(is_published=True),
                name="event_published_by_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0),
                name="event_capacity_not_negative",
                violation_error_message=_("The number of seats cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="event_registration_closes_after_it_opens",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.registration_closes and self.end and self.registration_closes > self.end:
            errors["registration_closes"] = _("Registration cannot close after the event ends.")
        if not self.venue and not self.online_url:
            errors["venue"] = _("Give a venue, an online link, or both.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def shows_time_zone(self) -> bool:
        """Whether times need their zone named: only when it is not the hub's own."""
        return self.time_zone != hub_time_zone()

    @property
    def check_in_opens_at(self) -> datetime:
        """Midnight at the start of the event's first day where it happens: people are checked
        in on the day, never days before (staff may still correct attendance afterwards)."""
        day = self.start.astimezone(self.zone).date()
        return datetime.combine(day, time.min, tzinfo=self.zone)

    @property
    def check_in_is_open(self) -> bool:
        return timezone.now() >= self.check_in_opens_at

    @property
    def has_ended(self) -> bool:
        """A certificate says someone attended: it exists only once the session is over."""
        return timezone.now() >= self.end

    @property
    def registration_closes_at(self) -> datetime:
        return self.registration_closes or self.start

    @property
    def is_online_only(self) -> bool:
        return bool(self.online_url) and not self.venue

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def local_day(self) -> date:
        """The day the event starts on, in the hub's time zone (the day it counts in)."""
        return self.start.astimezone(hub_zone()).date()

    @property
    def is_multi_day(self) -> bool:
        return self.start.astimezone(self.zone).date() != self.end.astimezone(self.zone).date()

    def registration_state(self, now: datetime | None = None) -> RegistrationState:
        """Needs ``confirmed_count`` (``Event.objects.with_seat_counts()``)."""
        now = now or timezone.now()
        if self.is_cancelled:
            return RegistrationState.CANCELLED
        if self.end < now:
            return RegistrationState.PAST
        if self.registration_opens and now < self.registration_opens:
            return RegistrationState.NOT_YET_OPEN
        if now >= self.registration_closes_at:
            return RegistrationState.CLOSED
        if self.confirmed_count >= self.capacity:
            return RegistrationState.FULL if self.waiting_list else RegistrationState.FULL_CLOSED
        return RegistrationState.OPEN

    @property
    def state(self) -> RegistrationState:
        return self.registration_state()

    @property
    def accepts_registrations(self) -> bool:
        return self.state in (RegistrationState.OPEN, RegistrationState.FULL)


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


class Registration(models.Model):
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
    age_band = models.CharField(
        _("age band at entry"),
        max_length=12,
        choices=[*AgeBand.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=[*Gender.choices, PREFER_NOT_TO_SAY], blank=True
    )
    education = models.CharField(
        _("education level at entry"),
        max_length=12,
        choices=[*Education.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    employment = models.CharField(
        _("employment status at entry"),
        max_length=24,
        choices=[*Employment.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    third_country = models.CharField(
        _("third-country national"),
        max_length=8,
        choices=[*YesNo.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    household = models.CharField(
        _("household situation at entry"),
        max_length=24,
        choices=[*Household.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    homeless = models.CharField(
        _("homeless or affected by housing exclusion"),
        max_length=8,
        choices=[*YesNo.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    # From the municipality's degree of urbanisation where known, else as the person said.
    rural = models.CharField(
        _("living in a rural area"),
        max_length=8,
        choices=[*YesNo.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
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


class SpecialAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    REFUSED = REFUSED, _("Prefer not to answer")


class SpecialCategoryEntry(models.Model):
    """Special-category data asked at entry, kept apart from the registration: that it was asked
    (the funder wants the attempt on record), the consent, and the answers. Read only with the
    "view special-category data" permission, and only ever counted, never shown per person."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="special_category",
        verbose_name=_("registration"),
    )
    items = ChoiceListField(_("items asked"), max_length=200, choices=EntryItem.choices)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    consent = models.BooleanField(_("explicit consent given"), default=False)
    disability = models.CharField(
        _("disability"), max_length=8, choices=SpecialAnswer.choices, blank=True
    )
    minority = models.CharField(
        _("minority, including Roma"), max_length=8, choices=SpecialAnswer.choices, blank=True
    )
    foreign_background = models.CharField(
        _("foreign background or third-country national"),
        max_length=8,
        choices=SpecialAnswer.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("special-category entry data")
        verbose_name_plural = _("special-category entry data")
        default_permissions = ()
        permissions = [("view_special_category", _("Can view special-category entry data"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True)
                | (
                    ~Q(disability__in=["yes", "no"])
                    & ~Q(minority__in=["yes", "no"])
                    & ~Q(foreign_background__in=["yes", "no"])
                ),
                name="special_category_answers_need_consent",
                violation_error_message=_(
                    "Special-category answers are kept only with explicit consent."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Special-category entry data"))


class LeavingItem(models.TextChoices):
    """The immediate results asked of a participant on leaving (ESF+ EECR01–04, ESF CR01–04)."""

    SEEKING_WORK = "seeking_work", _("Seeking work")
    IN_EDUCATION = "in_education", _("In education or training")
    QUALIFICATION = "qualification", _("Gained a qualification")
    EMPLOYED = "employed", _("In employment, including self-employment")


class LeavingSituation(models.Model):
    """A participant's situation on leaving a training (the last session of a programme, or a
    training on its own), as they said it within four weeks of leaving: stored as at leaving,
    beside the entry data, under the same privacy rules (copied with the person's data, erased
    with them). One per person per leaving: on the registration of the last session."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="leaving",
        verbose_name=_("registration"),
    )
    left_on = models.DateField(_("left on"))
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    seeking_work = models.CharField(
        _("seeking work"), max_length=8, choices=[*YesNo.choices, PREFER_NOT_TO_SAY], blank=True
    )
    in_education = models.CharField(
        _("in education or training"),
        max_length=8,
        choices=[*YesNo.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    qualification = models.CharField(
        _("gained a qualification"),
        max_length=8,
        choices=[*YesNo.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )
    employed = models.CharField(
        _("in employment, including self-employment"),
        max_length=8,
        choices=[*YesNo.choices, PREFER_NOT_TO_SAY],
        blank=True,
    )

    class Meta:
        verbose_name = _("situation on leaving")
        verbose_name_plural = _("situations on leaving")

    def __str__(self) -> str:
        return str(_("Situation on leaving"))


@receiver(post_save, sender="hub.Municipality")
def _refresh_search_of_events_in_renamed_municipality(sender, instance, created, **kwargs) -> None:
    """An event is found by its municipality's name; a renamed municipality renames it there."""
    if created:
        return
    events = list(Event.objects.filter(municipality=instance).select_related("municipality"))
    for event in events:
        event.search_refresh()
    Event.objects.bulk_update(events, ["search_name", "search_text"], batch_size=500)
