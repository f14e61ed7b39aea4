"""``jiliang reminders refresh [--enqueue]``: rebuild the owners' due / overdue reminders.

Run daily (cron or a scheduler). ``--enqueue`` hands the work to the background worker
(``jiliang db_worker``) instead of doing it now.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jiliang.instruments import services
from jiliang.instruments.tasks import refresh_reminders


class Command(BaseCommand):
    help = "Rebuild the in-app reminders of instruments due soon or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh")
        refresh.add_argument("--enqueue", action="store_true", help="run it in the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = refresh_reminders.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        count = services.reminders_refresh(today=timezone.localdate())
        self.stdout.write(f"{count} reminders")
