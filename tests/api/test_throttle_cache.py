"""The API's throttle counts in the project's own cache: Redis, shared by every process, and it
lapses rather than failing when Redis does not answer."""

import pytest
from django.conf import settings as django_settings


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "hub.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "test-api-throttle",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = _redis_cache(django_settings.REDIS_URL)
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_the_throttle_counts_in_redis(anonymous, redis_cache, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    assert [anonymous.get("/api/v1/fields/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert redis_cache.get("throttle_api_127.0.0.1")


def test_without_redis_the_api_still_answers(anonymous, settings):
    settings.CACHES = _redis_cache("redis://127.0.0.1:1/0")
    settings.API_THROTTLE_RATE = "3/minute"
    assert {anonymous.get("/api/v1/fields/").status_code for _ in range(4)} == {200}
