"""Django's Redis cache, answering as an empty cache while Redis is unreachable.

The cache holds nothing that must not be lost: rate-limit counters (allauth's sign-in and
confirmation limits, the registration throttle). When Redis is down, a person signing in or
registering should lose the rate limit for a while, not get an error page. So every operation
that fails with a Redis error is logged and answered as an empty cache would answer it: reads
miss, writes are dropped, ``add`` reports success (allauth's lock then goes on instead of waiting
a second for a lock nobody holds), ``incr`` says the key is missing.

After a failure the cache does not try Redis again for ``down_for`` seconds, so a Redis that does
not answer at all costs one socket timeout (``OPTIONS``: ``socket_connect_timeout``,
``socket_timeout``) per process every few seconds, not one per cache call.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ResilientRedisCacheClient(RedisCacheClient):
    down_for = 5.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._down_until = 0.0
        self._clients: dict[Any, Any] = {}

    def get_client(self, key=None, *, write=False):
        # One client per connection pool, kept: Django makes a new one for every call, which
        # costs about as much as a round trip to Redis on the loopback.
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def _or(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return operation()
        except RedisError as error:
            logger.warning(
                "The Redis cache does not answer (%s); it counts as empty for %s s",
                error,
                self.down_for,
            )
            self._down_until = time.monotonic() + self.down_for
            return fallback()

    def add(self, key, value, timeout):
        return self._or(partial(super().add, key, value, timeout), _true)

    def get(self, key, default):
        return self._or(partial(super().get, key, default), lambda: default)

    def set(self, key, value, timeout):
        return self._or(partial(super().set, key, value, timeout), _none)

    def touch(self, key, timeout):
        return self._or(partial(super().touch, key, timeout), _false)

    def delete(self, key):
        return self._or(partial(super().delete, key), _false)

    def get_many(self, keys):
        return self._or(partial(super().get_many, keys), dict)

    def has_key(self, key):
        return self._or(partial(super().has_key, key), _false)

    def incr(self, key, delta):
        def missing():
            raise ValueError(f"Key '{key}' not found.")

        return self._or(partial(super().incr, key, delta), missing)

    def set_many(self, data, timeout):
        return self._or(partial(super().set_many, data, timeout), _none)

    def delete_many(self, keys):
        return self._or(partial(super().delete_many, keys), _none)

    def clear(self):
        return self._or(partial(super().clear), _false)


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that degrades instead of raising."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient


def _true() -> bool:
    return True


def _false() -> bool:
    return False


def _none() -> None:
    return None


# What pages render once and share: fragments and files that change only when data does.
#
# Each kind of data has a version in the shared cache: the time (in microseconds) it last changed.
# A cached fragment's key holds the versions of the data it shows, so a change to an organisation,
# event, call or partnership makes the next request render afresh, in every process and language,
# without anyone having to know which keys to delete. Old entries simply expire.

DOMAINS = (
    "organisations",
    "events",
    "calls",
    "partnerships",
    "advocacy",
    "news",
    "reference",
    "peers",
)
# A registration changes what public pages show only as an event's seats left: it has a kind of
# its own, named only by the pages that count seats, so that a crowd registering leaves every
# other page served from the cache.
SEATS = "registrations"
FRAGMENT_SECONDS = 3600


def _version_key(domain: str) -> str:
    return f"data-version:{domain}"


def _now_version() -> int:
    return time.time_ns() // 1000


# The versions of every kind of data as one request read them with its other keys (see
# ``request_prefetch``); None outside such a request.
_versions_now: ContextVar[dict[str, int] | None] = ContextVar("data_versions_now", default=None)


def data_versions(domains: tuple[str, ...]) -> dict[str, int] | None:
    """The current version of each kind of data; None when the cache does not answer (then
    nothing may be served from it)."""
    from django.core.cache import cache

    known = _versions_now.get()
    if known is not None:
        return {domain: known[domain] for domain in domains}
    keys = [_version_key(domain) for domain in domains]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        # Never seen, or lost with the cache: from now on, newer than anything cached before.
        now = _now_version()
        for key in missing:
            cache.add(key, now, None)
        found.update(cache.get_many(missing))
        if any(key not in found for key in keys):
            return None
    return {domain: found[_version_key(domain)] for domain in domains}


def data_changed(*domains: str) -> None:
    """Data of these kinds changed: what shows them is rendered afresh on the next request.

    Now, for the requests that read during this transaction, and again after it commits, in
    case one of them cached what was not committed yet (once per transaction, whatever the
    number of rows changed).
    """
    from django.db import transaction

    _bump(domains)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    callback = getattr(connection, "_data_changed_callback", None)
    if callback is None or not any(entry[1] is callback for entry in connection.run_on_commit):
        pending: set[str] = set()

        def callback() -> None:
            _bump(tuple(pending))

        callback.pending = pending
        connection._data_changed_callback = callback
        transaction.on_commit(callback)
    callback.pending.update(domains)


def _bump(domains: tuple[str, ...]) -> None:
    from django.core.cache import cache

    # What this request read before is no longer current.
    _versions_now.set(None)
    if domains:
        cache.set_many({_version_key(domain): _now_version() for domain in domains}, None)


def fragment_key(name: str, *, versions: dict[str, int], vary: tuple = ()) -> str:
    import hashlib

    from django.utils.translation import get_language

    digest = hashlib.sha256(repr((get_language(), sorted(versions.items()), vary)).encode())
    return f"fragment:{name}:{digest.hexdigest()[:32]}"


def cached_fragment(
    name: str,
    *,
    domains: tuple[str, ...],
    render: Callable[[], str],
    vary: tuple = (),
    timeout: int = FRAGMENT_SECONDS,
) -> str:
    """``render()``'s HTML, rendered once per language, ``vary`` and version of ``domains``.

    What goes in must be the same for everyone who asks with the same ``vary``: no CSRF token,
    nothing of the signed-in person unless ``vary`` names them.
    """
    from django.core.cache import cache
    from django.utils.safestring import mark_safe

    versions = data_versions(domains)
    if versions is None:
        return render()
    key = fragment_key(name, versions=versions, vary=vary)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, timeout)
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there


def this_minute() -> int:
    """For what also changes as time passes (an event starts, a deadline passes): a fragment
    that varies on it is rendered afresh at least once a minute."""
    return int(time.time() // 60)


def query_vary(request) -> tuple:
    """A request's query string in a fixed order, for a fragment that depends on it."""
    return tuple(sorted((key, tuple(values)) for key, values in request.GET.lists()))


