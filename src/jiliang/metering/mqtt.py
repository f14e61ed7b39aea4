"""The MQTT ingest worker: ``jiliang/v1/readings/<credit code>`` → :func:`metering.ingest.readings_ingest`.

Delivery guarantee: at least once from the broker, exactly once in the database.

* MQTT v5, QoS 1, a persistent session (``clean_start=False`` with a session expiry) and manual
  acknowledgement: a message is acknowledged (PUBACK) only after the transaction holding its readings —
  or its dead letter — has committed. A worker killed in between leaves the message unacknowledged and the
  broker delivers it again when the worker (same client id) reconnects; the (meter, ts) key turns the
  repeat into a duplicate.
* A database error (outage, lock, terminated connection) is retried with exponential backoff, without
  acknowledging; the broker holds further messages once the in-flight window is full.
* ``--shared GROUP`` subscribes to ``$share/GROUP/jiliang/v1/readings/+``: several workers split the
  messages, each delivered to one of them.
* The broker must hold a day of readings for a worker that is away: at start-up the worker reads the
  broker's configuration (``broker_config``) and warns when its queue limits or persistence would drop
  data; while it runs it watches ``$SYS/broker/publish/messages/dropped``. Either raises a
  ``BrokerAlert`` and a ``WARNING`` line (``metering.broker``).
* Acknowledgements carry the packet id of the connection the message came in on; after a reconnect the
  broker redelivers what was not acknowledged, so messages of an older connection are never acknowledged.

The network loop runs in paho's thread and only queues messages; the worker thread batches them (up to
``batch_messages`` messages or ``MAX_READINGS`` readings) into one transaction.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from jiliang.metering import services
from jiliang.metering.broker import DROPPED_TOPIC, broker_config_read, broker_limit_problems
from jiliang.metering.choices import BrokerAlertKind, ReadingSource
from jiliang.metering.ingest import MAX_READINGS, Part, PayloadError, parse_json_payload, payload_dead_letter
from jiliang.metering.ingest import readings_ingest as ingest
from jiliang.metering.models import EnergyUnit
from jiliang.metering.selectors import daily_messages_expected

log = logging.getLogger(__name__)

TOPIC_PREFIX = "jiliang/v1/readings/"
TOPIC_FILTER = TOPIC_PREFIX + "+"
#: How long the broker keeps a disconnected worker's session (and its unacknowledged messages), seconds.
SESSION_EXPIRY = 7 * 24 * 3600
UNIT_CACHE_SECONDS = 60.0


def topic_for(uscc: str) -> str:
    """The topic a unit publishes its readings on."""
    return TOPIC_PREFIX + uscc


def parse_broker(url: str) -> tuple[str, int]:
    """``mqtt://host:port`` or ``host:port`` → (host, port)."""
    parts = urlsplit(url if "://" in url else f"mqtt://{url}")
    return parts.hostname or "127.0.0.1", parts.port or 1883


@dataclass(frozen=True)
class WorkerConfig:
    host: str = "127.0.0.1"
    port: int = 1883
    client_id: str = "jiliang-ingest"
    shared_group: str = ""
    keepalive: int = 30
    inflight: int = 1000
    batch_messages: int = 1000
    batch_wait: float = 0.05
    max_backoff: float = 30.0
    broker_config: str = ""


@dataclass(frozen=True)
class _Message:
    topic: str
    payload: bytes
    mid: int
    qos: int
    generation: int


