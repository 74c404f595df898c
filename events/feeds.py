"""Events as iCalendar: the feed of all upcoming events, one event, and the e-mail attachment."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hub.selectors import hub_profile

from .models import Event


def calendar_for(events: Iterable[Event], *, url_for: Callable[[Event], str], name: str) -> bytes:
    """An iCalendar file; each entry links back to the event's page through ``url_for``."""
    calendar = Calendar()
    calendar.add("prodid", "-//Stičišče//events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    domain = _domain()
    for event in events:
        url = url_for(event)
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{domain}")
        entry.add("dtstamp", stamp)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", event.start.astimezone(event.zone))
        entry.add("dtend", event.end.astimezone(event.zone))
        entry.add("summary", event.title)
        entry.add("description", f"{strip_tags(event.description).strip()}\n\n{url}".strip())
        entry.add("url", url)
        location = _location(event)
        if location:
            entry.add("location", location)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _location(event: Event) -> str:
    place = [event.venue, event.address]
    if event.municipality_id:
        place.append(event.municipality.name)
    text = ", ".join(part for part in place if part)
    if event.online_url:
        text = f"{text} ({event.online_url})" if text else event.online_url
    return text


def _domain() -> str:
    return hub_profile().email.rpartition("@")[2] or "sticisce"
