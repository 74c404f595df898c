"""The embedded default: runs with nothing but Python (SQLite, tasks in-process, mail on the console).

Give DATABASE_URL and REDIS_URL to develop against PostgreSQL and Redis instead.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-secret-key-do-not-use-in-production")
ALLOWED_HOSTS = ["*"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

if not DATABASE_URL:  # noqa: F405
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # SQLite cannot build a unique constraint that counts empty values as equal (models.W047),
    # so "one target per indicator and year, or for the whole operation" is kept on SQLite by
    # the model's validation, which the admin runs before it saves, and by the database only on
    # PostgreSQL. The embedded default has one user at a time, so nothing slips between the two.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
