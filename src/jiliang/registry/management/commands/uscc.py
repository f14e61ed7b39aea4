"""``jiliang uscc check CODE [--json]``: validate a unified social credit code (GB 32100-2015).

Exit 0 when valid, 1 when not. ``--json`` prints {"code", "valid", "reason"} (and "rule", the failed
rule's identifier, or null).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiliang.kernels.identifiers import uscc_check


class Command(BaseCommand):
    help = "Validate unified social credit codes (统一社会信用代码, GB 32100-2015)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="check one code; exit 0 when valid, 1 when not")
        check.add_argument("code")
        check.add_argument("--json", action="store_true", help="print the verdict as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        result = uscc_check(options["code"].strip())
        if options["json"]:
            self.stdout.write(json.dumps(asdict(result), ensure_ascii=False))
        elif result.valid:
            self.stdout.write(f"{result.code}: valid")
        else:
            self.stdout.write(f"{result.code}: invalid — {result.reason}")
        if not result.valid:
            sys.exit(1)
