"""Legal periods (期间) on the holiday calendar: working days, days, months, years, terms, late surcharges.

Contents
--------
HolidayCalendar                  the years covered, their holidays and make-up working days (调休上班日)
YearNotInCalendar                a date whose year the calendar does not hold: never a guess
is_working_day(cal, day)         Monday–Friday not a holiday, plus make-up working days
add_working_days(cal, start, n)  the n-th working day after ``start`` (行政处罚法 第八十五条 "日" = 工作日)
add_days(cal, start, n)          民法典 第二百零一条、第二百零三条: n days after, moved off a rest day
add_months(cal, start, n)        民法典 第二百零二条: the corresponding day, else the month's last day; moved
add_years(cal, start, n)         the same with 12 n months (29 Feb → 28 Feb)
term_end(start, …)               the end of a term (e.g. a 3-year listing): corresponding day, never moved
period_due(cal, …)               a clock's due date: a rule, its extensions and its paused days
days_late(due, paid)             the days of delay after a due date (each counts for the surcharge)
surcharge(fine, days_late)       行政处罚法 第七十二条: 3 % of the fine a day, never more than the fine

Counting (reference/supervision.md §0.3): the start day is not counted (民法典 第二百零一条); a period in
months or years ends on the corresponding day of its last month, or that month's last day where there is
none (第二百零二条); a period whose last day is a 法定休假日 — a weekend rest day or a statutory holiday —
ends on the first working day after it (第二百零三条). Working-day periods end on a working day by
construction. A make-up working day (a Saturday or Sunday the State Council's notice makes a working day)
counts as a working day — the reference's 2024-09-27 example fixes this; ``HolidayCalendar`` carries the
policy as ``makeup_days_work`` so a bureau may turn it off.

Every function that needs to know whether a day is worked raises :class:`YearNotInCalendar` when the
calendar does not hold that day's year — a deadline is never guessed.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
#: 行政处罚法 第七十二条(一): 到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款.
SURCHARGE_RATE = Decimal("0.03")
#: The kinds of period a rule counts in (also the units of an extension).
KINDS = ("working_days", "days", "months")
_ONE_DAY = dt.timedelta(days=1)


class YearNotInCalendar(LookupError):
    """The holiday calendar holds no data for ``year``: add the year (State Council notice) first."""

    def __init__(self, year: int) -> None:
        super().__init__(f"the holiday calendar holds no year {year}")
        self.year = year


class PeriodError(ValueError):
    """A period that cannot be counted; ``code`` names the rule broken, ``params`` its values."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {', '.join(f'{k}={v}' for k, v in params.items())}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class HolidayCalendar:
    """The years covered and, within them, the statutory holidays (days off, weekends inside a holiday
    block included) and the make-up working days (调休上班日). A day of a covered year that is neither is
    a working day from Monday to Friday and a rest day on Saturday and Sunday.

    ``makeup_days_work``: whether a make-up working day counts as a working day for a period (the
    reference's policy, INFERRED: yes).
    """

    years: frozenset[int]
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[dt.date] = field(default_factory=frozenset)
    makeup_days_work: bool = True

    def ensure_covers(self, day: dt.date) -> None:
        """Raise :class:`YearNotInCalendar` unless ``day``'s year is covered."""
        if day.year not in self.years:
            raise YearNotInCalendar(day.year)


def _count(n: int, what: str = "count") -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise PeriodError("negative_count", **{what: n})
    return n


def is_working_day(cal: HolidayCalendar, day: dt.date) -> bool:
    """Whether ``day`` is a working day: Monday–Friday and not a holiday, or a make-up working day.

    2025 National Day (国庆节、中秋节 10-01…10-08; Sat 10-11 a make-up working day):

    >>> cal = HolidayCalendar(frozenset({2025}),
    ...     frozenset(dt.date(2025, 10, d) for d in range(1, 9)), frozenset({dt.date(2025, 10, 11)}))
    >>> [is_working_day(cal, dt.date(2025, 10, d)) for d in (1, 9, 11, 12)]
    [False, True, True, False]
    >>> is_working_day(cal, dt.date(2026, 1, 5))
    Traceback (most recent call last):
    ...
    jiliang.kernels.deadlines.YearNotInCalendar: the holiday calendar holds no year 2026
    """
    cal.ensure_covers(day)
    if day in cal.makeup_workdays:
        return cal.makeup_days_work
    return day.weekday() < 5 and day not in cal.holidays


