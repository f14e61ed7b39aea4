"""The MQTT ingest worker against the real Mosquitto broker: crash, database outage, malformed storm,
shared subscription. Skipped with the reason when no broker answers; failed instead with
JILIANG_REQUIRE_SERVICES=1."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from jiliang.config.env import read_env
from jiliang.metering.mqtt import parse_broker, topic_for
from tests.metering.harness import (
    SHIPPED_CONFIG,
    Broker,
    Publisher,
    Worker,
    WorkerDatabase,
    forget_session,
    wait_until,
)

pytestmark = pytest.mark.mqtt
START = dt.datetime(2025, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _broker_reason(url: str) -> str | None:
    host, port = parse_broker(url)
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as exc:
        return f"no MQTT broker at {url}: {exc}"


@pytest.fixture(scope="module")
def broker() -> str:
    env = read_env()
    reason = _broker_reason(env.mqtt_url)
    if reason is not None:
        if env.require_services:
            pytest.fail(f"{reason}; JILIANG_REQUIRE_SERVICES=1 forbids skipping")
        pytest.skip(reason)
    return env.mqtt_url


@pytest.fixture(scope="module")
def worker_db(tmp_path_factory: pytest.TempPathFactory, broker: str) -> Iterator[WorkerDatabase]:
    db = WorkerDatabase(tmp_path_factory.mktemp("mqtt"), os.environ.get("DATABASE_URL"))
    yield db
    db.drop()


@pytest.fixture
def workers(worker_db: WorkerDatabase, broker: str) -> Iterator[list[Worker]]:
    """Workers started by a test; all stopped, and their broker sessions deleted, at the end."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()
    for client_id in {w.client_id for w in started}:
        forget_session(broker, client_id)


def _start(
    workers: list[Worker],
    db: WorkerDatabase,
    broker: str,
    client_id: str,
    shared: str = "",
    broker_config: str | None = None,
) -> Worker:
    worker = Worker(db, broker, client_id, shared, broker_config)
    workers.append(worker)
    worker.wait_for("subscribed to")
    return worker


