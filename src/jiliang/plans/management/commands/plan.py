"""``jiliang plan load FILE`` / ``jiliang plan export [--plan CODE] [-o FILE]`` / ``jiliang plan list``.

A bad file is refused with the path of the bad field (e.g. ``targets[3].comparator``) and exit 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.plans import services
from jiliang.plans.models import Plan
from jiliang.plans.schema import PlanFileError
from jiliang.registry.selectors import SYSTEM


class Command(BaseCommand):
    help = "Load, export or list development plans."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load (or replace) a plan from a YAML file; '-' reads stdin")
        load.add_argument("file")
        export = sub.add_parser("export", help="write a plan as YAML")
        export.add_argument("--plan", help="plan code (default: the default plan)")
        export.add_argument("-o", "--output", help="file (default: stdout)")
        sub.add_parser("list", help="list the loaded plans")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            text = sys.stdin.read() if options["file"] == "-" else self._read(options["file"])
            try:
                plan = services.plan_load(actor=SYSTEM, text=text)
            except PlanFileError as exc:
                raise CommandError(f"{options['file']}: {exc}", returncode=2) from None
            self.stdout.write(f"loaded {plan.code}: {plan.targets.count()} targets")
        elif options["action"] == "export":
            found = (
                Plan.objects.filter(code=options["plan"])
                if options["plan"]
                else Plan.objects.filter(is_default=True)
            ).first()
            if found is None:
                raise CommandError("no such plan", returncode=2)
            text = yaml.safe_dump(services.plan_export(plan=found), allow_unicode=True, sort_keys=False)
            if options["output"]:
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text)
        else:
            for plan in Plan.objects.all():
                self.stdout.write(f"{plan.code}\t{plan.title}\t{'default' if plan.is_default else ''}")

    def _read(self, name: str) -> str:
        try:
            return Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{name}: {exc}", returncode=2) from None
