"""Named people every test can use, and a real Celery worker for tests about background work."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from hub.selectors import hub_cache_clear, hub_profile
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.template_database import database_copy, sqlite_migrated, template_make_in_background

# Playwright's sync API runs an event loop in the test thread; the ORM calls made next to it
# are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """With parallel processes and fresh databases (make test), the controlling process starts
    migrating the run's template database at once (tests/template_database.py)."""
    if (
        config.getoption("numprocesses", None)
        and config.getoption("create_db", False)
        and not hasattr(config, "workerinput")
    ):
        config._template_migrating = template_make_in_background(
            config._tmp_path_factory.getbasetemp()
        )


def pytest_unconfigure(config):
    """A run whose tests needed no database does not wait for the template."""
    migrating = getattr(config, "_template_migrating", None)
    if migrating is not None:
        migrating.terminate()
        migrating.wait()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
    tmp_path_factory,
):
    """pytest-django's, except that each parallel process copies one migrated template
    (tests/template_database.py) instead of migrating a database of its own."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        if os.environ.get("PYTEST_XDIST_WORKER"):
            # The folder every process of this run shares (pytest-xdist's documented way).
            shared = tmp_path_factory.getbasetemp().parent
            keepdb = database_copy(shared=shared, keepdb=keepdb) or keepdb
        databases = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite database for the tests that run the embedded default; copy it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return sqlite_migrated(folder=tmp_path_factory.getbasetemp().parent)
    return sqlite_migrated(folder=tmp_path_factory.mktemp("sqlite"))


def pytest_collection_modifyitems(items):
    """The slowest tests first (browser walks, real workers, separate machines, the demo
    hubs): parallel processes take tests one by one, and one of these started last would
    keep the run going alone."""

    def slow(item) -> bool:
        return "demo" in item.path.name or any(
            item.get_closest_marker(name) for name in ("browser", "worker", "machines")
        )

    items.sort(key=lambda item: not slow(item))


@pytest.fixture(autouse=True)
def _default_language():
    """Every test ends in the portal's default language, so the next one never depends on
    what an earlier one activated (the API's ?lang= activates one for the thread)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english():
    """The test reads the English pages and messages: their addresses and their words."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """After each transactional test Django empties every table with one TRUNCATE of all of
    them: PostgreSQL then gives each of the ~130 tables and their indexes new files, seconds
    every time. A test leaves a few rows: DELETE removes them in a fraction of that. Every
    foreign key is deferred to the commit (Django creates them so), so the order is free."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def hub_identity(request):
    """The hub's profile and operations as this test's database holds them, never an earlier
    test's. They are read once before the test, as a running site has them in its cache, so a
    query count is that of any request but a process's very first."""
    hub_cache_clear()
    if request.node.get_closest_marker("django_db") or "_django_db_helper" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        hub_profile()
    yield
    hub_cache_clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    yield
    cache.clear()


@pytest.fixture
def anonymous(db) -> Client:
    return Client()


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@sticisce.test", is_staff=True, is_superuser=True)


@pytest.fixture
def coordinator(db):
    """A coordinator: not staff; sees the reports through the permission the group grants."""
    user = UserFactory(email="coordinator@sticisce.test")
    group = Group.objects.get_or_create(name="Coordinators")[0]
    # The migration gives the group the permission; a flushed (transactional) database lost it.
    group.permissions.add(
        Permission.objects.get(content_type__app_label="reports", codename="view_reports")
    )
    user.groups.add(group)
    return user


@pytest.fixture
def organisation_a(db):
    return OrganisationFactory(name="Društvo za življenje Soča", slug="drustvo-zivljenje-soca")


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="Планинско дружество Русе", slug="planinsko-druzhestvo-ruse")


@pytest.fixture
def ngo_admin(organisation_a):
    """The admin of organisation A."""
    user = UserFactory(email="admin.a@example.org")
    MembershipFactory(user=user, organisation=organisation_a, role="admin")
    return user


@pytest.fixture
def ngo_editor(organisation_a):
    """An editor of organisation A: keeps the profile, does not manage the people."""
    user = UserFactory(email="editor.a@example.org")
    MembershipFactory(user=user, organisation=organisation_a, role="editor")
    return user


@pytest.fixture
def other_ngo_admin(organisation_b):
    """The admin of organisation B, who must not touch organisation A."""
    user = UserFactory(email="admin.b@example.org")
    MembershipFactory(user=user, organisation=organisation_b, role="admin")
    return user


@pytest.fixture
def client_for(db):
    """A logged-in test client for a user: ``client_for(staff).get(...)``."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker, in a thread of this process, consuming from the real Redis."""
    from celery.contrib.testing.worker import start_worker

    from hub.celery import app

    app.conf.task_always_eager = False
    app.control.purge()
    try:
        with start_worker(
            # Results are not stored, so the start-up ping could not be read back.
            app,
            pool="solo",
            loglevel="WARNING",
            perform_ping_check=False,
            shutdown_timeout=10,
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def funder_templates(db):
    """The four seeded templates, seeded again where a transactional test flushed them."""
    from importlib import import_module

    from django.apps import apps

    import_module("hub.migrations.0010_seed_funder_templates").seed(apps, None)
    import_module("hub.migrations.0015_definitions_say_what_rules_count").rewrite(apps, None)
    import_module("hub.migrations.0020_esf_templates_by_annex_codes").by_annex(apps, None)
    import_module("hub.migrations.0023_esf_2014_other_disadvantaged_projects_and_cr05").annex_lines(
        apps, None
    )
