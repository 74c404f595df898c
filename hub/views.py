from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.template.loader import render_to_string
from django.utils import translation
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from calls.selectors import call_closing_soonest
from events.selectors import event_upcoming_list

from .cache import cached_fragment, this_minute
from .documents import document_can_download, document_kind
from .models import Document

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    # The next events and calls: the same for everyone, until one changes or a minute passes.
    lists = cached_fragment(
        "hub:home",
        domains=("events", "calls", "reference"),
        vary=(this_minute(),),
        render=lambda: render_to_string(
            "hub/_home_lists.html",
            {
                "upcoming_events": event_upcoming_list(limit=3),
                "closing_calls": call_closing_soonest(limit=3),
            },
        ),
    )
    return render(request, "hub/home.html", {"lists": lists})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database (and Redis, where configured) answer; 503 naming what does not."""
    checks = {"database": _database_answers()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_answers()
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {name: "ok" if ok else "down" for name, ok in checks.items()}, status=status
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        logger.exception("Health check: Redis does not answer")
        return False


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, resolving the page's address in the language it was read in.

    Django translates ``next`` by resolving it in the request's active language, which comes from
    the cookie or the browser, not from the page's prefix, so /sl/ read by an English browser would
    not resolve and the visitor would stay on the Slovene page.
    """
    page_language = translation.get_language_from_path(request.POST.get("next", ""))
    with translation.override(page_language or translation.get_language()):
        return i18n.set_language(request)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that could fail again: the 500 page stands on its own.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@never_cache
def document_download(request: HttpRequest, uuid: str) -> FileResponse:
    """Any generated document, streamed from the private storage to those its kind allows.

    Everyone else gets 404, as if it did not exist. A participant's secret registration token
    comes as ``?token=``.
    """
    document = get_object_or_404(Document, uuid=uuid)
    context = {"token": request.GET.get("token", "")}
    if not document_can_download(user=request.user, document=document, context=context):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document_kind(document.kind).filename(document),
    )
    response["X-Robots-Tag"] = "noindex"
    return response
