"""The public registration form e-mails whatever address is typed in, so it is rate-limited
per client and per e-mail address: the hub's mail cannot be turned on strangers."""

import pytest
from django.core import mail
from django.test import Client

from events.models import Registration
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LIMITS = "2/h/ip,3/h/key"
TOO_MANY = "Too many registrations have been sent from your connection or for this e-mail"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "event_register": LIMITS}


@pytest.fixture
def event():
    return EventFactory(slug="delavnica", capacity=50)


def register(client, email: str, ip: str = "192.0.2.10", **headers):
    return client.post(
        "/en/events/delavnica/register/",
        {"name": "Ana Novak", "email": email, "consent": "on"},
        REMOTE_ADDR=ip,
        **headers,
    )


def test_one_client_registering_many_addresses_is_stopped_with_429(
    anonymous, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert register(anonymous, "one@example.org").status_code == 302
        assert register(anonymous, "two@example.org").status_code == 302
        refused = register(anonymous, "three@example.org")

    assert refused.status_code == 429
    page = refused.content.decode()
    assert TOO_MANY in page
    assert 'value="three@example.org"' in page  # the form is shown again with what was typed
    assert set(Registration.objects.values_list("email", flat=True)) == {
        "one@example.org",
        "two@example.org",
    }
    assert [message.to for message in mail.outbox] == [["one@example.org"], ["two@example.org"]]


def test_another_client_is_not_held_back_by_the_first(anonymous, event):
    register(anonymous, "one@example.org")
    register(anonymous, "two@example.org")
    assert register(anonymous, "three@example.org").status_code == 429
    assert register(anonymous, "three@example.org", ip="198.51.100.7").status_code == 302
    assert Registration.objects.filter(email="three@example.org").exists()


def test_one_address_cannot_be_registered_over_and_over_from_many_clients(anonymous, event):
    for n in range(3):
        # Registering, then cancelling by hand, so that each attempt would e-mail again.
        assert register(anonymous, "Stranger@Example.org", ip=f"203.0.113.{n}").status_code == 302
        Registration.objects.filter(email__iexact="stranger@example.org").update(
            status=Registration.Status.CANCELLED
        )
    refused = register(anonymous, "stranger@example.org", ip="203.0.113.99")
    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert not Registration.objects.exclude(status=Registration.Status.CANCELLED).exists()
    # Another address from that new client goes through.
    assert register(anonymous, "friend@example.org", ip="203.0.113.99").status_code == 302


def test_a_form_with_mistakes_sends_nothing_and_counts_nothing(anonymous, event):
    for _attempt in range(5):
        response = anonymous.post(
            "/en/events/delavnica/register/",
            {"name": "Ana", "email": "not an address"},
            REMOTE_ADDR="192.0.2.10",
        )
        assert response.status_code == 200
    assert register(anonymous, "one@example.org").status_code == 302


def test_hub_staff_registering_people_at_the_door_are_not_limited(client_for, staff, event):
    client = client_for(staff)
    for n in range(4):
        assert register(client, f"walk-in{n}@example.org").status_code == 302
    assert Registration.objects.count() == 4


def test_the_message_is_in_the_readers_language(anonymous, event):
    register(anonymous, "one@example.org")
    register(anonymous, "two@example.org")
    refused = anonymous.post(
        "/sl/events/delavnica/register/",
        {"name": "Ana Novak", "email": "three@example.org", "consent": "on"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert refused.status_code == 429
    assert "poslanih preveč prijav" in refused.content.decode()


# --- Simultaneous registrations ---------------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    """The real Redis cache, shared by every thread as by every web process in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "hub.cache.ResilientRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "test-throttle",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_registrations_from_one_address_are_none_refused(settings, redis_cache):
    from tests.events.test_concurrency import run_at_once

    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "event_register": "50/h/ip,5/h/key",
    }
    EventFactory(slug="delavnica", capacity=60)
    answers: list[int] = []

    def submit(n: int) -> None:
        answers.append(register(Client(), f"person{n}@example.org").status_code)

    assert run_at_once(50, submit) == []

    assert sorted(answers) == [302] * 50  # none refused below the limit
    assert Registration.objects.count() == 50
    # The limit still holds: the fifty-first is refused.
    assert register(Client(), "late@example.org").status_code == 429


def test_the_counter_is_atomic_under_contention(rf, settings, redis_cache):
    """Many more simultaneous requests than the limit: exactly the limit goes through."""
    import threading

    from hub.ratelimit import rate_consume

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "burst": "30/h/ip"}
    barrier = threading.Barrier(80)
    allowed: list[bool] = []

    def hit() -> None:
        request = rf.post("/", REMOTE_ADDR="192.0.2.77")
        barrier.wait(timeout=30)
        allowed.append(rate_consume(request, action="burst"))

    threads = [threading.Thread(target=hit) for _ in range(80)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert allowed.count(True) == 30
    assert allowed.count(False) == 50