def next_working_day(cal: HolidayCalendar, day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it (民法典 第二百零三条)."""
    while not is_working_day(cal, day):
        day += _ONE_DAY
    return day


def add_working_days(cal: HolidayCalendar, start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (the start day is not counted); ``n = 0`` gives ``start``.

    行政处罚法 第八十五条: the law's "二日、三日、五日、七日" are working days. The complaint example of
    reference/supervision.md §0.3 — received Fri 2024-09-27, 7 working days, Sun 09-29 and Sat 10-12
    make-up working days, 10-01…10-07 the holiday:

    >>> cal = HolidayCalendar(frozenset({2024}), frozenset(dt.date(2024, 10, d) for d in range(1, 8)),
    ...     frozenset({dt.date(2024, 9, 29), dt.date(2024, 10, 12)}))
    >>> add_working_days(cal, dt.date(2024, 9, 27), 7)
    datetime.date(2024, 10, 12)
    """
    remaining = _count(n)
    day = start
    while remaining:
        day += _ONE_DAY
        if is_working_day(cal, day):
            remaining -= 1
    return day


def working_days_between(cal: HolidayCalendar, first: dt.date, end: dt.date) -> int:
    """How many working days lie in ``[first, end)`` (0 when ``end <= first``)."""
    count = 0
    day = first
    while day < end:
        if is_working_day(cal, day):
            count += 1
        day += _ONE_DAY
    return count


def _shift_months(start: dt.date, months: int) -> dt.date:
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = _gregorian.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


def add_days(cal: HolidayCalendar, start: dt.date, n: int) -> dt.date:
    """The last day of a period of ``n`` days from ``start`` (民法典 第二百零一条: the start day is not
    counted), moved to the next working day when it falls on a rest day or holiday (第二百零三条).

    The penalty decision of reference/supervision.md §0.3: 立案 2025-07-03, 90 days → 10-01, a holiday
    (10-01…10-08) → 2025-10-09:

    >>> cal = HolidayCalendar(frozenset({2025}), frozenset(dt.date(2025, 10, d) for d in range(1, 9)))
    >>> add_days(cal, dt.date(2025, 7, 3), 90)
    datetime.date(2025, 10, 9)
    """
    if _count(n) == 0:
        return start
    return next_working_day(cal, start + dt.timedelta(days=n))


def add_months(cal: HolidayCalendar, start: dt.date, n: int) -> dt.date:
    """The last day of a period of ``n`` months from ``start``: the corresponding day of the last month, or
    that month's last day where there is none (民法典 第二百零二条), moved off a rest day (第二百零三条).

    >>> cal = HolidayCalendar(frozenset({2025}))
    >>> add_months(cal, dt.date(2025, 1, 31), 1)    # no 31 February: 28 February, a Friday
    datetime.date(2025, 2, 28)
    >>> add_months(cal, dt.date(2025, 3, 31), 2)    # 31 May 2025 is a Saturday → Monday 2 June
    datetime.date(2025, 6, 2)
    """
    if _count(n) == 0:
        return start
    return next_working_day(cal, _shift_months(start, n))


def add_years(cal: HolidayCalendar, start: dt.date, n: int) -> dt.date:
    """The last day of a period of ``n`` years: :func:`add_months` of ``12 n`` (29 February → 28 February).

    >>> cal = HolidayCalendar(frozenset({2025}))
    >>> add_years(cal, dt.date(2024, 2, 29), 1)
    datetime.date(2025, 2, 28)
    """
    return add_months(cal, start, 12 * _count(n))


def term_end(start: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """The end of a term — a listing, a validity — counted as 民法典 第二百零一条 and 第二百零二条 count it
    (start day excluded; corresponding day, else the month's last day) but never moved off a rest day:
    a term ends on its date whatever day of the week that is. Needs no calendar.

    A 3-year listing from 29 February 2024 ends on 28 February 2027:

    >>> term_end(dt.date(2024, 2, 29), years=3)
    datetime.date(2027, 2, 28)
    >>> term_end(dt.date(2025, 5, 31), months=1, days=1)   # months first, then days
    datetime.date(2025, 7, 1)
    """
    total_months = 12 * _count(years, "years") + _count(months, "months")
    return _shift_months(start, total_months) + dt.timedelta(days=_count(days, "days"))


def period_due(
    cal: HolidayCalendar,
    *,
    kind: str,
    count: int,
    start: dt.date,
    paused: Iterable[tuple[dt.date, dt.date]] = (),
) -> dt.date:
    """The due date of a statutory clock: ``count`` units of ``kind`` after ``start`` (its extensions
    already added to ``count``), pushed by its paused time.

    ``paused`` are half-open ranges ``[from, to)`` — paused on ``from``, running again on ``to`` — that
    are not counted (testing and appraisal, hearings, suspension: 行政处罚法 第六十条, 程序规定 第十八条).
    Only days after ``start`` count as paused (the start day is never counted anyway). A working-day rule
    is pushed by the working days paused; a day, month or year rule by the calendar days paused, its last
    day then moved off a rest day (民法典 第二百零三条) as without a pause.

    90 days from 2025-07-03 with a 10-day testing pause (08-01 → 08-11): 10-01 + 10 = 10-11, a make-up
    working day:

    >>> cal = HolidayCalendar(frozenset({2025}), frozenset(dt.date(2025, 10, d) for d in range(1, 9)),
    ...     frozenset({dt.date(2025, 10, 11)}))
    >>> period_due(cal, kind="days", count=90, start=dt.date(2025, 7, 3),
    ...            paused=[(dt.date(2025, 8, 1), dt.date(2025, 8, 11))])
    datetime.date(2025, 10, 11)
    """
    if kind not in KINDS:
        raise PeriodError("rule_kind", kind=kind)
    _count(count)
    first = start + _ONE_DAY
    ranges = []
    for begin, end in paused:
        if end < begin:
            raise PeriodError("pause_order", start=begin, end=end)
        ranges.append((max(begin, first), end))
    if kind == "working_days":
        extra = sum(working_days_between(cal, b, e) for b, e in ranges)
        return add_working_days(cal, start, count + extra)
    extra = sum(max((e - b).days, 0) for b, e in ranges)
    if kind == "days":
        return add_days(cal, start, count + extra)
    if count == 0 and extra == 0:
        return start
    return next_working_day(cal, _shift_months(start, count) + dt.timedelta(days=extra))


def days_late(due: dt.date, paid: dt.date) -> int:
    """The days of delay: each day after ``due`` up to and including ``paid`` (0 when paid in time).

    A fine due 2025-10-09 (15 days from 09-20, moved off the holiday) and paid on 10-14 is 5 days late:

    >>> due = dt.date(2025, 10, 9)
    >>> days_late(due, dt.date(2025, 10, 14)), days_late(due, due)
    (5, 0)
    """
    return max((paid - due).days, 0)


def surcharge(fine: Decimal, days_late: int) -> Decimal:
    """The late-payment surcharge (加处罚款) in yuan: 3 % of ``fine`` for each day late, never more than
    the fine itself (行政处罚法 第七十二条(一); 行政强制法 第四十五条: 加处罚款的数额不得超出
    金钱给付义务的数额).
    Rounded to the fen (ROUND_HALF_UP). Count ``days_late`` with :func:`days_late` from the payment due
    date (15 days from receipt, 行政处罚法 第六十七条, moved off a holiday by 民法典 第二百零三条).

    >>> surcharge(Decimal("5000"), 3), surcharge(Decimal("5000"), 40), surcharge(Decimal("333.33"), 1)
    (Decimal('450.00'), Decimal('5000.00'), Decimal('10.00'))
    """
    if not isinstance(fine, Decimal) or not fine.is_finite() or fine < 0:
        raise PeriodError("fine_invalid", fine=fine)
    _count(days_late, "days_late")
    amount = min(fine * SURCHARGE_RATE * days_late, fine)
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)
