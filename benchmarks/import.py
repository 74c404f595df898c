"""How long importing takes and how much memory it needs.

    .venv/bin/python benchmarks/import.py [--organisations 10000] [--registrations 50000]

Fills a separate PostgreSQL database (``sticisce_import_bench``; set BENCH_DATABASE_URL to use
another) with the demo places, writes CSV files of made-up organisations, events and
registrations, and imports each with ``manage.py import_data`` in a process of its own, printing
the time and the peak memory (VmHWM: the highest resident set size) of that process. A tenth of each file is
imported first, so the two peaks show whether memory grows with the file. The database is emptied
of imported rows first, so every run starts alike.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sticisce_import_bench"
)
os.environ.pop("REDIS_URL", None)


def child(kind: str, path: str) -> None:
    """Run one import in this process and print its time and peak memory as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("import_data", kind, path, no_progress=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    print(
        json.dumps({"seconds": round(seconds, 1), "peak_mb": round(peak_memory_mb(), 1)}),
        flush=True,
    )


def peak_memory_mb() -> float:
    """This process's own peak resident memory. Not ``ru_maxrss``: Linux carries that over from
    the parent through fork and exec, so every child would report the parent's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare() -> list[str]:
    import django

    django.setup()
    import psycopg
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0)
    from events.models import Event, Registration
    from hub.models import Municipality
    from imports.models import ImportRecord
    from organisations.models import Organisation, SupportRecord

    if not Municipality.objects.exists():
        import hub.demo

        hub.demo.load()
    Registration.objects.all().delete()
    Event.objects.all().delete()
    SupportRecord.objects.all().delete()
    Organisation.objects.all().delete()
    ImportRecord.objects.all().delete()
    return list(Municipality.objects.values_list("name", flat=True))


def registration_number(n: int) -> str:
    from stdnum.si import maticna

    # A body whose check digit would be 10 has no valid number; another prefix does.
    for prefix in range(1, 10):
        body = f"{prefix * 100_000 + n:06d}"
        check = maticna.calc_check_digit(body)
        if check.isdigit():
            return body + check
    raise ValueError(n)


def write(path: Path, headers: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(headers)
        writer.writerows(rows)


def run(kind: str, path: Path) -> dict:
    output = subprocess.run(  # noqa: S603 - this script with its own arguments
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise SystemExit(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=50_000)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    municipalities = prepare()
    rng = random.Random(20)
    per_event = 100
    events = max(args.registrations // per_event, 1)
    start = datetime(2024, 1, 8, 9, 0)  # noqa: DTZ001 - written to a file as local time
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        orgs = [
            [
                f"Društvo {n} {rng.choice(municipalities)}",
                registration_number(n),
                rng.choice(municipalities),
                f"info{n}@drustvo.example",
            ]
            for n in range(args.organisations)
        ]
        headers = ["name", "registration number", "seat", "public e-mail"]
        write(folder / "organisations-small.csv", headers, orgs[: len(orgs) // 10])
        write(folder / "organisations.csv", headers, orgs)
        titles = [
            (f"Usposabljanje {n}", (start + timedelta(days=n)).strftime("%Y-%m-%d"))
            for n in range(events)
        ]
        write(
            folder / "events.csv",
            ["title", "kind", "starts", "ends", "venue", "capacity"],
            [[t, "training", f"{d} 09:00", f"{d} 13:00", "Dvorana", per_event] for t, d in titles],
        )

        def registrations(count: int, offset: int):
            for n in range(count):
                title, day = titles[(n // per_event) % events]
                yield [
                    title,
                    day,
                    f"Oseba {offset + n}",
                    f"oseba{offset + n}@example.org",
                    registration_number(n % max(args.organisations, 1)),
                    rng.choice(["yes", "no"]),
                ]

        reg_headers = ["event", "event date", "name", "e-mail address", "organisation", "attended"]
        small = args.registrations // 10
        write(folder / "registrations-small.csv", reg_headers, registrations(small, 10_000_000))
        write(folder / "registrations.csv", reg_headers, registrations(args.registrations, 0))
        print(f"{'import':<34}{'rows':>8}{'seconds':>10}{'rows/s':>9}{'peak MB':>10}")
        for kind, name, rows in [
            ("organisations", "organisations-small.csv", len(orgs) // 10),
            ("organisations", "organisations.csv", len(orgs)),
            ("events", "events.csv", events),
            ("registrations", "registrations-small.csv", small),
            ("registrations", "registrations.csv", args.registrations),
        ]:
            result = run(kind, folder / name)
            rate = rows / result["seconds"] if result["seconds"] else 0
            print(
                f"{kind + ' (' + name + ')':<34}{rows:>8}{result['seconds']:>10}{rate:>9.0f}{result['peak_mb']:>10}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
