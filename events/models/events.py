"""Events and programmes: what is held, when and where, and who may register."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

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
        from .registrations import Registration

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
    from .registrations import Registration

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


@receiver(post_save, sender="hub.Municipality")
def _refresh_search_of_events_in_renamed_municipality(sender, instance, created, **kwargs) -> None:
    """An event is found by its municipality's name; a renamed municipality renames it there."""
    if created:
        return
    events = list(Event.objects.filter(municipality=instance).select_related("municipality"))
    for event in events:
        event.search_refresh()
    Event.objects.bulk_update(events, ["search_name", "search_text"], batch_size=500)
