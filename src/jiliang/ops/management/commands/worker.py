"""``jiliang worker``: the background worker — runs the scheduled jobs' fires and the task queue together.

Start one (or more: a due time is enqueued once whatever the number) beside the web server; `make demo`
starts one. ``--once`` fires what is due, runs every queued task and exits (cron-style deployments,
tests).
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from jiliang.ops import scheduling

#: Seconds between two checks of the schedule (a fire is at most this late).
CHECK_EVERY = 30.0


class Command(BaseCommand):
    help = "Run the scheduled jobs and the background task queue (django-tasks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="fire what is due, run queued tasks, exit")
        parser.add_argument("--interval", type=float, default=1.0, help="queue polling interval (seconds)")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])
        if options["once"]:
            self._fire(verbosity)
            call_command("db_worker", batch=True, no_startup_delay=True, verbosity=verbosity)
            return
        stop = threading.Event()
        thread = threading.Thread(target=self._schedule_loop, args=(stop, verbosity), daemon=True)
        thread.start()
        try:
            call_command("db_worker", interval=options["interval"], reload=False, verbosity=verbosity)
        finally:
            stop.set()

    def _schedule_loop(self, stop: threading.Event, verbosity: int) -> None:
        while not stop.is_set():
            try:
                self._fire(verbosity)
            except Exception as exc:  # a database hiccup must not end the schedule: try again next tick
                self.stderr.write(f"scheduler: {exc!r}")
            finally:
                close_old_connections()
            stop.wait(CHECK_EVERY)

    def _fire(self, verbosity: int) -> None:
        for record in scheduling.fire_due():
            if verbosity:
                self.stdout.write(f"scheduled: {record.job} (due {record.scheduled_for:%Y-%m-%d %H:%M})")