STREAM_CHUNK = 64 * 1024
# Pieces of a cached export read back, or written, in one round trip (~512 KiB held at once).
PIECES_AT_ONCE = 8


class CachedStream:
    """A long text (an export) written once per language, ``vary`` and version of the data, and
    kept in the cache in pieces of ~64 KiB: it streams from the first piece, holds a few pieces
    in memory while it is written (each is sent at once, and kept a few in each round trip),
    and the next request for the same file reads the pieces back, a few in each round trip.

    The text's head, which ``produce`` gives before it reads anything (``_pieces``), is sent
    before the cache is asked. Once the text is kept whole, its number of pieces and its head
    are also kept by address, like a page (``cached_page``), so the next request learns that
    the file is kept in the round trip it begins with (``request_prefetch``): ``kept`` then
    tells the view before the response begins, and the view need not build what writing the
    file takes (an export's filters and query).

    A piece lost from the cache (evicted) is written afresh: ``produce`` gives the same text
    for the same versions, so the pieces already sent are skipped.
    """

    def __init__(
        self,
        request,
        name: str,
        *,
        versions: dict[str, int] | None,
        vary: tuple,
        timeout: int = FRAGMENT_SECONDS,
    ) -> None:
        self._key = None if versions is None else fragment_key(name, versions=versions, vary=vary)
        self._timeout = timeout
        prefetched = getattr(request, "_prefetched_page", None)
        self._page_key, stored = prefetched or (None, None)
        self._known = (
            stored
            if self._key is not None and stored is not None and stored.get("text") == self._key
            else None
        )

    def kept(self) -> bool:
        """Whether the text is known to be kept whole, without asking the cache."""
        return self._known is not None

    def stream(self, produce: Callable[[], Iterator[str | bytes]]) -> Iterator[bytes]:
        """The text, from the cache as far as it is kept, then from ``produce``."""
        from django.core.cache import cache

        if self._key is None:
            yield from _pieces(produce())
            return
        written: Iterator[bytes] | None = None
        if self._known is not None:
            count, head, first = self._known["pieces"], self._known["head"], None
        else:
            written = _pieces(produce())
            head = next(written)
            yield head
            # The number of pieces and the first after the head in one round trip.
            found = cache.get_many([f"{self._key}:pieces", f"{self._key}:1"])
            count, first = found.get(f"{self._key}:pieces"), found.get(f"{self._key}:1")
        # The head is sent already unless it comes from what the address keeps.
        start = 0 if written is None else 1
        sent = start
        if count is not None:
            for piece in self._kept_pieces(count, head=head, first=first, sent=sent):
                yield piece
                sent += 1
            if sent == count:
                if written is not None:
                    written.close()
                    cache.set_many(self._marker(count, head), self._timeout)
                return
        # Written from where ``written`` is: after the head given already, or from the start.
        written = written or _pieces(produce())
        count = start
        unkept: dict[str, bytes] = {}
        for index, piece in enumerate(written, start=start):
            count = index + 1
            if index < sent:
                continue
            # Sent first: the client does not wait for the cache.
            yield piece
            if index == 0:
                continue
            unkept[f"{self._key}:{index}"] = piece
            if len(unkept) == PIECES_AT_ONCE:
                cache.set_many(unkept, self._timeout)
                unkept = {}
        # Only a text written to its end is served from the cache.
        kept = {f"{self._key}:pieces": count, **self._marker(count, head)}
        cache.set_many({**unkept, **kept}, self._timeout)

    def _marker(self, count: int, head: bytes) -> dict[str, Any]:
        """What the request's address keeps of the text kept whole: its key, its number of
        pieces and its head (nothing for a request not read by address)."""
        if self._page_key is None:
            return {}
        return {self._page_key: {"text": self._key, "pieces": count, "head": head}}

    def _kept_pieces(
        self, count: int, *, head: bytes, first: bytes | None, sent: int
    ) -> Iterator[bytes]:
        """The pieces kept from ``sent`` on, in order, up to the first one lost: the head and
        the piece after it as already read (each sent before the cache is asked again), the
        rest a few at a time."""
        from django.core.cache import cache

        known: dict[int, bytes | None] = {0: head, 1: first}
        for index in range(sent, count):
            if known.get(index) is None:
                batch = range(index, min(count, index + PIECES_AT_ONCE))
                found = cache.get_many([f"{self._key}:{number}" for number in batch])
                known = {number: found.get(f"{self._key}:{number}") for number in batch}
            piece = known[index]
            if piece is None:
                return
            yield piece


