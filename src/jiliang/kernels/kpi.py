"""Plan-target arithmetic: is a target met, on track or behind?

Contents
--------
compare(value, comparator, target)   whether a value meets a target (≥, ≤, =, established)
expected_value(...)                  the linear path from the baseline to the target by the deadline
target_status(...)                   met / on track / behind / no data, as of a date

"On track" follows the plan's own loop of 检查考核 (洛政〔2015〕59号 §四(五)): progress is judged against a
straight line from the baseline (value and date) to the target at the deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

GE, LE, EQ, ESTABLISHED = "ge", "le", "eq", "established"
COMPARATORS = (GE, LE, EQ, ESTABLISHED)
MET, ON_TRACK, BEHIND, NO_DATA = "met", "on_track", "behind", "no_data"


def compare(value: Decimal, comparator: str, target: Decimal | None) -> bool:
    """Whether ``value`` meets the target. ``established`` means a value of at least 1 (it exists).

    >>> compare(Decimal("95.2"), "ge", Decimal("95"))
    True
    >>> compare(Decimal("0"), "established", None)
    False
    """
    if comparator == ESTABLISHED:
        return value >= 1
    if target is None:
        raise ValueError(f"comparator {comparator} needs a target value")
    if comparator == GE:
        return value >= target
    if comparator == LE:
        return value <= target
    if comparator == EQ:
        return value == target
    raise ValueError(f"unknown comparator {comparator!r}")


def expected_value(
    *, baseline: Decimal, baseline_date: dt.date, target: Decimal, deadline: dt.date, as_of: dt.date
) -> Decimal:
    """Where a linear path from the baseline reaches on ``as_of`` (clamped to the two ends).

    >>> expected_value(baseline=Decimal(0), baseline_date=dt.date(2015, 1, 1), target=Decimal(100),
    ...                deadline=dt.date(2021, 1, 1), as_of=dt.date(2018, 1, 1))
    Decimal('50.00')
    """
    span = (deadline - baseline_date).days
    if span <= 0 or as_of >= deadline:
        return target
    if as_of <= baseline_date:
        return baseline
    share = Decimal((as_of - baseline_date).days) / Decimal(span)
    return (baseline + (target - baseline) * share).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Status:
    status: str
    expected: Decimal | None


def target_status(
    *,
    value: Decimal | None,
    comparator: str,
    target: Decimal | None,
    baseline: Decimal | None,
    baseline_date: dt.date | None,
    deadline: dt.date,
    as_of: dt.date,
) -> Status:
    """met when the value meets the target; otherwise on track when it meets the linear path so far (only
    before the deadline, and only with a baseline), else behind; no data without a value.

    >>> target_status(value=Decimal(60), comparator="ge", target=Decimal(120), baseline=Decimal(0),
    ...               baseline_date=dt.date(2015, 1, 1), deadline=dt.date(2021, 1, 1),
    ...               as_of=dt.date(2018, 1, 1)).status
    'on_track'
    """
    if value is None:
        return Status(NO_DATA, None)
    if compare(value, comparator, target):
        return Status(MET, None)
    if (
        comparator in (GE, LE)
        and target is not None
        and baseline is not None
        and baseline_date
        and as_of < deadline
    ):
        expected = expected_value(
            baseline=baseline, baseline_date=baseline_date, target=target, deadline=deadline, as_of=as_of
        )
        ahead = value >= expected if comparator == GE else value <= expected
        return Status(ON_TRACK if ahead else BEHIND, expected)
    return Status(BEHIND, None)
