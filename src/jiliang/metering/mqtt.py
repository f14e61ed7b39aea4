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

from jiliang.metering.choices import ReadingSource
from jiliang.metering.ingest import MAX_READINGS, Part, PayloadError, parse_json_payload, payload_dead_letter
from jiliang.metering.ingest import readings_ingest as ingest
from jiliang.metering.models import EnergyUnit

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
        client.subscribe(self.topic_filter, qos=1)

    def _on_subscribe(self, client: mqtt.Client, userdata: Any, mid: int, reasons: Any, props: Any) -> None:
        self.report(f"subscribed to {self.topic_filter}")
        self.subscribed.set()

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        if not self.stopping.is_set():
            self.report(f"disconnected ({reason}); reconnecting")

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
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
        try:
            while not self.stopping.is_set():
                batch = self._next_batch()
                if batch:
                    self.process(batch)
        finally:
            self.client.disconnect()
            self.client.loop_stop()

    def stop(self) -> None:
        self.stopping.set()

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
                except PayloadError as exc:
                    payload_dead_letter(
                        source=ReadingSource.MQTT,
                        unit_id=unit_id,
                        reference=message.topic,
                        payload=message.payload,
                        reason=str(exc),
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
                except DatabaseError as exc:
                    # Not an outage: something in the batch the database refuses. Take each message apart.
                    self._dead_letter_each(batch, f"could not be stored: {str(exc).strip()[:500]}")
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
        """Retry the messages of a refused batch one by one; dead-letter the one that is refused."""
        for message in batch:
            try:
                self._store([message])
            except (OperationalError, InterfaceError):
                raise
            except DatabaseError:
                try:
                    payload_dead_letter(
                        source=ReadingSource.MQTT,
                        unit_id=None,
                        reference=message.topic,
                        payload=message.payload,
                        reason=reason,
                    )
                except DatabaseError as exc:
                    self.report(f"message on {message.topic} could not be kept at all: {exc}")
