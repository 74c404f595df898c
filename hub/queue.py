"""Queue Celery tasks after commit, without letting a broker outage reach the person.

The database row a task works on is the truth; the message on Redis only says "go". When Redis
cannot take the message, the row stays as it is (queued) and the periodic sweeper queues it
again later, so the person's request still succeeds. How long a refused publish takes is set by
``CELERY_BROKER_TRANSPORT_OPTIONS`` and ``CELERY_TASK_PUBLISH_RETRY_POLICY`` (base settings): a
few milliseconds for a closed port, about two seconds at most for a host that does not answer.

When tasks run in-process (``CELERY_TASK_ALWAYS_EAGER``: no Redis, or tests) nothing is
published, so an error here comes from the task itself and is raised, never taken for an outage.

A job that a worker has claimed holds a lease (``lease_until`` on its row) that the worker
renews while it works (``lease_kept``); the sweepers take over a job whose lease lapsed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from celery import Task
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a publish raises when Redis is down, refuses, or does not answer in time
# (ConnectionError and TimeoutError are OSErrors).
BROKER_ERRORS = (OperationalError, RedisError, OSError)


def _task(task: Task | str) -> Task:
    """The task itself, or the registered task of that name: the services a task calls queue it
    by name (``"hub.tasks.document_render"``), so they need not import the module that imports
    them."""
    if isinstance(task, str):
        from .celery import app

        return app.tasks[task]
    return task


def enqueue(task: Task | str, *args: Any, **options: Any) -> bool:
    """Send the task now; returns False, having logged why, when the broker does not take it."""
    task = _task(task)
    if task.app.conf.task_always_eager:
        task.apply_async(args, **options)
        return True
    try:
        task.apply_async(args, **options)
    except BROKER_ERRORS:
        logger.warning("Could not queue %s%r; the sweeper will retry", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Task | str, *args: Any, **options: Any) -> None:
    """Send the task once the current transaction has committed (at once outside one)."""
    transaction.on_commit(partial(enqueue, task, *args, **options))


# Leases: a job's row says until when a live worker holds it.


def lease_end(now: datetime | None = None) -> datetime:
    """Until when a claim made now holds, unless its worker renews it."""
    return (now or timezone.now()) + timedelta(seconds=settings.JOB_LEASE_SECONDS)


@contextmanager
def lease_kept(rows: QuerySet) -> Iterator[None]:
    """Renew ``lease_until`` on ``rows`` (the claimed row, filtered by its claim) every third of
    the lease while the block runs, from a thread of the worker process.

    A worker that dies (killed, out of memory, its machine gone) stops renewing, and the
    sweeper, which runs every few seconds, takes the job over once the lease has lapsed: a job
    is running again seconds after its worker died, instead of after the longest time a job
    may take. When tasks run in-process (no Redis) nothing sweeps, so nothing is renewed.
    """
    from .celery import app

    if app.conf.task_always_eager:
        yield
        return
    stop = threading.Event()
    renewer = threading.Thread(target=_renew, args=(rows, stop), name="lease-renewer", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join(timeout=settings.JOB_LEASE_SECONDS)


def _renew(rows: QuerySet, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.JOB_LEASE_SECONDS / 3):
            try:
                if not rows.update(lease_until=lease_end()):
                    return  # the claim was taken over or finished: nothing left to hold
            except DatabaseError:
                logger.warning("Could not renew the lease of %s; trying again", rows.model)
    finally:
        connection.close()
