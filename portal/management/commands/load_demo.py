import inspect
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from hub import demo
from hub.cache import DOMAINS, data_changed
from hub.models import HubProfile, Region, User
from organisations.exports_sql import renew_all_lines

# Each app that has demo data contributes a ``demo.load(hub=…)``; later apps build on earlier ones.
DEMO_MODULES = [
    "hub.demo",
    "organisations.demo",
    "events.demo",
    "calls.demo",
    # The info days of events.demo present the calls loaded just before.
    "events.demo_info_sessions",
    "partnerships.demo",
    "advocacy.demo",
    "news.demo",
    "questionnaires.demo",
]


class Command(BaseCommand):
    help = (
        "Fill the database with one demo hub: its profile and operations, places, organisations, "
        "events, calls, partnerships and advocacy. Goriška (Slovene) unless --hub says otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hub",
            choices=sorted(demo.HUBS),
            default=demo.DEFAULT,
            help="Which hub's story to load: goriska (Slovene), ruse (Bulgarian), gdansk (Polish).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds regions.",
        )

    def handle(self, *args, hub: str = demo.DEFAULT, if_empty: bool = False, **options):
        home = HubProfile.objects.filter(region__isnull=False).values_list(
            "region__slug", flat=True
        )
        if if_empty and Region.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
            loaded = [name for name in demo.HUBS if home and demo.home_region_slug(name) == home[0]]
            if loaded:
                self.print_accounts(loaded[0])
            return
        if home and home[0] != demo.home_region_slug(hub):
            # One database is one hub: mixing two hubs' stories is what the demo must not do.
            raise CommandError(
                f"This database already holds another hub ({home[0]}); load the {hub} demo "
                "into an empty database."
            )
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name:
                        raise
                    continue
                if "hub" in inspect.signature(module.load).parameters:
                    module.load(hub=hub)
                else:
                    module.load()
                self.stdout.write(f"Loaded {name}")
            # Much of the demo is written in bulk, which sends no signals: every page it shows
            # is rendered afresh.
            data_changed(*DOMAINS)
        renew_all_lines()
        self.stdout.write(self.style.SUCCESS(f"Demo hub {hub} loaded."))
        self.print_accounts(hub)

    def print_accounts(self, hub: str) -> None:
        """How to come in: the demo's accounts, which the demo has already confirmed."""
        from organisations.demo import DEMO_PASSWORD, demo_accounts

        with translation.override(demo.HUBS[hub].language):
            accounts = [
                (who, email, settings.SITE_URL + reverse(start))
                for who, email, start in demo_accounts(hub)
                if User.objects.filter(email=email).exists()
            ]
            login = settings.SITE_URL + reverse("account_login")
        if not accounts:
            return
        self.stdout.write(f"Sign in at {login} with the password {DEMO_PASSWORD!r} as")
        for who, email, start in accounts:
            self.stdout.write(f"  {who:<12} {email:<34} then {start}")
