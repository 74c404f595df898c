"""Production: PostgreSQL, Redis, SMTP and HTTPS behind a proxy, all from the environment."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

if not SECRET_KEY or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters."
    )
if not DATABASE_URL:  # noqa: F405
    raise ImproperlyConfigured("DATABASE_URL must point at the PostgreSQL database.")
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("REDIS_URL must point at Redis: the Celery broker and the cache.")

# The defaults of base.py are for a developer's machine. A server must say which host names it
# answers to (a wildcard would let any Host header into the links allauth e-mails) and its
# public address (the links in e-mails sent by background jobs).
if not env_list("ALLOWED_HOSTS") or "*" in ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the portal's host names, e.g. sticisce.example.org (no '*')."
    )
_site = urlsplit(env("SITE_URL"))
if _site.scheme not in {"http", "https"} or not _site.hostname:
    raise ImproperlyConfigured(
        "SITE_URL must be the portal's public address, e.g. https://sticisce.example.org."
    )
if not validate_host(_site.hostname, ALLOWED_HOSTS):  # noqa: F405
    raise ImproperlyConfigured(
        f"SITE_URL's host {_site.hostname} is not in ALLOWED_HOSTS: the links in e-mails would "
        "lead to an address the portal does not answer."
    )

DEBUG = False
# Files as base.py sets them (folders, or S3 buckets); static files from whitenoise's manifest,
# built into every machine by collectstatic.
STORAGES = {
    **FILE_STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS terminates at the proxy, which tells Django with X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxy also appends the client's address to X-Forwarded-For; the rate limits count per
# that address, not per proxy (README, "Running in production").
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
