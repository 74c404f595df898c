"""The demo's people: who registers for what, who comes, what they say at entry and on
leaving."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from hub.entry import (
    REFUSED,
    SPECIAL_ENTRY_ITEMS,
    AgeBand,
    Education,
    Employment,
    EntryItem,
    Gender,
    Household,
)
from hub.models import FunderTemplate
from hub.selectors import operation_on
from hub.text import ascii_slug

from ..models import (
    SPECIAL_ANSWER_FIELDS,
    Event,
    EventKind,
    LeavingSituation,
    OrganisationLink,
    Registration,
    SpecialCategoryEntry,
    email_key,
)
from ..services.leaving import is_leaving_session, leaving_asked
from ..services.participants import participants_for


def leavings_make(hub: str) -> None:
    """Most people who left a training whose funder counts results on leaving said their
    situation within the four weeks (stored as at leaving)."""
    rng = random.Random(f"leaving-{hub}")
    now = timezone.now()
    sessions = [
        event
        for event in Event.objects.filter(is_published=True, is_cancelled=False, end__lt=now)
        .filter(Q(programme__isnull=False) | Q(kind=EventKind.TRAINING))
        .order_by("start", "pk")
        if is_leaving_session(event) and leaving_asked(event)
    ]
    found = []
    for event in sessions:
        left_on = timezone.localtime(event.end).date()
        for registration in (
            event.registrations.active().attended().filter(leaving__isnull=True).order_by("pk")
        ):
            if rng.random() < 0.15:
                continue  # asked, never answered
            person = random.Random(f"leaving-{registration.email}")
            employed = person.random() < 0.55
            found.append(
                LeavingSituation(
                    registration=registration,
                    left_on=left_on,
                    asked_at=event.end + timedelta(days=1),
                    answered_at=event.end + timedelta(days=rng.randrange(1, 27)),
                    seeking_work="no" if employed else rng.choice(["yes", "yes", "no"]),
                    in_education=rng.choice(["no", "no", "no", "yes"]),
                    qualification=rng.choice(["no", "yes", REFUSED]),
                    employed="yes" if employed else "no",
                )
            )
    LeavingSituation.objects.bulk_create(found)


def people_make(rng: random.Random, names, organisations, domain: str, count: int) -> list[tuple]:
    """A region's regulars: the same people come to several events, as they do."""
    first_names, surnames = names
    people, seen = [], set()
    while len(people) < count:
        first = rng.choice(first_names)
        family = surnames[first] if isinstance(surnames, dict) else surnames
        name = f"{first} {rng.choice(family)}"
        if name in seen:
            continue
        seen.add(name)
        email = f"{ascii_slug(name).replace('-', '.')}@example.{domain}"
        organisation = rng.choice(organisations) if organisations and rng.random() < 0.75 else None
        people.append((name, email, organisation, organisation is not None and rng.random() < 0.6))
    return people


def registrations_make(
    rng: random.Random, event: Event, people: list[tuple], *, on_ones_own: str
) -> list[Registration]:
    """People for the event: past ones mostly full, with who came; upcoming ones filling up.
    Saved by ``registrations_save``."""
    now = timezone.now()
    past = event.end < now
    if event.registration_opens and event.registration_opens > now:
        return []
    if past:
        wanted = int(event.capacity * rng.uniform(0.6, 1.0))
    elif event.capacity <= 12:
        wanted = event.capacity + 3  # full, with a waiting list, to show how that looks
    else:
        wanted = int(event.capacity * rng.uniform(0.2, 0.6))
    registrations = []
    confirmed = 0
    for n, person in enumerate(rng.sample(people, k=min(wanted, len(people)))):
        status = Registration.Status.CONFIRMED
        if not past and confirmed >= event.capacity:
            status = Registration.Status.WAITING
        elif past and rng.random() < 0.06:
            status = Registration.Status.CANCELLED
        confirmed += status == Registration.Status.CONFIRMED
        attended = past and status == Registration.Status.CONFIRMED and rng.random() < 0.85
        registered_at = min(event.start - timedelta(days=rng.randrange(2, 35), minutes=n), now)
        registrations.append(
            registration_make(
                event,
                person,
                status=status,
                attended=attended,
                registered_at=registered_at,
                rng=rng,
                on_ones_own=on_ones_own,
            )
        )
    return registrations


