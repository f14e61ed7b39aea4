"""``jiliang penalty surcharge --fine AMOUNT --days-late N [--json]``: the late-payment surcharge.

行政处罚法 第七十二条(一): 3 % of the fine for each day late, never more than the fine
(行政强制法 第四十五条).
``--json`` prints ``{"surcharge": AMOUNT}`` — a JSON number of yuan, to the fen; a contract with outside
scripts, kept exactly. A bad amount or a negative number of days exits with status 2.
Count the days late from the payment due date (``jiliang calendar due --days 15`` from receipt).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.kernels.deadlines import FEN, surcharge

SURCHARGE_KEYS = ("surcharge",)


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Penalty arithmetic: the late-payment surcharge (加处罚款)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        late = sub.add_parser("surcharge", help="3 % of the fine a day late, capped at the fine")
        late.add_argument("--fine", required=True, help="the fine in yuan, e.g. 5000 or 1234.50")
        late.add_argument("--days-late", dest="days_late", required=True, help="days after the due date")
        late.add_argument("--json", action="store_true", help="print the surcharge as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            fine = Decimal(options["fine"])
        except InvalidOperation:
            raise _fail(f"--fine: not an amount of yuan: {options['fine']}") from None
        if not fine.is_finite() or fine < 0 or fine != fine.quantize(FEN):
            raise _fail(f"--fine: a fine is a non-negative amount of yuan to the fen: {options['fine']}")
        try:
            days = int(options["days_late"])
        except ValueError:
            raise _fail(f"--days-late: not a whole number: {options['days_late']}") from None
        if days < 0:
            raise _fail(f"--days-late: cannot be negative: {days}")
        amount = surcharge(fine, days)
        if options["json"]:
            self.stdout.write(json.dumps({"surcharge": float(amount)}))
        else:
            self.stdout.write(f"surcharge {amount} yuan ({days} days late on a fine of {fine})")
