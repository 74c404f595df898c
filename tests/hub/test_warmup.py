"""A server process answers its first requests as fast as its later ones (hub.warmup)."""

from __future__ import annotations

import gc
import runpy
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from hub import warmup
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


@pytest.fixture
def connection_kept():
    """The test's connection stays open after each request, as Django's test client keeps it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_a_process_reads_each_languages_home_and_export_heads_but_no_rows(
    unfrozen, connection_kept, settings
):
    settings.SITE_URL = "https://sticisce.example.org"
    settings.ALLOWED_HOSTS = ["sticisce.example.org"]
    OrganisationFactory()
    statuses = []
    application = WSGIHandler()

    def answering(environ, start_response):
        def start(status, headers, exc_info=None):
            statuses.append((environ["PATH_INFO"], environ["QUERY_STRING"], status))
            return start_response(status, headers, exc_info)

        return application(environ, start)

    with CaptureQueriesContext(connection) as queries:
        warmup.warm(answering)
    languages = [code for code, _name in settings.LANGUAGES]
    assert statuses == [
        (path.format(language=language), query, "200 OK")
        for language in languages
        for path, query in [
            ("/{language}/", ""),
            ("/{language}/organisations/export.csv", ""),
            ("/{language}/organisations/export.json", "sector=civil"),
        ]
    ]
    assert not [query for query in queries.captured_queries if "COPY" in query["sql"]]
    assert gc.get_freeze_count() > 0


def test_a_request_that_fails_does_not_keep_a_process_from_serving(unfrozen):
    """With the database down each read would wait out the pool's timeout: the first failure
    ends the warm-up, whether it raises or answers 500."""
    asked = []

    def broken(environ, start_response):
        asked.append(environ["PATH_INFO"])
        raise RuntimeError("no database yet")

    def failing(environ, start_response):
        asked.append(environ["PATH_INFO"])
        start_response("500 Internal Server Error", [])
        return [b""]

    for application in (broken, failing):
        warmup.warm(application)
    assert asked == ["/sl/", "/sl/"]
    assert gc.get_freeze_count() > 0


def test_gunicorn_warms_the_portals_processes_only(monkeypatch):
    warmed = []
    monkeypatch.setattr(warmup, "warm", warmed.append)
    hooks = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    for uri in ["hub.wsgi", "hub.wsgi:application", "benchmarks.hello:application"]:
        hooks["post_worker_init"](SimpleNamespace(app=SimpleNamespace(app_uri=uri), wsgi=uri))
    assert warmed == ["hub.wsgi", "hub.wsgi:application"]
