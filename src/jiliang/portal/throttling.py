"""A per-client rate limit for the public pages that answer questions about records (the certificate check).

Certificate numbers are sequential: without a limit anyone could walk them all. A fixed window per client
IP address, counted in Django's cache (``caches["default"]``): ``JILIANG_PUBLIC_CHECK_LIMIT`` questions per
``JILIANG_PUBLIC_CHECK_WINDOW`` seconds (docs/configuration.md). With the default in-memory cache each
server process counts on its own; a shared cache (``CACHES``) makes the limit global.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.http import HttpRequest

from jiliang.core.api.throttling import client_address


@dataclass(frozen=True)
class RateDecision:
    """Whether the question may be answered, and in how many seconds the client may ask again if not."""

    allowed: bool
    retry_after: int = 0


def client_ip(request: HttpRequest) -> str:
    """The client's address, by the platform's one rule (``core.api.throttling.client_address``)."""
    return client_address(request)


def rate_hit(request: HttpRequest, *, scope: str, limit: int, window: int) -> RateDecision:
    """Count one question of ``request``'s client in ``scope``; refused once more than ``limit`` were asked
    in the current ``window`` seconds. ``limit`` 0 turns the limit off."""
    if limit <= 0:
        return RateDecision(allowed=True)
    now = int(time.time())
    slot = now // window
    # Hashed: an address (IPv6, or a header's text) is not always a portable cache key.
    who = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"jiliang:rate:{scope}:{who}:{slot}"
    cache = caches["default"]
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return RateDecision(allowed=True)
    return RateDecision(allowed=False, retry_after=max(1, window - now % window))
