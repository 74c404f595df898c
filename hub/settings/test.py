"""Tests run against the real PostgreSQL and Redis of the machine.

pytest-django creates the test database, so the role in DATABASE_URL must be allowed to create
databases (on the development machines: postgres, trust auth on 127.0.0.1).
"""

from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sticisce")
    )
}
# Parallel checkouts on one machine give each run its own test database; pytest-django adds
# _gw0, _gw1, … to it for each pytest-xdist process.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "test_sticisce")}


def redis_url_for_worker(url: str, worker: str) -> str:
    """pytest-xdist runs the suite in worker processes gw0, gw1, … (make test): each takes the
    Redis database that many places after the given one, so no process consumes another's tasks
    or flushes its queues. Redis has 16 databases (0–15); the default leaves room for four."""
    if not worker:
        return url
    parts = urlsplit(url)
    number = (int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))) % 16
    return urlunsplit(parts._replace(path=f"/{number}"))


REDIS_URL = redis_url_for_worker(
    env("REDIS_URL", "redis://127.0.0.1:6379/12"), env("PYTEST_XDIST_WORKER")
)
# Rate limits and other cache use stay in the process so tests do not share counters.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run in the test's own process unless a test starts a real worker (see tests/conftest.py).
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