def _reading(n: int, meters: int = 5) -> str:
    """Message n: one interval reading whose value is n (so every message is recognisable)."""
    ts = START + dt.timedelta(minutes=15 * (n // meters))
    return json.dumps({"meter": f"E{n % meters}", "ts": ts.isoformat(), "value": n})


def test_a_killed_worker_resumes_its_session_and_every_reading_is_stored_exactly_once(
    worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    uscc = worker_db.add_unit()
    client_id = f"test-crash-{uuid.uuid4().hex[:8]}"
    first = _start(workers, worker_db, broker, client_id)
    publisher = Publisher(broker)
    for n in range(300):
        publisher.publish(topic_for(uscc), _reading(n))
    wait_until(lambda: len(worker_db.readings(uscc)) > 0, 30, "the first readings")
    first.kill()  # mid-stream: whatever was not acknowledged stays with the broker
    for n in range(300, 600):
        publisher.publish(topic_for(uscc), _reading(n))
    publisher.close()
    second = _start(workers, worker_db, broker, client_id)
    assert "session present: True" in second.wait_for("connected")
    wait_until(lambda: len(worker_db.readings(uscc)) >= 600, 60, "all 600 readings")
    time.sleep(0.5)
    values = sorted(v for _, v in worker_db.readings(uscc))
    assert values == [float(n) for n in range(600)]


def test_the_worker_waits_out_a_database_outage_and_loses_nothing(
    worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    uscc = worker_db.add_unit()
    worker = _start(workers, worker_db, broker, f"test-outage-{uuid.uuid4().hex[:8]}")
    publisher = Publisher(broker)
    for n in range(50):
        publisher.publish(topic_for(uscc), _reading(n))
    publisher.flush()
    wait_until(lambda: len(worker_db.readings(uscc)) == 50, 30, "the readings before the outage")
    with worker_db.outage():
        for n in range(50, 150):
            publisher.publish(topic_for(uscc), _reading(n))
        publisher.flush()
        worker.wait_for("database unavailable", timeout=30)
        time.sleep(2)
    publisher.close()
    wait_until(lambda: len(worker_db.readings(uscc)) >= 150, 60, "the readings sent during the outage")
    assert sorted(v for _, v in worker_db.readings(uscc)) == [float(n) for n in range(150)]


def test_a_storm_of_malformed_messages_is_dead_lettered_and_good_readings_are_unaffected(
    worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    uscc = worker_db.add_unit()
    topic = topic_for(uscc)
    _start(workers, worker_db, broker, f"test-storm-{uuid.uuid4().hex[:8]}")
    publisher = Publisher(broker)
    storm = [
        b"{not json",
        b"\xff\xfe\x00",
        b'"a string"',
        b'{"meter": "E1"}',
        b'[{"meter": "NOPE", "ts": "2025-03-01T00:00:00+08:00", "value": 1}]',
        b'{"meter": "E1", "ts": "2025-03-01T00:00:00", "value": 1}',
    ]
    for n in range(100):
        publisher.publish(topic, _reading(n))
        for bad in storm[n % 2 :: 2]:
            publisher.publish(topic, bad)
    publisher.close()
    wait_until(lambda: len(worker_db.dead_letters(topic)) >= 300, 60, "300 dead letters")
    wait_until(lambda: len(worker_db.readings(uscc)) >= 100, 30, "the 100 good readings")
    assert sorted(v for _, v in worker_db.readings(uscc)) == [float(n) for n in range(100)]
    reasons = worker_db.dead_letters(topic)
    assert len(reasons) == 300
    assert {r.split(":")[0] for r in reasons} >= {"not valid JSON", "missing ts, value"}
    assert any("unknown meter 'NOPE'" in r for r in reasons)
    assert any("no UTC offset" in r for r in reasons)


def test_two_workers_on_a_shared_subscription_store_every_reading_once(
    worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    uscc = worker_db.add_unit()
    group = f"test{uuid.uuid4().hex[:8]}"
    pair = [
        _start(workers, worker_db, broker, f"test-shared-{i}-{uuid.uuid4().hex[:8]}", shared=group)
        for i in range(2)
    ]
    publisher = Publisher(broker)
    for n in range(400):
        publisher.publish(topic_for(uscc), _reading(n))
    publisher.close()
    wait_until(lambda: len(worker_db.readings(uscc)) >= 400, 60, "all 400 readings")
    wait_until(lambda: sum(w.accepted() for w in pair) >= 400, 10, "both workers to report")
    assert sorted(v for _, v in worker_db.readings(uscc)) == [float(n) for n in range(400)]
    assert sum(w.accepted() for w in pair) == 400  # each message went to exactly one worker
    assert all(w.accepted() > 0 for w in pair)  # and both took a share


def test_the_simulators_readings_flow_through_mqtt_with_their_faults_flagged(
    worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    """Issue 8's "done when": ``jiliang simulate meters --faults --mqtt`` → the worker → stored readings
    and the quality flags the unit page lists (read with the page's own selector)."""
    uscc = worker_db.add_unit(meters=3)
    _start(workers, worker_db, broker, f"test-sim-{uuid.uuid4().hex[:8]}")
    host, port = parse_broker(broker)
    worker_db.jiliang(
        "simulate", "meters", "--unit", uscc, "--interval", "15m", "--history", "3d",
        "--faults", "--seed", "3", "--mqtt", f"{host}:{port}",
    )  # fmt: skip
    sent = 3 * 3 * 96
    wait_until(lambda: len(worker_db.readings(uscc)) >= 0.9 * sent, 60, "the simulated readings")
    time.sleep(1)  # the last batch's aggregates commit with it; let a late batch land
    stored = len(worker_db.readings(uscc))
    assert 0.9 * sent <= stored <= sent  # gaps were injected; duplicates and malformed ones are not stored
    flags = worker_db.jiliang(
        "shell",
        "-c",
        "import json\n"
        "from jiliang.metering.models import EnergyUnit\n"
        "from jiliang.metering.selectors import unit_open_flags\n"
        f"u = EnergyUnit.objects.get(organization__uscc='{uscc}')\n"
        "print(json.dumps(sorted({f.kind for f in unit_open_flags(unit=u)})))",
    )
    kinds = json.loads(flags.strip().splitlines()[-1])
    assert kinds, "the injected faults were flagged"
    assert set(kinds) <= {"gap", "spike", "flat", "future", "rollover", "replacement", "unverified"}


#: The messages that each killed ``jiliang ingest mqtt`` for good before (issue #12 item 1): out-of-range
#: timestamps (OverflowError), a 400-digit integer (OverflowError), 100 000 nested arrays (RecursionError).
POISON = [
    b'{"meter": "E1", "ts": "0001-01-01T00:00:00+08:00", "value": 1}',
    b'{"meter": "E1", "ts": "9999-12-31T23:00-05:00", "value": 1}',
    b'{"meter": "E1", "ts": "2025-03-01T00:00:00+08:00", "value": ' + b"9" * 400 + b"}",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"meter": "E1", "ts": "2025-03-01T00:15:00+08:00", "value": 1e300}',
    b'{"meter": "E1", "ts": "1900-01-01T00:00:00+08:00", "value": 1}',
]


def test_poison_messages_are_dead_lettered_and_the_worker_stores_the_reading_behind_them(
    worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    uscc = worker_db.add_unit()
    topic = topic_for(uscc)
    worker = _start(workers, worker_db, broker, f"test-poison-{uuid.uuid4().hex[:8]}")
    publisher = Publisher(broker)
    for poison in POISON:
        publisher.publish(topic, poison)
    publisher.publish(topic, _reading(7))  # the valid reading behind them
    publisher.close()
    wait_until(lambda: len(worker_db.readings(uscc)) == 1, 30, "the valid reading after the poison")
    wait_until(lambda: len(worker_db.dead_letters(topic)) == len(POISON), 30, "a dead letter per poison")
    assert worker.alive()
    assert [v for _, v in worker_db.readings(uscc)] == [7.0]
    reasons = " | ".join(worker_db.dead_letters(topic))
    for expected in ("out of range", "beyond any meter's range", "nested", "before 2000-01-01"):
        assert expected in reasons


def test_the_shipped_broker_keeps_every_reading_through_kills_an_outage_and_restarts(
    worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    """Issue #12 item 2: with Mosquitto's default queue of 1 000, readings published while the worker was
    away were dropped although every publisher had its PUBACK. 2 400 readings here, 1 500 of them while no
    worker runs, a database outage in the middle: every one stored exactly once."""
    uscc = worker_db.add_unit()
    topic = topic_for(uscc)
    client_id = f"test-shipped-{uuid.uuid4().hex[:8]}"
    first = _start(workers, worker_db, broker, client_id, broker_config=str(SHIPPED_CONFIG))
    assert not [line for line in first.lines if "WARNING" in line and "max_queued" in line]
    publisher = Publisher(broker)
    for n in range(300):
        publisher.publish(topic, _reading(n))
    publisher.flush()
    wait_until(lambda: len(worker_db.readings(uscc)) >= 100, 30, "the first readings")
    first.kill()
    for n in range(300, 1800):  # more than Mosquitto's default queue, with no worker connected
        publisher.publish(topic, _reading(n))
    publisher.flush()
    with worker_db.outage():
        second = _start(workers, worker_db, broker, client_id)
        second.wait_for("database unavailable", timeout=30)
        for n in range(1800, 2100):
            publisher.publish(topic, _reading(n))
        publisher.flush()
    wait_until(lambda: len(worker_db.readings(uscc)) > 1800, 60, "readings after the outage")
    second.kill()
    for n in range(2100, 2400):
        publisher.publish(topic, _reading(n))
    publisher.close()
    _start(workers, worker_db, broker, client_id)
    wait_until(lambda: len(worker_db.readings(uscc)) >= 2400, 90, "all 2 400 readings")
    time.sleep(0.5)
    assert sorted(v for _, v in worker_db.readings(uscc)) == [float(n) for n in range(2400)]


def test_a_broker_that_would_drop_is_warned_at_start_and_each_drop_raises_an_alert(
    tmp_path: Path, worker_db: WorkerDatabase, broker: str, workers: list[Worker]
) -> None:
    small = Broker(tmp_path, "max_queued_messages 20\nsys_interval 1")
    try:
        uscc = worker_db.add_unit()
        client_id = f"test-drops-{uuid.uuid4().hex[:8]}"
        first = _start(workers, worker_db, small.url, client_id, broker_config=str(small.config))
        warning = first.wait_for("max_queued_messages is 20")
        assert warning.startswith("WARNING:")
        assert "persistence is off" in first.wait_for("persistence is off")
        first.kill()
        publisher = Publisher(small.url)
        for n in range(60):
            publisher.publish(topic_for(uscc), _reading(n))
        publisher.close()
        second = _start(workers, worker_db, small.url, client_id, broker_config=str(small.config))
        assert "WARNING" in second.wait_for("the broker dropped messages", timeout=30)
        wait_until(
            lambda: any(kind == "dropped" for kind, _, _ in worker_db.broker_alerts()), 10, "a drop alert"
        )
        dropped = [d for kind, _, d in worker_db.broker_alerts() if kind == "dropped"]
        assert dropped[-1] is not None
        assert dropped[-1] >= 40
        kinds = {kind for kind, _, _ in worker_db.broker_alerts()}
        assert "limits" in kinds
        for worker in workers:
            worker.stop()
        workers.clear()
    finally:
        small.stop()
