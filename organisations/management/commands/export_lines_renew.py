from django.core.management.base import BaseCommand

from organisations.exports_sql import renew_all_lines


class Command(BaseCommand):
    help = (
        "Write the open-data export's line of every organisation whose line is missing or out "
        "of date, in every language and format: after loading organisations by raw SQL or in "
        "bulk, or after an upgrade that changed the export's columns or translations. Exports "
        "write such lines themselves; this spares their first requests the time."
    )

    def handle(self, *args, **options):
        renew_all_lines()