class IngestWorker:
    """Subscribe, batch, ingest, acknowledge. ``run()`` blocks until ``stop()``."""

    def __init__(self, config: WorkerConfig, report: Callable[[str], None] = print) -> None:
        self.config = config
        self.report = report
        self.messages: queue.Queue[_Message] = queue.Queue()
        self.stopping = threading.Event()
        self.subscribed = threading.Event()
        self.generation = 0
        self.processed = 0
        self.broker_stats: queue.Queue[bytes] = queue.Queue()
        self.dropped_seen: int | None = None
        self._units: dict[str, tuple[int | None, float]] = {}
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=config.client_id,
            protocol=mqtt.MQTTv5,
            manual_ack=True,
        )
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self.client.on_disconnect = self._on_disconnect

    @property
    def topic_filter(self) -> str:
        if self.config.shared_group:
            return f"$share/{self.config.shared_group}/{TOPIC_FILTER}"
        return TOPIC_FILTER

    # --- network thread --------------------------------------------------------------------------------

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if reason.is_failure:
            self.report(f"connect refused: {reason}")
            return
        self.generation += 1
        self.report(f"connected (session present: {flags.session_present})")
        # $SYS is never part of a shared subscription: every worker watches the drop counter itself.
        client.subscribe([(self.topic_filter, 1), (DROPPED_TOPIC, 0)])

    def _on_subscribe(self, client: mqtt.Client, userdata: Any, mid: int, reasons: Any, props: Any) -> None:
        self.report(f"subscribed to {self.topic_filter}")
        self.subscribed.set()

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if not self.stopping.is_set():
            self.report(f"disconnected ({reason}); reconnecting")

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        if message.topic == DROPPED_TOPIC:
            self.broker_stats.put(bytes(message.payload))
            return
        self.messages.put(
            _Message(message.topic, bytes(message.payload), message.mid, message.qos, self.generation)
        )

    # --- worker thread ---------------------------------------------------------------------------------

    def connect(self) -> None:
        properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        properties.SessionExpiryInterval = SESSION_EXPIRY
        properties.ReceiveMaximum = self.config.inflight
        self.client.reconnect_delay_set(min_delay=1, max_delay=10)
        self.client.connect(
            self.config.host,
            self.config.port,
            keepalive=self.config.keepalive,
            clean_start=False,
            properties=properties,
        )
        self.client.loop_start()

    def run(self) -> None:
        # Everything loaded so far (Django, the apps) lives as long as the process: keep it out of the
        # collector's full passes, which otherwise walk it again and again while batches are parsed.
        gc.freeze()
        self.connect()
        self._check_limits()
        try:
            while not self.stopping.is_set():
                batch = self._next_batch()
                if batch:
                    self.process(batch)
                self._watch_broker()
        finally:
            self.client.disconnect()
            self.client.loop_stop()

    def stop(self) -> None:
        self.stopping.set()

    @property
    def broker_name(self) -> str:
        return f"{self.config.host}:{self.config.port}"

    def _alert(self, kind: str, detail: str, dropped: int | None = None) -> None:
        self.report(f"WARNING: {detail}")
        log.warning("broker %s: %s", self.broker_name, detail)
        try:
            services.broker_alert_raise(
                kind=kind,
                broker=self.broker_name,
                worker=self.config.client_id,
                detail=detail,
                dropped=dropped,
            )
        except DatabaseError as exc:  # the warning line stands; the database may be away
            self.report(f"the alert could not be recorded: {_describe(exc)}")
            with contextlib.suppress(DatabaseError):
                connection.close()

    def _check_limits(self) -> None:
        """Warn when the broker's configuration would drop a day of readings (see ``metering.broker``)."""
        path = self.config.broker_config
        config = broker_config_read(path) if path else None
        if config is None:
            self._alert(
                BrokerAlertKind.UNCHECKED,
                "the broker's queue limits were not checked: no readable configuration at "
                f"{path or '(none)'} (JILIANG_MQTT_BROKER_CONFIG); readings may be dropped while workers "
                "are away",
            )
            return
        try:
            daily = daily_messages_expected()
        except DatabaseError:
            daily = 0
        for problem in broker_limit_problems(config, daily_messages=daily):
            self._alert(BrokerAlertKind.LIMITS, f"{path}: {problem}")

    def _watch_broker(self) -> None:
        """Any rise of the broker's dropped-message total is an alert; the first value seen is one when it
        is not zero (the broker dropped messages since it started, perhaps while no worker ran)."""
        while True:
            try:
                payload = self.broker_stats.get_nowait()
            except queue.Empty:
                return
            try:
                total = int(payload.decode().strip())
            except (UnicodeDecodeError, ValueError):
                continue
            previous, self.dropped_seen = self.dropped_seen, total
            if total > (previous or 0):
                since = (
                    "since it started"
                    if previous is None
                    else f"in the last interval ({total - previous} more)"
                )
                self._alert(
                    BrokerAlertKind.DROPPED,
                    f"the broker dropped messages {since}: {total} in all; readings may be lost",
                    dropped=total,
                )

    def _next_batch(self) -> list[_Message]:
        try:
            first = self.messages.get(timeout=0.5)
        except queue.Empty:
            return []
        batch, size = [first], first.payload.count(b"{") or 1
        deadline = time.monotonic() + self.config.batch_wait
        while len(batch) < self.config.batch_messages and size < MAX_READINGS:
            try:
                message = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            batch.append(message)
            size += message.payload.count(b"{") or 1
        return batch

    def _unit_id(self, uscc: str) -> int | None:
        cached = self._units.get(uscc)
        if cached is not None and time.monotonic() - cached[1] < UNIT_CACHE_SECONDS:
            return cached[0]
        unit_id = EnergyUnit.objects.filter(organization__uscc=uscc).values_list("pk", flat=True).first()
        self._units[uscc] = (unit_id, time.monotonic())
        return unit_id

    def _store(self, batch: list[_Message]) -> None:
        """One transaction: the batch's readings and the dead letters of unreadable payloads; reported
        once committed."""
        result = None
        with transaction.atomic():
            parts: list[Part] = []
            for message in batch:
                uscc = message.topic.removeprefix(TOPIC_PREFIX)
                unit_id = self._unit_id(uscc) if message.topic.startswith(TOPIC_PREFIX) else None
                try:
                    rows = parse_json_payload(message.payload)
                except Exception as exc:  # any unreadable payload is kept, never fatal
                    reason = (
                        str(exc) if isinstance(exc, PayloadError) else f"not readable ({type(exc).__name__})"
                    )
                    payload_dead_letter(
                        source=ReadingSource.MQTT,
                        unit_id=unit_id,
                        reference=message.topic,
                        payload=message.payload,
                        reason=reason,
                    )
                    continue
                parts.append(Part(unit_id=unit_id, rows=rows, reference=message.topic))
            if parts:
                result = ingest(parts=parts, source=ReadingSource.MQTT)
        if result is not None:
            self.report(
                f"batch of {len(batch)} message(s): accepted {result.accepted}, duplicates "
                f"{result.duplicates}, conflicts {result.conflicts}, rejected {len(result.rejected)}"
            )

    def process(self, batch: list[_Message]) -> None:
        """Store a batch (retrying database errors with backoff), then acknowledge its messages."""
        delay = 0.5
        while True:
            try:
                try:
                    self._store(batch)
                except (OperationalError, InterfaceError):
                    raise
                except Exception as exc:
                    # Not an outage: something in the batch the database (or the code) refuses. Take each
                    # message apart, so the one that fails is dead-lettered and the others are stored.
                    log.exception("batch refused; storing its %d message(s) one by one", len(batch))
                    self._dead_letter_each(batch, f"could not be stored: {_describe(exc)}")
                break
            except (OperationalError, InterfaceError) as exc:
                self.report(f"database unavailable ({str(exc).strip()[:120]}); retrying in {delay:.1f} s")
                with contextlib.suppress(DatabaseError):
                    connection.close()
                if self.stopping.wait(delay):
                    return  # stopping: leave the batch unacknowledged, the broker keeps it
                delay = min(delay * 2, self.config.max_backoff)
        for message in batch:
            if message.generation == self.generation:
                self.client.ack(message.mid, message.qos)
        self.processed += len(batch)

    def _dead_letter_each(self, batch: list[_Message], reason: str) -> None:
        """Retry the messages of a refused batch one by one; dead-letter the one that is refused, with its own
        reason (``reason`` is the batch's, for a message that fails alone the same way)."""
        for message in batch:
            try:
                self._store([message])
            except (OperationalError, InterfaceError):
                raise
            except Exception as exc:
                log.exception("message on %s refused; dead-lettered", message.topic[:200])
                try:
                    payload_dead_letter(
                        source=ReadingSource.MQTT,
                        unit_id=None,
                        reference=message.topic,
                        payload=message.payload,
                        reason=f"could not be stored: {_describe(exc)}" if len(batch) > 1 else reason,
                    )
                except (OperationalError, InterfaceError):
                    raise
                except Exception as lost:
                    self.report(
                        f"message on {message.topic[:200]} could not be kept at all: {_describe(lost)}"
                    )


def _describe(exc: BaseException) -> str:
    """A short reason for a dead letter: the exception's kind and message, bounded."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__
