"""Events as feeds: iCalendar (all events, one event, the e-mail attachment) and Atom (for
readers that follow news)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hub.feeds import earliest
from hub.selectors import hub_profile
from peers.feeds import add_peer_events, origin
from peers.filters import includes_peers
from peers.models import PeerEvent
from peers.selectors import peer_events, peer_events_change_at

from . import selectors
from .models import Event

ATOM_FEED_LENGTH = 50


def feeds_change_at(request: HttpRequest) -> datetime | None:
    """When the events feeds at this address next change by themselves: as an event leaves
    them, or, with ``?include=peers``, as one of other hubs' events shown ends."""
    return earliest(
        selectors.event_feed_changes_at(),
        peer_events_change_at() if includes_peers(request.GET) else None,
    )


def calendar_for(
    events: Iterable[Event],
    *,
    url_for: Callable[[Event], str],
    name: str,
    peer_events: Iterable[PeerEvent] = (),
) -> bytes:
    """An iCalendar file; each entry links back to the event's page through ``url_for``, each
    of ``peer_events`` (other hubs') to its page on the other portal."""
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
        # A calendar that has the event takes it off, or marks it, when it is cancelled.
        entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        entry.add("description", f"{strip_tags(event.description).strip()}\n\n{url}".strip())
        entry.add("url", url)
        location = _location(event)
        if location:
            entry.add("location", location)
        calendar.add_component(entry)
    add_peer_events(calendar, list(peer_events), domain=domain)
    _timezones_add(calendar)
    return calendar.to_ical()


def _timezones_add(calendar: Calendar) -> None:
    """The time zones the entries use, with their changes from the year before the first entry
    to the year after the last: what a calendar application needs to place them. The library's
    default span, 1970 to 2038, made a one-event attachment's zone some 130 changes long and
    took most of the time its file took to build."""
    years = [
        entry.decoded(name).year
        for entry in calendar.walk("VEVENT")
        for name in ("dtstart", "dtend")
        if name in entry
    ]
    if years:
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
        )


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


class EventFeed(Feed):
    """The events announced most recently first, past ones kept for ``EVENTS_FEED_KEEP_DAYS``
    like in the calendar feed; with ``?include=peers`` other hubs' coming events too, each
    linking to the other portal."""

    feed_type = Atom1Feed
    subtitle = gettext_lazy("Events of the hub and the region's organisations, newest first.")

    def title(self) -> str:
        return _("Events: %(hub)s") % {"hub": hub_profile().name}

    def link(self) -> str:
        return reverse("events:list")

    def get_object(self, request, *args, **kwargs) -> bool:
        return includes_peers(request.GET)

    def items(self, include_peers: bool) -> list[Event | PeerEvent]:
        events = selectors.event_feed_list().order_by("-created_at", "-pk")
        items: list[Event | PeerEvent] = list(events[:ATOM_FEED_LENGTH])
        if include_peers:
            items.extend(peer_events())
            items.sort(key=self.item_pubdate, reverse=True)
        return items[:ATOM_FEED_LENGTH]

    def item_title(self, item: Event | PeerEvent) -> str:
        return item.title

    def item_link(self, item: Event | PeerEvent) -> str:
        return item.url if isinstance(item, PeerEvent) else item.get_absolute_url()

    def item_description(self, item: Event | PeerEvent) -> str:
        if isinstance(item, PeerEvent):
            when = date_format(timezone.localtime(item.start), "DATETIME_FORMAT")
            place = item.municipality_name or item.venue
            lead = f"{when} · {place}" if place else when
            return f"{lead}\n\n{origin(item)}"
        when = date_format(timezone.localtime(item.start, item.zone), "DATETIME_FORMAT")
        place = _location(item)
        lead = f"{when} · {place}" if place else when
        return f"{lead}\n\n{strip_tags(item.description).strip()}".strip()

    def item_pubdate(self, item: Event | PeerEvent):
        return item.read_at if isinstance(item, PeerEvent) else item.created_at

    def item_updateddate(self, item: Event | PeerEvent):
        return item.remote_updated_at if isinstance(item, PeerEvent) else item.updated_at

    def item_author_name(self, item: Event | PeerEvent) -> str:
        if isinstance(item, PeerEvent):
            return (
                f"{item.organiser_name} ({item.peer.name})"
                if item.organiser_name
                else item.peer.name
            )
        return item.organiser.name if item.organiser else hub_profile().name

    def item_categories(self, item: Event | PeerEvent) -> list[str]:
        if isinstance(item, PeerEvent):
            return [item.kind_label] if item.kind_label else []
        return [field.name for field in item.fields.all()]
