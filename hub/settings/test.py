"""Tests run against the real PostgreSQL and Redis of the machine.

pytest-django creates the test database, so the role in DATABASE_URL must be allowed to create
databases (on the development machines: postgres, trust auth on 127.0.0.1).
"""

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
# Parallel checkouts on one machine give each run its own test database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "test_sticisce")}

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/15")
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
