"""``jiliang kpi inspection-rate --from DATE --to DATE [--region CODE] [--types …] [--json]``.

Prints the numerator, the denominator and the rate of the inspection rate (受检率) — the same figure the
dashboard and the API show, for the whole scope of the platform. Exit 2 on bad input.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.instruments import figures
from jiliang.instruments.choices import TypeSet
from jiliang.registry.models import Region
from jiliang.registry.selectors import SYSTEM, region_get


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}", returncode=2) from None


class Command(BaseCommand):
    help = "Compute a mandatory-verification figure."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="figure", required=True)
        rate = sub.add_parser(
            "inspection-rate", help="受检率: instruments verified ÷ instruments due in a period"
        )
        rate.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        rate.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        rate.add_argument("--region", help="GB/T 2260 code of a region subtree (default: everything)")
        rate.add_argument("--types", choices=TypeSet.values, default=TypeSet.ALL)
        rate.add_argument("--json", action="store_true")
        coverage = sub.add_parser("valid-coverage", help="in-use instruments holding a valid verification")
        coverage.add_argument("--as-of", dest="as_of", required=True)
        coverage.add_argument("--region")
        coverage.add_argument("--types", choices=TypeSet.values, default=TypeSet.ALL)
        coverage.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        region = None
        if options.get("region"):
            try:
                region = region_get(code=options["region"])
            except Region.DoesNotExist:
                raise CommandError(f"unknown region code {options['region']}", returncode=2) from None
        filters = figures.Filters(region=region, types=options["types"])
        if options["figure"] == "inspection-rate":
            start, end = _date(options["start"]), _date(options["end"])
            if start > end:
                raise CommandError("--from is after --to", returncode=2)
            figure = figures.inspection_rate(user=SYSTEM, start=start, end=end, filters=filters)
            payload: dict[str, Any] = {"figure": "inspection-rate", "from": str(start), "to": str(end)}
        else:
            day = _date(options["as_of"])
            figure = figures.valid_coverage(user=SYSTEM, day=day, filters=filters)
            payload = {"figure": "valid-coverage", "as_of": str(day)}
        payload |= {
            "region": region.code if region else None,
            "types": options["types"],
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "rate": figure.rate,
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            shown = "—" if figure.rate is None else f"{figure.rate:.2%}"
            self.stdout.write(f"{payload['figure']}: {figure.numerator} / {figure.denominator} = {shown}")
