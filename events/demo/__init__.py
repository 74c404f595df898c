"""Demo events: a year of each demo hub's trainings, workshops and working meetings, and the
months ahead, in the hub's language, with registrations and attendance. Loaded by ``manage.py load_demo``
after the places, fields and organisations. The stories are in ``stories``, the people who come
in ``people``."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

import hub.demo as hub_demo
from hub.history import bulk_create_with_history, bulk_link_with_history
from hub.models import FieldOfActivity, Municipality
from hub.selectors import hub_cache_clear
from hub.text import ascii_slug
from organisations.models import Organisation, Sector

from ..models import Event, Programme, Registration
from .people import (
    leavings_make,
    people_make,
    registration_make,
    registrations_make,
    registrations_save,
)
from .stories import STORIES, TRAINING, WORKSHOP, Story

__all__ = ["STORIES", "TRAINING", "load"]


def load(hub: str = "goriska") -> None:
    story = STORIES[hub]
    demo_hub = hub_demo.story(hub)
    zone = demo_hub.time_zone
    rng = random.Random(2027)
    today = timezone.localdate()
    municipalities = {m.name: m for m in Municipality.objects.all()}
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    organisations = list(
        Organisation.objects.public()
        .filter(sector__in=[Sector.CIVIL, Sector.PUBLIC])
        .order_by("sector", "pk")
    )
    civil = [o for o in organisations if o.sector == Sector.CIVIL]
    people = people_make(rng, story.names, organisations, story.domain, story.people)
    hub_cache_clear()  # the operations the demo hub just got decide the entry data asked

    dated = [(*event[:3], today + timedelta(days=event[3]), *event[4:]) for event in story.events]
    events, fields_of = [], []
    for title, kind, place, day, hour, hours, capacity, field_slugs, text in [
        *story.archive,
        *dated,
    ]:
        event = _event(
            title=title,
            kind=kind,
            municipality=municipalities.get(place) if place else None,
            start=_at(day, hour, zone),
            hours=hours,
            capacity=capacity,
            description=text,
            language=demo_hub.language,
            time_zone=zone,
            online=place is None,
            venue="" if place is None else story.venue,
            organiser=civil[len(title) % len(civil)] if kind == WORKSHOP and civil else None,
        )
        events.append(event)
        fields_of.append([fields[s] for s in field_slugs if s in fields])
    registrations = []
    for event in _events_create(events, fields_of):
        registrations += registrations_make(rng, event, people, on_ones_own=story.on_ones_own)
    registrations_save(registrations)
    if story.programme:
        _programme(rng, story, people, municipalities, fields, demo_hub, today)
    leavings_make(hub)


def _programme(rng, story: Story, people, municipalities, fields, demo_hub, today) -> None:
    """The multi-session training: three sessions a week apart, ended six weeks ago; most of
    its people came to all three, some missed one."""
    title, description, place, session_titles = story.programme
    if Programme.objects.filter(title=title).exists():
        return
    programme = Programme.objects.create(title=title, description=description)
    class_of = rng.sample(people, k=min(16, len(people)))
    missed = {n: rng.randrange(3) for n in range(len(class_of)) if n % 4 == 3}
    sessions = [
        _event(
            title=session_title,
            kind=TRAINING,
            municipality=municipalities.get(place),
            start=_at(today - timedelta(days=56 - 7 * number), 9, demo_hub.time_zone),
            hours=6,
            capacity=20,
            description=description,
            language=demo_hub.language,
            time_zone=demo_hub.time_zone,
            venue=story.venue,
        )
        for number, session_title in enumerate(session_titles)
    ]
    made = _events_create(sessions, [[] for _session in sessions])
    # As staff make them: each session, then its programme (no fields yet, so its records copy
    # no links), then its fields.
    for event in made:
        event.programme = programme
    bulk_update_with_history(made, Event, ["programme"], default_change_reason=None)
    training = [f for slug, f in fields.items() if slug == "education-and-lifelong-learning"]
    bulk_link_with_history(made, "fields", [training for _event in made])
    registrations = []
    for number, event in enumerate(sessions):
        if event not in made:
            continue
        registrations += [
            registration_make(
                event,
                person,
                status=Registration.Status.CONFIRMED,
                attended=missed.get(n) != number,
                registered_at=event.start - timedelta(days=20 + 7 * number, minutes=n),
                rng=rng,
                on_ones_own=story.on_ones_own,
            )
            for n, person in enumerate(class_of)
        ]
    registrations_save(registrations)


def _at(day, hour: int, zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


def _event(
    *,
    title: str,
    kind: str,
    municipality: Municipality | None,
    start: datetime,
    hours: int,
    capacity: int,
    description: str,
    language: str,
    time_zone: str,
    online: bool = False,
    venue: str = "",
    organiser: Organisation | None = None,
) -> Event:
    """The event, not saved yet (``_events_create`` saves it)."""
    event = Event(
        slug=_slug(title, start),
        title=title,
        kind=kind,
        description=description,
        start=start,
        end=start + timedelta(hours=hours),
        time_zone=time_zone,
        language=language,
        venue=venue,
        municipality=municipality,
        online_url="https://meet.example.org/sticisce" if online else "",
        capacity=capacity,
        registration_opens=start - timedelta(days=40),
        organiser=organiser,
        is_published=True,
    )
    event.search_refresh()
    return event


def _events_create(events: list[Event], fields_of: list[list]) -> list[Event]:
    """The events not there yet (by slug), created with their fields (``fields_of[i]`` are
    ``events[i]``'s) and history; loading the demo again adds none."""
    there = set(
        Event.objects.filter(slug__in=[e.slug for e in events]).values_list("slug", flat=True)
    )
    new, new_fields = [], []
    for event, fields in zip(events, fields_of, strict=True):
        if event.slug not in there:
            there.add(event.slug)
            new.append(event)
            new_fields.append(fields)
    return bulk_create_with_history(new, links={"fields": new_fields})


def _slug(title: str, start: datetime) -> str:
    return f"{ascii_slug(title)[:90].rstrip('-')}-{start:%Y-%m}"
