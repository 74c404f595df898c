"""How long a busy hub's year takes to count and to print as a funder report.

    .venv/bin/python benchmarks/report.py [--events 500] [--registrations 10000]

Fills a separate PostgreSQL database (``sticisce_bench_report``; set BENCH_DATABASE_URL to use
another) with one busy year — 500 events, 10,000 registrations, 300 NGOs, 40 partnerships,
100 calls, 600 support records — on the Goriška demo's current operation (the national NGO fund
template), then measures:

- gathering every indicator of the template for a month, a quarter and the year: time (median
  of 5) and number of queries (targets: well under a second; the same count for every period);
- rendering the year's PDF as the worker does: time, pages, time per page, the peak memory of
  the process (targets: ≤ 10 s and ≤ 500 MB, cost growing with the pages).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sticisce_bench_report"
)
os.environ.pop("REDIS_URL", None)


def create_database() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{db["NAME"]}"')


def fill(year: int, *, events: int, registrations: int) -> None:
    from django.core.management import call_command

    import hub.demo
    from calls.models import Call, Funder
    from events.models import Event, Registration
    from hub.models import Municipality
    from organisations.models import Organisation, SupportRecord, VerificationStatus
    from partnerships.models import Partner, Partnership

    call_command("migrate", verbosity=0)
    if Event.objects.filter(slug__startswith="bench-").exists():
        return
    hub.demo.load()
    rng = random.Random(11)
    zone = ZoneInfo("Europe/Ljubljana")
    places = list(Municipality.objects.all())
    organisations = [
        Organisation(
            name=f"Društvo {n}",
            slug=f"bench-org-{n}",
            sector="civil" if n < 240 else ("public" if n < 280 else "private"),
            legal_form="association" if n < 240 else "other",
            country="SI",
            seat=rng.choice(places),
            has_potential=n < 30,
            verification_status=VerificationStatus.VERIFIED,
        )
        for n in range(300)
    ]
    for organisation in organisations:
        organisation.search_refresh()
    organisations = Organisation.objects.bulk_create(organisations)
    kinds = ["training", "training", "workshop", "working_meeting", "info_day", "networking"]
    batch = []
    for n in range(events):
        start = datetime(year, 1, 1, 9, tzinfo=zone) + timedelta(
            days=rng.randrange(365), hours=rng.randrange(10)
        )
        event = Event(
            title=f"Usposabljanje {n}",
            slug=f"bench-{n}",
            kind=rng.choice(kinds),
            start=start,
            end=start + timedelta(hours=3),
            municipality=rng.choice(places),
            capacity=40,
            is_published=True,
        )
        event.search_refresh()
        batch.append(event)
    held = Event.objects.bulk_create(batch)
    people = max(registrations // 3, 1)
    Registration.objects.bulk_create(
        [
            Registration(
                # A third as many people as registrations, each at up to three events.
                event=held[(n * 7919 + n // people) % len(held)],
                name=f"Oseba {n % people}",
                email=f"oseba{n % people}@example.org",
                organisation=rng.choice(organisations) if rng.random() < 0.5 else None,
                attended=rng.random() < 0.7,
                consent=True,
                token=f"bench{n:08d}",
            )
            for n in range(registrations)
        ],
        batch_size=2000,
    )
    SupportRecord.objects.bulk_create(
        [
            SupportRecord(
                organisation=rng.choice(organisations[:240]),
                kind=rng.choice(["mentoring", "counselling", "advice"]),
                date=date(year, 1, 1) + timedelta(days=rng.randrange(365)),
                hours=rng.choice([1, 2, 3, 4]),
                topic="Svetovanje",
            )
            for _ in range(600)
        ]
    )
    partnerships = []
    for n in range(40):
        partnership = Partnership(
            title=f"Partnerstvo {n}",
            slug=f"bench-partnership-{n}",
            problem="Lokalni problem",
            goal="Skupni cilj",
            started=date(year, 1, 1) + timedelta(days=rng.randrange(365)),
        )
        partnership.search_refresh()
        partnerships.append(partnership)
    partnerships = Partnership.objects.bulk_create(partnerships)
    Partner.objects.bulk_create(
        [
            Partner(partnership=partnership, organisation=organisation, joined=partnership.started)
            for partnership in partnerships
            for organisation in rng.sample(organisations, rng.randrange(3, 7))
        ]
    )
    funder = Funder.objects.create(name="Bench funder", slug="bench-funder", kind="ministry")
    calls = []
    for n in range(100):
        published = datetime(year, 1, 1, 12, tzinfo=zone) + timedelta(days=rng.randrange(365))
        call = Call(
            funder=funder,
            title=f"Razpis {n}",
            slug=f"bench-call-{n}",
            summary="Razpis.",
            opens=published,
            deadline=published + timedelta(days=30),
            is_published=True,
            published_at=published,
        )
        call.search_refresh()
        calls.append(call)
    Call.objects.bulk_create(calls)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def gather(operation, period) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hub.reports import figures_gather

    figures_gather(operation=operation, period=period)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            figures_gather(operation=operation, period=period)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(queries)


def render(operation, period) -> tuple[float, float, int, float]:
    from pypdf import PdfReader

    from hub.documents_reports import render_funder_report
    from hub.models import FunderReport

    report = FunderReport.objects.create(
        operation=operation,
        start=period.start,
        end=period.end,
        version=FunderReport.objects.filter(operation=operation).count() + 1,
        language="sl",
    )
    start, cpu = time.perf_counter(), time.process_time()
    content = render_funder_report(report)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    pages = len(PdfReader(io.BytesIO(content)).pages)
    return seconds, cpu, pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--registrations", type=int, default=10_000)
    args = parser.parse_args()

    import django

    create_database()
    django.setup()
    from django.conf import settings
    from django.utils import timezone, translation

    from hub.indicators import Period
    from hub.models import Operation

    settings.DEBUG = False
    year = timezone.localdate().year - 1
    from django.db import transaction

    with transaction.atomic():
        fill(year, events=args.events, registrations=args.registrations)
    operation = Operation.objects.select_related("template").get(end__gte=timezone.localdate())
    with translation.override("sl"):
        print(f"Operation: {operation} ({operation.template})")
        for name, period in [
            ("month", Period.month(year, 5)),
            ("quarter", Period.quarter(year, 2)),
            ("year", Period.year(year)),
        ]:
            milliseconds, queries = gather(operation, period)
            print(f"gather {name:8} {milliseconds:8.1f} ms  {queries} queries")
        for name, period in [("quarter", Period.quarter(year, 2)), ("year", Period.year(year))]:
            seconds, cpu, pages, peak = render(operation, period)
            # CPU time too: on a shared machine the wall clock says more about the neighbours.
            print(
                f"render {name:8} {seconds:8.2f} s ({cpu:.2f} s CPU)  {pages} pages  "
                f"{cpu / pages:.2f} s CPU/page  peak RSS {peak:.0f} MB"
            )


if __name__ == "__main__":
    main()
