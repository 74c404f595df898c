"""Queue Celery tasks after commit, without letting a broker outage reach the person.

The database row a task works on is the truth; the message on Redis only says "go". When Redis
cannot take the message, the row stays as it is (queued) and the periodic sweeper queues it
again later, so the person's request still succeeds. How long a refused publish takes is set by
``CELERY_BROKER_TRANSPORT_OPTIONS`` and ``CELERY_TASK_PUBLISH_RETRY_POLICY`` (base settings): a
few milliseconds for a closed port, about two seconds at most for a host that does not answer.

When tasks run in-process (``CELERY_TASK_ALWAYS_EAGER``: no Redis, or tests) nothing is
published, so an error here comes from the task itself and is raised, never taken for an outage.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a publish raises when Redis is down, refuses, or does not answer in time
# (ConnectionError and TimeoutError are OSErrors).
BROKER_ERRORS = (OperationalError, RedisError, OSError)


def enqueue(task: Task, *args: Any, **options: Any) -> bool:
    """Send the task now; returns False, having logged why, when the broker does not take it."""
    if task.app.conf.task_always_eager:
        task.apply_async(args, **options)
        return True
    try:
        task.apply_async(args, **options)
    except BROKER_ERRORS:
        logger.warning("Could not queue %s%r; the sweeper will retry", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, **options: Any) -> None:
    """Send the task once the current transaction has committed (at once outside one)."""
    transaction.on_commit(partial(enqueue, task, *args, **options))
