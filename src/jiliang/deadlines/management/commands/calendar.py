"""``jiliang calendar``: legal periods on the platform's holiday calendar, and the clocks' daily job.

    jiliang calendar due --from YYYY-MM-DD (--working-days N | --days N | --months N) [--json]
    jiliang calendar term --from YYYY-MM-DD (--years N | --months N) [--json]
    jiliang calendar remind [--today YYYY-MM-DD] [--enqueue]
    jiliang calendar load-package --year YYYY

The ``--json`` output is a contract with outside scripts, kept exactly:
``due`` prints ``{"from": "YYYY-MM-DD", "due": "YYYY-MM-DD", "rule": {"kind": …, "count": N}}`` and
``term`` prints ``{"from": "YYYY-MM-DD", "ends": "YYYY-MM-DD"}``. A bad date, a negative count or a
year the holiday calendar does not hold prints a message on stderr and exits with status 2.

``due`` counts as a statutory period does (start day not counted; 民法典 第二百零一条至第二百零三条: a day
or month period ending on a rest day or holiday moves to the next working day); ``term`` gives the end
of a term without that move. ``remind`` is the daily job (``--enqueue`` hands it to the worker);
``load-package`` adds a year from the installed chinese-calendar package. See docs/deadlines.md.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jiliang.deadlines import services
from jiliang.deadlines.selectors import calendar_for
from jiliang.deadlines.tasks import raise_clock_reminders
from jiliang.kernels.deadlines import (
    PeriodError,
    YearNotInCalendar,
    add_days,
    add_months,
    add_working_days,
    term_end,
)
from jiliang.registry.selectors import SYSTEM

DUE_KEYS = ("from", "due", "rule")
TERM_KEYS = ("from", "ends")
_INPUT_ERROR = 2


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=_INPUT_ERROR)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(f"{option}: not a date (YYYY-MM-DD): {text}") from None


def _count(text: str, option: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _fail(f"{option}: not a whole number: {text}") from None
    if value < 0:
        raise _fail(f"{option}: a count cannot be negative: {value}")
    return value


class Command(BaseCommand):
    help = "Legal periods on the holiday calendar (due dates, terms) and the statutory clocks' daily job."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="the last day of a statutory period (moved off rest days)")
        due.add_argument("--from", dest="start", required=True, help="the triggering day, YYYY-MM-DD")
        counts = due.add_mutually_exclusive_group(required=True)
        counts.add_argument("--working-days", dest="working_days", help="N working days")
        counts.add_argument("--days", help="N days (民法典 第二百零一条、第二百零三条)")
        counts.add_argument("--months", help="N months (民法典 第二百零二条)")
        due.add_argument("--json", action="store_true", help="print the due date as JSON")
        term = sub.add_parser("term", help="the end of a term (never moved off a rest day)")
        term.add_argument("--from", dest="start", required=True, help="the first day's eve, YYYY-MM-DD")
        lengths = term.add_mutually_exclusive_group(required=True)
        lengths.add_argument("--years", help="N years")
        lengths.add_argument("--months", help="N months")
        term.add_argument("--json", action="store_true", help="print the end as JSON")
        remind = sub.add_parser("remind", help="raise today's reminders of clocks due soon or overdue")
        remind.add_argument("--today", help="the day to raise reminders for (default: today)")
        remind.add_argument("--enqueue", action="store_true", help="run it in the background worker")
        load = sub.add_parser("load-package", help="add a year from the installed chinese-calendar")
        load.add_argument("--year", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            action = options["action"]
            if action == "due":
                self._due(options)
            elif action == "term":
                self._term(options)
            elif action == "remind":
                self._remind(options)
            else:
                self._load(options)
        except YearNotInCalendar as missing:
            raise _fail(
                f"the holiday calendar holds no year {missing.year}: add it from the State Council's notice "
                "(docs/deadlines.md)"
            ) from None
        except PeriodError as error:
            raise _fail(str(error)) from None

    def _emit(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False) if options["json"] else text)

    def _due(self, options: dict[str, Any]) -> None:
        start = _date(options["start"], "--from")
        cal = calendar_for()
        if options["working_days"] is not None:
            kind, n = "working_days", _count(options["working_days"], "--working-days")
            due = add_working_days(cal, start, n)
        elif options["days"] is not None:
            kind, n = "days", _count(options["days"], "--days")
            due = add_days(cal, start, n)
        else:
            kind, n = "months", _count(options["months"], "--months")
            due = add_months(cal, start, n)
        data = {"from": start.isoformat(), "due": due.isoformat(), "rule": {"kind": kind, "count": n}}
        self._emit(options, data, f"{start} + {n} {kind.replace('_', ' ')} → due {due}")

    def _term(self, options: dict[str, Any]) -> None:
        start = _date(options["start"], "--from")
        if options["years"] is not None:
            ends = term_end(start, years=_count(options["years"], "--years"))
        else:
            ends = term_end(start, months=_count(options["months"], "--months"))
        self._emit(options, {"from": start.isoformat(), "ends": ends.isoformat()}, f"ends {ends}")

    def _remind(self, options: dict[str, Any]) -> None:
        day = _date(options["today"], "--today") if options["today"] else timezone.localdate()
        if options["enqueue"]:
            result = raise_clock_reminders.enqueue(today=day.isoformat())
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(f"{services.clock_reminders_raise(today=day)} reminders raised for {day}")

    def _load(self, options: dict[str, Any]) -> None:
        year = _count(options["year"], "--year")
        try:
            holder = services.holiday_year_load_package(actor=SYSTEM, year=year)
        except ValidationError as error:
            raise _fail("; ".join(error.messages)) from None
        self.stdout.write(f"loaded {holder.year} ({holder.days.count()} days) from {holder.source}")
