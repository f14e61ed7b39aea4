"""The public check's rate limit: per client address, per window, 429 with a message and Retry-After."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client, RequestFactory

from jiliang.portal import throttling
from jiliang.portal.throttling import client_ip, rate_hit

pytestmark = pytest.mark.django_db

CHECK = "/public/check/"


@pytest.fixture
def limit_three(settings):  # type: ignore[no-untyped-def]
    settings.JILIANG_PUBLIC_CHECK_LIMIT = 3
    settings.JILIANG_PUBLIC_CHECK_WINDOW = 600


def test_walking_numbers_is_stopped_with_429_and_a_message(limit_three, english) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [client.get(CHECK, {"number": f"JD2026-0001-{n:06d}"}).status_code for n in range(1, 4)]
    assert statuses == [404, 404, 404]
    refused = client.get(CHECK, {"number": "JD2026-0001-000004"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 600
    body = refused.content.decode()
    assert 'data-state="throttled"' in body
    assert "Too many checks from your network" in body
    # The QR link counts too: a check code is no way around the limit.
    assert client.get(f"{CHECK}ABCDEFGHJKLM/").status_code == 429


def test_the_limit_is_per_client_and_the_empty_form_is_free(limit_three) -> None:  # type: ignore[no-untyped-def]
    busy = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        busy.get(CHECK, {"number": "X"})
    assert busy.get(CHECK, {"number": "X"}).status_code == 429
    assert busy.get(CHECK).status_code == 200  # the form itself asks nothing
    assert Client(REMOTE_ADDR="198.51.100.2").get(CHECK, {"number": "X"}).status_code == 404


def test_the_count_starts_again_in_the_next_window(limit_three) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="203.0.113.7")
    with mock.patch.object(throttling.time, "time", return_value=1_800_000_000.0):
        for _ in range(3):
            client.get(CHECK, {"number": "X"})
        assert client.get(CHECK, {"number": "X"}).status_code == 429
    with mock.patch.object(throttling.time, "time", return_value=1_800_000_600.0):
        assert client.get(CHECK, {"number": "X"}).status_code == 404


def test_limit_zero_turns_it_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.JILIANG_PUBLIC_CHECK_LIMIT = 0
    request = RequestFactory().get(CHECK)
    assert all(rate_hit(request, scope="t", limit=0, window=60).allowed for _ in range(100))


def test_behind_a_proxy_the_entry_it_appended_names_the_client(settings) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().get(CHECK, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert client_ip(request) == "10.0.0.1"  # not trusted unless configured
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert client_ip(request) == "203.0.113.9"  # the entry our proxy appended, not the forgeable first
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    assert client_ip(request) == "1.2.3.4"
    bare = RequestFactory().get(CHECK, REMOTE_ADDR="10.0.0.1")
    assert client_ip(bare) == "10.0.0.1"  # no header: the socket's address
