"""Plan-target status (洛政〔2015〕59号 §四(五) 检查考核): met / on track / behind / no data."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiliang.kernels.kpi import compare, expected_value, target_status

D = Decimal
PLAN = {"baseline": D(0), "baseline_date": dt.date(2015, 10, 9), "deadline": dt.date(2020, 12, 31)}


@pytest.mark.parametrize(
    ("value", "comparator", "target", "met"),
    [
        (D("95"), "ge", D("95"), True),
        (D("94.99"), "ge", D("95"), False),
        (D("3"), "le", D("5"), True),
        (D("2"), "eq", D("2"), True),
        (D("1"), "established", None, True),
        (D("0"), "established", None, False),
    ],
)
def test_compare(value, comparator, target, met) -> None:  # type: ignore[no-untyped-def]
    assert compare(value, comparator, target) is met


def test_compare_refuses_unknown_comparator_and_missing_target() -> None:
    with pytest.raises(ValueError, match="unknown"):
        compare(D(1), "gte", D(1))
    with pytest.raises(ValueError, match="needs a target"):
        compare(D(1), "ge", None)


def test_city_standards_path_120_by_2020() -> None:
    """120 city-level standards by 2020-12-31 from 0 on 2015-10-09: 60 is on track mid-way, 40 is behind."""
    mid = dt.date(2018, 5, 20)
    assert target_status(value=D(70), comparator="ge", target=D(120), as_of=mid, **PLAN).status == "on_track"
    assert target_status(value=D(40), comparator="ge", target=D(120), as_of=mid, **PLAN).status == "behind"
    assert target_status(value=D(121), comparator="ge", target=D(120), as_of=mid, **PLAN).status == "met"
    assert (
        target_status(value=D(119), comparator="ge", target=D(120), as_of=dt.date(2021, 1, 1), **PLAN).status
        == "behind"
    )
    assert target_status(value=None, comparator="ge", target=D(120), as_of=mid, **PLAN).status == "no_data"


def test_without_baseline_a_missed_rate_is_behind() -> None:
    status = target_status(
        value=D("97.5"),
        comparator="ge",
        target=D(98),
        baseline=None,
        baseline_date=None,
        deadline=dt.date(2020, 12, 31),
        as_of=dt.date(2018, 1, 1),
    )
    assert status.status == "behind"
    assert status.expected is None


@given(day=st.dates(dt.date(2010, 1, 1), dt.date(2030, 1, 1)))
def test_expected_value_stays_between_baseline_and_target(day: dt.date) -> None:
    value = expected_value(
        baseline=D(10),
        baseline_date=dt.date(2015, 1, 1),
        target=D(150),
        deadline=dt.date(2020, 12, 31),
        as_of=day,
    )
    assert D(10) <= value <= D(150)


@given(
    a=st.dates(dt.date(2015, 1, 1), dt.date(2020, 12, 31)),
    b=st.dates(dt.date(2015, 1, 1), dt.date(2020, 12, 31)),
)
def test_expected_value_never_decreases_over_time(a: dt.date, b: dt.date) -> None:
    early, late = sorted((a, b))
    kwargs = {
        "baseline": D(0),
        "baseline_date": dt.date(2015, 1, 1),
        "target": D(100),
        "deadline": dt.date(2020, 12, 31),
    }
    assert expected_value(as_of=early, **kwargs) <= expected_value(as_of=late, **kwargs)
