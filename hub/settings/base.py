"""Settings shared by every environment; values that differ come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

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
    "imports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_filters",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hub.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
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
            ],
        },
    },
]

# An empty DATABASE_URL means the embedded default of the settings module in use.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}

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
}
# The client's address, for the rate limits above. Behind a reverse proxy every request comes
# from the proxy, so the limits would count everyone together: name how many proxies of yours
# append to X-Forwarded-For, or the header your proxy puts the client's address in.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER") or None

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

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
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # E-mails whose message Redis lost (flushed, unreachable, a worker killed) are queued again.
    "hub-outbox-sweep": {"task": "hub.tasks.outbox_sweep", "schedule": 60},
    # Admins of profiles not confirmed for a year get a reminder, at most weekly, three times.
    "organisations-confirmation-reminders": {
        "task": "organisations.tasks.send_confirmation_reminders",
        "schedule": 24 * 60 * 60,
    },
    # Documents whose message was lost (Redis flushed or down) or whose worker died go again.
    "hub-documents-sweep": {"task": "hub.tasks.documents_sweep", "schedule": 60},
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
    "calls-deadline-reminders": {
        "task": "calls.tasks.send_deadline_reminders",
        "schedule": crontab(minute=15),
    },
}
# Generated documents: a queued one not picked up in this many seconds is queued again; one
# that was started this many times without finishing is marked failed.
DOCUMENTS_QUEUED_TIMEOUT = int(env("DOCUMENTS_QUEUED_TIMEOUT", "300"))
DOCUMENTS_MAX_ATTEMPTS = int(env("DOCUMENTS_MAX_ATTEMPTS", "3"))

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

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
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
# The language cookie is read on every page; it need not travel with requests from other sites.
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
