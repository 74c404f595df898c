from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from hub.models import Region

# Each app that has demo data contributes a ``demo.load()``; later apps build on earlier ones.
DEMO_MODULES = ["hub.demo", "organisations.demo", "events.demo", "calls.demo", "partnerships.demo"]


class Command(BaseCommand):
    help = "Fill the database with the demo regions, organisations, events, calls and partnerships."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds regions.",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Region.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
            return
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name:
                        raise
                    continue
                module.load()
                self.stdout.write(f"Loaded {name}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
