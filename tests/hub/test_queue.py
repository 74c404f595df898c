"""Queueing after commit: a broker outage is logged and left to the sweeper, a task's error is not."""

from __future__ import annotations

import time

import pytest
from celery import shared_task
from django.db import transaction

from hub.celery import app
from hub.queue import enqueue, enqueue_on_commit

CLOSED = "redis://127.0.0.1:6399/2"
ran: list[str] = []


@shared_task(name="tests.hub.record")
def record(value: str) -> None:
    ran.append(value)


@shared_task(name="tests.hub.fail")
def fail() -> None:
    # What a task's own bug, or its mail server, raises: it looks like a broker error, is not one.
    raise ConnectionRefusedError(111, "Connection refused by the mail server")


@pytest.fixture(autouse=True)
def forget_runs():
    ran.clear()


@pytest.fixture
def broker_down():
    real = app.conf.broker_url
    app.conf.broker_url, app.conf.task_always_eager = CLOSED, False
    app._pool = app.amqp._producer_pool = None  # forget connections to the real broker
    yield
    app.conf.broker_url, app.conf.task_always_eager = real, True
    app._pool = app.amqp._producer_pool = None


def test_a_broker_that_is_down_is_logged_and_costs_the_caller_little(broker_down, caplog):
    started = time.monotonic()
    assert enqueue(record, "registration 7") is False
    assert enqueue(record, "registration 8") is False
    assert time.monotonic() - started < 1
    assert "Could not queue tests.hub.record('registration 7',); the sweeper will retry" in (
        caplog.text
    )
    assert ran == []


def test_a_running_broker_takes_the_message(settings):
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write() as connection:
            queue = connection.SimpleQueue("default")
            queue.clear()
            assert enqueue(record, "registration 9") is True
            message = queue.get(timeout=2)
            assert message.headers["task"] == "tests.hub.record"
            message.ack()
            queue.close()
    finally:
        app.conf.task_always_eager = True


def test_in_process_a_tasks_own_error_reaches_the_caller():
    with pytest.raises(ConnectionRefusedError, match="mail server"):
        enqueue(fail)


def test_a_task_is_queued_after_commit_and_never_after_a_rollback(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue_on_commit(record, "kept")
            assert ran == []  # not before the commit
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(record, "rolled back")
            raise RuntimeError
    assert ran == ["kept"]
