"""Runs the portal on a fresh SQLite database and prints, as JSON, what its search finds and how it
orders names. Started by tests/hub/test_sqlite.py in its own process (the suite's database is
PostgreSQL):

    DATABASE_URL=sqlite:////tmp/probe.sqlite3 python tests/hub/sqlite_probe.py
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from events.models import Event
    from hub.models import Municipality, Region
    from organisations.models import Organisation
    from tests.hub.search_cases import CASES, ORGANISATIONS, SLOVENE_ORDER, places_listed

    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0)

    region = Region.objects.create(name="Slovenija", slug="slovenija", country="SI")
    seats = {}
    for name in reversed(SLOVENE_ORDER):
        seats[name] = Municipality.objects.create(
            name=name, slug=name.lower(), region=region, country="SI"
        )
        Organisation.objects.create(
            name=name,
            slug=f"place-{len(seats)}",
            sector="civil",
            legal_form="association",
            seat=seats[name],
            verification_status="verified",
        )
    for index, (name, short_name, description) in enumerate(ORGANISATIONS):
        Organisation.objects.create(
            name=name,
            short_name=short_name,
            description=description,
            slug=f"case-{index}",
            sector="civil",
            legal_form="association",
            seat=seats["Cerkno"],
            verification_status="verified",
        )
    soon = timezone.now() + timedelta(days=3)
    for days, title, venue in [(9, "Обучение в Русе", "Дом"), (3, "Delavnica", "Dom Žiri")]:
        Event.objects.create(
            title=title,
            slug=f"event-{days}",
            kind="training",
            venue=venue,
            capacity=10,
            start=soon + timedelta(days=days),
            end=soon + timedelta(days=days, hours=2),
            municipality=seats["Cerkno"],
            is_published=True,
        )

    setup_test_environment()  # so that responses carry their template context
    client = Client()
    searched = {name for name, _short, _description in ORGANISATIONS}

    def names(path: str, **query) -> list[str]:
        response = client.get(path, query)
        assert response.status_code == 200, (path, response.status_code)
        return [o.name for o in response.context["organisations"]]

    def events(query: str) -> list[str]:
        return [e.title for e in client.get("/sl/events/", {"q": query}).context["events"]]

    print(
        json.dumps(
            {
                "search": {
                    query: [n for n in names("/sl/organisations/", q=query) if n in searched]
                    for query in CASES
                },
                "directory_sl": [n for n in names("/sl/organisations/") if n in SLOVENE_ORDER],
                "directory_en": [n for n in names("/en/organisations/") if n in SLOVENE_ORDER],
                "directory_sl_reversed": [
                    n for n in names("/sl/organisations/", sort="-name") if n in SLOVENE_ORDER
                ],
                "municipality_options": places_listed(
                    client.get("/sl/organisations/").content.decode(), "municipality"
                ),
                "events": {query: events(query) for query in ["ziri", "ruse", "русе обучение"]},
            }
        )
    )


if __name__ == "__main__":
    main()
