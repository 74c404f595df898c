"""Recovery in seconds: a render whose worker was killed, and work whose messages Redis lost,
run again within a minute of a live worker being there, and every e-mail goes once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings as django_settings
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone

from hub.documents import document_request
from hub.emails import email_send
from hub.models import Document, DocumentStatus, OutboxEmail
from tests.factories import UserFactory
from tests.hub.document_kinds import SLOW
from tests.hub.test_documents import status_of, wait_for

# Short enough to keep the test quick; production's are longer (see the test below this one).
TIMINGS = {
    "JOB_LEASE_SECONDS": "3",
    "SWEEP_SECONDS": "1",
    "DOCUMENTS_QUEUED_TIMEOUT": "3",
    "OUTBOX_QUEUED_TIMEOUT": "3",
}


def test_the_production_timings_recover_within_a_minute(settings):
    """Worst case: a lease lapses, then the next sweep; a lost message waits out the queued
    timeout, then the next sweep. Both leave a worker most of the minute to do the job."""
    lease = settings.JOB_LEASE_SECONDS + settings.SWEEP_SECONDS
    lost = max(settings.DOCUMENTS_QUEUED_TIMEOUT, settings.OUTBOX_QUEUED_TIMEOUT)
    assert lease + settings.SWEEP_SECONDS <= 30
    assert lost + settings.SWEEP_SECONDS <= 30
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["hub-documents-sweep"]["schedule"] == settings.SWEEP_SECONDS
    assert schedule["hub-outbox-sweep"]["schedule"] == settings.SWEEP_SECONDS


@pytest.mark.worker
def test_a_killed_worker_and_a_flushed_redis_cost_seconds_and_every_email_goes_once(
    transactional_db,
    private_folder,
    celery_app,
    tmp_path,
    settings,  # noqa: F811
):
    for name, value in TIMINGS.items():
        setattr(settings, name, int(value))
    broker = redis.Redis.from_url(django_settings.REDIS_URL)
    broker.flushdb()
    outbox = tmp_path / "sent"
    environment = {
        **os.environ,
        **TIMINGS,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        "PRIVATE_ROOT": str(private_folder),
        "EMAIL_FILE_PATH": str(outbox),
    }

    def start(name: str, *options: str, slow_seconds: int) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "hub", "worker", "--pool", "solo",
             "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--hostname", f"{name}@%h", *options],
            env={**environment, "SLOW_DOCUMENT_SECONDS": str(slow_seconds)},
            cwd=django_settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # beat runs in a child process: stopped with its group
        )  # fmt: skip

    rendering = document_request(kind=SLOW, subject=UserFactory(), language="en")
    workers = [start("killed", slow_seconds=60)]
    try:
        assert wait_for(lambda: status_of(rendering) == DocumentStatus.RUNNING, 30)
        # Work queued behind the busy worker, on Redis only.
        waiting = [
            document_request(kind=SLOW, subject=UserFactory(), language="en") for _ in range(2)
        ]
        for n in range(3):
            email_send(
                message=EmailMessage("Your seat", "See you.", to=[f"p{n}@example.org"]),
                key=f"recovery:{n}",
            )
        assert broker.llen("documents") == 2 and broker.llen("email") == 3

        os.kill(workers[0].pid, signal.SIGKILL)  # the worker's main process, mid-render
        workers[0].wait()
        broker.flushdb()  # Redis restarted without persistence: every message is gone

        # A live worker, with beat (which runs the sweepers), as production has them.
        live_since = time.monotonic()
        workers.append(
            start("live", "--beat", "--schedule", str(tmp_path / "beat"), slow_seconds=0)
        )

        def everything_done() -> bool:
            documents = Document.objects.values_list("status", flat=True)
            emails = OutboxEmail.objects.values_list("status", flat=True)
            return set(documents) == {DocumentStatus.DONE} and set(emails) == {"sent"}

        assert wait_for(everything_done, 60), (tmp_path / "live.log").read_text()
        recovered_in = time.monotonic() - live_since
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()

    assert recovered_in < 60
    print(f"everything done {recovered_in:.1f} s after the live worker was started")  # noqa: T201
    rendering.refresh_from_db()
    assert rendering.attempts == 2  # the killed run, and the one that finished it
    assert all(document.has_file for document in Document.objects.all())
    assert len(waiting) == 2
    sent = "".join(path.read_text() for path in outbox.iterdir())
    assert sorted(line for line in sent.splitlines() if line.startswith("To: ")) == [
        "To: p0@example.org",
        "To: p1@example.org",
        "To: p2@example.org",
    ]
    assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db
def test_staff_see_a_document_waiting_over_a_minute_and_asking_again_queues_it(
    client_for, staff, django_capture_on_commit_callbacks
):
    from events.services import ATTENDANCE_SHEET, attendance_sheet_request
    from tests.factories import EventFactory

    event = EventFactory()
    attendance_sheet_request(event=event)  # queued, its message lost on the way
    sheet = Document.objects.get(kind=ATTENDANCE_SHEET)
    client = client_for(staff)

    assert "Waiting for a worker" in client.get(f"/en/events/{event.slug}/manage/").content.decode()
    a_minute_ago = timezone.now() - timedelta(seconds=61)
    Document.objects.filter(pk=sheet.pk).update(requested_at=a_minute_ago, queued_at=a_minute_ago)
    page = client.get(f"/en/events/{event.slug}/manage/").content.decode()
    assert "taking longer than it should" in page
    assert "Prepare it again" in page

    with django_capture_on_commit_callbacks(execute=True):  # the render runs in-process here
        client.post(f"/en/events/{event.slug}/manage/attendance-sheet/")
    assert status_of(sheet) == DocumentStatus.DONE


@pytest.mark.django_db
def test_the_outbox_shows_late_emails_and_sending_again_queues_them(
    client_for, staff, django_capture_on_commit_callbacks, mailoutbox
):
    from hub.emails import email_is_late

    now = timezone.now()
    late = email_send(message=EmailMessage("Late", "x", to=["late@example.org"]), key="late")
    held = email_send(message=EmailMessage("Held", "x", to=["held@example.org"]), key="held")
    fresh = email_send(message=EmailMessage("Fresh", "x", to=["new@example.org"]), key="fresh")
    OutboxEmail.objects.filter(pk=late.pk).update(next_attempt_at=now - timedelta(seconds=61))
    OutboxEmail.objects.filter(pk=held.pk).update(
        status="sending", claimed_at=now - timedelta(seconds=20), lease_until=now
    )
    rows = {row.key: row for row in OutboxEmail.objects.all()}
    assert [email_is_late(rows[key], now=timezone.now()) for key in ("late", "held", "fresh")] == [
        True,
        True,
        False,
    ]
    changelist = client_for(staff).get("/admin/hub/outboxemail/").content.decode()
    assert changelist.count('alt="True"') == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            "/admin/hub/outboxemail/",
            {"action": "send_again", "_selected_action": [late.pk, held.pk, fresh.pk]},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert "2 e-mails will be sent again." in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == ["held@example.org", "late@example.org"]


@pytest.mark.django_db
def test_the_sweepers_cost_a_few_queries_however_much_work_is_in_flight(
    django_assert_num_queries, settings
):
    from hub.documents import documents_sweep
    from hub.emails import email_sweep

    def in_flight(count: int) -> None:
        for _ in range(count):
            document_request(kind=SLOW, subject=UserFactory(), language="en")
            email_send(
                message=EmailMessage("Seat", "x", to=["a@example.org"]),
                key=f"k:{OutboxEmail.objects.count()}",
            )

    for count in (1, 20):
        in_flight(count)
        # 1. the documents to fail  2. the documents to send again
        with django_assert_num_queries(2):
            assert documents_sweep() == 0
        # 1. fail the e-mails that lost their worker too often  2. the lost queued ones
        # 3. those whose worker died (marking lost ones due from now needs none when none is)
        with django_assert_num_queries(3):
            assert email_sweep() == []
