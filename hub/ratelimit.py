"""Rate limits counted atomically in the cache, so simultaneous requests are never refused below
their limit.

allauth's own counters keep a list of timestamps behind a lock that a request waits for at most
a second, and a request that does not get the lock in time is refused: fifty registrations from
one address at once were refused a few at a time though the limit was far above fifty. Here each
request adds one to a counter with the cache's atomic ``incr`` (Redis ``INCR``), so there is no
lock to wait for.

The limits are written in allauth's notation (``20/h/ip,5/h/key`` in ``ACCOUNT_RATE_LIMITS``) and
a client's address is found as allauth finds it (``ALLAUTH_TRUSTED_PROXY_COUNT``). A window is
counted as a sliding window: this period's count plus the previous period's, weighted by how
much of it still lies within the last ``duration`` (the estimate Cloudflare and nginx use). A
refused request takes its count back, so being refused does not lengthen the wait.

With Redis unreachable the cache answers as an empty cache (``hub.cache``) and the limits lapse
instead of failing the request.
"""

from __future__ import annotations

import time

from allauth.core.internal.ratelimit import Rate, get_cache_key, parse_rates
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def rate_consume(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """Count one request against every limit of ``action``; False when one of them is reached
    (then nothing is counted)."""
    counted: list[str] = []
    for rate in dict.fromkeys(parse_rates(settings.ACCOUNT_RATE_LIMITS.get(action))):
        cache_key = get_cache_key(request, app="hub", action=action, rate=rate, key=key)
        counter, allowed = _count(cache_key, rate)
        if counter:
            counted.append(counter)
        if not allowed:
            for counter in counted:
                _uncount(counter)
            return False
    return True


def _count(cache_key: str, rate: Rate) -> tuple[str | None, bool]:
    """Add one to this window's counter; returns the counter and whether the rate allows it."""
    now = time.time()
    window = int(now // rate.duration)
    counter = f"{cache_key}:{window}"
    # Kept for two windows: the next window reads this one as its previous.
    cache.add(counter, 0, timeout=int(rate.duration * 2) + 1)
    try:
        count = cache.incr(counter)
    except ValueError:  # gone between add and incr, or the cache is unreachable: not counted
        return None, True
    previous = cache.get(f"{cache_key}:{window - 1}", 0)
    elapsed = now / rate.duration - window
    return counter, previous * (1 - elapsed) + count <= rate.amount


def _uncount(counter: str) -> None:
    try:
        cache.decr(counter)
    except ValueError:
        pass
