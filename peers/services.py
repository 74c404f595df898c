"""Reading what other hubs' portals publish, and keeping it as records marked with their origin.

For each source (peers.sources) a read is either incremental — the items changed since the
newest one read before (``modified_since``), asked conditionally (If-None-Match and
If-Modified-Since), so an unchanged peer answers 304 with no body — or, at the first read and every
``PEERS_FULL_READ_SECONDS``, a read of the whole list, which also drops the records the peer no
longer lists (unpublished, deleted). Records that ended (past events, closed calls) are dropped
at every read. Nothing a peer answers can break a page: pages read only the stored records,
every item is validated before it is stored, and what went wrong is logged and kept on the
peer's row.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hub.cache import data_changed

from .client import PeerError, get_json
from .models import Peer, ReadStatus
from .sources import SOURCES, Source

logger = logging.getLogger(__name__)


class _Read:
    """The outcome of reading one source: items kept, items refused, whether all was seen."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.complete = True
        self.not_modified = False
        self.etag = ""
        self.last_modified = ""


def peer_read(*, peer: Peer, now: datetime | None = None) -> str:
    """Reads every source of one peer and records the outcome on its row; never raises for
    what the peer does."""
    now = now or timezone.now()
    problems: list[str] = []
    failed = changed = False
    # One peer's read ends well within the task's time limit, however many pages it has.
    deadline = time.monotonic() + settings.PEERS_READ_BUDGET_SECONDS
    for source in SOURCES.values():
        try:
            source_changed, refused = _read_source(peer, source, now, deadline)
        except PeerError as error:
            failed = True
            problems.append(f"{source.name}: {error}")
            continue
        except Exception as error:
            # A fault of ours with what a peer sent: the traceback goes to the log, the other
            # sources and peers are still read, and staff see that this one failed.
            logger.exception("Reading %s from the portal %s failed", source.name, peer.base_url)
            failed = True
            problems.append(f"{source.name}: {error.__class__.__name__}: {error}")
            continue
        changed |= source_changed
        problems.extend(f"{source.name}: {reason}" for reason in refused)
    changed |= _drop_ended(peer, now)
    if failed:
        status = ReadStatus.FAILED
    elif problems:
        status = ReadStatus.PARTLY
    elif changed:
        status = ReadStatus.OK
    else:
        status = ReadStatus.NOT_MODIFIED
    for problem in problems:
        logger.warning("Reading the portal %s (%s): %s", peer.name, peer.base_url, problem)
    Peer.objects.filter(pk=peer.pk).update(
        last_read_at=now, last_status=status, last_error="\n".join(problems), state=peer.state
    )
    if changed:
        data_changed("peers")
    return status


def _read_source(
    peer: Peer, source: Source, now: datetime, deadline: float
) -> tuple[bool, list[str]]:
    state = dict(peer.state.get(source.name, {}))
    full_read_at = parse_datetime(state.get("full_read_at", ""))
    full = (
        full_read_at is None
        or not state.get("cursor")
        or full_read_at <= now - timedelta(seconds=settings.PEERS_FULL_READ_SECONDS)
    )
    params: dict[str, Any] = {"page_size": settings.PEERS_PAGE_SIZE}
    headers: dict[str, str] = {}
    # The whole list is asked unconditionally: its ETag covers the first page only, and
    # If-Modified-Since counts in whole seconds, so a change in the second of the last read
    # would go unseen.
    if not full:
        params["modified_since"] = state["cursor"]
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]

    read = _read_pages(peer, source, params=params, headers=headers, deadline=deadline)
    changed = False
    if not read.not_modified:
        changed = _store(peer, source, read, drop_unlisted=full and read.complete)
        newest = max((item["updated_at"] for item in read.items), default=None)
        if newest is not None:
            state["cursor"] = newest.astimezone(UTC).isoformat()
        elif full and read.complete:
            state["cursor"] = now.isoformat()
        if not full:
            state["etag"], state["last_modified"] = read.etag, read.last_modified
    if full:
        state["full_read_at"] = now.isoformat()
    peer.state = {**peer.state, source.name: state}
    return changed, read.refused


def _read_pages(
    peer: Peer, source: Source, *, params: dict, headers: dict, deadline: float
) -> _Read:
    read = _Read()
    host = urlsplit(peer.base_url).netloc
    url: str | None = peer.api_url(source.path)
    pages = 0
    while url:
        if time.monotonic() > deadline:
            raise PeerError(
                f"reading took longer than {settings.PEERS_READ_BUDGET_SECONDS} s; "
                "the rest is read next time"
            )
        answer = get_json(
            url, params=params if pages == 0 else None, headers=headers if pages == 0 else None
        )
        if answer.status == 304:
            if pages == 0:
                read.not_modified = True
                return read
            raise PeerError(f"{url} answered 304 to a request that was not conditional")
        if pages == 0:
            # Kept to be sent back; a header longer than any real validator is not kept.
            read.etag = answer.etag if len(answer.etag) <= 200 else ""
            read.last_modified = answer.last_modified if len(answer.last_modified) <= 100 else ""
        pages += 1
        page = answer.data
        if (
            not isinstance(page, dict)
            or not isinstance(page.get("results"), list)
            or not isinstance(page.get("next"), str | None)
        ):
            raise PeerError(f"{url} did not answer with a page of results")
        for position, raw in enumerate(page["results"], start=1):
            if len(read.items) >= settings.PEERS_MAX_ITEMS:
                read.complete = False
                read.refused.append(
                    f"more than {settings.PEERS_MAX_ITEMS} items listed; the rest were not read"
                )
                return read
            item = source.validator(data=raw)
            if not item.is_valid():
                read.complete = False
                read.refused.append(
                    f"item {position} of page {pages} refused: {_first(item.errors)}"
                )
                continue
            if urlsplit(item.validated_data["url"]).netloc != host:
                read.complete = False
                read.refused.append(f"item {position} of page {pages} links outside {host}")
                continue
            read.items.append(item.validated_data)
        url = page["next"]
        if url and urlsplit(url).netloc != host:
            raise PeerError(f"the next page is outside {host}: {url}")
        if url and pages >= settings.PEERS_MAX_PAGES:
            read.complete = False
            read.refused.append(
                f"more than {settings.PEERS_MAX_PAGES} pages; the rest were not read"
            )
            return read
    return read


def _first(errors) -> str:
    if isinstance(errors, dict):
        name, messages = next(iter(errors.items()))
        return f"{name}: {_first(messages)}"
    if isinstance(errors, list) and errors:
        return _first(errors[0])
    return str(errors)


@transaction.atomic
def _store(peer: Peer, source: Source, read: _Read, *, drop_unlisted: bool) -> bool:
    model = source.model
    rows = [
        model(peer=peer, remote_id=item["id"], read_at=timezone.now(), **source.row(item))
        for item in read.items
    ]
    if rows:
        fields = [name for name in source.row(read.items[0]) if name != "remote_id"]
        model.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["peer", "remote_id"],
            update_fields=[*fields, "read_at"],
        )
    dropped = 0
    if drop_unlisted:
        listed = {item["id"] for item in read.items}
        dropped, _ = model.objects.filter(peer=peer).exclude(remote_id__in=listed).delete()
    return bool(rows) or bool(dropped)


def _drop_ended(peer: Peer, now: datetime) -> bool:
    dropped = 0
    for source in SOURCES.values():
        records = source.model.objects.filter(peer=peer)
        ended = records.exclude(pk__in=source.current(records, now).values("pk"))
        dropped += ended.delete()[0]
    return bool(dropped)