def _pieces(parts: Iterable[str | bytes]) -> Iterator[bytes]:
    """The text (str, or bytes already UTF-8) in pieces of ~64 KiB, but its first part (a
    header) on its own, so the client has the first byte before the rest is read from the
    database."""
    parts = iter(parts)
    for part in parts:
        yield _utf8(part)
        break
    buffer: list[bytes] = []
    size = 0
    for part in parts:
        data = _utf8(part)
        if not buffer and len(data) >= STREAM_CHUNK:
            # A piece already: passed on as it is.
            yield data
            continue
        buffer.append(data)
        size += len(data)
        if size >= STREAM_CHUNK:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def _utf8(part: str | bytes) -> bytes:
    return part if isinstance(part, bytes) else part.encode()


def versions_etag(name: str, *, versions: dict[str, int] | None, vary: tuple) -> str | None:
    """An ETag for what depends on these data versions (None when the cache does not answer)."""
    if versions is None:
        return None
    return '"' + fragment_key(name, versions=versions, vary=vary).rsplit(":", 1)[1] + '"'


def versions_modified(versions: dict[str, int] | None) -> float | None:
    """When the newest of these data changed, as a timestamp for Last-Modified."""
    if not versions:
        return None
    return max(versions.values()) / 1_000_000


# Pages a reader without cookies gets: the same for every such reader but for the CSRF token of
# a form on them (the language switcher's, a registration form's), which is taken out before the
# page is kept and put back, fresh for each reader, when it is served.
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_MARK = "\x00csrf\x00"


