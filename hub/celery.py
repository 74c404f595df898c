"""The Celery app: Redis broker from REDIS_URL, or in-process when it is not set.

Tasks are queued after the surrounding transaction commits, with Celery's Django task
class: ``some_task.delay_on_commit(pk)``. A worker never sees a row that is not committed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
