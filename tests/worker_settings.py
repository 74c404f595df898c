"""Settings for a Celery worker process that a test starts (hub.settings.test runs tasks eagerly).

The test passes DATABASE_URL (its own test database), REDIS_URL and PRIVATE_ROOT (a folder both
processes see) in the environment.
"""

from hub.settings.test import *  # noqa: F403
from hub.settings.test import env

CELERY_TASK_ALWAYS_EAGER = False
# The test's own Redis database, as it gives it: not shifted again for the test's xdist worker.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
STORAGES = {
    **STORAGES,  # noqa: F405
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("PRIVATE_ROOT")},
    },
}
CELERY_IMPORTS = ["tests.hub.document_kinds"]
# A message whose worker was killed goes back to the queue within seconds, not an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
# A test that counts what a worker process sent has it written to files it can read.
if env("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