def _cookieless(request) -> bool:
    """Nothing personal can be on the page: a GET without a session, messages or any other
    cookie than the CSRF token's and the language's."""
    from django.conf import settings

    anonymous = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return request.method in {"GET", "HEAD"} and not set(request.COOKIES) - anonymous


def _page_key(request) -> str | None:
    """Where a page for readers without cookies is kept: by address (its language is in it)
    and minute; None for a request that is not such a read."""
    if not _cookieless(request):
        return None
    try:
        host = request.get_host()
    except Exception:  # a host not allowed: Django answers it, nothing is read for it
        return None
    import hashlib

    digest = hashlib.sha256(repr((host, request.get_full_path(), this_minute())).encode())
    return f"page:{digest.hexdigest()[:32]}"


@contextmanager
def request_prefetch(request):
    """What a request reads from the cache in any case, read in one round trip as it begins:
    the token of the hub's identity (header, footer, time zone; the identity itself is read
    only when the process does not hold the one kept under it), the version of every kind of
    data, and, for a reader without cookies, the page kept for its address. Used while the
    request runs.
    """
    from django.core.cache import cache

    from .selectors import STAMP_KEY, identity_prefetched

    page_key = _page_key(request)
    domains = (*DOMAINS, SEATS)
    version_keys = [_version_key(domain) for domain in domains]
    keys = [STAMP_KEY, *version_keys] + ([page_key] if page_key else [])
    try:
        found = cache.get_many(keys)
    except Exception:  # a cache that does not answer must not take the pages down with it
        logger.warning("The cache does not answer; the request reads without it")
        found = {}
    identity_prefetched(found.get(STAMP_KEY))
    if all(key in found for key in version_keys):
        versions = {domain: found[_version_key(domain)] for domain in domains}
    else:
        versions = data_versions(domains)
    request._prefetched_page = (page_key, found.get(page_key)) if page_key else None
    token = _versions_now.set(versions)
    try:
        yield
    finally:
        _versions_now.reset(token)


def cached_page(name: str, *, domains: tuple[str, ...] = DOMAINS):
    """For a public page (a profile, an event, a call): for readers without cookies it is
    rendered once per address, minute and version of ``domains``, and then served from the
    cache. Anyone with a session or a message waiting is served as before.

    The page is kept by address with the versions it was rendered for, so the request reads
    it in the same round trip as the versions (``request_prefetch``) and serves it if they are
    still the current ones.
    """
    from functools import wraps

    from django.core.cache import cache
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            prefetched = getattr(request, "_prefetched_page", None)
            key = prefetched[0] if prefetched else _page_key(request)
            if key is None:
                return view(request, *args, **kwargs)
            versions = data_versions(domains)
            if versions is None:
                return view(request, *args, **kwargs)
            stored = prefetched[1] if prefetched else cache.get(key)
            if stored is not None and stored.get("versions") == (name, versions):
                content = stored["content"]
                if _CSRF_MARK in content:
                    content = content.replace(_CSRF_MARK, get_token(request))
                response = HttpResponse(content)
                for header, value in stored["headers"].items():
                    response[header] = value
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                content = response.content.decode(response.charset)
                if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                    content = _CSRF_INPUT.sub(rf"\g<1>{_CSRF_MARK}\g<2>", content)
                cache.set(
                    key,
                    {
                        "versions": (name, versions),
                        "content": content,
                        "headers": dict(response.headers),
                    },
                    FRAGMENT_SECONDS,
                )
            return response

        return wrapper

    return decorator
