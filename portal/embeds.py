"""Lists and events as partner websites show them in an ``<iframe>``, and the oEmbed answer
that lets a site (WordPress, for one) turn a pasted address into that ``<iframe>``.

Only these pages may be framed by other sites (``frame-ancestors *``, no ``X-Frame-Options``);
every other page keeps refusing. They set no cookie and need no JavaScript: the one small script
(static/js/embed-resize.js) only tells the framing page how tall the content is.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from calls.filters import CallFilter
from calls.selectors import call_list
from events.filters import EmbeddedEventFilter
from events.models import Event
from events.selectors import event_public_detail
from hub.selectors import hub_profile
from news.filters import NewsFilter
from news.selectors import news_list

LANGUAGES = {code for code, _name in settings.LANGUAGES}
# How many entries an embedded list shows; ``?limit=`` may ask for fewer or, up to the most, more.
DEFAULT_LIMIT = 10
MOST = 30
# What an embedded list or event takes up in the framing page before the resize script runs.
WIDTH, LIST_HEIGHT, EVENT_HEIGHT = 600, 640, 320
# Query parameters that choose a page, not what a list shows; not carried into an embed.
NOT_FILTERS = {"page", "mine", "month", "include"}


@dataclass(frozen=True)
class Embeddable:
    """A kind of list that can be embedded: its filters and its page on the portal."""

    filterset: type
    list_url: str  # the page's URL name

    def query(self, data: QueryDict) -> str:
        """The filters in ``data`` that this list knows, to carry over to the embed or back."""
        names = set(self.filterset.base_filters) - NOT_FILTERS
        kept = [(key, value) for key, value in data.items() if key in names and value]
        return urlencode(kept)

    def refuses(self, query: str, request: HttpRequest) -> bool:
        """Whether the embedded list would refuse these filters (a value it does not know)."""
        return bool(self.filterset(QueryDict(query), request=request).errors)


EMBEDDABLE = {
    "events": Embeddable(EmbeddedEventFilter, "events:list"),
    "calls": Embeddable(CallFilter, "calls:list"),
    "news": Embeddable(NewsFilter, "news:list"),
}


def framable(view):
    """Lets any site frame the page, and lets shared caches keep it for a few minutes; GET and
    HEAD only."""
    view = csp_replace({"frame-ancestors": ["*"]})(view)
    view = xframe_options_exempt(view)
    view = cache_control(public=True, max_age=300)(view)
    return require_safe(view)


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


def _limit(data: QueryDict) -> int:
    try:
        return max(1, min(MOST, int(data.get("limit", DEFAULT_LIMIT))))
    except ValueError:
        return DEFAULT_LIMIT


def embed_url(request: HttpRequest, kind: str, query: str = "") -> str:
    path = reverse("embed_list", kwargs={"language": translation.get_language(), "kind": kind})
    return request.build_absolute_uri(path + (f"?{query}" if query else ""))


def iframe_code(*, src: str, title: str, height: int, width: int = WIDTH) -> str:
    """The ``<iframe>`` a partner website pastes, as oEmbed answers it and "Embed this" shows it."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" style="width:100%;max-width:100%;'
        'border:0" loading="lazy"></iframe>',
        src,
        title,
        width,
        height,
    )


def list_title(kind: str) -> str:
    name = hub_profile().name
    if kind == "events":
        return _("Events: %(hub)s") % {"hub": name}
    if kind == "news":
        return _("News: %(hub)s") % {"hub": name}
    return _("Funding calls: %(hub)s") % {"hub": name}


def embed_code(request: HttpRequest, kind: str) -> str:
    """What the "Embed this" box on a list page offers: the frame, with the filters in use, and
    the script that fits its height to the content."""
    query = EMBEDDABLE[kind].query(request.GET)
    frame = iframe_code(
        src=embed_url(request, kind, query), title=list_title(kind), height=LIST_HEIGHT
    )
    # The file's plain name, not the hashed one of this release: the code lives on in other
    # sites' pages after the next release (WhiteNoise serves both).
    script = request.build_absolute_uri(f"{settings.STATIC_URL}js/embed-parent.js")
    return f'{frame}\n<script src="{script}" async></script>'


