"""Every public page against a hello-world view, both served by gunicorn.

    .venv/bin/python benchmarks/pages.py [--scale 1.0] [--repeat 30] [--keep]

Fills a database of its own (benchmarks/dataset.py: 20,000 organisations, 2,000 events with 50,000
registrations, 1,000 calls, 300 partnerships at scale 1), serves the portal with gunicorn and the
production settings and, beside it, a one-view Django project (benchmarks/hello.py), then requests
every public list and detail page, search, export and feed, each request interleaved with one to
the hello-world view. Prints p50/p95 of each and its ratio to the hello-world p50, the first
(cold) request, and the time to the first byte of the exports; drops the database at the end
unless ``--keep``.

Targets (ratios, since the machine is shared): every page, list, search and feed ≤ 3× the
hello-world p50; an export's first byte ≤ 3× and its last ≤ 300×, both on the first request
(``cold``, written from the database) and from the cache. The table's ``p50``/``1st byte×``
columns are the later requests (exports from the cache), the ``cold`` columns the first. An
export's first request is measured ``COLD_REPEAT`` times: once on the new server, then after
each of a few changes to the directory (``servers.data_changes``), and the median is shown: one
request is too few to tell a millisecond from the machine's noise.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import dataset, servers  # noqa: E402

LIST, DETAIL, EXPORT = 3, 3, 300
COLD_REPEAT = 5


def fetch(address: str, path: str) -> tuple[float, float, int, int]:
    """(seconds to the first byte, seconds to the last, status, body bytes) of one GET; status 0
    when the answer broke off (gunicorn killed the worker at its timeout)."""
    host, port = address.split(":")
    start = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    try:
        response = connection.getresponse()
    except http.client.RemoteDisconnected:
        return 0.0, time.perf_counter() - start, 0, 0
    first = time.perf_counter() - start
    status = response.status
    try:
        size = len(response.read())
    except http.client.IncompleteRead as error:
        size, status = len(error.partial), 0
    total = time.perf_counter() - start
    connection.close()
    return first, total, status, size


def pages() -> list[tuple[str, str, int]]:
    """(label, path, target ratio) of every page measured; slugs from the database."""
    from calls.models import Call
    from events.models import Event
    from organisations.models import Organisation
    from partnerships.models import Partnership

    organisation = Organisation.objects.filter(slug__startswith="bench-").order_by("pk").first()
    event = Event.objects.filter(slug__startswith="bench-").order_by("-start").first()
    call = Call.objects.filter(slug__startswith="bench-").order_by("-deadline").first()
    partnership = Partnership.objects.filter(is_public=True).order_by("pk").first()
    return [
        ("home", "/en/", DETAIL),
        ("directory", "/en/organisations/", LIST),
        ("directory (sl)", "/sl/organisations/", LIST),
        ("directory, page 40", "/en/organisations/?page=40", LIST),
        ("directory search 'mladih'", "/en/organisations/?q=mladih", LIST),
        ("directory search 'ruse'", "/en/organisations/?q=ruse", LIST),
        ("directory sector + sort", "/en/organisations/?sector=civil&sort=-founded", LIST),
        ("organisation", organisation.get_absolute_url().replace("/sl/", "/en/", 1), DETAIL),
        ("events", "/en/events/", LIST),
        ("events, past", "/en/events/?when=past", LIST),
        ("events search 'kulturo'", "/en/events/?q=kulturo", LIST),
        ("event", f"/en/events/{event.slug}/", DETAIL),
        ("events feed.ics", "/en/events/feed.ics", DETAIL),
        ("calls", "/en/calls/", LIST),
        ("calls search 'ziri'", "/en/calls/?q=ziri", LIST),
        ("call", f"/en/calls/{call.slug}/", DETAIL),
        ("calls feed (Atom)", "/en/calls/feed/", DETAIL),
        ("calls deadlines.ics", "/en/calls/deadlines.ics", DETAIL),
        ("partnerships", "/en/partnerships/", LIST),
        ("partnerships search 'lo'", "/en/partnerships/?q=lo", LIST),
        ("partnership", f"/en/partnerships/{partnership.slug}/", DETAIL),
        ("export.csv, civil sector", "/en/organisations/export.csv?sector=civil", EXPORT),
        ("export.json (all)", "/en/organisations/export.json", EXPORT),
        ("export.csv (all)", "/en/organisations/export.csv", EXPORT),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is")
    parser.add_argument(
        "--gunicorn", default="", help="gunicorn options instead of gunicorn.conf.py's"
    )
    args = parser.parse_args()

    dataset.setup_django()
    size = dataset.Size().scaled(args.scale)
    if args.reuse:
        dataset.migrate()
    else:
        started = time.perf_counter()
        dataset.prepare(size)
        print(f"database filled in {time.perf_counter() - started:.0f} s: {size}")
    servers.build_assets()
    measured = pages()
    from django.db import connections

    connections.close_all()
    try:
        with servers.serving(gunicorn_args=args.gunicorn.split() or None):
            report(measured, args.repeat)
    finally:
        if not args.keep:
            dataset.drop()
    return 0


def report(measured: list[tuple[str, str, int]], repeat: int) -> None:
    # The first request for each, with nothing cached: an export is then written from the
    # database as it streams.
    colds: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in measured}
    broken: dict[str, int] = {label: 0 for label, _, _ in measured}
    with servers.data_changes() as data_changed:
        for attempt in range(COLD_REPEAT):
            if attempt:
                # The directory changed: its exports are written afresh.
                data_changed("organisations")
            for label, path, target in measured:
                if attempt and target != EXPORT:
                    continue
                first, total, status, _size = fetch(servers.PORTAL, path)
                broken[label] += status != 200
                colds[label].append((first, total))
    cold = {
        label: (statistics.median(f for f, _ in runs), statistics.median(t for _, t in runs))
        for label, runs in colds.items()
    }
    hello: list[float] = []
    timings: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in measured}
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for label, path, _target in measured:
            hello.append(fetch(servers.HELLO, "/")[1])
            first, total, status, size = fetch(servers.PORTAL, path)
            broken[label] += status != 200
            timings[label].append((first, total))
            sizes[label] = size
    base = statistics.median(hello)
    print(
        f"\nhello world: p50 {base * 1000:.2f} ms, p95 {percentile(hello, 0.95) * 1000:.2f} ms "
        f"({len(hello)} requests)\n"
    )
    print(
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'×hello':>7} {'target':>7} "
        f"{'1st byte×':>9} {'cold ms':>8} {'cold×':>7} {'cold 1st×':>9} {'KiB':>6}"
    )
    missed = []
    for label, _path, target in measured:
        totals = [total for _, total in timings[label]]
        firsts = [first for first, _ in timings[label]]
        p50 = statistics.median(totals)
        ratio = p50 / base
        first_ratio = statistics.median(firsts) / base
        cold_first, cold_total = cold[label]
        print(
            f"{label:28} {p50 * 1000:8.1f} {percentile(totals, 0.95) * 1000:8.1f} {ratio:7.1f} "
            f"{target:7d} {first_ratio:9.1f} {cold_total * 1000:8.0f} {cold_total / base:7.0f} "
            f"{cold_first / base:9.1f} {sizes[label] // 1024:6d}"
            + (f"  {broken[label]} failed (error or worker timeout)" if broken[label] else "")
        )
        export_missed = target == EXPORT and (
            first_ratio > DETAIL or cold_first / base > DETAIL or cold_total / base > EXPORT
        )
        if ratio > target or export_missed or broken[label]:
            missed.append(label)
    print(f"\nOver target: {', '.join(missed)}" if missed else "\nEvery page within its target.")


if __name__ == "__main__":
    sys.exit(main())
