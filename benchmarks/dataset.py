"""The benchmarks' database: made, filled and dropped here, never the portal's own.

``prepare(size)`` creates a PostgreSQL database of its own (``bench_speed`` unless
BENCH_DATABASE is set), migrates it and fills it: the Goriška demo hub's places and fields, then
``size`` × (20,000 verified organisations, 2,000 events with 50,000 registrations, 1,000 calls and
300 partnerships), written with ``bulk_create`` in large batches. ``drop()`` removes it.
Both run in the process that imports them, with Django set up on the benchmark database.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = os.environ.get("BENCH_DATABASE", "bench_speed")
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE_URL = f"{SERVER}/{DATABASE}"
# Member accounts the load test signs in with; every one has this password.
MEMBERS = 40
PASSWORD = "bench-password-1234"  # noqa: S105 (a throw-away database)


@dataclass(frozen=True)
class Size:
    organisations: int = 20_000
    events: int = 2_000
    registrations: int = 50_000
    calls: int = 1_000
    partnerships: int = 300

    def scaled(self, factor: float) -> Size:
        return Size(*(max(1, int(value * factor)) for value in vars(self).values()))


def _admin_connection():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def create() -> None:
    with _admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def drop() -> None:
    from django.db import connections

    connections.close_all()
    with _admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def migrate() -> None:
    """A database kept from an earlier run, brought up to the code's migrations and export
    lines."""
    from django.core.management import call_command

    from organisations.exports_sql import renew_all_lines

    call_command("migrate", verbosity=0)
    renew_all_lines()


def setup_django(settings_module: str = "hub.settings.dev") -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.pop("REDIS_URL", None)
    django.setup()


SEARCHED = ["Društvo", "Zavod", "mladih", "kulturo", "Žiri", "Šola", "Łódź", "Русе", "природа"]
SYLLABLES = ["ka", "ro", "vi", "še", "lo", "mi", "dra", "žu", "ne", "ta", "po", "bri", "če", "la"]


def prepare(size: Size) -> None:
    """A fresh database with ``size`` rows, analysed, ready to serve."""
    from django.core.management import call_command
    from django.db import connection

    create()
    call_command("migrate", verbosity=0)
    import hub.demo
    from organisations.exports_sql import renew_all_lines

    hub.demo.load()
    rng = random.Random(18)
    vocabulary = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(5000)]
    organisations = _organisations(size.organisations, rng, vocabulary)
    _members(organisations[:MEMBERS])
    events = _events(size.events, rng, vocabulary, organisations)
    _registrations(size.registrations, rng, events, organisations)
    _calls(size.calls, rng, vocabulary)
    _partnerships(size.partnerships, rng, vocabulary, organisations)
    # Written in bulk, which sends no signals: the export lines are written as load_demo does.
    renew_all_lines()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _words(rng, vocabulary, count: int) -> str:
    return " ".join(rng.choices(vocabulary, k=count))


def _text(rng, vocabulary) -> str:
    # Descriptions come from the rich-text editor: paragraphs of HTML.
    return "".join(f"<p>{_words(rng, vocabulary, 20).capitalize()}.</p>" for _ in range(2))


def _organisations(count: int, rng, vocabulary) -> list:
    from django.utils import timezone

    from hub.models import FieldOfActivity, Municipality
    from organisations.models import LegalForm, Organisation, Sector, VerificationStatus

    municipalities = list(Municipality.objects.all())
    fields = list(FieldOfActivity.objects.all())
    now = timezone.now()
    batch = []
    for n in range(count):
        words = rng.sample(vocabulary, 3)
        if rng.random() < 0.02:
            words[rng.randrange(3)] = rng.choice(SEARCHED)
        organisation = Organisation(
            name=" ".join(words).capitalize() + f" {n}",
            slug=f"bench-{n}",
            sector=rng.choice(Sector.values),
            legal_form=rng.choice(LegalForm.values),
            country="SI",
            registration_number=f"{n:010d}",
            seat=rng.choice(municipalities),
            description=_text(rng, vocabulary),
            website=f"https://example.org/{n}",
            email=f"info{n}@example.org",
            phone="+386 5 000 00 00",
            members=rng.randint(5, 500),
            founded_year=rng.randint(1950, 2024),
            public_interest=rng.random() < 0.2,
            verification_status=VerificationStatus.VERIFIED,
            verified_at=now - timedelta(days=rng.randint(0, 2000)),
        )
        organisation.search_refresh()  # bulk_create does not call save()
        batch.append(organisation)
    created = Organisation.objects.bulk_create(batch, batch_size=2000)
    through = Organisation.fields.through
    through.objects.bulk_create(
        [
            through(organisation_id=o.pk, fieldofactivity_id=field.pk)
            for o in created
            for field in rng.sample(fields, 2)
        ],
        batch_size=10_000,
    )
    served = Organisation.municipalities_served.through
    served.objects.bulk_create(
        [
            served(organisation_id=o.pk, municipality_id=m.pk)
            for o in created
            for m in rng.sample(municipalities, 2)
        ],
        batch_size=10_000,
    )
    return created


def _members(organisations) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from hub.models import User
    from organisations.models import Membership, Role

    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"member{n}@example.org", password=password, first_name=f"Member {n}")
        for n in range(len(organisations))
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role=Role.ADMIN)
        for user, organisation in zip(users, organisations, strict=True)
    )


def _events(count: int, rng, vocabulary, organisations) -> list:
    from django.utils import timezone

    from events.models import Event, EventKind
    from hub.models import FieldOfActivity, Municipality

    municipalities = list(Municipality.objects.all())
    fields = list(FieldOfActivity.objects.all())
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    batch = []
    for n in range(count):
        # A quarter in the past, the rest over the coming year.
        start = now + timedelta(days=rng.randint(-120, 365), hours=rng.randint(8, 18))
        event = Event(
            title=_words(rng, vocabulary, 4).capitalize(),
            slug=f"bench-event-{n}",
            kind=rng.choice(EventKind.values),
            description=_text(rng, vocabulary),
            start=start,
            end=start + timedelta(hours=3),
            venue="Dvorana",
            address="Glavna ulica 1",
            municipality=rng.choice(municipalities),
            capacity=rng.randint(20, 60),
            organiser=rng.choice(organisations),
            is_published=True,
        )
        event.search_refresh()
        batch.append(event)
    created = Event.objects.bulk_create(batch, batch_size=2000)
    through = Event.fields.through
    through.objects.bulk_create(
        [through(event_id=e.pk, fieldofactivity_id=rng.choice(fields).pk) for e in created],
        batch_size=10_000,
    )
    return created


def _registrations(count: int, rng, events, organisations) -> None:
    from events.models import Registration

    # Never over capacity: each event takes at most its seats (the integrity check counts).
    seats = {event.pk: event.capacity for event in events}
    batch = []
    n = 0
    while len(batch) < count and any(seats.values()):
        event = events[n % len(events)]
        n += 1
        if not seats[event.pk]:
            continue
        seats[event.pk] -= 1
        batch.append(
            Registration(
                event=event,
                name=f"Person {n}",
                email=f"person{n}@example.org",
                organisation=rng.choice(organisations),
                consent=True,
            )
        )
    Registration.objects.bulk_create(batch, batch_size=5000)


def _calls(count: int, rng, vocabulary) -> None:
    from decimal import Decimal

    from django.utils import timezone

    from calls.models import Call, Funder, FunderKind
    from hub.models import FieldOfActivity, Region

    fields = list(FieldOfActivity.objects.all())
    regions = list(Region.objects.filter(country="SI"))
    funders = []
    for n in range(40):
        funder = Funder(
            name=f"{_words(rng, vocabulary, 2).capitalize()} fund {n}",
            slug=f"bench-funder-{n}",
            kind=rng.choice(FunderKind.values),
        )
        funder.search_refresh()
        funders.append(funder)
    funders = Funder.objects.bulk_create(funders)
    now = timezone.now()
    batch = []
    for n in range(count):
        opens = now + timedelta(days=rng.randint(-200, 60))
        call = Call(
            funder=rng.choice(funders),
            title=_words(rng, vocabulary, 5).capitalize(),
            slug=f"bench-call-{n}",
            summary=_words(rng, vocabulary, 30).capitalize() + ".",
            text=_text(rng, vocabulary),
            country="SI",
            min_grant=Decimal(1000),
            max_grant=Decimal(rng.randint(2, 50) * 1000),
            opens=opens,
            deadline=opens + timedelta(days=rng.randint(20, 120)),
            is_published=True,
            published_at=opens,
        )
        call.search_refresh()
        batch.append(call)
    created = Call.objects.bulk_create(batch, batch_size=1000)
    Call.fields.through.objects.bulk_create(
        Call.fields.through(call_id=c.pk, fieldofactivity_id=rng.choice(fields).pk) for c in created
    )
    Call.regions.through.objects.bulk_create(
        Call.regions.through(call_id=c.pk, region_id=rng.choice(regions).pk) for c in created[::3]
    )


def _partnerships(count: int, rng, vocabulary, organisations) -> None:
    from django.utils import timezone

    from hub.models import FieldOfActivity, Municipality
    from partnerships.models import CooperationForm, Partner, PartnerRole, Partnership, Stage

    municipalities = list(Municipality.objects.all())
    fields = list(FieldOfActivity.objects.all())
    today = timezone.localdate()
    batch = []
    for n in range(count):
        partnership = Partnership(
            title=_words(rng, vocabulary, 4).capitalize(),
            slug=f"bench-partnership-{n}",
            problem=_words(rng, vocabulary, 30),
            goal=_words(rng, vocabulary, 20),
            stage=rng.choice(Stage.values),
            form=rng.choice(CooperationForm.values),
            started=today - timedelta(days=rng.randint(0, 700)),
            is_public=rng.random() < 0.9,
        )
        partnership.search_refresh()
        batch.append(partnership)
    created = Partnership.objects.bulk_create(batch)
    Partnership.fields.through.objects.bulk_create(
        Partnership.fields.through(partnership_id=p.pk, fieldofactivity_id=rng.choice(fields).pk)
        for p in created
    )
    Partnership.municipalities.through.objects.bulk_create(
        Partnership.municipalities.through(
            partnership_id=p.pk, municipality_id=rng.choice(municipalities).pk
        )
        for p in created
    )
    partners = []
    for partnership in created:
        for position, organisation in enumerate(rng.sample(organisations, rng.randint(3, 6))):
            partners.append(
                Partner(
                    partnership=partnership,
                    organisation=organisation,
                    role=PartnerRole.LEAD if position == 0 else PartnerRole.PARTNER,
                    joined=partnership.started,
                )
            )
    Partner.objects.bulk_create(partners, batch_size=5000)
