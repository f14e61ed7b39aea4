"""``jiliang ingest mqtt [--shared GROUP] [--client-id ID] [--broker HOST:PORT]``: the MQTT ingest worker.

Runs until SIGTERM / SIGINT; the batch in hand is finished (or left unacknowledged) before it exits.
Start several with the same ``--shared`` group and distinct client ids to split the load; restart a
worker with the same client id to resume its session (nothing unacknowledged is lost).
"""

from __future__ import annotations

import signal
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.config.env import read_env
from jiliang.metering.mqtt import IngestWorker, WorkerConfig, parse_broker


class Command(BaseCommand):
    help = "Ingest meter readings from MQTT (QoS 1, acknowledged after commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("transport", choices=["mqtt"])
        parser.add_argument(
            "--broker", default=read_env().mqtt_url, help="mqtt://host:port (JILIANG_MQTT_URL)"
        )
        parser.add_argument("--client-id", default=f"jiliang-ingest-{socket.gethostname()}")
        parser.add_argument("--shared", default="", metavar="GROUP", help="MQTT v5 shared-subscription group")
        parser.add_argument(
            "--inflight", type=int, default=1000, help="unacknowledged messages the broker may send"
        )
        parser.add_argument(
            "--broker-config",
            default=read_env().mqtt_broker_config,
            help="the broker's mosquitto.conf, checked at start-up (JILIANG_MQTT_BROKER_CONFIG)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = parse_broker(options["broker"])
        worker = IngestWorker(
            WorkerConfig(
                host=host,
                port=port,
                client_id=options["client_id"],
                shared_group=options["shared"],
                inflight=options["inflight"],
                broker_config=options["broker_config"],
            ),
            report=self._report,
        )
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: worker.stop())
        try:
            worker.run()
        except OSError as exc:
            raise CommandError(f"cannot reach the MQTT broker at {host}:{port}: {exc}") from exc
        self.stdout.write(f"stopped after {worker.processed} message(s)")

    def _report(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
