"""The situation on leaving: what a participant says within four weeks of leaving a training.

A person leaves at the last session of a programme, or at a training on its own. Where the funder
template of the operation running that day counts results on leaving (an indicator with the rule
``esf_leavers``), the person is asked once per leaving: an e-mail with their personal link the
day after, or staff ask at the check-out on the check-in page. The answers are stored on the
registration of the leaving session, as at leaving; a later answer within the four weeks
replaces an earlier one, none is taken after.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation

from hub.emails import email_build, email_send
from hub.models import TemplateIndicator
from hub.selectors import operation_on

from ..errors import LeavingClosed
from ..models import Event, EventKind, LeavingItem, LeavingSituation, Registration
from .notifications import site_url

LEAVING_WINDOW = timedelta(weeks=4)


def is_leaving_session(event: Event) -> bool:
    """A training on its own, or the last session of a programme (one query for a session)."""
    if event.programme_id is None:
        return event.kind == EventKind.TRAINING
    last = Event.objects.filter(
        programme_id=event.programme_id, is_published=True, is_cancelled=False
    ).aggregate(last=Max("start"))["last"]
    return last == event.start


def leaving_asked(event: Event) -> bool:
    """Whether the template of the operation running on the event's day counts results on
    leaving (one query, only with a template)."""
    operation = operation_on(event.local_day)
    if operation is None or operation.template_id is None:
        return False
    return TemplateIndicator.objects.filter(
        template_id=operation.template_id, rule="esf_leavers"
    ).exists()


def leaving_deadline(event: Event) -> date:
    return event.end.astimezone(timezone.get_current_timezone()).date() + LEAVING_WINDOW


def leaving_open(*, registration: Registration, today: date | None = None) -> bool:
    """Whether the person may say their situation on leaving now, through their link or to
    staff: they left this session (attended the training, or a session of its programme), it
    has ended, and four weeks have not passed."""
    event = registration.event
    today = today or timezone.localdate()
    if not registration.is_active or event.is_cancelled or event.end > timezone.now():
        return False
    if today > leaving_deadline(event) or not is_leaving_session(event):
        return False
    if not _attended_unit(registration):
        return False
    return leaving_asked(event)


def _attended_unit(registration: Registration) -> bool:
    event = registration.event
    if registration.attended:
        return True
    if event.programme_id is None or registration.pid is None:
        return False
    return (
        Registration.objects.active()
        .attended()
        .filter(pid=registration.pid, event__programme_id=event.programme_id)
        .exists()
    )


def leaving_record(
    *, registration: Registration, answers: Mapping[str, str], today: date | None = None
) -> LeavingSituation:
    """Store the person's situation on leaving (``{item: "yes" | "no" | "refused" | ""}``)."""
    if not leaving_open(registration=registration, today=today):
        raise LeavingClosed()
    values = {item: answers.get(item, "") for item in LeavingItem.values}
    found, _created = LeavingSituation.objects.update_or_create(
        registration=registration,
        defaults={
            **values,
            "left_on": registration.event.end.astimezone(timezone.get_current_timezone()).date(),
            "answered_at": timezone.now(),
        },
    )
    return found


def leaving_invitations_send(*, now: datetime | None = None) -> int:
    """Ask everyone who left a training in the last four weeks, once per person per leaving:
    an e-mail with their personal link. Returns how many were asked."""
    now = now or timezone.now()
    sessions = [
        event
        for event in Event.objects.filter(
            is_published=True,
            is_cancelled=False,
            end__lte=now,
            end__gt=now - LEAVING_WINDOW,
        ).filter(Q(programme__isnull=False) | Q(kind=EventKind.TRAINING))
        if is_leaving_session(event) and leaving_asked(event)
    ]
    asked = 0
    for event in sessions:
        people = (
            Registration.objects.active()
            .filter(
                event=event, leaving__isnull=True, pid__isnull=False, anonymised_at__isnull=True
            )
            .select_related("event")
        )
        for registration in people:
            if not _attended_unit(registration):
                continue
            with transaction.atomic():
                LeavingSituation.objects.create(
                    registration=registration,
                    left_on=event.end.astimezone(timezone.get_current_timezone()).date(),
                    asked_at=now,
                )
                _invite(registration)
            asked += 1
    return asked


def _invite(registration: Registration) -> None:
    event = registration.event
    with translation.override(registration.language):
        url = site_url(registration.get_absolute_url())
    message = email_build(
        template="events/leaving_asked",
        to=[registration.email],
        context={
            "registration": registration,
            "event": event,
            "registration_url": url,
            "deadline": leaving_deadline(event),
        },
        language=registration.language,
    )
    email_send(message=message, key=f"leaving:{registration.pk}")
