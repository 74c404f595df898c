"""How the public directory answers with many organisations.

    .venv/bin/python benchmarks/directory.py [--organisations 20000] [--repeat 15]

Fills a separate PostgreSQL database (``sticisce_bench`` by default; set BENCH_DATABASE_URL to use
another) with verified organisations, then requests the directory, searches, filters, a profile and
the CSV export through Django's test client, and prints the median and 95th percentile time, the
number of queries and the peak memory of each. Targets: a directory page or search answers in under
300 ms (median) at 20,000 organisations, with the same number of queries as with one.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sticisce_bench"
)
os.environ.pop("REDIS_URL", None)

TARGET_MS = 300

# Names and descriptions are drawn from a large made-up vocabulary; the words searched for below
# appear in about one organisation in a hundred, as a real place or topic would.
SEARCHED = [
    "Društvo",
    "Zavod",
    "Združenje",
    "Fundacija",
    "Sdruženie",
    "Stowarzyszenie",
    "življenje",
    "mladih",
    "kulturo",
    "šport",
    "naravo",
    "Žiri",
    "Čebelarsko",
    "Šola",
    "razvoj",
    "Łódź",
    "Сдружение",
    "Читалище",
    "Русе",
    "Бяла",
    "младежи",
    "природа",
    "Фондация",
    "Gdańsk",
]


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


def fill(count: int) -> None:
    from django.core.management import call_command

    from hub.models import FieldOfActivity, Municipality
    from organisations.models import Organisation, Sector, VerificationStatus

    call_command("migrate", verbosity=0)
    if not Municipality.objects.exists():
        import hub.demo

        hub.demo.load()
    have = Organisation.objects.count()
    if have >= count:
        return
    rng = random.Random(20)
    municipalities = list(Municipality.objects.all())
    fields = list(FieldOfActivity.objects.all())
    sectors = [choice for choice, _ in Sector.choices]
    syllables = [
        "ka",
        "ro",
        "vi",
        "še",
        "lo",
        "mi",
        "dra",
        "žu",
        "ne",
        "ta",
        "po",
        "bri",
        "се",
        "ла",
    ]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(5000)]
    batch = []
    for n in range(have, count):
        words = rng.sample(vocabulary, 3)
        if rng.random() < 0.01:
            words[rng.randrange(3)] = rng.choice(SEARCHED)
        name = " ".join(words).capitalize() + f" {n}"
        batch.append(
            Organisation(
                name=name,
                slug=f"bench-{n}",
                sector=rng.choice(sectors),
                legal_form="association",
                country="SI",
                seat=rng.choice(municipalities),
                description=" ".join(rng.choices(vocabulary, k=40)),
                verification_status=VerificationStatus.VERIFIED,
            )
        )
    for organisation in batch:
        organisation.search_refresh()  # bulk_create does not call save()
    created = Organisation.objects.bulk_create(batch, batch_size=2000)
    through_fields = Organisation.fields.through
    through_served = Organisation.municipalities_served.through
    through_fields.objects.bulk_create(
        [
            through_fields(organisation_id=o.pk, fieldofactivity_id=rng.choice(fields).pk)
            for o in created
        ],
        batch_size=5000,
    )
    through_served.objects.bulk_create(
        [
            through_served(organisation_id=o.pk, municipality_id=rng.choice(municipalities).pk)
            for o in created
        ],
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[max(0, int(len(timings) * 0.95) - 1)],
        "queries": len(queries),
        "peak_kib": peak // 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    create_database()
    from django.conf import settings
    from django.test import Client

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    fill(args.organisations)
    from organisations.models import Organisation

    profile = Organisation.objects.filter(slug__startswith="bench-").first()
    client = Client()
    pages = {
        "directory": "/en/organisations/",
        "directory, page 40": "/en/organisations/?page=40",
        "search 'zivljenje'": "/en/organisations/?q=zivljenje",
        "search 'lodz'": "/en/organisations/?q=lodz",
        "search 'русе'": "/en/organisations/?q=%D1%80%D1%83%D1%81%D0%B5",
        "search 'ka' (most rows)": "/en/organisations/?q=ka",
        "filter sector + sort": "/en/organisations/?sector=civil&sort=-founded",
        "profile": f"/en/organisations/{profile.slug}/",
        "export.csv (all)": "/en/organisations/export.csv",
    }
    total = Organisation.objects.count()
    print(f"{total} organisations; {args.repeat} requests each; target {TARGET_MS} ms median\n")
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'peak KiB':>9}")
    missed = []
    for label, url in pages.items():
        result = measure(client, url, args.repeat)
        print(
            f"{label:28} {result['median']:10.1f} {result['p95']:8.1f} "
            f"{result['queries']:8d} {result['peak_kib']:9d}"
        )
        if (
            "most rows" not in label
            and not label.startswith("export")
            and result["median"] > TARGET_MS
        ):
            missed.append(label)
    if missed:
        print(f"\nOver target: {', '.join(missed)}")
        return 1
    print("\nAll pages within target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
