"""``migrate`` with a lock timeout, so it can run while the previous version still serves.

An ``ALTER TABLE`` waits for every transaction that has touched the table, and while it waits
every new query on that table queues behind it: one long report of the old version would stop
the whole site. With ``lock_timeout`` set (``MIGRATE_LOCK_TIMEOUT``, 5 s by default; ``0``
waits for ever) the migration gives up instead, the site goes on, and ``migrate`` is simply run
again. Each migration runs in its own transaction, so the ones before it stay applied.
"""

from __future__ import annotations

from contextlib import suppress

from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DatabaseError, connections


class Command(MigrateCommand):
    help = MigrateCommand.help + " Waits at most MIGRATE_LOCK_TIMEOUT for a table lock."

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql" or not settings.MIGRATE_LOCK_TIMEOUT:
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            # For the session, not one transaction: it holds for every migration that follows.
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, false)", [settings.MIGRATE_LOCK_TIMEOUT]
            )
        try:
            return super().handle(*args, **options)
        finally:
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
