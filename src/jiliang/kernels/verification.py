"""Mandatory-verification rules: validity of a verification and the chain of dues of an instrument.

Contents
--------
add_months(day, months)           calendar month arithmetic (end of month clamps)
valid_until(...)                  how long a verification holds, by regime (JJG periods, service lives)
due_chain(...)                    the dues an instrument owed and how each was closed
relevant_until(due)               a due's index key: one key range per figure window (window_key_end)
rate(numerator, denominator)      a ratio that is None, not zero, when nothing was due

Regimes (《强制检定的工作计量器具实施检定的有关规定（试行）》1991; 市场监管总局公告2020年第42号):
``periodic`` — verified every ``period_months``; ``first_only_limited_life`` — verified once before use
and replaced at the end of ``service_life_months`` (the household water, gas, electricity and heat
meters); ``first_only_scrap`` — verified once before use, scrapped when inaccurate (clinical
thermometers).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

PERIODIC = "periodic"
FIRST_ONLY_LIMITED_LIFE = "first_only_limited_life"
FIRST_ONLY_SCRAP = "first_only_scrap"
REGIMES = (PERIODIC, FIRST_ONLY_LIMITED_LIFE, FIRST_ONLY_SCRAP)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month.

    >>> add_months(dt.date(2020, 1, 31), 1)
    datetime.date(2020, 2, 29)
    >>> add_months(dt.date(2019, 3, 15), 12)
    datetime.date(2020, 3, 15)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(
    *,
    verified_on: dt.date,
    passed: bool,
    regime: str,
    period_months: int | None,
    service_life_months: int | None,
) -> dt.date | None:
    """The last day a verification holds.

    A pass holds for the period (periodic), for the service life counted from the verification date
    (limited life — JJG 162-2019 counts a water meter's life from the date it passed), or without end
    (scrap-when-inaccurate: None). A fail holds for nothing (None): the instrument may not be used.

    >>> valid_until(verified_on=dt.date(2019, 3, 15), passed=True, regime="periodic", period_months=12,
    ...             service_life_months=None)
    datetime.date(2020, 3, 14)
    >>> valid_until(verified_on=dt.date(2016, 5, 1), passed=True, regime="first_only_limited_life",
    ...             period_months=None, service_life_months=72)
    datetime.date(2022, 4, 30)
    """
    if regime not in REGIMES:
        raise ValueError(f"unknown verification regime {regime!r}")
    if not passed or regime == FIRST_ONLY_SCRAP:
        return None
    months = period_months if regime == PERIODIC else service_life_months
    if not months or months <= 0:
        raise ValueError(f"regime {regime} needs a positive number of months")
    return add_months(verified_on, months) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Verification:
    """One verification as the chain sees it."""

    verified_on: dt.date
    passed: bool
    valid_until: dt.date | None


@dataclass(frozen=True)
class Due:
    """A verification owed: opened on ``opened_on``, due on ``due_on`` (None: never), closed by the
    verification at index ``closed_by`` on ``closed_on``, or cancelled when the instrument retired."""

    opened_on: dt.date
    due_on: dt.date | None
    initial: bool
    closed_on: dt.date | None = None
    closed_by: int | None = None
    cancelled_on: dt.date | None = None


def due_chain(
    *,
    in_use_from: dt.date,
    regime: str,
    verifications: Sequence[Verification],
    retired_on: dt.date | None = None,
) -> list[Due]:
    """The dues of one instrument, oldest first; at most the last one is open.

    The first due (``initial``) is the verification before use, due on ``in_use_from`` — a verification
    on any earlier day (the usual case: verified, then installed) closes it. Each verification closes
    the open due and opens the next one: due the day after the validity ends, at once after a fail, and
    never after a passed scrap-when-inaccurate instrument. When the instrument retires, the open due
    is cancelled on that day.

    >>> chain = due_chain(in_use_from=dt.date(2018, 1, 1), regime="periodic",
    ...                   verifications=[Verification(dt.date(2017, 12, 20), True, dt.date(2018, 12, 19))])
    >>> [(d.due_on, d.closed_on) for d in chain]
    [(datetime.date(2018, 1, 1), datetime.date(2017, 12, 20)), (datetime.date(2018, 12, 20), None)]
    """
    ordered = sorted(enumerate(verifications), key=lambda item: (item[1].verified_on, item[0]))
    dues: list[Due] = []
    due_on: dt.date | None = in_use_from
    opened_on, initial = in_use_from, True
    for index, verification in ordered:
        dues.append(
            Due(
                opened_on=max(opened_on, in_use_from),
                due_on=due_on,
                initial=initial,
                closed_on=verification.verified_on,
                closed_by=index,
            )
        )
        opened_on, initial = verification.verified_on, False
        if not verification.passed:
            due_on = verification.verified_on
        elif verification.valid_until is None:
            due_on = None
        else:
            due_on = verification.valid_until + dt.timedelta(days=1)
    dues.append(
        Due(opened_on=max(opened_on, in_use_from), due_on=due_on, initial=initial, cancelled_on=retired_on)
    )
    return dues


OPEN_END = dt.date(9999, 12, 31)
#: Open dues are keyed after every real date, ordered by their due date: ``due_on + OPEN_SHIFT`` (about
#: 5 476 years: a due date in 2025 becomes a key in 7501). Any window [start, end] is then one key range
#: ``start ≤ relevant_until ≤ window_key_end(end)`` that skips the open dues due after ``end``.
OPEN_SHIFT = dt.timedelta(days=2_000_000)


def relevant_until(due: Due) -> dt.date:
    """The index key of a due: the last day it can count in a figure — the later of its due date and the
    day it stopped being open (verified or cancelled). An open due can count in every later window; its
    key lies after every real date, at ``due_on + OPEN_SHIFT`` (``OPEN_END`` when it is never due), so
    that it is also ordered by the one date that decides whether it counts in a window: its due date.

    >>> relevant_until(Due(dt.date(2020, 1, 1), dt.date(2021, 1, 1), False, closed_on=dt.date(2020, 12, 20)))
    datetime.date(2021, 1, 1)
    >>> relevant_until(Due(dt.date(2020, 1, 1), dt.date(2021, 1, 1), False))
    datetime.date(7496, 10, 25)
    >>> relevant_until(Due(dt.date(2020, 1, 1), None, False)) == OPEN_END
    True
    """
    stopped = due.closed_on or due.cancelled_on
    if stopped is None:
        return open_key(due.due_on)
    return max(stopped, due.due_on) if due.due_on else stopped


def open_key(due_on: dt.date | None) -> dt.date:
    """The key of an open due (see ``relevant_until``); ``OPEN_END`` when never due or beyond the calendar.

    >>> open_key(dt.date(9000, 1, 1)) == OPEN_END
    True
    """
    if due_on is None or due_on > OPEN_END - OPEN_SHIFT:
        return OPEN_END
    return due_on + OPEN_SHIFT


def window_key_end(end: dt.date) -> dt.date:
    """The largest key a due can have and still count in a window ending on ``end``: every closed or
    cancelled due (a real date) and every open due due by ``end``.

    >>> window_key_end(dt.date(2025, 12, 31)) == open_key(dt.date(2025, 12, 31))
    True
    """
    return open_key(end)


def rate(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator, or None when the denominator is zero (nothing due is not 0 %).

    >>> rate(95, 100)
    0.95
    >>> rate(0, 0) is None
    True
    """
    if denominator < 0 or numerator < 0:
        raise ValueError("counts cannot be negative")
    return numerator / denominator if denominator else None
