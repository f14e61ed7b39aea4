"""Legal periods on the holiday calendar: the worked deadlines of reference/supervision.md §0.3 (on the
calendar reproduced by chinese-calendar 1.11.0) and the properties of the counting rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiliang.kernels.deadlines import (
    HolidayCalendar,
    PeriodError,
    YearNotInCalendar,
    add_days,
    add_months,
    add_working_days,
    add_years,
    days_late,
    is_working_day,
    period_due,
    surcharge,
    term_end,
)

YEARS = frozenset(range(2004, 2027))
CAL = HolidayCalendar(
    years=YEARS,
    holidays=frozenset(chinese_calendar.constants.holidays),
    makeup_workdays=frozenset(chinese_calendar.constants.workdays),
)
d = dt.date


# --- the worked examples, by name ---------------------------------------------------------------------


def test_complaint_accept_7_working_days_counts_the_makeup_saturday_2024() -> None:
    """投诉 第十四条: received Fri 2024-09-27; 09-29 (Sun) and 10-12 (Sat) make-up working days."""
    assert add_working_days(CAL, d(2024, 9, 27), 7) == d(2024, 10, 12)


def test_complaint_accept_7_working_days_2025() -> None:
    assert add_working_days(CAL, d(2025, 9, 26), 7) == d(2025, 10, 13)


def test_lead_check_15_working_days_and_with_its_extension() -> None:
    """程序规定 第十八条: 15 working days; with the 15-day extension, 30."""
    assert add_working_days(CAL, d(2025, 9, 26), 15) == d(2025, 10, 23)
    assert add_working_days(CAL, d(2025, 9, 26), 30) == d(2025, 11, 13)


def test_penalty_publicity_20_working_days() -> None:
    """公示规定 第九条: same province, 20 working days (Spring Festival 2025 inside)."""
    assert add_working_days(CAL, d(2025, 1, 20), 20) == d(2025, 2, 21)


def test_mediation_cut_off_45_working_days() -> None:
    """投诉 第二十一条(五)."""
    assert add_working_days(CAL, d(2025, 1, 20), 45) == d(2025, 3, 28)


def test_random_inspection_results_20_working_days_across_new_year() -> None:
    assert add_working_days(CAL, d(2024, 12, 20), 20) == d(2025, 1, 20)


def test_real_name_reporter_told_within_5_working_days() -> None:
    """投诉 第三十一条: 2025-04-30, Labour Day 05-01…05-05 inside."""
    assert add_working_days(CAL, d(2025, 4, 30), 5) == d(2025, 5, 12)


@pytest.mark.parametrize(("start", "due"), [(d(2025, 7, 3), d(2025, 10, 9)), (d(2024, 7, 3), d(2024, 10, 8))])
def test_penalty_decision_90_days_moves_off_national_day(start: dt.date, due: dt.date) -> None:
    """行政处罚法 第六十条 + 民法典 第二百零三条: the last day 10-01 is a holiday."""
    assert add_days(CAL, start, 90) == due


def test_fine_payment_15_days_moves_off_the_holiday() -> None:
    """行政处罚法 第六十七条: 2025-09-20 + 15 = 10-05, a holiday → 2025-10-09."""
    assert add_days(CAL, d(2025, 9, 20), 15) == d(2025, 10, 9)


def test_sampling_objection_15_days() -> None:
    """产品质量法 第十五条: 2025-09-16 + 15 = 10-01 → 2025-10-09."""
    assert add_days(CAL, d(2025, 9, 16), 15) == d(2025, 10, 9)


def test_makeup_policy_off_skips_the_makeup_saturday() -> None:
    strict = HolidayCalendar(CAL.years, CAL.holidays, CAL.makeup_workdays, makeup_days_work=False)
    assert add_working_days(strict, d(2024, 9, 27), 7) == d(2024, 10, 15)


# --- months, years, terms ---------------------------------------------------------------------------


def test_month_end_rules_of_civil_code_202() -> None:
    assert add_months(CAL, d(2025, 1, 31), 1) == d(2025, 2, 28)  # no 31 Feb; Fri 28 Feb a working day
    assert add_months(CAL, d(2024, 1, 31), 1) == d(2024, 2, 29)  # leap year
    assert add_months(CAL, d(2025, 3, 31), 2) == d(2025, 6, 3)  # Sat 31 May, 05-31…06-02 端午节 → Tue
    assert add_years(CAL, d(2024, 2, 29), 1) == d(2025, 2, 28)


def test_month_period_ending_in_a_holiday_moves() -> None:
    assert add_months(CAL, d(2025, 9, 1), 1) == d(2025, 10, 9)


def test_term_is_never_moved() -> None:
    assert term_end(d(2023, 10, 1), years=3) == d(2026, 10, 1)  # a holiday, still the end of the term
    assert term_end(d(2025, 8, 31), months=6) == d(2026, 2, 28)


# --- clocks -------------------------------------------------------------------------------------------


def test_working_day_clock_pushed_by_the_working_days_paused() -> None:
    # Lead check 15 wd from 2025-09-26 (→ 10-23); testing from Mon 10-13 to Mon 10-20: 5 working days.
    paused = [(d(2025, 10, 13), d(2025, 10, 20))]
    assert period_due(CAL, kind="working_days", count=15, start=d(2025, 9, 26), paused=paused) == d(
        2025, 10, 30
    )


def test_day_clock_pushed_by_calendar_days_then_moved() -> None:
    # 90 days from 2025-07-03 end 10-01; a 3-day pause → 10-04, in the holiday → 10-09.
    paused = [(d(2025, 8, 1), d(2025, 8, 4))]
    assert period_due(CAL, kind="days", count=90, start=d(2025, 7, 3), paused=paused) == d(2025, 10, 9)
    # A 20-day pause → 10-21.
    paused = [(d(2025, 8, 1), d(2025, 8, 21))]
    assert period_due(CAL, kind="days", count=90, start=d(2025, 7, 3), paused=paused) == d(2025, 10, 21)


def test_pause_days_on_or_before_the_start_day_do_not_count() -> None:
    paused = [(d(2025, 7, 1), d(2025, 7, 4))]  # only 07-04 is after the start… and 07-04 is excluded
    assert period_due(CAL, kind="days", count=90, start=d(2025, 7, 3), paused=paused) == d(2025, 10, 9)
    paused = [(d(2025, 7, 1), d(2025, 7, 5))]  # 07-04 paused: one day
    assert period_due(CAL, kind="days", count=89, start=d(2025, 7, 3), paused=paused) == d(2025, 10, 9)


def test_month_clock_with_pause() -> None:
    paused = [(d(2025, 3, 3), d(2025, 3, 6))]  # 3 days
    assert period_due(CAL, kind="months", count=1, start=d(2025, 2, 10), paused=paused) == d(2025, 3, 13)


# --- surcharge ----------------------------------------------------------------------------------------


def test_surcharge_3_percent_a_day_capped_at_the_fine() -> None:
    """行政处罚法 第七十二条: a 5 000 元 fine 3 days late → 450; 34 days → 5 100 capped at 5 000."""
    assert surcharge(D("5000"), 3) == D("450.00")
    assert surcharge(D("5000"), 33) == D("4950.00")
    assert surcharge(D("5000"), 34) == D("5000.00")
    assert surcharge(D("5000"), 0) == D("0.00")


def test_days_late_counts_from_the_moved_due_date() -> None:
    due = add_days(CAL, d(2025, 9, 20), 15)  # 2025-10-09
    assert days_late(due, d(2025, 10, 9)) == 0
    assert days_late(due, d(2025, 10, 10)) == 1


# --- errors -------------------------------------------------------------------------------------------


def test_a_year_not_in_the_calendar_raises_with_the_year() -> None:
    with pytest.raises(YearNotInCalendar) as info:
        add_working_days(CAL, d(2026, 12, 28), 5)
    assert info.value.year == 2027
    with pytest.raises(YearNotInCalendar):
        add_days(CAL, d(2026, 12, 1), 31)  # 2027-01-01
    with pytest.raises(YearNotInCalendar):
        is_working_day(CAL, d(2003, 12, 31))


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_working_days(CAL, d(2025, 1, 1), -1),
        lambda: add_days(CAL, d(2025, 1, 1), -1),
        lambda: add_months(CAL, d(2025, 1, 1), -1),
        lambda: term_end(d(2025, 1, 1), years=-1),
        lambda: surcharge(D("100"), -1),
        lambda: surcharge(D("-1"), 1),
        lambda: period_due(CAL, kind="weeks", count=1, start=d(2025, 1, 1)),
    ],
)
def test_bad_input_is_refused(call: object) -> None:
    with pytest.raises(PeriodError):
        call()  # type: ignore[operator]


# --- properties ---------------------------------------------------------------------------------------

dates = st.dates(min_value=d(2004, 1, 1), max_value=d(2025, 6, 30))
small = st.integers(min_value=0, max_value=120)


@given(dates, small, small)
def test_working_days_are_additive(start: dt.date, a: int, b: int) -> None:
    assert add_working_days(CAL, add_working_days(CAL, start, a), b) == add_working_days(CAL, start, a + b)


@given(dates, small)
def test_working_day_periods_end_on_a_working_day_and_are_monotone(start: dt.date, n: int) -> None:
    due = add_working_days(CAL, start, n + 1)
    assert is_working_day(CAL, due)
    assert due > add_working_days(CAL, start, n)


@given(dates, small, small)
def test_day_periods_are_monotone_and_end_on_working_days(start: dt.date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert add_days(CAL, start, low) <= add_days(CAL, start, high)
    if a:
        due = add_days(CAL, start, a)
        assert is_working_day(CAL, due)
        assert due >= start + dt.timedelta(days=a)


@given(dates, st.integers(min_value=1, max_value=18))
def test_month_periods_hit_the_corresponding_day_or_the_month_end(start: dt.date, n: int) -> None:
    end = term_end(start, months=n)
    index = start.year * 12 + start.month - 1 + n
    year, month0 = divmod(index, 12)
    assert (end.year, end.month) == (year, month0 + 1)
    assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(days=1)).day == 1)
    due = add_months(CAL, start, n)
    assert due >= end
    assert is_working_day(CAL, due)
    # Everything between the term's end and the due date is a rest day: the smallest move.
    day = end
    while day < due:
        assert not is_working_day(CAL, day)
        day += dt.timedelta(days=1)


@given(dates, small, st.lists(st.tuples(small, st.integers(min_value=0, max_value=30)), max_size=3))
def test_pauses_never_bring_a_due_date_forward(start: dt.date, n: int, raw: list[tuple[int, int]]) -> None:
    paused = [(start + dt.timedelta(days=o), start + dt.timedelta(days=o + length)) for o, length in raw]
    for kind in ("working_days", "days"):
        assert period_due(CAL, kind=kind, count=n, start=start, paused=paused) >= period_due(
            CAL, kind=kind, count=n, start=start
        )


@given(st.decimals(min_value=0, max_value=10**7, places=2), st.integers(min_value=0, max_value=200))
def test_surcharge_never_exceeds_the_fine_and_grows_with_delay(fine: D, late: int) -> None:
    assert surcharge(fine, late) <= fine
    assert surcharge(fine, late) <= surcharge(fine, late + 1)
