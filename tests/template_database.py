"""One run of the migrations per test run, however many processes run the tests.

The same for SQLite: the tests that start the embedded default each copy one migrated file.

Each pytest-xdist process has a test database of its own (make test runs several). Migrating the
whole tree took each of them over a minute at the same time on the same cores; instead one
process migrates a template database, and every process copies it with
``CREATE DATABASE … TEMPLATE``, which PostgreSQL does in a moment. Under pytest-xdist that one
is started by the controlling process before the test processes (``tests/conftest.py``), so the
migrations run while they start and collect the tests; otherwise the first process to need the
template migrates it.
"""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def _exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def database_copy(*, shared: Path, keepdb: bool) -> bool:
    """Make this process's test database a copy of the run's migrated template; False where
    there is nothing to do (not PostgreSQL, or an existing database kept with --reuse-db), and
    Django's own setup then creates or migrates it."""
    if connection.vendor != "postgresql":
        return False
    own = connection.settings_dict["TEST"]["NAME"]
    if keepdb and _exists(own):
        return False
    with _template_lock(shared):
        template = _template_ready(shared)
        quote = connection.ops.quote_name
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(own)}")
            cursor.execute(f"CREATE DATABASE {quote(own)} TEMPLATE {quote(template)}")
    return True


@contextmanager
def _template_lock(shared: Path):
    """One process at a time makes or copies the template."""
    with (shared / "template-database.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def _template_ready(shared: Path) -> str:
    """The name of the run's migrated template, migrated here if no process did yet."""
    own = connection.settings_dict["TEST"]["NAME"]
    template = re.sub(r"_gw\d+$", "", own) + "_template"
    made = shared / "template-database.done"
    if not made.exists():
        _template_migrate(template)
        made.touch()
    return template


def template_make_in_background(shared: Path) -> subprocess.Popen:
    """Start migrating the template in a process of its own, while the test processes start
    and collect the tests; they wait for it where they copy it."""
    return subprocess.Popen(  # noqa: S603 - this interpreter, this module
        [sys.executable, "-m", "tests.template_database", str(shared)], cwd=ROOT
    )


def _template_migrate(template: str) -> None:
    """A new database named ``template``, migrated; nobody stays connected to it (PostgreSQL
    copies only a database no one uses)."""
    settings = connection.settings_dict
    name, test_name = settings["NAME"], settings["TEST"]["NAME"]
    settings["TEST"]["NAME"] = template
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        settings["NAME"], settings["TEST"]["NAME"] = name, test_name
        django_settings.DATABASES[connection.alias]["NAME"] = name


def sqlite_migrated(*, folder: Path) -> Path:
    """A SQLite file with every migration applied by ``manage.py migrate`` on the embedded
    default, as `make run` makes it; made once in ``folder`` by whichever process comes first.
    Copy it, never open it: the portals on SQLite each start from a copy."""
    migrated = folder / "migrated.sqlite3"
    with (folder / "sqlite.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not migrated.exists():
            making = folder / "migrating.sqlite3"
            making.unlink(missing_ok=True)
            environment = {
                key: value
                for key, value in os.environ.items()
                if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
            }
            environment.update(
                DJANGO_SETTINGS_MODULE="hub.settings.dev", DATABASE_URL=f"sqlite:///{making}"
            )
            subprocess.run(  # noqa: S603 - this portal's own manage.py, with this interpreter
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
                env=environment,
                cwd=folder,
                check=True,
            )
            making.rename(migrated)
    return migrated


if __name__ == "__main__":
    import django

    django.setup()
    with _template_lock(Path(sys.argv[1])):
        _template_ready(Path(sys.argv[1]))
