"""``jiliang bench-ingest``: readings per second into PostgreSQL through the HTTP path and the MQTT path
(messages of 1 and of 100 readings), against a bare psycopg ``COPY`` of the same kind of rows into the same
indexed, partitioned readings table, in the same run.

Not a test: it measures. ``make bench`` runs it after ``jiliang bench`` and writes the table into
docs/performance.md between the ``<!-- bench-ingest -->`` markers. Needs PostgreSQL and the MQTT broker.

* HTTP: the WSGI application served by a threaded ``wsgiref`` server in this process, JSON requests of
  10 000 readings, each answered after commit (validation, COPY, insert, conflict check, aggregates), sent
  one after the other by one client.
* HTTP, concurrent: the production server (gunicorn, one worker process per core) and one client per core,
  each sending its own unit's readings (units report independently; two clients on the same meters would
  queue on the per-meter aggregate lock) — what the machine takes in when several units send at once.
* MQTT: one ``jiliang ingest mqtt`` worker process; the clock runs from the first publish until the worker
  reports the batch holding the last reading committed (the count in the table is checked after). The
  publisher keeps at most ``WINDOW`` messages unstored, following the worker's reports rather than
  polling the database.
* COPY: psycopg ``COPY metering_reading FROM STDIN`` of pre-built tuples in one transaction — the floor.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import paho.mqtt.client as mqtt
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.db import connection, transaction
from django.utils import timezone
from paho.mqtt.enums import CallbackAPIVersion

from jiliang.config.env import read_env
from jiliang.metering import services
from jiliang.metering.ingest import ensure_partitions
from jiliang.metering.models import DeadLetter, EnergyUnit, Meter, Reading
from jiliang.metering.mqtt import parse_broker, topic_for
from jiliang.registry.models import Organization, Region
from jiliang.registry.selectors import SYSTEM

MARK_START, MARK_END = "<!-- bench-ingest:start -->", "<!-- bench-ingest:end -->"
METERS = 100
#: Messages published but not yet stored, at most, and published at a time (see _mqtt).
WINDOW, CHUNK = 1200, 200
#: Seconds without a committed batch after which the MQTT path counts as stalled.
STALL = 60
STEP = dt.timedelta(minutes=15)


class _Progress:
    """Messages and readings the MQTT worker reports committed (its ``batch of N message(s): accepted A,
    duplicates D, …`` lines)."""

    def __init__(self) -> None:
        self.messages = 0
        self.readings = 0
        self.changed = threading.Event()

    def follow(self, lines: Any) -> None:
        for line in lines:
            match = _BATCH.search(line)
            if match:
                self.messages += int(match["messages"])
                self.readings += int(match["accepted"]) + int(match["duplicates"])
                self.changed.set()

    def wait(self) -> None:
        """Until the worker reports a batch; an error after ``STALL`` seconds without one."""
        if not self.changed.wait(STALL):
            raise CommandError(
                f"the MQTT path stalled after {self.readings} readings: no batch committed for {STALL} s "
                "(did the broker drop messages beyond its queue?)"
            )
        self.changed.clear()


_BATCH = re.compile(
    r"batch of (?P<messages>\d+) message\(s\): accepted (?P<accepted>\d+), duplicates (?P<duplicates>\d+)"
)


class _ThreadingServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self._handle, args=(request, client_address), daemon=True)
        thread.start()

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # Closed at once: a sync worker that accepted an idle connection would wait on it.
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.2)
            continue
        _warm(f"http://127.0.0.1:{port}/accounts/login/", requests=2 * (os.cpu_count() or 2))
        return
    raise CommandError(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


def _warm(url: str, requests: int) -> None:
    """Concurrent requests, so that every worker has loaded the URL map and the API before the clock runs."""

    def get() -> None:
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(url, timeout=60).close()

    threads = [threading.Thread(target=get) for _ in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _post_all(url: str, token: str, bodies: list[bytes]) -> list[str]:
    """POST each body to the ingest endpoint with the unit's token; the rejected readings' reasons."""
    rejected: list[str] = []
    for body in bodies:
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            rejected += [str(r) for r in json.loads(response.read())["rejected"]]
    return rejected


def _rows(codes: list[str], start: dt.datetime, count: int) -> list[dict[str, Any]]:
    """``count`` readings spread over the meters, consecutive 15-minute stamps from ``start``."""
    return [
        {
            "meter": codes[i % len(codes)],
            "ts": (start + (i // len(codes)) * STEP).isoformat(),
            "value": float(i),
        }
        for i in range(count)
    ]


class Command(BaseCommand):
    help = "Measure ingest throughput (HTTP, MQTT 1 and 100 readings/message) against a bare COPY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--readings", type=int, default=100_000, help="readings per path")
        parser.add_argument("--broker", default=read_env().mqtt_url)
        parser.add_argument("--write", help="update this markdown file between the bench-ingest markers")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench-ingest measures PostgreSQL: set DATABASE_URL to a PostgreSQL database")
        n = options["readings"]
        unit = self._unit()
        codes = list(unit.meters.values_list("code", flat=True))
        # Each path writes its own stretch of time, so no path meets another's readings as duplicates.
        span = STEP * (n // METERS + 1)
        base = timezone.now().replace(minute=0, second=0, microsecond=0) - 4 * span - dt.timedelta(days=1)
        results: list[tuple[str, int, float]] = []
        results.append(("bare psycopg COPY", n, self._copy(unit, base, n)))
        results.append(("HTTP, 10 000 readings per request", n, self._http(unit, codes, base + span, n)))
        clients = os.cpu_count() or 2
        results.append(
            (
                f"HTTP, {clients} clients / gunicorn {clients} workers, 10 000 per request",
                n,
                self._http_concurrent([self._unit() for _ in range(clients)], base + span, n),
            )
        )
        for offset, (per_message, count) in enumerate(((100, n), (1, max(1, n // 5)))):
            start = base + span * (2 + offset)
            seconds = self._mqtt(unit, codes, start, count, per_message, options["broker"])
            results.append((f"MQTT, {per_message} reading(s) per message", count, seconds))
        floor = results[0][1] / results[0][2]
        lines = [
            f"Measured {timezone.now():%Y-%m-%d %H:%M %Z} by `jiliang bench-ingest` ({METERS} meters, one "
            "unit; readings table partitioned by month, primary key (meter, ts)) on: "
            f"{self._machine()}.",
            "",
            "| path | readings | seconds | readings / s | vs bare COPY |",
            "|---|---|---|---|---|",
        ]
        for name, count, seconds in results:
            rate = count / seconds
            lines.append(f"| {name} | {count:,} | {seconds:.2f} | {rate:,.0f} | {rate / floor:.1%} |")
        report = "\n".join(lines) + "\n"
        self.stdout.write(report)
        if options["write"]:
            path = Path(options["write"])
            text = path.read_text(encoding="utf-8")
            if MARK_START not in text:
                text += f"\n## Ingest throughput\n\n{MARK_START}\n{MARK_END}\n"
            before, _, rest = text.partition(MARK_START)
            _, _, after = rest.partition(MARK_END)
            path.write_text(f"{before}{MARK_START}\n{report}{MARK_END}{after}", encoding="utf-8")
            self.stdout.write(f"wrote {path}")

    def _machine(self) -> str:
        cpu = "unknown CPU"
        with contextlib.suppress(OSError):  # not Linux: the report says less about the machine
            names = [
                ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")
            ]
            cpu = names[0].split(":", 1)[1].strip() if names else cpu
        with connection.cursor() as cursor:
            cursor.execute("select version()")
            database = cursor.fetchone()[0].split(" on ")[0]
        return f"{os.cpu_count()} cores ({cpu}); Python {platform.python_version()}; {database}"

    def _unit(self) -> EnergyUnit:
        from jiliang.kernels.identifiers import uscc_compose

        org = Organization.objects.create(
            name=f"bench unit {uuid.uuid4().hex[:6]}",
            uscc=uscc_compose(
                authority="9", category="1", region="410305", body8=uuid.uuid4().hex[:8].upper()
            ),
            kind="enterprise",
            is_key_energy_unit=True,
            region=Region.objects.get(code="410305", valid_to__isnull=True),
        )
        unit = services.energy_unit_create(
            actor=SYSTEM, data={"organization": org, "list_membership": "city", "list_year": 2021}
        )
        Meter.objects.bulk_create(
            Meter(
                unit=unit,
                code=f"B{i:03d}",
                name="bench",
                energy_type="electricity",
                level="unit",
                unit_of_measure="kWh",
                kind="interval",
            )
            for i in range(METERS)
        )
        return unit

    def _count(self, unit: EnergyUnit) -> int:
        return Reading.objects.filter(meter__unit=unit).count()

    def _dead(self, unit: EnergyUnit) -> str:
        return "; ".join(str(d) for d in DeadLetter.objects.filter(unit=unit)[:3]) or "none"

    def _copy(self, unit: EnergyUnit, start: dt.datetime, n: int) -> float:
        ids = list(unit.meters.order_by("code").values_list("pk", flat=True))
        now = timezone.now()
        rows = [
            (ids[i % len(ids)], start + (i // len(ids)) * STEP, float(i), now, "http", None) for i in range(n)
        ]
        with transaction.atomic():
            ensure_partitions([r[1] for r in rows])
        started = time.perf_counter()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY metering_reading (meter_id, ts, value, received_at, source, batch_id) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        seconds = time.perf_counter() - started
        return seconds

    def _http(self, unit: EnergyUnit, codes: list[str], start: dt.datetime, n: int) -> float:
        _, token = services.ingest_token_issue(actor=SYSTEM, unit=unit, name="bench")
        server = make_server(
            "127.0.0.1", 0, get_wsgi_application(), server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/metering/readings"
        rows = _rows(codes, start, n)
        bodies = [json.dumps(rows[i : i + 10_000]).encode() for i in range(0, n, 10_000)]
        try:
            started = time.perf_counter()
            rejected = _post_all(url, token, bodies)
            if rejected:
                raise CommandError(f"the bench readings were rejected: {rejected[:3]}")
            return time.perf_counter() - started
        finally:
            server.shutdown()
            server.server_close()

    def _http_concurrent(self, units: list[EnergyUnit], start: dt.datetime, n: int) -> float:
        per_unit = n // len(units)
        posts = []
        warm_codes = []
        for unit in units:
            _, token = services.ingest_token_issue(actor=SYSTEM, unit=unit, name="bench")
            warm_codes.append(list(unit.meters.values_list("code", flat=True)))
            rows = _rows(warm_codes[-1], start, per_unit)
            bodies = [json.dumps(rows[i : i + 10_000]).encode() for i in range(0, per_unit, 10_000)]
            posts.append((token, bodies))
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "jiliang.config.wsgi",
                "--workers",
                str(len(units)),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "300",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            env={**os.environ},
        )
        url = f"http://127.0.0.1:{port}/api/v1/metering/readings"
        errors: list[str] = []

        def send(token: str, bodies: list[bytes]) -> None:
            errors.extend(_post_all(url, token, bodies))

        try:
            _wait_for_port(port)
            # A small ingest per unit, twice and at once, so every worker has run the whole write path
            # (imports, caches, the months' partitions) before the clock starts.
            warm = [
                (token, [json.dumps(_rows(codes, start - (60 + copy) * STEP, len(codes))).encode()])
                for copy in range(2)
                for (token, _), codes in zip(posts, warm_codes, strict=True)
            ]
            warmers = [threading.Thread(target=send, args=post) for post in warm]
            for thread in warmers:
                thread.start()
            for thread in warmers:
                thread.join()
            threads = [threading.Thread(target=send, args=post) for post in posts]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(30)
        stored = sum(self._count(unit) for unit in units) - 2 * sum(len(c) for c in warm_codes)
        if errors or stored != per_unit * len(units):
            raise CommandError(f"concurrent HTTP stored {stored} of {per_unit * len(units)}: {errors[:3]}")
        return seconds * n / (per_unit * len(units))

    def _mqtt(
        self, unit: EnergyUnit, codes: list[str], start: dt.datetime, n: int, per_message: int, broker: str
    ) -> float:
        host, port = parse_broker(broker)
        client_id = f"bench-ingest-{uuid.uuid4().hex[:8]}"
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jiliang.cli",
                "ingest",
                "mqtt",
                "--broker",
                broker,
                "--client-id",
                client_id,
            ],
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert worker.stdout is not None
            for line in worker.stdout:
                if "subscribed" in line:
                    break
            else:
                raise CommandError("the ingest worker did not start")
            # Progress comes from the worker's reports, each printed once its batch has committed; the
            # database is not polled meanwhile (a count would compete with the worker for the two cores).
            committed = _Progress()
            threading.Thread(target=committed.follow, args=(worker.stdout,), daemon=True).start()
            before = self._count(unit)
            rows = _rows(codes, start, n)
            payloads = [
                json.dumps(rows[i] if per_message == 1 else rows[i : i + per_message])
                for i in range(0, n, per_message)
            ]
            publisher = mqtt.Client(
                CallbackAPIVersion.VERSION2, client_id=f"{client_id}-pub", protocol=mqtt.MQTTv5
            )
            publisher.max_inflight_messages_set(1000)
            publisher.connect(host, port)
            publisher.loop_start()
            topic = topic_for(unit.organization.uscc)
            started = time.perf_counter()
            for first in range(0, len(payloads), CHUNK):
                # Keep the backlog inside what the broker holds for the worker's session (its receive
                # maximum in flight plus Mosquitto's max_queued_messages, 1 000 each by default): beyond
                # it the broker drops QoS 1 messages.
                while first + CHUNK - committed.messages > WINDOW:
                    committed.wait()
                for payload in payloads[first : first + CHUNK]:
                    publisher.publish(topic, payload, qos=1)
            while committed.readings < n:
                committed.wait()
            seconds = time.perf_counter() - started
            publisher.disconnect()
            publisher.loop_stop()
            stored = self._count(unit) - before
            if stored != n or DeadLetter.objects.filter(unit=unit).exists():
                raise CommandError(f"{stored} of {n} readings stored; dead letters: {self._dead(unit)}")
            return seconds
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            # Delete the worker's persistent session: connect clean (no session expiry), then leave.
            cleanup = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
            cleanup.connect(host, port, clean_start=True)
            cleanup.loop_start()
            time.sleep(0.3)
            cleanup.disconnect()
            cleanup.loop_stop()
