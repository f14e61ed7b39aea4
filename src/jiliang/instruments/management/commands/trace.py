"""``jiliang trace check (--standard CODE | --instrument ID) --as-of DATE [--max-ratio R] [--json]`` and
``jiliang trace impact --standard CODE --from DATE --to DATE [--json]``.

``check`` walks every chain of a standard or an instrument up to an accepted root as of a date (kernels.
traceability) and exits 0 when every chain holds, 1 otherwise; ``--json`` prints the same document as
``GET /api/v1/traceability/check/`` (``holds``, ``first_broken``, ``chains``, ``tree``). ``impact`` lists
what depended on a suspect standard in a window: the standards calibrated with it, the verification
records and certificates, instruments and owners (``--json``: ``summary``, ``standards``, ``certificates``).
Bad input exits 2 with a message naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from fractions import Fraction
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.instruments import traceability
from jiliang.instruments.models import Certificate, Instrument
from jiliang.registry.selectors import SYSTEM
from jiliang.standards.models import MeasurementStandard
from jiliang.standards.reports import trace_dict, trace_text
from jiliang.standards.selectors import standard_trace

EXIT_BROKEN = 1
EXIT_BAD_INPUT = 2


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_BAD_INPUT)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _bad(f"{option}: not a date (YYYY-MM-DD): {text}") from None


def _standard(code: str) -> MeasurementStandard:
    standard = MeasurementStandard.objects.filter(code=code).first()
    if standard is None:
        raise _bad(f"--standard: no measurement standard with code {code}")
    return standard


class Command(BaseCommand):
    help = (
        "Check traceability chains (exit 0 when every chain holds, 1 otherwise) and reverse-trace a standard."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check", help="every chain of a standard or an instrument up to an accepted root"
        )
        check.add_argument("--standard", help="code of a measurement standard")
        check.add_argument("--instrument", help="register number of an instrument")
        check.add_argument("--as-of", dest="as_of", required=True, help="the day, YYYY-MM-DD")
        check.add_argument(
            "--max-ratio", dest="max_ratio", help="largest uncertainty ratio (default: the setting)"
        )
        check.add_argument("--json", action="store_true")
        impact = sub.add_parser("impact", help="what depended on a standard in a window")
        impact.add_argument("--standard", required=True, help="code of the suspect standard")
        impact.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        impact.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        impact.add_argument("--json", action="store_true")
        impact.add_argument("--timing", action="store_true", help="print how long the reverse trace took")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check":
            self._check(options)
        else:
            self._impact(options)

    def _check(self, options: dict[str, Any]) -> None:
        day = _date(options["as_of"], "--as-of")
        if bool(options["standard"]) == bool(options["instrument"]):
            raise _bad("give exactly one of --standard CODE or --instrument ID")
        max_ratio = None
        if options["max_ratio"]:
            try:
                max_ratio = Fraction(options["max_ratio"])
            except (ValueError, ZeroDivisionError):
                raise _bad(f"--max-ratio: not a ratio: {options['max_ratio']}") from None
            if max_ratio <= 0:
                raise _bad("--max-ratio must be positive")
        if options["standard"]:
            result = standard_trace(standard=_standard(options["standard"]), day=day, max_ratio=max_ratio)
        else:
            instrument = (
                Instrument.objects.filter(pk=options["instrument"]).first()
                if options["instrument"].isdigit()
                else None
            )
            if instrument is None:
                raise _bad(f"--instrument: no instrument with register number {options['instrument']}")
            result = traceability.instrument_trace(instrument=instrument, day=day, max_ratio=max_ratio)
        if options["json"]:
            self.stdout.write(json.dumps(trace_dict(result), ensure_ascii=False))
        else:
            self.stdout.write(trace_text(result))
        if not result.holds:
            sys.exit(EXIT_BROKEN)

    def _impact(self, options: dict[str, Any]) -> None:
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        if start > end:
            raise _bad("--from is after --to")
        standard = _standard(options["standard"])
        started = time.perf_counter()
        impact = traceability.standard_impact(user=SYSTEM, standard=standard, start=start, end=end)
        elapsed = time.perf_counter() - started
        certificates = (
            Certificate.objects.filter(verification__in=impact.records.order_by().values("pk"))
            .order_by("verification__verified_on", "number")
            .values_list(
                "number",
                "status",
                "verification__verified_on",
                "verification__standard__code",
                "verification__instrument_id",
                "verification__instrument__owner__uscc",
                "verification__instrument__owner__name",
            )
        )
        if options["json"]:
            rows = certificates.iterator(chunk_size=5000)
            payload = {
                "standard": standard.code,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "summary": vars(impact.summary),
                "standards": [
                    {
                        "code": d.standard.code,
                        "name": d.standard.name,
                        "holder": d.standard.holder.name,
                        "suspect_from": d.suspect_from.isoformat(),
                        "depth": d.depth,
                    }
                    for d in impact.dependants
                ],
                "certificates": [
                    {
                        "number": number,
                        "status": status,
                        "verified_on": verified_on.isoformat(),
                        "standard": code,
                        "instrument": instrument_id,
                        "owner_uscc": uscc,
                        "owner": owner,
                    }
                    for number, status, verified_on, code, instrument_id, uscc, owner in rows
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        s = impact.summary
        self.stdout.write(
            f"{standard} {start} – {end}: {len(impact.dependants)} standards, {s.records} verifications, "
            f"{s.certificates} certificates, {s.instruments} instruments, {s.owners} owners"
        )
        for d in impact.dependants:
            self.stdout.write(f"  {'  ' * (d.depth - 1)}{d.standard} (from {d.suspect_from})")
        if options["timing"]:
            self.stdout.write(
                f"reverse trace: {elapsed * 1000:.0f} ms (standards, counts of records, "
                f"certificates, instruments and owners)"
            )
