"""Redis, the cache and the background work (Celery): queues, limits and the beat schedule.

Imported by base.py; a value that differs between machines comes from the environment."""

from __future__ import annotations

from celery.schedules import crontab
from kombu import Queue

from .environment import env

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
