"""The simulator retries a failed request with bounded backoff, logs it, and never exits on one failure.

A real HTTP server on a local port stands in for the ingest endpoint and answers what each test needs
(503 once then 200, always 503, 400, or nothing at all).
"""

from __future__ import annotations

import io
import json
import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command

from jiliang.metering.simulation import RetryPolicy, SendError, send_with_retry
from tests.metering.factories import meter, unit


class _Target:
    """A local server answering the queued status codes in turn, then ``then`` for every request."""

    def __init__(self, answers: list[int], then: int = 200) -> None:
        self.answers, self.then = list(answers), then
        self.requests: list[list[Any]] = []
        target = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                target.requests.append(json.loads(body))
                code = target.answers.pop(0) if target.answers else target.then
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"stored": 0}' if code == 200 else b'{"detail": "try later"}')

            def log_message(self, *args: Any) -> None:  # keep the test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def target() -> Iterator[Any]:
    made: list[_Target] = []

    def make(answers: list[int], then: int = 200) -> _Target:
        made.append(_Target(answers, then))
        return made[-1]

    yield make
    for t in made:
        t.close()


def _simulate(url: str, *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "simulate",
        "meters",
        "--units",
        "1",
        "--interval",
        "1h",
        "--history",
        "3h",
        "--retry-delay",
        "0.01",
        "--http",
        url,
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_simulator_retries_a_request_answered_503_once(target) -> None:  # type: ignore[no-untyped-def]
    meter(unit(), "E1", register_max=1_000_000)
    server = target([503])
    out, err = _simulate(server.url)
    assert len(server.requests) == 2  # the one batch, refused once, then sent again
    assert server.requests[0] == server.requests[1]  # the same readings, not lost and not skipped
    assert "sent 3 readings" in out
    assert "attempt 1 failed (answered 503" in err
    assert "sent on attempt 2" in err


@pytest.mark.django_db
def test_simulator_gives_up_after_bounded_attempts_and_goes_on(target) -> None:  # type: ignore[no-untyped-def]
    meter(unit(), "E1", register_max=1_000_000)
    server = target([], then=503)
    out, err = _simulate(server.url, "--retries", "3", "--batch", "1")
    assert len(server.requests) == 3 * 3  # three batches of one reading, three attempts each
    assert "giving up" in err
    assert "3 message(s) / request(s) given up" in err
    assert "sent 3 readings" in out  # the run finished instead of exiting on the first failure


@pytest.mark.django_db
def test_simulator_does_not_retry_a_refusal_of_the_content(target) -> None:  # type: ignore[no-untyped-def]
    meter(unit(), "E1", register_max=1_000_000)
    server = target([400, 400])
    _out, err = _simulate(server.url, "--batch", "1")
    assert len(server.requests) == 3  # the two refused batches are not sent again; the third goes through
    assert err.count("refused, not retried") == 2


def test_backoff_doubles_up_to_its_cap_and_network_errors_are_retried() -> None:
    policy = RetryPolicy(attempts=6, base=1.0, cap=4.0)
    waits: list[float] = []
    calls = iter([ConnectionRefusedError("refused"), TimeoutError("timed out"), None])

    def once() -> None:
        error = next(calls)
        if error is not None:
            raise error

    assert send_with_retry(once, policy=policy, log=lambda _line: None, sleep=waits.append)
    assert len(waits) == 2
    assert 0.8 <= waits[0] <= 1.2
    assert 1.6 <= waits[1] <= 2.4
    rng = random.Random(1)
    assert all(3.2 <= policy.delay(n, rng) <= 4.8 for n in (3, 4, 10))  # capped

    def always() -> None:
        raise SendError("answered 502", retry=True)

    lines: list[str] = []
    assert not send_with_retry(always, policy=policy, log=lines.append, sleep=lambda _s: None)
    assert len(lines) == 6
    assert "giving up" in lines[-1]
