"""Settings shared by every environment; values that differ come from the environment."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .environment import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

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
    # The site as a whole (addresses, home page, API, sitemap): above every app.
    "portal",
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
    "hub.middleware.CSPMiddleware",
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

ROOT_URLCONF = "portal.urls"
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
# then fails. By default as many as a gunicorn process has threads (gunicorn.conf.py). PostgreSQL
# sees at most processes × DATABASE_POOL_MAX_SIZE per machine (README, "The database", says how
# to size it and when to put PgBouncer in front). DATABASE_POOL_MAX_SIZE=0 turns the pool off:
# each thread then keeps its own connection for CONN_MAX_AGE seconds.
DATABASE_POOL_MAX_SIZE = int(env("DATABASE_POOL_MAX_SIZE", env("GUNICORN_THREADS", "4")))
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

# Redis, the cache and the Celery queues, workers and schedule.
from .queues import *  # noqa: E402, F403

CELERY_TIMEZONE = TIME_ZONE

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

# The public API (/api/v1/): its limits, its answers and its documentation.
from .api import *  # noqa: E402, F403

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
