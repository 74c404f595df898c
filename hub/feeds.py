"""Feeds and calendar files, kept whole: made once per language, address and version of the data
they show, and again when they change by themselves as time passes (an event leaves the feed, a
deadline passes); answered with 304 to a client that has them.

A feed is read by programs every few minutes and can be large (every coming event of the hub):
each process keeps the answers it served last beside the shared cache, so a request that finds
its feed current reads nothing but the data versions (hub.cache.request_prefetch) and no query
runs.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .cache import FRAGMENT_SECONDS, data_versions, fragment_key, versions_modified

# Every feed and calendar file the portal serves, by URL name: ``cached_response`` registers
# each one it wraps, and the tests fetch them all (and check that no feed address escapes it).
FEEDS: dict[str, tuple[str, ...]] = {}


class _KeptHere:
    """The answers this process served last, one per address (a newer one replaces the one
    before), held as they are: a request serves the very bytes, not a copy (a calendar of every
    coming event is over a MB). Those served least recently are dropped beyond ``room`` bytes."""

    def __init__(self, room: int) -> None:
        self.room = room
        self._answers: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, slot: str) -> dict[str, Any] | None:
        with self._lock:
            answer = self._answers.get(slot)
            if answer is not None:
                self._answers.move_to_end(slot)
            return answer

    def set(self, slot: str, answer: dict[str, Any]) -> None:
        with self._lock:
            self._drop(slot)
            self._answers[slot] = answer
            self._size += len(answer["content"])
            while self._size > self.room:
                self._drop(next(iter(self._answers)))

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._size = 0

    def _drop(self, slot: str) -> None:
        answer = self._answers.pop(slot, None)
        if answer is not None:
            self._size -= len(answer["content"])


_HERE = _KeptHere(room=32 * 1024 * 1024)

# The view's own Last-Modified (a feed's newest entry) is not kept: the data's is told.
_KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def cached_response(
    name: str,
    *,
    domains: tuple[str, ...],
    changes_at: Callable[[HttpRequest], datetime | None] | None = None,
):
    """For a view whose answer is the same for everyone (a feed: no cookie, no CSRF token, no
    session read): its body is kept per language, address and version of ``domains``, and it
    answers 304 to a client that has it, by ``ETag`` (If-None-Match) or by ``Last-Modified``
    (If-Modified-Since).

    What also changes as time passes names ``changes_at(request)``: when, from now, what the
    view shows next changes by itself (None: not before the data does). It is asked as the
    body is made and kept with it; from that moment on the body is made afresh.

    ``Last-Modified`` is when the data last changed or, for content that changes with time,
    when this content was made. An HTTP date counts whole seconds, so it is told only once its
    second is over: a later change then always falls in a later second, and a client asking
    "modified since" that date never misses it.
    """
    FEEDS[name] = domains

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            versions = data_versions(domains)
            if versions is None:
                return view(request, *args, **kwargs)
            address = (request.get_host(), request.get_full_path())
            key = fragment_key(name, versions=versions, vary=address)
            here = fragment_key(name, versions={}, vary=address)
            stored = _current(_HERE.get(here), key)
            if stored is None:
                stored = _current(cache.get(key), key)
                if stored is not None:
                    _HERE.set(here, stored)
            if stored is None:
                # Asked before the body is made: what the view shows then is the same until
                # that moment at least.
                until = changes_at(request) if changes_at else None
                until = until.timestamp() if until else None
                etag = _etag(key, until)
                modified = None if changes_at else versions_modified(versions)
            else:
                etag, modified = stored["etag"], stored["modified"]
            not_modified = get_conditional_response(
                request, etag=etag, last_modified=_told_modified(modified)
            )
            if not_modified is not None:
                return not_modified
            if stored is not None:
                response = HttpResponse(stored["content"])
                for header, value in stored["headers"].items():
                    response[header] = value
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                if changes_at:
                    modified = _clock()
                if not response.streaming and not response.cookies:
                    stored = {
                        "key": key,
                        "until": until,
                        "etag": etag,
                        "modified": modified,
                        "content": response.content,
                        "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
                    }
                    cache.set(key, stored, FRAGMENT_SECONDS)
                    _HERE.set(here, stored)
            response["ETag"] = etag
            told = _told_modified(modified)
            if told is None:
                del response["Last-Modified"]
            else:
                response["Last-Modified"] = http_date(told)
            return response

        wrapper.feed_name = name
        return wrapper

    return decorator


def _current(stored: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """A kept answer, if it was made for these data versions and its moment has not come."""
    if stored is None or stored.get("key") != key:
        return None
    if stored["until"] is not None and _clock() >= stored["until"]:
        return None
    return stored


def _etag(key: str, until: float | None) -> str:
    return '"' + hashlib.sha256(repr((key, until)).encode()).hexdigest()[:32] + '"'


def _told_modified(moment: float | None) -> int | None:
    """``moment`` in whole seconds, once its second is over (None until then)."""
    if moment is None:
        return None
    second = int(moment)
    return second if _clock() >= second + 1 else None


def _clock() -> float:
    # The clock the feeds' own moments are read by (timezone.now()), as a timestamp.
    return timezone.now().timestamp()


def earliest(*moments: datetime | None) -> datetime | None:
    """The first of these moments that there is (None if none is)."""
    return min((moment for moment in moments if moment is not None), default=None)
