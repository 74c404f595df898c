"""``manage.py migrate`` gives up on a table lock instead of stopping the version still serving."""

import time

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import OperationalError, connection


def lock_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        return cursor.fetchone()[0]


def test_a_migration_waiting_for_a_lock_gives_up_after_the_lock_timeout(db, settings, monkeypatch):
    """The previous version is in the middle of a long read of a table; a migration that alters
    it stops after MIGRATE_LOCK_TIMEOUT instead of queueing every later query behind it."""
    settings.MIGRATE_LOCK_TIMEOUT = "300ms"
    seen = []

    def migrations(self, *args, **options):
        seen.append(lock_timeout())
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE hub_hubprofile ADD COLUMN probe integer")

    monkeypatch.setattr(MigrateCommand, "handle", migrations)
    params = connection.get_connection_params()
    with psycopg.connect(
        **{key: params[key] for key in ("dbname", "user", "host", "port") if key in params}
    ) as old_version:
        old_version.execute("SELECT count(*) FROM hub_hubprofile")  # its transaction stays open
        started = time.monotonic()
        with pytest.raises(OperationalError, match="lock timeout"):
            call_command("migrate", verbosity=0)
        assert time.monotonic() - started < 5
    assert seen == ["300ms"]


def test_the_lock_timeout_holds_only_for_the_migrations(db, settings, monkeypatch):
    settings.MIGRATE_LOCK_TIMEOUT = "5s"
    seen = []
    monkeypatch.setattr(MigrateCommand, "handle", lambda self, *a, **o: seen.append(lock_timeout()))
    call_command("migrate", verbosity=0)
    assert seen == ["5s"]
    assert lock_timeout() == "0"
