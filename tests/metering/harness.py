"""Real-process harness for the MQTT tests: a worker database, worker processes, a publisher.

The workers run as separate ``jiliang ingest mqtt`` processes (so they can be killed) against their own
database — a file on SQLite, a fresh database on the PostgreSQL server under test — migrated once per
module. The tests read that database with plain SQL.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import psycopg
from paho.mqtt.enums import CallbackAPIVersion

from jiliang.kernels.identifiers import uscc_compose
from jiliang.metering.mqtt import parse_broker

SETUP = """
from jiliang.metering import services
from jiliang.registry.models import Organization, Region
from jiliang.registry.selectors import SYSTEM
org = Organization.objects.create(
    name={name!r}, uscc={uscc!r}, kind="enterprise", is_key_energy_unit=True,
    region=Region.objects.get(code="410305", valid_to__isnull=True),
)
unit = services.energy_unit_create(
    actor=SYSTEM, data={{"organization": org, "list_membership": "national", "list_year": 2017}}
)
for i in range({meters}):
    services.meter_create(actor=SYSTEM, data={{
        "unit": unit, "code": f"E{{i}}", "name": "incoming", "energy_type": "electricity", "level": "unit",
        "unit_of_measure": "kWh", "kind": "interval", "interval_minutes": 15,
    }})