def registration_make(
    event: Event, person: tuple, *, status, attended, registered_at, rng, on_ones_own
) -> Registration:
    name, email, organisation, member = person
    registration = Registration(
        event=event,
        name=name,
        email=email,
        organisation=organisation,
        # Members link their organisation by their membership; others typed its name.
        organisation_link=(OrganisationLink.MEMBERSHIP if member else OrganisationLink.NAME)
        if organisation
        else "",
        organisation_name="" if organisation else rng.choice(["", "", on_ones_own]),
        status=status,
        consent=True,
        attended=attended,
        checked_in_at=event.start - timedelta(minutes=rng.randrange(1, 20)) if attended else None,
        language=event.language,
        registered_at=registered_at,
        cancelled_at=registered_at + timedelta(days=1)
        if status == Registration.Status.CANCELLED
        else None,
    )
    _entry(registration, rng)
    return registration


def _entry_items(event: Event) -> list[str]:
    """What the registration form asked: the items of the funder template of the operation
    running on the event's day (the four ordinary ones while no template is chosen)."""
    if not hasattr(event, "demo_entry_items"):
        operation = operation_on(event.local_day)
        template = (
            FunderTemplate.objects.filter(pk=operation.template_id).first()
            if operation is not None and operation.template_id
            else None
        )
        event.demo_entry_items = (
            list(template.entry_items)
            if template is not None
            else [EntryItem.AGE, EntryItem.GENDER, EntryItem.EDUCATION, EntryItem.EMPLOYMENT]
        )
    return event.demo_entry_items


def _entry(registration: Registration, rng: random.Random) -> None:
    """Entry data as people give it: most answer everything, some skip an item (their record
    counts in the grand total only), some prefer not to say."""
    items = _entry_items(registration.event)
    registration.entry_items = [i for i in items if i not in SPECIAL_ENTRY_ITEMS]
    # The same person answers alike each time: their answers follow from their e-mail address.
    person = random.Random(registration.email)
    answers = {
        EntryItem.AGE: (
            "age_band",
            # Below 18, 18–24, 25–29, (18–29 as kept before the split: none), 30–54, 55+.
            person.choices(AgeBand.values, weights=[1, 3, 3, 0, 12, 5])[0],
        ),
        EntryItem.GENDER: ("gender", person.choices(Gender.values, weights=[12, 7, 1])[0]),
        EntryItem.EDUCATION: ("education", person.choices(Education.values, weights=[1, 6, 10])[0]),
        EntryItem.EMPLOYMENT: (
            "employment",
            person.choices(Employment.values, weights=[14, 2, 1, 2, 1])[0],
        ),
    }
    skipped = rng.choice(list(answers)) if rng.random() < 0.12 else None
    for item, (name, value) in answers.items():
        if item not in items or item == skipped:
            continue
        setattr(registration, name, REFUSED if rng.random() < 0.04 else value)
    # The items only the ESF templates ask, as the same person answers them each time; a few
    # leave one out or prefer not to say (records incomplete of each kind).
    more = {
        EntryItem.THIRD_COUNTRY: ("third_country", "yes" if person.random() < 0.05 else "no"),
        EntryItem.HOUSEHOLD: (
            "household",
            person.choices(Household.values, weights=[20, 2, 1, 2, 1])[0],
        ),
        EntryItem.HOMELESS: ("homeless", "yes" if person.random() < 0.03 else "no"),
        EntryItem.RURAL: ("rural", "yes" if person.random() < 0.3 else "no"),
    }
    for item, (name, value) in more.items():
        if item not in items:
            continue
        gap = person.random()
        setattr(registration, name, "" if gap < 0.04 else REFUSED if gap < 0.07 else value)
    registration.special_items = [i for i in items if i in SPECIAL_ENTRY_ITEMS]


def registrations_save(registrations: list[Registration]) -> None:
    """Each person is one participant (by their address); their special-category answers, where
    the template asked, go to their own table. A person answers alike each time (their answers
    follow from their address), whichever items a template asks."""
    participants = participants_for(emails=[r.email for r in registrations])
    for registration in registrations:
        registration.participant = participants[email_key(registration.email)]
        registration.pid = registration.participant.pid
    Registration.objects.bulk_create(registrations)
    special = []
    for registration in registrations:
        if not registration.special_items:
            continue
        person = random.Random(f"special-{registration.email}")
        consent = person.random() < 0.8
        answers = {}
        for item in SPECIAL_ANSWER_FIELDS:
            # Drawn for every item, asked or not, so one item more asked changes no other answer.
            answer = (
                person.choices(["no", "yes", REFUSED], weights=[16, 2, 2])[0]
                if consent
                else person.choice([REFUSED, ""])
            )
            if item in registration.special_items:
                answers[item] = answer
        special.append(
            SpecialCategoryEntry(
                registration=registration,
                items=registration.special_items,
                asked_at=registration.registered_at,
                consent=consent,
                **answers,
            )
        )
    SpecialCategoryEntry.objects.bulk_create(special)
