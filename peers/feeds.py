"""Other hubs' records in this hub's feeds, each entry linking to the other portal."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import PeerCall, PeerEvent


def origin(record: PeerEvent | PeerCall) -> str:
    return _("On the portal of %(portal)s") % {"portal": record.peer.name}


def add_peer_events(calendar: Calendar, records: list[PeerEvent], *, domain: str) -> None:
    stamp = timezone.now()
    for record in records:
        entry = CalendarEvent()
        entry.add("uid", f"peer-{record.peer_id}-event-{record.remote_id}@{domain}")
        entry.add("dtstamp", stamp)
        entry.add("last-modified", record.remote_updated_at)
        entry.add("dtstart", record.start)
        entry.add("dtend", record.end)
        entry.add("summary", record.title)
        entry.add("description", f"{origin(record)}\n\n{record.url}")
        entry.add("url", record.url)
        place = ", ".join(part for part in (record.venue, record.municipality_name) if part)
        if place:
            entry.add("location", place)
        calendar.add_component(entry)
