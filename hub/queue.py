"""Queue Celery tasks after commit, without letting a broker outage reach the person.

The database row a task works on is the truth; the message on Redis only says "go". When Redis
cannot take the message, the row stays as it is (queued) and the periodic sweeper queues it
again later, so the person's request still succeeds.
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

BROKER_ERRORS = (OperationalError, RedisError, ConnectionError, TimeoutError)


def enqueue(task: Task, *args: Any, **options: Any) -> bool:
    """Send the task now; returns False, having logged why, when the broker does not take it."""
    try:
        task.apply_async(args, **options)
    except BROKER_ERRORS:
        logger.warning("Could not queue %s%r; the sweeper will retry", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, **options: Any) -> None:
    """Send the task once the current transaction has committed (at once outside one)."""
    transaction.on_commit(partial(enqueue, task, *args, **options))