"""

WORKER_SETTINGS = """
from {base} import *  # noqa: F403
# The worker gives up on a locked SQLite database quickly, so an outage exercises its retry path.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {{**DATABASES["default"].get("OPTIONS", {{}}), "timeout": 0.5}}
"""


class WorkerDatabase:
    """A migrated database for worker processes, and plain-SQL reads of it."""

    def __init__(self, tmp: Path, test_database_url: str | None) -> None:
        self.tmp = tmp
        self.pg_admin_url = ""
        if test_database_url and test_database_url.startswith("postgres"):
            self.name = f"jiliang_mqtt_{uuid.uuid4().hex[:8]}"
            base = test_database_url.rsplit("/", 1)[0]
            self.pg_admin_url = test_database_url.replace("postgres://", "postgresql://", 1)
            self.url = f"{base}/{self.name}"
            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {self.name}")
        else:
            self.name = str(tmp / "worker.sqlite3")
            self.url = f"sqlite:///{self.name}"
        settings_dir = tmp / "settings"
        settings_dir.mkdir(exist_ok=True)
        base = os.environ.get("DJANGO_SETTINGS_MODULE", "jiliang.config.settings.test")
        (settings_dir / "worker_settings.py").write_text(WORKER_SETTINGS.format(base=base))
        self.env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "worker_settings",
            "PYTHONPATH": os.pathsep.join([str(settings_dir), os.environ.get("PYTHONPATH", "")]),
            "JILIANG_DATA_DIR": str(tmp / "data"),
        }
        self.jiliang("migrate", "-v0")

    @property
    def is_postgres(self) -> bool:
        return bool(self.pg_admin_url)

    def jiliang(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "jiliang.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def add_unit(self, meters: int = 5) -> str:
        """A key unit with meters E0…E{meters-1}; returns its credit code."""
        uscc = uscc_compose(authority="9", category="1", region="410305", body8=uuid.uuid4().hex[:8].upper())
        self.jiliang("shell", "-c", SETUP.format(name=f"MQTT test {uscc}", uscc=uscc, meters=meters))
        return uscc

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.is_postgres:
            with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as conn:
                return conn.execute(sql.replace("?", "%s"), params).fetchall()
        with sqlite3.connect(self.name, timeout=30) as conn:
            return conn.execute(sql, params).fetchall()

    def broker_alerts(self) -> list[tuple[str, str, int | None]]:
        """(kind, detail, dropped) of every broker alert the workers raised."""
        return self.query("SELECT kind, detail, dropped FROM metering_brokeralert ORDER BY id")

    def readings(self, uscc: str) -> list[tuple[str, float]]:
        """(meter code, value) of every stored reading of a unit."""
        return [
            (code, float(value))
            for code, value in self.query(
                "SELECT m.code, r.value FROM metering_reading r JOIN metering_meter m ON m.id = r.meter_id "
                "JOIN metering_energyunit u ON u.id = m.unit_id "
                "JOIN registry_organization o ON o.id = u.organization_id WHERE o.uscc = ?",
                (uscc,),
            )
        ]

    def dead_letters(self, topic: str) -> list[str]:
        return [
            r[0] for r in self.query("SELECT reason FROM metering_deadletter WHERE reference = ?", (topic,))
        ]

    @contextmanager
    def outage(self) -> Iterator[None]:
        """The database is unavailable inside the block: an exclusive lock (SQLite), or connections
        refused and the existing ones terminated (PostgreSQL)."""
        if not self.is_postgres:
            conn = sqlite3.connect(self.name, timeout=30, isolation_level=None)
            conn.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                conn.execute("ROLLBACK")
                conn.close()
            return
        with psycopg.connect(self.pg_admin_url, autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {self.name} ALLOW_CONNECTIONS false")
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (self.name,)
            )
            try:
                yield
            finally:
                admin.execute(f"ALTER DATABASE {self.name} ALLOW_CONNECTIONS true")

    def drop(self) -> None:
        if self.is_postgres:
            with psycopg.connect(self.pg_admin_url, autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (self.name,)
                )
                admin.execute(f"DROP DATABASE IF EXISTS {self.name}")


class Worker:
    """One ``jiliang ingest mqtt`` process and the lines it printed."""

    def __init__(
        self,
        db: WorkerDatabase,
        broker: str,
        client_id: str,
        shared: str = "",
        broker_config: str | None = None,
    ) -> None:
        self.client_id = client_id
        command = [sys.executable, "-m", "jiliang.cli", "ingest", "mqtt", "--broker", broker]
        command += ["--client-id", client_id]
        if broker_config is not None:
            command += ["--broker-config", broker_config]
        if shared:
            command += ["--shared", shared]
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            command, env=db.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"worker never printed {text!r}; output:\n" + "\n".join(self.lines))

    def accepted(self) -> int:
        return sum(
            int(line.split("accepted ", 1)[1].split(",", 1)[0]) for line in self.lines if "accepted " in line
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        self._reader.join(timeout=5)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


class Publisher:
    """A QoS 1 publisher that waits for the broker to acknowledge everything it sent."""

    def __init__(self, broker: str) -> None:
        host, port = parse_broker(broker)
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"test-pub-{uuid.uuid4().hex[:8]}", protocol=mqtt.MQTTv5
        )
        self.client.max_inflight_messages_set(100)
        self.client.connect(host, port)
        self.client.loop_start()
        self.pending: list[mqtt.MQTTMessageInfo] = []

    def publish(self, topic: str, payload: str | bytes) -> None:
        self.pending.append(self.client.publish(topic, payload, qos=1))

    def flush(self, timeout: float = 30) -> None:
        for info in self.pending:
            info.wait_for_publish(timeout=timeout)
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        self.client.disconnect()
        self.client.loop_stop()


def forget_session(broker: str, client_id: str) -> None:
    """Delete a worker's persistent session from the broker (connect clean with no expiry)."""
    host, port = parse_broker(broker)
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
    client.connect(host, port, clean_start=True)
    client.loop_start()
    time.sleep(0.2)
    client.disconnect()
    client.loop_stop()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


#: The broker configuration the project ships (deploy/broker starts it for make test, make demo and CI).
SHIPPED_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "mosquitto.conf"


class Broker:
    """A Mosquitto of the test's own on a free port, with the options given (others at their defaults)."""

    def __init__(self, tmp: Path, options: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.config = tmp / "mosquitto.conf"
        self.config.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\n{options}\n")
        self.process = subprocess.Popen(
            ["mosquitto", "-c", str(self.config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.url = f"mqtt://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.05)
        raise AssertionError(f"mosquitto did not start on port {self.port}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
