"""New consultations as an Atom feed, open consultations' deadlines as an iCalendar file; each
entry links back to its page."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hub.selectors import hub_profile

from .models import Consultation
from .selectors import consultation_list, open_consultations_change_at

FEED_LENGTH = 50


class ConsultationFeed(Feed):
    feed_type = Atom1Feed
    subtitle = gettext_lazy("Public consultations open for comment, the newest first.")

    def title(self) -> str:
        return _("Public consultations: %(hub)s") % {"hub": hub_profile().name}

    def link(self) -> str:
        return reverse("advocacy:consultations")

    def items(self) -> list[Consultation]:
        return list(consultation_list().order_by("-created_at", "-pk")[:FEED_LENGTH])

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Consultation) -> str:
        return item.summary

    def item_pubdate(self, item: Consultation):
        return item.created_at

    def item_updateddate(self, item: Consultation):
        return item.updated_at

    def item_author_name(self, item: Consultation) -> str:
        return item.body.name

    def item_categories(self, item: Consultation) -> list[str]:
        return [field.name for field in item.fields.all()]


def deadlines_change_at(request: HttpRequest) -> datetime | None:
    """When the deadlines calendar next changes by itself: as a consultation opens or closes."""
    return open_consultations_change_at()


def deadlines(request: HttpRequest) -> HttpResponse:
    consultations = Consultation.objects.select_related("body").open(timezone.now())
    calendar = Calendar()
    calendar.add("prodid", "-//Stičišče//advocacy//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Deadlines of public consultations"))
    stamp = timezone.now()
    domain = hub_profile().email.rpartition("@")[2] or "sticisce"
    for consultation in consultations.order_by("deadline", "pk"):
        url = request.build_absolute_uri(consultation.get_absolute_url())
        deadline = timezone.localtime(consultation.deadline)
        entry = CalendarEvent()
        entry.add("uid", f"consultation-deadline-{consultation.pk}@{domain}")
        entry.add("dtstamp", stamp)
        entry.add("last-modified", consultation.updated_at)
        entry.add("dtstart", deadline)
        entry.add("dtend", deadline)
        entry.add("summary", _("Comments due: %(title)s") % {"title": consultation.title})
        entry.add("description", f"{consultation.body.name}\n\n{consultation.summary}\n\n{url}")
        entry.add("url", url)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="consultation-deadlines.ics"'
    return response
