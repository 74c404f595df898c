"""The Celery app: Redis broker from REDIS_URL, or in-process when it is not set.

Tasks are queued after the surrounding transaction commits, with
``hub.queue.enqueue_on_commit(some_task, pk)``: a worker never sees a row that is not committed,
and a Redis that does not take the message never fails the request (the sweepers queue it again).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