@framable
def embedded_list(request: HttpRequest, language: str, kind: str) -> HttpResponse:
    if kind not in EMBEDDABLE:
        raise Http404
    embeddable = EMBEDDABLE[kind]
    with translation.override(_language(language)):
        if kind == "events":
            queryset = (
                Event.objects.published()
                .with_seat_counts()
                .select_related("municipality", "organiser")
            )
        elif kind == "news":
            queryset = news_list()
        else:
            queryset = call_list()
        filterset = embeddable.filterset(request.GET, queryset=queryset, request=request)
        limit = _limit(request.GET)
        # With a filter it does not know, the list would be everything: better nothing.
        entries = [] if filterset.errors else list(filterset.qs[: limit + 1])
        query = embeddable.query(request.GET)
        page = reverse(embeddable.list_url)
        response = render(
            request,
            f"embed/{kind}.html",
            {
                "entries": entries[:limit],
                "has_more": len(entries) > limit,
                "errors": filterset.errors,
                "title": list_title(kind),
                "page_url": request.build_absolute_uri(page + (f"?{query}" if query else "")),
                "oembed_url": oembed_link(request, page + (f"?{query}" if query else "")),
            },
            # A filter value the list does not know is the partner's typo: shown, not hidden.
            status=400 if filterset.errors else 200,
        )
    return response


@framable
def embedded_event(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    with translation.override(_language(language)):
        event = event_public_detail(slug=slug)
        return render(
            request,
            "embed/event.html",
            {
                "event": event,
                "title": event.title,
                "page_url": request.build_absolute_uri(event.get_absolute_url()),
                "oembed_url": oembed_link(request, event.get_absolute_url()),
            },
        )


def oembed_link(request: HttpRequest, path: str) -> str:
    """The discovery address of the page at ``path``, for its ``<link rel="alternate">``."""
    query = urlencode({"url": request.build_absolute_uri(path), "format": "json"})
    return request.build_absolute_uri(reverse("oembed")) + "?" + query


def _embed_for(request: HttpRequest, url: str) -> dict | None:
    """What to frame for a page address of this portal: an event, the events, the calls (with
    their filters) or the news; None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        return None
    language = parts.path.split("/")[1] if parts.path.count("/") > 1 else ""
    if language not in LANGUAGES:
        return None
    with translation.override(language):
        try:
            match = resolve(parts.path)
        except Resolver404:
            return None
        if match.view_name == "events:detail":
            try:
                event = event_public_detail(slug=match.kwargs["slug"])
            except Http404:
                return None
            path = reverse("embed_event", kwargs={"language": language, "slug": event.slug})
            return {
                "title": event.title,
                "src": request.build_absolute_uri(path),
                "height": EVENT_HEIGHT,
            }
        for kind, embeddable in EMBEDDABLE.items():
            if match.view_name == embeddable.list_url:
                query = embeddable.query(QueryDict(parts.query))
                # The frame would only show the list's 400: nothing to embed.
                if embeddable.refuses(query, request):
                    return None
                return {
                    "title": list_title(kind),
                    "src": embed_url(request, kind, query),
                    "height": LIST_HEIGHT,
                }
    return None


@require_safe
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed 1.0 (https://oembed.com): a ``rich`` answer with the ``<iframe>``, for addresses of
    this portal's events and lists; 404 for anything else, 501 for formats other than JSON."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse(status=501)
    embed = _embed_for(request, request.GET.get("url", ""))
    if embed is None:
        raise Http404
    width = _dimension(request.GET.get("maxwidth"), WIDTH)
    height = _dimension(request.GET.get("maxheight"), embed["height"])
    profile = hub_profile()
    response = JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": embed["title"],
            "provider_name": profile.name,
            "provider_url": request.build_absolute_uri("/"),
            "cache_age": 3600,
            "width": width,
            "height": height,
            "html": iframe_code(src=embed["src"], title=embed["title"], height=height, width=width),
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _dimension(value: str | None, default: int) -> int:
    try:
        return max(1, min(default, int(value))) if value else default
    except ValueError:
        return default
