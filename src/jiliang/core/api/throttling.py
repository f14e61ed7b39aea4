"""API throttles (DRF) whose rates are read from settings at request time (``JILIANG_THROTTLE_RATES``),
and the counter of failed token authentications per client address."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework import exceptions, throttling
from rest_framework.request import Request


def _rate(scope: str | None) -> str | None:
    rates: dict[str, str] = settings.JILIANG_THROTTLE_RATES
    return rates.get(scope or "")


class AnonThrottle(throttling.AnonRateThrottle):
    """Requests without credentials, per client address."""

    def get_rate(self) -> str | None:
        return _rate(self.scope)


class UserThrottle(throttling.UserRateThrottle):
    """Requests per authenticated principal: a user by id, an energy unit's ingest system by unit."""

    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        user = request.user
        if user is not None and getattr(user, "is_authenticated", False):
            unit = getattr(user, "unit", None)
            ident = f"user-{user.pk}" if user.pk is not None else f"unit-{getattr(unit, 'pk', user)}"
            return self.cache_format % {"scope": self.scope, "ident": ident}
        return None


class _Ident(throttling.BaseThrottle):
    """DRF's client address (X-Forwarded-For honoured only for NUM_PROXIES trusted proxies)."""


def client_address(request: Any) -> str:
    """The client's address by the one rule of the platform: ``REMOTE_ADDR``, or behind NUM_PROXIES
    (``JILIANG_PROXY_COUNT``) trusted proxies the X-Forwarded-For entry they appended. API throttles,
    failed-token counts and the public pages' rate limit all use it (a Django or a DRF request)."""
    return str(_Ident().get_ident(request))


def _failure_key(request: Request) -> str:
    return f"jiliang:auth-fail:{client_address(request)}"


def auth_failures_check(request: Request) -> None:
    """Refuse (429) every token request from an address that failed too often in the window."""
    entry = cache.get(_failure_key(request))
    if entry and entry[0] >= settings.JILIANG_API_AUTH_FAILURE_LIMIT:
        wait = max(1, int(entry[1] + settings.JILIANG_API_AUTH_FAILURE_WINDOW - time.time()))
        raise exceptions.Throttled(
            wait=wait, detail=_("Too many failed authentications from this address; try again later.")
        )


def auth_failure_count(request: Request) -> None:
    """Count one failed token authentication of the request's address (the window starts at the first)."""
    key = _failure_key(request)
    window = settings.JILIANG_API_AUTH_FAILURE_WINDOW
    count, started = cache.get(key) or (0, time.time())
    cache.set(key, (count + 1, started), timeout=max(1, int(started + window - time.time())))
