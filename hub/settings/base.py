"""Settings shared by every environment; values that differ come from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Translated model fields (reference data, the hub's texts); before the admin, which it extends.
    "modeltranslation",
    "hub",
    "organisations",
    "partnerships",
    "events",
    "calls",
    "advocacy",
    "news",
    "imports",
    "peers",
    "questionnaires",
    # Funder reports count what the apps above record.
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hub.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.middleware.HubTimeZoneMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.context_processors.hub",
                "reports.context_processors.navigation",
            ],
        },
    },
]

# An empty DATABASE_URL means the embedded default of the settings module in use.
DATABASE_URL = env("DATABASE_URL")
# Connections: each process (a gunicorn worker with its threads, a Celery worker child) borrows
# them from a pool of its own (psycopg's, built into Django), for one request or task at a time:
# at most DATABASE_POOL_MAX_SIZE per process whatever its number of threads, at least
# DATABASE_POOL_MIN_SIZE kept open; a request waits up to DATABASE_POOL_TIMEOUT seconds for one,
# then fails. PostgreSQL sees at most processes × DATABASE_POOL_MAX_SIZE per machine (README,
# "The database", says how to size it and when to put PgBouncer in front). DATABASE_POOL_MAX_SIZE=0
# turns the pool off: each thread then keeps its own connection for CONN_MAX_AGE seconds.
DATABASE_POOL_MAX_SIZE = int(env("DATABASE_POOL_MAX_SIZE", "8"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", 5)
        if DATABASE_POOL_MAX_SIZE:
            options["pool"] = {
                "min_size": min(int(env("DATABASE_POOL_MIN_SIZE", "1")), DATABASE_POOL_MAX_SIZE),
                "max_size": DATABASE_POOL_MAX_SIZE,
                "timeout": float(env("DATABASE_POOL_TIMEOUT", "10")),
                # Connections idle this long are closed, down to min_size.
                "max_idle": 300,
            }
    if "pool" not in DATABASES["default"].get("OPTIONS", {}):
        DATABASES["default"]["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "60"))
# `manage.py migrate` waits at most this long for a table lock, then stops with an error instead
# of queueing every request of the version still serving behind it (hub/management/commands/
# migrate.py); run it again a moment later.
MIGRATE_LOCK_TIMEOUT = env("MIGRATE_LOCK_TIMEOUT", "5s")

AUTH_USER_MODEL = "hub.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: the e-mail address is the login and must be verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_ADAPTER = "hub.accounts.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "hub.forms.SignupForm"
# allauth's defaults (login failures, sign-ups, confirmation and reset mails per IP and
# per address) count in the "default" cache, which is shared by every process in production.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    # The public event registration form (events.views.register) e-mails the address typed in:
    # limited per client and per address, so it cannot be used to send mail to strangers.
    "event_register": env("EVENT_REGISTRATION_RATE_LIMITS", "20/h/ip,100/d/ip,5/h/key,10/d/key"),
    # A copy of one's data, e-mailed to the address typed: per client address and per address.
    "personal_data_copy": env("PERSONAL_DATA_COPY_RATE_LIMITS", "10/h/ip,50/d/ip,3/h/key,5/d/key"),
    # The newsletter form e-mails a confirmation link to the address typed: limited likewise.
    "newsletter_subscribe": env("NEWSLETTER_RATE_LIMITS", "20/h/ip,100/d/ip,3/h/key,5/d/key"),
}
# The client's address, for the rate limits above. Behind a reverse proxy every request comes
# from the proxy, so the limits would count everyone together: name how many proxies of yours
# append to X-Forwarded-For, or the header your proxy puts the client's address in.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER") or None

# How long an event stays in the calendar and Atom feeds after it ends, so subscribers keep
# what happened lately.
EVENTS_FEED_KEEP_DAYS = int(env("EVENTS_FEED_KEEP_DAYS", "90"))

LANGUAGE_CODE = "sl"
LANGUAGES = [
    ("sl", _("Slovene")),
    ("en", _("English")),
    ("bg", _("Bulgarian")),
    ("pl", _("Polish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# django-modeltranslation: one column per language; a missing translation falls back to
# English, then to the others, so a page never shows an empty name.
MODELTRANSLATION_DEFAULT_LANGUAGE = "sl"
MODELTRANSLATION_LANGUAGES = ("sl", "en", "bg", "pl")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "sl", "bg", "pl")}
# Dates and numbers in each language's own style (hub/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["hub.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Ljubljana"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Generated documents (attendance sheets, certificates: personal data) live outside MEDIA_ROOT,
# are never served by the proxy or under /media/, and are downloaded only through the portal.
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", str(BASE_DIR / "private")))

# Files on S3 (README, "More than one machine"): with AWS_STORAGE_BUCKET_NAME set, the public
# media and the private documents are two buckets of an S3-compatible store shared by every
# machine, instead of the two folders above. The names are django-storages' own; the bucket of
# each storage is given in its OPTIONS.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_DOCUMENTS_BUCKET_NAME = env("AWS_DOCUMENTS_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
# Without keys, boto3 finds its own (instance profile, ~/.aws).
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY") or None
# Path-style addresses (endpoint/bucket/key) work with any S3-compatible server without DNS
# for each bucket; AWS itself takes both.
AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", "path" if AWS_S3_ENDPOINT_URL else "auto")
AWS_S3_SIGNATURE_VERSION = "s3v4"
# Two uploads of the same name never replace each other (as on disk): the second gets a suffix.
AWS_S3_FILE_OVERWRITE = False
# How long a signed link to a private document works, in seconds.
AWS_QUERYSTRING_EXPIRE = int(env("AWS_QUERYSTRING_EXPIRE", "60"))
# Public media may be served from a CDN or proxy host in front of the bucket.
MEDIA_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
# Documents are handed out as a redirect to a signed link (the default), or streamed through
# the portal where browsers cannot reach the S3 endpoint.
DOCUMENTS_STREAM = env_bool("DOCUMENTS_STREAM")

if bool(AWS_STORAGE_BUCKET_NAME) != bool(AWS_DOCUMENTS_BUCKET_NAME):
    raise ImproperlyConfigured(
        "Set both AWS_STORAGE_BUCKET_NAME (public media) and AWS_DOCUMENTS_BUCKET_NAME (private "
        "documents), or neither (both stay folders on this machine)."
    )
if AWS_STORAGE_BUCKET_NAME and AWS_STORAGE_BUCKET_NAME == AWS_DOCUMENTS_BUCKET_NAME:
    raise ImproperlyConfigured(
        "AWS_DOCUMENTS_BUCKET_NAME must differ from AWS_STORAGE_BUCKET_NAME: the documents bucket "
        "holds personal data and is never readable without a signature; the media bucket is."
    )

if AWS_STORAGE_BUCKET_NAME:
    # Imported only here: the embedded default never loads boto.
    from botocore.config import Config as BotoConfig

    AWS_S3_CLIENT_CONFIG = BotoConfig(
        s3={"addressing_style": AWS_S3_ADDRESSING_STYLE},
        signature_version=AWS_S3_SIGNATURE_VERSION,
        connect_timeout=2,
        read_timeout=20,
        retries={"max_attempts": 2, "mode": "standard"},
    )
    FILE_STORAGES = {
        # Logos and call documents: a public-read bucket, linked with plain, stable URLs.
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "querystring_auth": False,
                "custom_domain": MEDIA_CUSTOM_DOMAIN,
            },
        },
        # Generated documents: a private bucket, read only through links the portal signs.
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_DOCUMENTS_BUCKET_NAME,
                "querystring_auth": True,
                "querystring_expire": AWS_QUERYSTRING_EXPIRE,
                "custom_domain": None,
            },
        },
    }
else:
    FILE_STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_ROOT},
        },
    }
STORAGES = {
    **FILE_STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def media_origin() -> str | None:
    """Where public media are loaded from when that is not the portal itself (for the CSP)."""
    if not AWS_STORAGE_BUCKET_NAME:
        return None
    if MEDIA_CUSTOM_DOMAIN:
        return f"https://{MEDIA_CUSTOM_DOMAIN}"
    if AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        return f"{endpoint.scheme}://{endpoint.netloc}"
    return "https://*.amazonaws.com"


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail: the SMTP server of the hub, or the console in development.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Stičišče <noreply@sticisce.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Redis: the cache (rate limits) and the Celery broker. Without it, tasks run in-process.
# Redis down must not fail a person's request: the cache then answers as an empty cache (rate
# limits lapse), and work waits in the database for the sweepers.
REDIS_URL = env("REDIS_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "hub.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sticisce",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WeasyPrint keeps memory it has used; recycle worker processes before they grow.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000  # KiB
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # Publishing from a web request gives up quickly when Redis does not answer (the socket
    # timeout stays above the worker's one-second BRPOP).
    "socket_connect_timeout": 0.5,
    "socket_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# One quick retry (a pooled connection that went stale when Redis restarted), then give up:
# a refused publish costs ~15 ms, instead of Celery's default three retries (~0.6 s).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
CELERY_TIMEZONE = TIME_ZONE
# Queues by kind of work, so a long render never delays a confirmation e-mail: workers for each
# queue can run on their own machines (README, "More than one machine"). A worker started
# without -Q takes them all.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [
    Queue("default"),
    Queue("documents"),
    Queue("email"),
    Queue("periodic"),
]
CELERY_TASK_ROUTES = {
    "hub.tasks.document_render": {"queue": "documents"},
    "hub.tasks.send_outbox_email": {"queue": "email"},
    "organisations.tasks.send_confirmation_reminder": {"queue": "email"},
    # What beat starts: sweepers and digests, which only find rows and queue the work above.
    "hub.tasks.outbox_sweep": {"queue": "periodic"},
    "hub.tasks.documents_sweep": {"queue": "periodic"},
    "organisations.tasks.send_confirmation_reminders": {"queue": "periodic"},
    "calls.tasks.*": {"queue": "periodic"},
    "advocacy.tasks.*": {"queue": "periodic"},
    "news.tasks.*": {"queue": "periodic"},
    "questionnaires.tasks.*": {"queue": "periodic"},
    "hub.tasks.privacy_retention": {"queue": "periodic"},
    "peers.tasks.*": {"queue": "periodic"},
}
# Background jobs (documents, e-mails): a worker holds a claimed job for this many seconds and
# renews the hold while it works; a job whose hold lapsed (its worker died) is taken over by the
# sweepers, which run every SWEEP_SECONDS.
JOB_LEASE_SECONDS = int(env("JOB_LEASE_SECONDS", "15"))
SWEEP_SECONDS = int(env("SWEEP_SECONDS", "5"))
# Staff see a job waiting longer than this (in seconds) as late, with a button to ask again.
JOB_LATE_SECONDS = int(env("JOB_LATE_SECONDS", "60"))
# Generated documents: a queued one not picked up in this many seconds is sent again (its
# message was lost with Redis); one started this many times without finishing is marked failed.
DOCUMENTS_QUEUED_TIMEOUT = int(env("DOCUMENTS_QUEUED_TIMEOUT", "20"))
DOCUMENTS_MAX_ATTEMPTS = int(env("DOCUMENTS_MAX_ATTEMPTS", "3"))
# E-mails: a queued one not picked up in this many seconds is sent again.
OUTBOX_QUEUED_TIMEOUT = int(env("OUTBOX_QUEUED_TIMEOUT", "20"))
PEERS_READ_SECONDS = int(env("PEERS_READ_SECONDS", str(15 * 60)))
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # E-mails whose message Redis lost (flushed, unreachable, a worker killed) are queued again.
    # Every few seconds (two indexed queries when nothing is lost); a sweep not started before
    # the next one is due is dropped, so a stopped periodic worker finds no backlog.
    "hub-outbox-sweep": {
        "task": "hub.tasks.outbox_sweep",
        "schedule": SWEEP_SECONDS,
        "options": {"expires": SWEEP_SECONDS},
    },
    # Admins of profiles not confirmed for a year get a reminder, at most weekly, three times.
    "organisations-confirmation-reminders": {
        "task": "organisations.tasks.send_confirmation_reminders",
        "schedule": 24 * 60 * 60,
    },
    # Documents whose message was lost (Redis flushed or down) or whose worker died go again.
    "hub-documents-sweep": {
        "task": "hub.tasks.documents_sweep",
        "schedule": SWEEP_SECONDS,
        "options": {"expires": SWEEP_SECONDS},
    },
    # Call alerts: new calls as a digest (daily at 7, weekly on Monday at 7), and the reminders
    # 7 days and 1 day before deadlines, looked for hourly; the outbox keys send each once.
    "calls-daily-digests": {
        "task": "calls.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "calls-weekly-digests": {
        "task": "calls.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
    # Participants' data past its retention period is anonymised, prepared copies deleted.
    "hub-privacy-retention": {
        "task": "hub.tasks.privacy_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # People who left a training are asked their situation on leaving, once per leaving.
    "events-leaving-invitations": {
        "task": "events.tasks.send_leaving_invitations",
        "schedule": crontab(hour=9, minute=0),
    },
    "calls-deadline-reminders": {
        "task": "calls.tasks.send_deadline_reminders",
        "schedule": crontab(minute=15),
    },
    # Consultation alerts: the digests once their day or week is over, and the reminders 7 days
    # and 1 day before deadlines, looked for hourly; the outbox keys send each once.
    "advocacy-consultation-alerts": {
        "task": "advocacy.tasks.send_consultation_alerts",
        "schedule": crontab(minute=20),
    },
    # The newsletter: each morning at 8 an issue whose week or month is over is assembled and
    # sent, unless staff sent it already; the outbox keys send each issue once per subscriber.
    "news-newsletter-issues": {
        "task": "news.tasks.send_due_issues",
        "schedule": crontab(hour=8, minute=0),
    },
    # Other hubs' portals: what changed since the last read; a read not started before the
    # next one is due is dropped.
    "peers-read": {
        "task": "peers.tasks.read_peers",
        "schedule": PEERS_READ_SECONDS,
        "options": {"expires": PEERS_READ_SECONDS},
    },
    # Questionnaires: invitations and reminders that are due, looked for every ten minutes; the
    # outbox keys send each once.
    "questionnaires-send": {
        "task": "questionnaires.tasks.send_questionnaires",
        "schedule": crontab(minute="*/10"),
    },
}

# Reading other hubs' portals (peers): how often, and the bounds on what one peer may cost.
# Every read asks only what changed; the whole list (which drops what a peer stopped listing)
# is read every PEERS_FULL_READ_SECONDS.
PEERS_FULL_READ_SECONDS = int(env("PEERS_FULL_READ_SECONDS", str(6 * 60 * 60)))
PEERS_CONNECT_TIMEOUT = float(env("PEERS_CONNECT_TIMEOUT", "3"))
PEERS_READ_TIMEOUT = float(env("PEERS_READ_TIMEOUT", "10"))
PEERS_MAX_RESPONSE_BYTES = int(env("PEERS_MAX_RESPONSE_BYTES", str(2 * 1024 * 1024)))
PEERS_PAGE_SIZE = 100
PEERS_MAX_PAGES = int(env("PEERS_MAX_PAGES", "10"))
PEERS_MAX_ITEMS = int(env("PEERS_MAX_ITEMS", "500"))
# All of one peer's requests together, well within CELERY_TASK_SOFT_TIME_LIMIT.
PEERS_READ_BUDGET_SECONDS = int(env("PEERS_READ_BUDGET_SECONDS", "120"))
# How many records of other hubs a list page shows under its own.
PEERS_LIST_LENGTH = 50

# Personal data: participants of events are anonymised this many days after the event ends,
# unless a funded operation keeps them as evidence longer (Operation.evidence_kept_until); a
# person's prepared copy of their data is deleted after this many days.
PRIVACY_PARTICIPANT_RETENTION_DAYS = int(env("PRIVACY_PARTICIPANT_RETENTION_DAYS", "730"))
PRIVACY_EXPORT_KEEP_DAYS = int(env("PRIVACY_EXPORT_KEEP_DAYS", "7"))

# The hub itself is edited by staff in the admin (hub.HubProfile, hub.Operation); these values only
# seed the profile and its first operation when the database has none.
HUB_NAME = env("HUB_NAME", "Stičišče NVO Goriška")
HUB_ADDRESS = env("HUB_ADDRESS", "Delpinova ulica 18b, 5000 Nova Gorica")
HUB_EMAIL = env("HUB_EMAIL", "info@sticisce.localhost")
HUB_PHONE = env("HUB_PHONE", "+386 5 000 00 00")
HUB_INTRO = env("HUB_INTRO")
# The portal's own address, for links in e-mails sent where there is no request (Celery beat).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
FUNDER_PUBLICITY_TEXT = env(
    "FUNDER_PUBLICITY_TEXT",
    "Operacijo sofinancirata Republika Slovenija in Evropska unija iz Evropskega socialnega sklada.",
)
# Static paths of the funder logos printed in the page header of every PDF.
FUNDER_LOGOS = env_list("FUNDER_LOGOS", "img/eu-esf.svg,img/hub-logo.svg")

# The public API (/api/v1/, hub.rest): anonymous and read-only, answered in JSON.
# Requests per client address; the docs page and the schema state this number.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", "120/minute")
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # hub.rest sets the throttle and the schema class on its views (importing it from here
    # would be circular).
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hub.rest.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": None,
}
API_DESCRIPTION = f"""
The public data of the portal, read-only, for anyone and without a key: organisations of the
directory (their public fields only), published events and funding calls, the hub's news (newest
first; other hubs' portals read it with `modified_since`), public partnerships, and the fields of
activity and municipalities whose codes the lists take as filters.

