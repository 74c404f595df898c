"""Django's Redis cache, answering as an empty cache while Redis is unreachable.

The cache holds nothing that must not be lost: rate-limit counters (allauth's sign-in and
confirmation limits, the registration throttle). When Redis is down, a person signing in or
registering should lose the rate limit for a while, not get an error page. So every operation
that fails with a Redis error is logged and answered as an empty cache would answer it: reads
miss, writes are dropped, ``add`` reports success (allauth's lock then goes on instead of waiting
a second for a lock nobody holds), ``incr`` says the key is missing.

After a failure the cache does not try Redis again for ``down_for`` seconds, so a Redis that does
not answer at all costs one socket timeout (``OPTIONS``: ``socket_connect_timeout``,
``socket_timeout``) per process every few seconds, not one per cache call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ResilientRedisCacheClient(RedisCacheClient):
    down_for = 5.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._down_until = 0.0

    def _or(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return operation()
        except RedisError as error:
            logger.warning(
                "The Redis cache does not answer (%s); it counts as empty for %s s",
                error,
                self.down_for,
            )
            self._down_until = time.monotonic() + self.down_for
            return fallback()

    def add(self, key, value, timeout):
        return self._or(partial(super().add, key, value, timeout), _true)

    def get(self, key, default):
        return self._or(partial(super().get, key, default), lambda: default)

    def set(self, key, value, timeout):
        return self._or(partial(super().set, key, value, timeout), _none)

    def touch(self, key, timeout):
        return self._or(partial(super().touch, key, timeout), _false)

    def delete(self, key):
        return self._or(partial(super().delete, key), _false)

    def get_many(self, keys):
        return self._or(partial(super().get_many, keys), dict)

    def has_key(self, key):
        return self._or(partial(super().has_key, key), _false)

    def incr(self, key, delta):
        def missing():
            raise ValueError(f"Key '{key}' not found.")

        return self._or(partial(super().incr, key, delta), missing)

    def set_many(self, data, timeout):
        return self._or(partial(super().set_many, data, timeout), _none)

    def delete_many(self, keys):
        return self._or(partial(super().delete_many, keys), _none)

    def clear(self):
        return self._or(partial(super().clear), _false)


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that degrades instead of raising."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient


def _true() -> bool:
    return True


def _false() -> bool:
    return False


def _none() -> None:
    return None
