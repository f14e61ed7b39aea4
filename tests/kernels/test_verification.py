"""Verification rules: validity by regime (JJG periods, household-meter lives) and the due chain."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiliang.kernels.verification import Verification, add_months, due_chain, rate, valid_until


def test_jjg_162_2019_water_meter_dn25_life_is_six_years_from_the_pass() -> None:
    """JJG 162-2019: DN ≤ 25 trade-settlement water meters, life ≤ 6 years counted from passing."""
    until = valid_until(
        verified_on=dt.date(2019, 7, 1),
        passed=True,
        regime="first_only_limited_life",
        period_months=None,
        service_life_months=72,
    )
    assert until == dt.date(2025, 6, 30)


def test_jjg_443_fuel_dispenser_half_year_period() -> None:
    until = valid_until(
        verified_on=dt.date(2024, 8, 31),
        passed=True,
        regime="periodic",
        period_months=6,
        service_life_months=None,
    )
    assert until == dt.date(2025, 2, 27)  # 2025-02-28 is the same day six months on; valid the day before


def test_fail_and_scrap_type_hold_no_validity() -> None:
    assert (
        valid_until(
            verified_on=dt.date(2024, 1, 1),
            passed=False,
            regime="periodic",
            period_months=12,
            service_life_months=None,
        )
        is None
    )
    assert (
        valid_until(
            verified_on=dt.date(2024, 1, 1),
            passed=True,
            regime="first_only_scrap",
            period_months=None,
            service_life_months=None,
        )
        is None
    )


def test_bad_regime_and_missing_months_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        valid_until(
            verified_on=dt.date(2024, 1, 1),
            passed=True,
            regime="yearly",
            period_months=12,
            service_life_months=None,
        )
    with pytest.raises(ValueError, match="months"):
        valid_until(
            verified_on=dt.date(2024, 1, 1),
            passed=True,
            regime="periodic",
            period_months=None,
            service_life_months=None,
        )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ((2020, 1, 31), 1, (2020, 2, 29)),
        ((2021, 1, 31), 1, (2021, 2, 28)),
        ((2020, 12, 15), 1, (2021, 1, 15)),
        ((2020, 2, 29), 12, (2021, 2, 28)),
        ((2020, 5, 10), 120, (2030, 5, 10)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected) -> None:  # type: ignore[no-untyped-def]
    assert add_months(dt.date(*day), months) == dt.date(*expected)


def test_chain_of_a_periodic_instrument_with_a_failure() -> None:
    chain = due_chain(
        in_use_from=dt.date(2020, 1, 10),
        regime="periodic",
        verifications=[
            Verification(dt.date(2021, 1, 5), True, dt.date(2022, 1, 4)),
            Verification(dt.date(2020, 1, 2), True, dt.date(2021, 1, 1)),  # given out of order
            Verification(dt.date(2022, 1, 3), False, None),
        ],
    )
    assert [(d.opened_on, d.due_on, d.closed_on) for d in chain] == [
        (dt.date(2020, 1, 10), dt.date(2020, 1, 10), dt.date(2020, 1, 2)),  # verified before use
        (dt.date(2020, 1, 10), dt.date(2021, 1, 2), dt.date(2021, 1, 5)),
        (dt.date(2021, 1, 5), dt.date(2022, 1, 5), dt.date(2022, 1, 3)),
        (dt.date(2022, 1, 3), dt.date(2022, 1, 3), None),  # failed: due at once
    ]
    assert [d.closed_by for d in chain] == [1, 0, 2, None]
    assert [d.initial for d in chain] == [True, False, False, False]


def test_retirement_cancels_the_open_due_and_scrap_types_are_never_due_again() -> None:
    chain = due_chain(
        in_use_from=dt.date(2020, 1, 1),
        regime="first_only_scrap",
        verifications=[Verification(dt.date(2019, 12, 20), True, None)],
        retired_on=dt.date(2023, 5, 1),
    )
    assert chain[-1].due_on is None
    assert chain[-1].cancelled_on == dt.date(2023, 5, 1)


def test_rate_is_none_when_nothing_was_due() -> None:
    assert rate(0, 0) is None
    assert rate(3, 4) == 0.75
    with pytest.raises(ValueError, match="negative"):
        rate(-1, 3)


verifications = st.lists(
    st.tuples(st.dates(dt.date(2010, 1, 1), dt.date(2030, 1, 1)), st.booleans(), st.integers(1, 24)),
    max_size=12,
)


@given(in_use=st.dates(dt.date(2010, 1, 1), dt.date(2030, 1, 1)), history=verifications)
def test_chain_invariants(in_use: dt.date, history: list[tuple[dt.date, bool, int]]) -> None:
    """One due per verification plus one open; consecutive; the open due is last."""
    given_verifications = [
        Verification(day, ok, add_months(day, months) - dt.timedelta(days=1) if ok else None)
        for day, ok, months in history
    ]
    chain = due_chain(in_use_from=in_use, regime="periodic", verifications=given_verifications)
    assert len(chain) == len(history) + 1
    assert [d.closed_on is None for d in chain] == [False] * len(history) + [True]
    assert sorted(d.closed_by for d in chain[:-1]) == list(range(len(history)))  # type: ignore[type-var]
    for before, after in itertools.pairwise(chain):
        assert after.opened_on == max(before.closed_on, in_use)  # type: ignore[type-var]
        assert after.opened_on >= before.opened_on
    assert chain[0].initial
    assert not any(d.initial for d in chain[1:])


@given(
    in_use=st.dates(dt.date(2010, 1, 1), dt.date(2030, 1, 1)),
    history=verifications,
    retired=st.one_of(st.none(), st.dates(dt.date(2010, 1, 1), dt.date(2031, 1, 1))),
    start=st.dates(dt.date(2010, 1, 1), dt.date(2031, 1, 1)),
    length=st.integers(0, 3000),
)
def test_relevant_until_never_hides_a_due_that_counts(
    in_use: dt.date,
    history: list[tuple[dt.date, bool, int]],
    retired: dt.date | None,
    start: dt.date,
    length: int,
) -> None:
    """Every due that can count in a window [start, end] (open at start, or verified or cancelled on or
    after it, or due on or after it; and due by ``end``) has start ≤ relevant_until ≤ window_key_end(end),
    and every open due due after ``end`` lies beyond that — the index key range loses nothing."""
    from jiliang.kernels.verification import relevant_until, window_key_end

    end = start + dt.timedelta(days=length)

    if retired is not None and retired < in_use:
        retired = in_use
    given_verifications = [
        Verification(day, ok, add_months(day, months) - dt.timedelta(days=1) if ok else None)
        for day, ok, months in history
    ]
    for due in due_chain(
        in_use_from=in_use, regime="periodic", verifications=given_verifications, retired_on=retired
    ):
        stopped = due.closed_on or due.cancelled_on
        still_counts = stopped is None or stopped >= start or (due.due_on is not None and due.due_on >= start)
        if still_counts:
            assert relevant_until(due) >= start
        if still_counts and due.due_on is not None and due.due_on <= end:
            assert relevant_until(due) <= window_key_end(end)
        if stopped is None and (due.due_on is None or due.due_on > end):
            assert relevant_until(due) > window_key_end(end)
