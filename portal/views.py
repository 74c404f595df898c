"""The pages of the site as a whole, which gather what several apps hold."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from calls.selectors import call_closing_soonest
from events.selectors import event_upcoming_list
from hub.cache import SEATS, cached_fragment, this_minute
from news.selectors import hub_hosts, hub_people, news_latest


def home(request: HttpRequest) -> HttpResponse:
    # The next events and calls: the same for everyone, until one changes or a minute passes.
    lists = cached_fragment(
        "portal:home",
        domains=("events", SEATS, "calls", "news", "reference"),
        vary=(this_minute(),),
        render=lambda: render_to_string(
            "portal/_home_lists.html",
            {
                "latest_news": news_latest(limit=3),
                "upcoming_events": event_upcoming_list(limit=3),
                "closing_calls": call_closing_soonest(limit=3),
            },
        ),
    )
    return render(request, "portal/home.html", {"lists": lists})


def about(request: HttpRequest) -> HttpResponse:
    """Who the hub is: its people (contacts where they agreed) and the organisations hosting
    and supporting it."""
    return render(request, "portal/about.html", {"people": hub_people(), "hosts": hub_hosts()})