* **Filters** are the pages' own: a list answers with the same items in the same order as the
  page with the same query string. Filters take codes (`field=youth`, `sector=civil`), as the
  exports print them beside their labels. A value the list does not know is answered with 400,
  naming the parameter and listing the values it takes; so is a filter given with no value
  (`field=`), except the search `q`. `month` takes any month (`2026-11`).
* **Pages** of 20 items; `page_size` from 1 to {API_MAX_PAGE_SIZE}, and `page` from 1: any other
  value is answered with 400 naming the limit; a page past the last is 404.
* **Changes:** `modified_since` (ISO 8601) keeps what changed at or after a time. Every answer has
  an `ETag` and, where the items have one, a `Last-Modified`; send them back in `If-None-Match` or
  `If-Modified-Since` and an unchanged answer is 304 Not Modified.
* **Identifiers:** `id` never changes and is never reused; `slug` is the item's address on the
  portal. Every item has `url`, the absolute address of its page.
* **Language** of labels, names and page links: `?lang=` (sl, en, bg, pl) or `Accept-Language`.
* **Limit:** {API_THROTTLE_RATE.replace("/", " requests per ")} per client address; past it the
  answer is 429 with `Retry-After`, the seconds to wait.
* **Compatibility:** within v1 changes are only additive: new endpoints, new optional parameters,
  new fields in answers and new values in lists of codes. Read what you know and ignore the rest.
  Removing or renaming a field or a parameter, or changing what one means, comes only as /api/v2/,
  announced on the open-data page, with v1 kept running beside it for at least six months.
"""
SPECTACULAR_SETTINGS = {
    "TITLE": "Stičišče public API",
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Only reading is possible; no call out to the public validator service.
    # No deep links: Swagger UI puts them as links inside each operation's button, controls
    # nested in a control, which screen readers and keyboards cannot reach (axe:
    # nested-interactive).
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": False,
        "validatorUrl": None,
        "supportedSubmitMethods": ["get"],
    },
    "ENUM_NAME_OVERRIDES": {
        "SectorEnum": "organisations.models.Sector",
        "LegalFormEnum": "organisations.models.LegalForm",
        "CountryEnum": "hub.models.Country",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [media_origin()])],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Browser features the portal never uses, switched off for every page (hub.middleware).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
)
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database, which every machine shares. Not cached_db: the Redis cache degrades
# to an empty cache while Redis is unreachable (hub/cache.py), and a sign-out made then would
# not reach a copy cached before, which could sign the person in again when Redis is back.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The language cookie is read on every page; it need not travel with requests from other sites.
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
