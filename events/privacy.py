"""What events hold about a person: their registrations (hub.privacy), and how long.

An erased registration stays as a row (event, status, attendance, the organisation it credits),
so every count and stored report stays the same; its name, address, typed organisation name,
consent text and certificate go, and its personal link stops working.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.models import Operation, OutboxEmail
from hub.privacy import (
    PRIVACY_NOTICE_VERSION,
    Person,
    PersonalData,
    erased_email,
    outbox_scrub,
    personal_data_exports_delete,
    personal_data_register,
    retention_job_register,
    retention_log,
)

from .models import (
    SPECIAL_ANSWER_FIELDS,
    LeavingSituation,
    Participant,
    Registration,
    SpecialCategoryEntry,
    new_token,
)


def _registrations(person: Person):
    return Registration.objects.filter(person.email_q(), anonymised_at__isnull=True)


def _collect(person: Person) -> list[dict[str, Any]]:
    return [
        _row(registration)
        for registration in _registrations(person)
        .select_related("event", "organisation", "special_category", "leaving")
        .order_by("registered_at", "pk")
    ]


def registration_data(*, registration: Registration) -> dict[str, Any]:
    """The copy a registration's personal link gives: this registration and nothing else held
    about its address (whoever has the link may only have typed the address)."""
    registration = Registration.objects.select_related(
        "event", "organisation", "special_category", "leaving"
    ).get(pk=registration.pk)
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "registrations": [_row(registration)],
    }


def _row(registration: Registration) -> dict[str, Any]:
    return {
        "event": registration.event.title,
        "event_start": registration.event.start,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation_label,
        "status": registration.status,
        "attended": registration.attended,
        "checked_in_at": registration.checked_in_at,
        "registered_at": registration.registered_at,
        "cancelled_at": registration.cancelled_at,
        "language": registration.language,
        "consent_version": registration.consent_version,
        "consent_text": registration.consent_text,
        "participant_id": str(registration.pid) if registration.pid else None,
        # The answers the funder asked for, as given at entry: the person's own data, so
        # they are in the person's copy (and nowhere per person for anyone else).
        "age_band": registration.age_band,
        "gender": registration.gender,
        "education": registration.education,
        "employment": registration.employment,
        "third_country": registration.third_country,
        "household": registration.household,
        "homeless": registration.homeless,
        "rural": registration.rural,
        "special_category": _special(registration),
        "situation_on_leaving": _leaving(registration),
    }


def _leaving(registration: Registration) -> dict[str, Any] | None:
    try:
        leaving = registration.leaving
    except LeavingSituation.DoesNotExist:
        return None
    return {
        "left_on": leaving.left_on,
        "answered_at": leaving.answered_at,
        "seeking_work": leaving.seeking_work,
        "in_education": leaving.in_education,
        "qualification": leaving.qualification,
        "employed": leaving.employed,
    }


def _special(registration: Registration) -> dict[str, Any] | None:
    try:
        entry = registration.special_category
    except SpecialCategoryEntry.DoesNotExist:
        return None
    return {
        "consent": entry.consent,
        **{name: getattr(entry, name) for name in SPECIAL_ANSWER_FIELDS},
    }


def registrations_anonymise(registrations, *, now: datetime | None = None) -> int:
    """Anonymise these registrations in place, their history included.

    What identifies the person goes: name, address, typed organisation, consent text, the link
    to their participant, the personal link and the certificate. What counts stays: the event,
    status, attendance, the organisation it credits, the pseudonymous id and the answers given at
    entry, none of which leads back to the person once the link is cut.
    """
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for registration in registrations.select_for_update().filter(anonymised_at__isnull=True):
            registration.documents.all().delete()
            registration.name = gettext("(erased)")
            registration.email = erased_email()
            registration.organisation_name = ""
            registration.consent_text = ""
            registration.participant = None
            registration.token = new_token()
            registration.anonymised_at = now
            registration.save()
            registration.history.update(
                name=registration.name,
                email=registration.email,
                organisation_name="",
                consent_text="",
                participant=None,
            )
            count += 1
        # A participant left without registrations or account identifies nobody needed.
        Participant.objects.filter(user__isnull=True, registrations__isnull=True).delete()
    return count


def _erase(person: Person) -> int:
    count = registrations_anonymise(_registrations(person))
    people = Participant.objects.filter(email_key__in=person.emails)
    if person.user is not None:
        people = people | Participant.objects.filter(user=person.user)
    people.delete()
    return count


# The e-mails about one registration (``events.services.notifications``): template, pk, token.
_REGISTRATION_EMAIL_KEY = r"^registration_[a-z]+:{pk}:"


def registration_erase(*, registration: Registration) -> int:
    """A participant erases one registration through their personal link.

    Anonymised as on account deletion, and cut off the person the same way: the registration
    gets a pseudonymous id of its own, shared with no other registration and no participant, so
    nothing leads from it to the person's other registrations. The one exception is the id a
    count rests on: while another attendance of the person shares it, distinct people are told
    apart by it, so it stays (a new id would count the person twice) until that attendance is
    erased or anonymised too. The e-mails about the registration are scrubbed, and the copies
    of the address's data made so far (which hold the registration) deleted, in the same
    transaction; a new copy can be asked for. Nothing else held about the address changes: the
    link reaches this registration only.
    """
    with transaction.atomic():
        email = Registration.objects.filter(pk=registration.pk).values_list("email", flat=True)
        email = email.first()
        count = registrations_anonymise(Registration.objects.filter(pk=registration.pk))
        if not count:
            return 0
        personal_data_exports_delete(person=Person.of_email(email))
        erased = Registration.objects.get(pk=registration.pk)
        counted_with = (
            Registration.objects.active()
            .attended()
            .filter(pid=erased.pid)
            .exclude(pk=erased.pk)
            .exists()
        )
        if erased.pid is not None and not counted_with:
            pid = uuid.uuid4()
            Registration.objects.filter(pk=erased.pk).update(pid=pid)
            Registration.history.filter(id=erased.pk).update(pid=pid)
        outbox_scrub(
            emails=OutboxEmail.objects.filter(
                key__regex=_REGISTRATION_EMAIL_KEY.format(pk=registration.pk)
            )
        )
    return count


def _evidence_kept(today) -> Q:
    """Events held while an operation runs whose funder wants the evidence kept until a date
    still ahead."""
    q = Q(pk__in=[])
    for start, end in Operation.objects.filter(evidence_kept_until__gte=today).values_list(
        "start", "end"
    ):
        q |= Q(event__start__date__range=(start, end))
    return q


@retention_job_register
def registrations_retention_sweep(*, now: datetime | None = None) -> int:
    """Anonymise participants of events that ended longer ago than the retention period, except
    where a funded operation still needs them as evidence. Safe to run twice: anonymised rows
    are left alone."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRIVACY_PARTICIPANT_RETENTION_DAYS)
    due = Registration.objects.filter(event__end__lt=cutoff, anonymised_at__isnull=True).exclude(
        _evidence_kept(timezone.localdate(now))
    )
    count = registrations_anonymise(due, now=now)
    retention_log(
        count=count,
        what=gettext("%(count)s event registrations anonymised after the retention period.")
        % {"count": count},
    )
    return count


personal_data_register(
    PersonalData(
        name="registrations", label=_("Event registrations"), collect=_collect, erase=_erase
    )
)
