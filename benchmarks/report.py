"""How long a busy hub's year takes to count and to print as a funder report.

    .venv/bin/python benchmarks/report.py [--times 3]

Fills a separate PostgreSQL database (``sticisce_bench_report_people``; set BENCH_DATABASE_URL to
use another) with the Goriška demo and then one busy year: ``--times`` (3) times the busiest demo year's
events and registrations, by real participants (each a ``Participant`` with its pid, at up to
three events), with entry data (age, gender, education, employment, and special-category answers
in their own table) and a third of the trainings given as three-session programmes; besides 300
NGOs, 40 partnerships, 100 calls and 600 support records. On the operation running now (with its
template) and on an operation of the ESF+ template over the same year (special-category
breakdowns, so the disclosure rule's periods are counted too), it measures:

- gathering every indicator for a month, a quarter and the year: time (median of 5) and number
  of queries (targets: well under a second; the same count for every period);
- rendering each operation's quarter and year PDF as a worker does, each in a fresh forked
  process: wall time, CPU time, pages, and that process's peak memory (targets for a busy year:
  ≤ 10 s and ≤ 500 MB).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sticisce_bench_report_people"
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


def busiest_demo_year() -> tuple[int, int, int]:
    """The demo's year with the most registrations: (year, events, registrations)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from events.models import Event, Registration

    years = (
        Registration.objects.exclude(event__slug__startswith="bench-")
        .annotate(year=ExtractYear("event__start"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    busiest = years.first()
    events = (
        Event.objects.exclude(slug__startswith="bench-").filter(start__year=busiest["year"]).count()
    )
    return busiest["year"], events, busiest["n"]


def fill(year: int, *, times: int) -> tuple[int, int, int]:
    """The demo, then a busy year ``times`` as busy as its busiest; returns the busiest demo
    year's (year, events, registrations)."""
    from django.core.management import call_command

    from calls.models import Call, Funder
    from events.models import (
        SPECIAL_ANSWER_FIELDS,
        Event,
        Participant,
        Programme,
        Registration,
        SpecialCategoryEntry,
    )
    from hub.entry import REFUSED, AgeBand, Education, Employment, EntryItem
    from hub.models import FunderTemplate, Municipality, Operation
    from organisations.models import Organisation, SupportRecord, VerificationStatus
    from partnerships.models import Partner, Partnership

    if Event.objects.filter(slug__startswith="bench-").exists():
        return busiest_demo_year()
    call_command("load_demo", verbosity=0)
    busiest = busiest_demo_year()
    events, registrations = busiest[1] * times, busiest[2] * times
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
    programmes = []
    n = 0
    while n < events:
        start = datetime(year, 1, 1, 9, tzinfo=zone) + timedelta(
            days=rng.randrange(358), hours=rng.randrange(10)
        )
        kind = rng.choice(kinds)
        # A third of the trainings are programmes of three weekly sessions.
        sessions = 3 if kind == "training" and rng.random() < 1 / 3 else 1
        programme = None
        if sessions > 1:
            programme = Programme(title=f"Program {len(programmes)}")
            programmes.append(programme)
        for session in range(min(sessions, events - n)):
            event = Event(
                title=f"Usposabljanje {n}",
                slug=f"bench-{n}",
                kind=kind,
                start=start + timedelta(days=7 * session),
                end=start + timedelta(days=7 * session, hours=3),
                municipality=rng.choice(places),
                capacity=40,
                is_published=True,
                programme=programme,
            )
            event.search_refresh()
            batch.append(event)
            n += 1
    Programme.objects.bulk_create(programmes)
    held = Event.objects.bulk_create(batch)
    people = max(registrations // 3, 1)
    participants = Participant.objects.bulk_create(
        [Participant(email_key=f"oseba{p}@example.org") for p in range(people)], batch_size=2000
    )
    asked = [EntryItem.AGE, EntryItem.GENDER, EntryItem.EDUCATION, EntryItem.EMPLOYMENT]

    def answer(values: list[str]) -> str:
        roll = rng.random()
        return "" if roll < 0.05 else REFUSED if roll < 0.09 else rng.choice(values)

    spread = len(held) // 3 + 1  # a person's (up to) three events are three different ones
    rows = []
    for r in range(registrations):
        person = r % people
        rows.append(
            Registration(
                # A third as many people as registrations, each at up to three events.
                event=held[(person * 7919 + (r // people) * spread) % len(held)],
                name=f"Oseba {person}",
                email=f"oseba{person}@example.org",
                participant=participants[person],
                pid=participants[person].pid,
                organisation=rng.choice(organisations) if rng.random() < 0.5 else None,
                attended=rng.random() < 0.7,
                consent=True,
                token=f"bench{r:08d}",
                entry_items=asked,
                age_band=answer(AgeBand.values),
                gender=answer(["woman", "man", "non_binary"]),
                education=answer(Education.values),
                employment=answer(Employment.values),
            )
        )
    rows = Registration.objects.bulk_create(rows, batch_size=2000)
    special = []
    for registration in rows:
        if rng.random() < 0.8:
            answers = {
                item: rng.choices(["no", "yes", REFUSED], weights=[16, 2, 2])[0]
                for item in SPECIAL_ANSWER_FIELDS
            }
            special.append(
                SpecialCategoryEntry(
                    registration=registration,
                    items=list(SPECIAL_ANSWER_FIELDS),
                    consent=True,
                    **answers,
                )
            )
    SpecialCategoryEntry.objects.bulk_create(special, batch_size=2000)
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
    Operation.objects.create(
        name="Bench ESF+ operation",
        template=FunderTemplate.objects.get(code="esf-plus-2021-2027"),
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        publicity_text="Operacijo sofinancira Evropska unija.",
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return busiest


def gather(operation, period) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.figures import figures_gather

    figures_gather(operation=operation, period=period)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            figures_gather(operation=operation, period=period)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(queries)


def render(operation, period) -> tuple[float, float, int, float]:
    """One report rendered in a forked process, as a worker would: its wall time, CPU time,
    pages and the process's peak memory (MB)."""
    from django.db import connections

    connections.close_all()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.close(reader)
        from pypdf import PdfReader

        from reports.documents import render_funder_report
        from reports.models import FunderReport

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
        os.write(writer, f"{seconds} {cpu} {pages}".encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as answer:
        seconds, cpu, pages = answer.read().split()
    _pid, _status, usage = os.wait4(child, 0)
    return float(seconds), float(cpu), int(pages), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, default=3)
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
    from django.core.management import call_command
    from django.db import transaction

    # Outside the filling's transaction: a migration that adds rows and then alters their table
    # cannot share one transaction with what comes before it.
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        busiest, events, registrations = fill(year, times=args.times)
    print(
        f"Busiest demo year {busiest}: {events} events, {registrations} registrations; "
        f"filled {year} with {args.times} times as many"
    )
    operations = [
        Operation.objects.select_related("template")
        .filter(start__lte=timezone.localdate(), end__gte=timezone.localdate())
        .exclude(template=None)
        .latest("start"),
        Operation.objects.select_related("template").get(name="Bench ESF+ operation"),
    ]
    with translation.override("sl"):
        for operation in operations:
            print(f"Operation: {operation} ({operation.template})")
            for name, period in [
                ("month", Period.month(year, 5)),
                ("quarter", Period.quarter(year, 2)),
                ("year", Period.year(year)),
            ]:
                milliseconds, queries = gather(operation, period)
                print(f"gather {name:8} {milliseconds:8.1f} ms  {queries} queries")
            for name, period in [
                ("quarter", Period.quarter(year, 2)),
                ("year", Period.year(year)),
            ]:
                seconds, cpu, pages, peak = render(operation, period)
                # CPU time too: on a shared machine the wall clock says more about the
                # neighbours.
                print(
                    f"render {name:8} {seconds:8.2f} s ({cpu:.2f} s CPU)  {pages} pages  "
                    f"{cpu / pages:.2f} s CPU/page  peak RSS {peak:.0f} MB"
                )


if __name__ == "__main__":
    main()
