import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from importlib import reload

import pytest
import redis
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.db import connection
from django.urls import clear_url_caches
from django.utils import timezone

from hub.documents import KINDS, document_render, document_request, documents_sweep
from hub.models import Document, DocumentStatus
from hub.storage import document_storage
from tests.factories import UserFactory
from tests.hub.document_kinds import SLOW


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def status_of(document) -> str:
    return Document.objects.values_list("status", flat=True).get(pk=document.pk)


def files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


# Killed workers and lost messages


@pytest.mark.worker
def test_a_worker_killed_while_rendering_is_taken_over_and_leaves_one_file(
    transactional_db, private_folder, celery_app, tmp_path
):
    redis.Redis.from_url(django_settings.REDIS_URL).flushdb()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        "PRIVATE_ROOT": str(private_folder),
    }

    def start(name: str, slow_seconds: int) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "hub", "worker", "--pool", "solo",
             "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--hostname", f"{name}@%h"],
            env={**environment, "SLOW_DOCUMENT_SECONDS": str(slow_seconds)},
            cwd=django_settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    document = document_request(kind=SLOW, subject=UserFactory(), language="en")
    workers = [start("first", slow_seconds=60)]
    try:
        assert wait_for(lambda: status_of(document) == DocumentStatus.RUNNING, 20)
        os.killpg(workers[0].pid, signal.SIGKILL)
        workers[0].wait()
        workers.append(start("second", slow_seconds=0))
        assert wait_for(lambda: status_of(document) == DocumentStatus.DONE, 20), (
            tmp_path / "second.log"
        ).read_text()
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()

    document.refresh_from_db()
    assert document.attempts == 2  # the killed run, and the one that finished it
    assert [path.relative_to(private_folder).as_posix() for path in files_in(private_folder)] == [
        document.file.name
    ]
    assert document_storage.open(document.file.name).read().startswith(b"%PDF-test")


@pytest.mark.worker
def test_documents_lost_with_a_flushed_redis_are_sent_again_by_the_sweeper(
    transactional_db, celery_app, settings
):
    from celery.contrib.testing.worker import start_worker

    from hub.tasks import documents_sweep as sweep_task

    broker = redis.Redis.from_url(django_settings.REDIS_URL)
    broker.flushdb()
    documents = [
        document_request(kind=SLOW, subject=UserFactory(), language="en") for _ in range(3)
    ]
    assert broker.llen("documents") == 3
    broker.flushdb()  # Redis restarted without persistence: the messages are gone

    settings.DOCUMENTS_QUEUED_TIMEOUT = 0  # as if a few minutes went by
    with start_worker(
        celery_app, pool="solo", loglevel="WARNING", perform_ping_check=False, shutdown_timeout=10
    ):
        time.sleep(1)
        assert [status_of(document) for document in documents] == ["queued"] * 3
        assert settings.CELERY_BEAT_SCHEDULE["hub-documents-sweep"]["task"] == sweep_task.name
        sweep_task.delay()  # what Celery beat sends every minute
        assert wait_for(
            lambda: all(status_of(document) == DocumentStatus.DONE for document in documents)
        )
    assert [document.attempts for document in Document.objects.all()] == [1, 1, 1]


@pytest.fixture
def redis_down(celery_app):
    """The broker at a port where nothing listens."""
    address = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.broker_url = address
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.mark.django_db
def test_asking_for_a_document_while_redis_is_down_still_answers_and_the_sweeper_catches_up(
    redis_down, client_for, staff, django_capture_on_commit_callbacks, settings, celery_app
):
    from events.services import ATTENDANCE_SHEET
    from tests.factories import EventFactory

    event = EventFactory()
    client = client_for(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.slug}/manage/attendance-sheet/", follow=True)

    assert response.status_code == 200
    assert "Waiting for a worker" in response.content.decode()
    document = Document.objects.get(kind=ATTENDANCE_SHEET)
    assert document.status == DocumentStatus.QUEUED

    # Redis is back (tasks run in this process here); a few minutes later the sweeper runs.
    celery_app.conf.task_always_eager = True
    settings.DOCUMENTS_QUEUED_TIMEOUT = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_sweep() == 1
    assert status_of(document) == DocumentStatus.DONE


