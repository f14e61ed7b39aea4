"""``jiliang demo``: migrate, seed the Luoyang demo once, create the demo accounts, print them, serve — with
simulated live meter readings flowing in through the HTTP ingest while it serves."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from jiliang.core.scoping import Role
from jiliang.ops.management.commands.seed import seed_all
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import Organization, Person, Region, User

#: Passes the password rules (10+ characters, not common, not numeric, unlike any username, not the
#: site's name); a demo's password is public all the same, never use the demo accounts in production.
DEMO_PASSWORD = "Peony-Garden-2015"
#: Units whose meters the demo feeds with live readings while it serves.
SIMULATED_UNITS = 10


@transaction.atomic
def demo_accounts() -> list[tuple[str, str]]:
    """The demo's accounts, one per role (created once); returns (username, what it sees)."""
    institute = Organization.objects.get(name="洛阳市计量测试院")
    enterprise = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).order_by("id").first()
    jianxi = Region.objects.get(code="410305", valid_to__isnull=True)
    accounts: list[tuple[str, dict[str, Any], str]] = [
        ("admin", {"role": Role.BUREAU, "is_superuser": True, "is_staff": True}, "administrator, whole city"),
        ("bureau", {"role": Role.BUREAU}, "市局计量科, whole city"),
        ("county", {"role": Role.COUNTY, "region": jianxi}, f"县区局, {jianxi.name} only"),
        ("institute", {"role": Role.INSTITUTE, "organization": institute}, f"institute: {institute.name}"),
        ("enterprise", {"role": Role.ENTERPRISE, "organization": enterprise}, f"enterprise: {enterprise}"),
    ]
    for username, fields, _ in accounts:
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
    return [(username, what) for username, _, what in accounts]


class Command(BaseCommand):
    help = "Set up and run the Luoyang demo on the configured database (SQLite by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start `jiliang worker` (scheduled jobs and background tasks) beside the server",
        )
        parser.add_argument(
            "--no-simulate",
            action="store_true",
            help="do not feed the demo's energy units live readings while serving",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write("Seeding the Luoyang demo data …")
            seed_all(scale="demo", seed=2015, log=self.stdout.write)
        accounts = demo_accounts()
        self.stdout.write(self.style.SUCCESS(f"\nDemo accounts (password: {DEMO_PASSWORD}):"))
        for username, what in accounts:
            self.stdout.write(f"  {username:<11} {what}")
        if options["no_serve"]:
            return
        self.stdout.write(self.style.SUCCESS(f"\nServing at http://{options['addrport']}/  (Ctrl-C stops)\n"))
        helpers = [] if options["no_worker"] else [self._worker()]
        if not options["no_simulate"]:
            helpers.append(self._simulator(options["addrport"]))
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            for process in helpers:
                process.terminate()
                process.wait(10)

    def _worker(self) -> subprocess.Popen[bytes]:
        """``jiliang worker``: the scheduled jobs (reminders, clocks …) and background tasks (large imports)
        run while the demo serves, as they would beside a production server."""
        self.stdout.write("Running the background worker: scheduled jobs and tasks (--no-worker: off)\n")
        return subprocess.Popen([sys.executable, "-m", "jiliang.cli", "worker", "-v", "0"])

    def _simulator(self, addrport: str) -> subprocess.Popen[bytes]:
        """``jiliang simulate meters`` against this server: every minute a reading of each meter of the first
        units, with injected faults, through the HTTP ingest — so the energy pages move while you look."""
        self.stdout.write(
            f"Simulating live readings of {SIMULATED_UNITS} energy units every minute (--no-simulate: off)\n"
        )
        command = [sys.executable, "-m", "jiliang.cli", "simulate", "meters", "--units", str(SIMULATED_UNITS)]
        command += [
            "--interval",
            "1m",
            "--history",
            "0m",
            "--follow",
            "--faults",
            "--http",
            f"http://{addrport}",
        ]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL)
