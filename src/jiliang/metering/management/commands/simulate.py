"""``jiliang simulate meters (--units N | --unit USCC …) --interval 15m [--faults] (--mqtt H:P | --http U)``.

Publishes realistic readings of the first N key units' meters: ``--history`` of past data as fast as the
target takes it, then (``--follow``) one reading per meter every interval in real time until interrupted.
``--faults`` injects gaps, rollovers, spikes, flat lines, meter replacements, duplicates, conflicting
repeats, late (out-of-order) data and malformed readings. Over HTTP it issues each unit a fresh ingest
token; over MQTT it publishes with QoS 1 on ``jiliang/v1/readings/<credit code>``. A failed request (network
error, timeout, 408 / 429 / 5xx; over MQTT no PUBACK) is retried ``--retries`` times with doubling waits
from ``--retry-delay``, each failure logged; one given up is skipped — the simulator never exits on it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from paho.mqtt.enums import CallbackAPIVersion

from jiliang.metering import simulation
from jiliang.metering.models import EnergyUnit, Reading
from jiliang.metering.mqtt import parse_broker, topic_for
from jiliang.metering.services import ingest_token_issue
from jiliang.registry.selectors import SYSTEM

_DURATION = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str) -> dt.timedelta:
    """``15m``, ``1h``, ``2d`` → a timedelta."""
    match = _DURATION.match(text.strip())
    if not match:
        raise CommandError(f"{text!r} is not a duration like 15m, 1h or 2d")
    return dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


class Command(BaseCommand):
    help = "Publish simulated meter readings (with optional faults) over MQTT or HTTP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["meters"])
        parser.add_argument("--units", type=int, default=5, help="the first N key units (by registration)")
        parser.add_argument(
            "--unit",
            action="append",
            default=[],
            metavar="USCC",
            help="simulate this unit (credit code) instead; repeatable",
        )
        parser.add_argument("--interval", default="15m")
        parser.add_argument("--history", default="1d", help="past data to send first (0m for none)")
        parser.add_argument("--follow", action="store_true", help="then keep sending in real time")
        parser.add_argument("--faults", action="store_true")
        parser.add_argument("--batch", type=int, default=100, help="readings per message / request")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--retries", type=int, default=5, help="attempts per message / request before it is skipped"
        )
        parser.add_argument(
            "--retry-delay", type=float, default=1.0, help="first wait between attempts, doubling (seconds)"
        )
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--mqtt", metavar="HOST:PORT")
        target.add_argument("--http", metavar="URL", help="the site's base URL, e.g. http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        step = parse_duration(options["interval"])
        history = parse_duration(options["history"])
        rng = random.Random(options["seed"])
        chosen = EnergyUnit.objects.select_related("organization").prefetch_related("meters").order_by("pk")
        if options["unit"]:
            units = list(chosen.filter(organization__uscc__in=options["unit"]))
            missing = set(options["unit"]) - {u.organization.uscc for u in units}
            if missing:
                raise CommandError(f"no key energy-using unit with credit code {', '.join(sorted(missing))}")
        else:
            units = list(chosen[: options["units"]])
        if not units:
            raise CommandError("no key energy-using units: seed or register some first")
        self.policy = simulation.RetryPolicy(attempts=max(1, options["retries"]), base=options["retry_delay"])
        self.failed = 0
        send = (
            self._mqtt_sender(options["mqtt"])
            if options["mqtt"]
            else self._http_sender(options["http"], units)
        )
        states = {u.pk: self._states(u, step, rng) for u in units}
        fault_rate = 0.01 if options["faults"] else 0.0
        now = timezone.now()
        first = now - history
        first = first - dt.timedelta(seconds=first.timestamp() % step.total_seconds())
        count = int(history / step)
        sent = self._send_period(units, states, send, first, count, step, rng, fault_rate, options["batch"])
        self.stdout.write(f"sent {sent} readings of {len(units)} unit(s) from {first.isoformat()}")
        if self.failed:
            self.stderr.write(f"{self.failed} message(s) / request(s) given up after retries (see above)")
        if not options["follow"]:
            return
        ts = first + count * step
        try:
            while True:
                time.sleep(max(0.0, (ts - timezone.now()).total_seconds()))
                sent = self._send_period(units, states, send, ts, 1, step, rng, fault_rate, options["batch"])
                self.stdout.write(f"{ts.isoformat()}: sent {sent}")
                self.stdout.flush()
                ts += step
        except KeyboardInterrupt:
            self.stdout.write("stopped")

    def _states(
        self, unit: EnergyUnit, step: dt.timedelta, rng: random.Random
    ) -> list[simulation.MeterState]:
        states = []
        for meter in unit.meters.all():
            if not meter.active:
                continue
            last = Reading.objects.filter(meter=meter).order_by("-ts").values_list("value", flat=True).first()
            mean = float(unit.annual_tce or 10_000) * 2000 / (365 * 24 * 3600 / step.total_seconds())
            states.append(
                simulation.MeterState(
                    meter.code,
                    meter.kind,
                    mean / float(meter.multiplier),
                    meter.register_max,
                    float(last) if last is not None else rng.uniform(0, 1000),
                )
            )
        return states

    def _send_period(
        self,
        units: list[EnergyUnit],
        states: dict[int, list[simulation.MeterState]],
        send: Callable[[EnergyUnit, list[Any]], None],
        start: dt.datetime,
        count: int,
        step: dt.timedelta,
        rng: random.Random,
        fault_rate: float,
        batch: int,
    ) -> int:
        sent = 0
        for unit in units:
            rows: list[Any] = []
            for state in states[unit.pk]:
                rows += simulation.readings(
                    state, start=start, count=count, step=step, rng=rng, fault_rate=fault_rate
                )
            rows.sort(key=lambda r: r.get("ts", "") if isinstance(r, dict) else "")
            for i in range(0, len(rows), batch):
                send(unit, rows[i : i + batch])
            sent += len(rows)
        return sent

    def _mqtt_sender(self, target: str) -> Callable[[EnergyUnit, list[Any]], None]:
        host, port = parse_broker(target)
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"simulator-{uuid.uuid4().hex[:8]}", protocol=mqtt.MQTTv5
        )
        try:
            client.connect(host, port)
        except OSError as exc:
            raise CommandError(f"cannot reach the MQTT broker at {host}:{port}: {exc}") from exc
        client.loop_start()

        def send(unit: EnergyUnit, rows: list[Any]) -> None:
            payload = json.dumps(rows[0] if len(rows) == 1 else rows)

            def publish() -> None:
                info = client.publish(topic_for(unit.organization.uscc), payload, qos=1)
                try:
                    info.wait_for_publish(timeout=30)
                except (RuntimeError, ValueError) as exc:  # not connected / queue full: paho reconnects
                    raise simulation.SendError(str(exc), retry=True) from exc
                if not info.is_published():
                    raise simulation.SendError("no PUBACK within 30 s", retry=True)

            self._send(publish, f"MQTT {unit.organization.uscc}")

        return send

    def _http_sender(self, base: str, units: list[EnergyUnit]) -> Callable[[EnergyUnit, list[Any]], None]:
        tokens = {u.pk: ingest_token_issue(actor=SYSTEM, unit=u, name="simulator")[1] for u in units}
        url = base.rstrip("/") + "/api/v1/metering/readings"

        def send(unit: EnergyUnit, rows: list[Any]) -> None:
            request = urllib.request.Request(
                url,
                data=json.dumps(rows).encode(),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {tokens[unit.pk]}"},
                method="POST",
            )

            def post() -> None:
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        response.read()
                except urllib.error.HTTPError as exc:
                    retry = exc.code in (408, 429) or exc.code >= 500
                    raise simulation.SendError(
                        f"answered {exc.code}: {exc.read()[:300]!r}", retry=retry
                    ) from exc

            self._send(post, f"POST {url} ({unit.organization.uscc}, {len(rows)} readings)")

        return send

    def _send(self, send_once: Callable[[], None], what: str) -> None:
        """Send with the retry policy; a message given up is logged and counted, and the run goes on."""
        if not simulation.send_with_retry(send_once, policy=self.policy, log=self._log, what=what):
            self.failed += 1

    def _log(self, line: str) -> None:
        self.stderr.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {line}")
        self.stderr.flush()