@pytest.mark.django_db
def test_asking_again_while_it_is_on_its_way_changes_nothing(
    monkeypatch, django_capture_on_commit_callbacks
):
    from hub import documents

    sent = []
    monkeypatch.setattr(documents, "enqueue_on_commit", lambda task, *args: sent.append(args))
    subject, staff = UserFactory(), UserFactory(is_staff=True)

    first = document_request(kind=SLOW, subject=subject, language="en")
    again = document_request(kind=SLOW, subject=subject, language="sl", by=staff)
    assert again.pk == first.pk and len(sent) == 1
    assert (again.language, again.requested_by, again.requested_at) == (
        "en",
        None,
        first.requested_at,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert document_render(document_id=first.pk)
    done = document_request(kind=SLOW, subject=subject, language="sl", by=staff)
    assert len(sent) == 2  # done: asking again renders it again
    assert (done.status, done.language, done.requested_by, done.attempts) == (
        "queued",
        "sl",
        staff,
        0,
    )
    assert done.has_file  # the old file stays downloadable until the new one replaces it
    assert Document.objects.count() == 1


def dying(document):
    raise SystemExit("the worker is killed")  # not an Exception: nothing is recorded


@pytest.mark.django_db
def test_a_render_that_keeps_dying_is_failed_with_a_clear_message(settings, monkeypatch):
    settings.DOCUMENTS_MAX_ATTEMPTS = 2
    monkeypatch.setitem(KINDS, SLOW, replace(KINDS[SLOW], render=dying))
    document = document_request(kind=SLOW, subject=UserFactory(), language="en")

    def age_the_run():  # its worker stopped renewing the lease
        Document.objects.filter(pk=document.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )

    with pytest.raises(SystemExit):
        document_render(document_id=document.pk)
    assert documents_sweep() == 0  # the run may still be alive: left alone
    assert status_of(document) == DocumentStatus.RUNNING

    age_the_run()
    assert documents_sweep() == 1  # its lease lapsed: it died, queue it again
    assert status_of(document) == DocumentStatus.QUEUED
    with pytest.raises(SystemExit):
        document_render(document_id=document.pk)

    assert document_render(document_id=document.pk, redelivered=True) is False
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.attempts == 2
    assert document.error.startswith("Preparing this document was tried 2 times")

    document_request(kind=SLOW, subject=document.subject, language="en")
    document.refresh_from_db()
    assert (document.status, document.attempts, document.error) == ("queued", 0, "")


@pytest.mark.django_db
def test_a_redelivered_message_takes_over_a_dead_run_and_a_duplicate_does_not(monkeypatch):
    document = document_request(kind=SLOW, subject=UserFactory(), language="en")
    monkeypatch.setitem(KINDS, SLOW, replace(KINDS[SLOW], render=dying))
    with pytest.raises(SystemExit):
        document_render(document_id=document.pk)
    monkeypatch.undo()

    assert document_render(document_id=document.pk) is False  # a second message: still running
    assert document_render(document_id=document.pk, redelivered=True) is True
    document.refresh_from_db()
    assert (document.status, document.attempts) == ("done", 2)
    assert document.size == len(document_storage.open(document.file.name).read())


@pytest.mark.django_db
def test_a_run_thought_dead_that_finishes_late_does_not_replace_the_newer_file(
    monkeypatch, django_capture_on_commit_callbacks
):
    document = document_request(kind=SLOW, subject=UserFactory(), language="en")
    late = {}

    def taken_over_meanwhile(rendering):
        # While this run renders, a redelivered message takes the document over and finishes.
        monkeypatch.setitem(KINDS, SLOW, original)
        late["newer"] = document_render(document_id=rendering.pk, redelivered=True)
        return b"%PDF-late"

    original = KINDS[SLOW]
    monkeypatch.setitem(KINDS, SLOW, replace(original, render=taken_over_meanwhile))
    with django_capture_on_commit_callbacks(execute=True):
        assert document_render(document_id=document.pk) is False

    document.refresh_from_db()
    assert late["newer"] is True
    assert document_storage.open(document.file.name).read().startswith(b"%PDF-test")
    folder = f"{SLOW}/{document.uuid}"
    runs = document_storage.listdir(folder)[0]
    assert [document_storage.listdir(f"{folder}/{run}")[1] for run in runs].count(["slow.pdf"]) == 1


# Private storage


@pytest.fixture
def media_folder(tmp_path, settings):
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    return folder


@pytest.fixture
def debug_urls(settings, media_folder):
    """The development urlconf, which serves MEDIA_ROOT under /media/."""
    import portal.urls

    settings.DEBUG = True
    reload(portal.urls)
    clear_url_caches()
    try:
        yield
    finally:
        settings.DEBUG = False
        reload(portal.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_a_document_is_never_served_under_media_even_in_debug(
    private_folder, media_folder, debug_urls, client_for, staff, anonymous,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    document = document_request(kind=SLOW, subject=staff, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        document_render(document_id=document.pk)
    document.refresh_from_db()
    assert (private_folder / document.file.name).is_file()
    (media_folder / "logo.svg").write_text("<svg/>")
    assert anonymous.get("/media/logo.svg").status_code == 200  # the media URL does serve

    for url in [
        f"/media/{document.file.name}",
        f"/media/../private/{document.file.name}",
        f"/media/%2e%2e/private/{document.file.name}",
        f"/private/{document.file.name}",
    ]:
        # 404, or 400 for a path that tries to leave the media folder
        assert anonymous.get(url).status_code in (400, 404), url
        assert client_for(staff).get(url).status_code in (400, 404), url
    assert client_for(staff).get(document.get_absolute_url()).status_code == 200


def test_the_private_folder_is_outside_the_public_media(settings, tmp_path):
    assert not [check for check in run_checks() if check.id == "hub.E001"]

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media" / "private"},
        },
    }
    assert [check.id for check in run_checks() if check.id == "hub.E001"] == ["hub.E001"]


# The admin


@pytest.mark.django_db
def test_staff_see_failed_documents_in_the_admin_and_render_them_again(
    client_for, staff, ngo_admin
):
    failed = document_request(kind=SLOW, subject=UserFactory(), language="en")
    Document.objects.filter(pk=failed.pk).update(
        status=DocumentStatus.FAILED, error="RuntimeError: out of paper"
    )
    document_request(kind=SLOW, subject=UserFactory(), language="en")  # queued, left alone
    url = "/admin/hub/document/"

    assert client_for(ngo_admin).get(url).status_code == 302  # to the admin's sign-in
    page = client_for(staff).get(url, {"status__exact": "failed"}).content.decode()
    assert page.count('name="_selected_action"') == 1

    client = client_for(staff)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        url,
        {"action": "render_again", "_selected_action": list(Document.objects.values_list("pk", flat=True))},
        follow=True,
    )  # fmt: skip
    assert "1 document is queued to be rendered again." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.error, failed.requested_by) == ("queued", "", staff)
    assert client_for(staff).get(f"{url}{failed.pk}/change/").status_code == 200
