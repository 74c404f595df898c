from django.apps import apps
from django.core.management.base import BaseCommand

from hub.search import Searchable, search_reindex


class Command(BaseCommand):
    help = (
        "Recompute the search text of every searchable row: after loading rows without save() "
        "(bulk_create, raw SQL), or after the normalisation of search text has changed."
    )

    def handle(self, *args, **options):
        for model in apps.get_models():
            if issubclass(model, Searchable):
                changed = search_reindex(model)
                self.stdout.write(f"{model._meta.label}: {changed} rows updated")
