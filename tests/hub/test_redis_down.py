"""Redis down is not a person's problem: pages answer, work waits in the database for the sweeper."""

from __future__ import annotations

import logging
import time

import pytest
from django.test import Client

from events.models import Registration
from hub.cache import ResilientRedisCache
from hub.celery import app
from hub.emails import QUEUED_GRACE
from hub.models import OutboxEmail
from hub.tasks import outbox_sweep
from tests.factories import EventFactory, RegistrationFactory, UserFactory

# Nothing listens here: connections are refused at once, as when Redis is stopped.
CLOSED = "redis://127.0.0.1:6399/2"
CACHE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


@pytest.fixture
def redis_down(settings):
    """Broker and cache at a closed port; calling the fixture's value brings Redis back."""
    test_caches, test_broker = settings.CACHES, app.conf.broker_url

    def point_at(broker: str, caches: dict, *, eager: bool) -> None:
        settings.CACHES = caches
        app.conf.broker_url = broker
        app.conf.task_always_eager = eager
        # Forget pooled connections to the other address (Celery keeps them on the app).
        app._pool = None
        app.amqp._producer_pool = None

    settings.REDIS_URL = CLOSED
    point_at(
        CLOSED,
        {
            "default": {
                "BACKEND": "hub.cache.ResilientRedisCache",
                "LOCATION": CLOSED,
                "OPTIONS": CACHE_OPTIONS,
            }
        },
        eager=False,
    )
    yield lambda: point_at(test_broker, test_caches, eager=True)
    point_at(test_broker, test_caches, eager=True)


def test_registering_cancelling_and_signing_in_work_while_redis_is_down(
    redis_down, transactional_db, mailoutbox, caplog
):
    event = EventFactory()
    leaving = RegistrationFactory(event=event, email="leaving@example.org", language="en")
    UserFactory(email="ana@example.org")
    visitor = Client(raise_request_exception=False)

    started = time.monotonic()
    response = visitor.post(
        f"/en/events/{event.slug}/register/",
        {"name": "Maja Kos", "email": "maja@example.org", "consent": "on"},
    )
    took = time.monotonic() - started

    registration = event.registrations.get(email="maja@example.org")
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    page = visitor.get(response["Location"])
    assert page.status_code == 200
    assert "Maja Kos is registered" in page.content.decode()
    assert took < 2, f"registering took {took:.2f} s with Redis down"

    response = visitor.post(f"/en/events/{event.slug}/registration/{leaving.token}/cancel/")
    assert response.status_code == 302
    assert "The registration is cancelled" in visitor.get(response["Location"]).content.decode()
    leaving.refresh_from_db()
    assert leaving.status == Registration.Status.CANCELLED

    signing_in = Client(raise_request_exception=False)
    response = signing_in.post(
        "/en/accounts/login/", {"login": "ana@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert signing_in.get("/en/events/mine/").status_code == 200  # signed in

    # The e-mails wait in the outbox; each publish was tried and refused.
    assert mailoutbox == []
    assert list(OutboxEmail.objects.values_list("status", flat=True)) == ["queued", "queued"]
    assert caplog.text.count("Could not queue hub.tasks.send_outbox_email") == 2

    redis_down()  # Redis is back; the sweeper's next runs
    OutboxEmail.objects.update(next_attempt_at=registration.registered_at - QUEUED_GRACE)
    outbox_sweep()
    outbox_sweep()

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted(
        OutboxEmail.objects.values_list("recipients", "subject")
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["leaving@example.org", "maja@example.org"]
    assert registration.token in next(m for m in mailoutbox if m.to == ["maja@example.org"]).body


def test_healthz_still_says_redis_is_down(redis_down, db, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "redis": "down",
        "storage": "ok",
        "failed": ["redis"],
    }


# The cache behind the rate limits


def test_the_cache_answers_as_an_empty_cache_while_redis_is_down(caplog):
    cache = ResilientRedisCache(CLOSED, {"OPTIONS": CACHE_OPTIONS})

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="hub.cache"):
        assert cache.get("attempts", default=[]) == []
        assert cache.add("lock", True) is True  # a lock nobody can hold is free
        assert cache.set("attempts", [1]) is None
        assert cache.get("attempts") is None
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("attempts") is False
        assert cache.delete("lock") is False
        with pytest.raises(ValueError):
            cache.incr("counter")
    assert time.monotonic() - started < 1
    assert caplog.text.count("The Redis cache does not answer") == 1  # once per outage


def test_the_cache_tries_redis_again_after_a_few_seconds(monkeypatch):
    cache = ResilientRedisCache(CLOSED, {"OPTIONS": CACHE_OPTIONS})
    tries = []
    real_get_client = type(cache._cache).get_client

    def counting(self, *args, **kwargs):
        tries.append(1)
        return real_get_client(self, *args, **kwargs)

    monkeypatch.setattr(type(cache._cache), "get_client", counting)
    cache.get("a")
    cache.get("a")
    assert len(tries) == 1  # the second call did not wait for Redis again

    cache._cache._down_until = time.monotonic() - 1  # a few seconds later
    cache.get("a")
    assert len(tries) == 2


def test_the_cache_is_an_ordinary_redis_cache_while_redis_answers(settings):
    cache = ResilientRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-outbox-cache"})
    cache.delete_many(["attempts", "counter"])
    cache.set("attempts", [1, 2], 30)
    assert cache.get("attempts") == [1, 2]
    assert cache.add("attempts", [3]) is False
    cache.set("counter", 1, 30)
    assert cache.incr("counter") == 2
    cache.delete_many(["attempts", "counter"])
    assert cache.get("attempts") is None
    # Every call goes through the same client (and its pool of connections).
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
