"""Permitted fine ranges (罚款幅度) of the metrology penalty articles, reference/supervision.md §4.2."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiliang.kernels.fines import FineError, FineRange, RangeRule, fine_check, fine_range

HENAN_40_1 = RangeRule("per_unit", D(200), D(500))  # 河南条例 第四十条(一): 每台（件）200–500 元
RULES_43 = RangeRule("fixed", D(0), D(1000), under_implementing_rules=True)  # 计量法实施细则 第四十三条
ORDER_75_18 = RangeRule("value_multiple", D(0), D(3), cap=D(30000))  # 75号令 第十八条
HENAN_39 = RangeRule("gains_multiple", D(1), D(5))  # 河南条例 第三十九条: 违法所得 1–5 倍
HENAN_38_5 = RangeRule("revenue_share", D("0.30"), D("0.30"))  # 河南条例 第三十八条(五): 经营收入 30 %


@pytest.mark.parametrize(
    ("units", "low", "high"), [(1, "200", "500"), (3, "600", "1500"), (10, "2000", "5000")]
)
def test_henan_article_40_1_per_instrument_vectors(units: int, low: str, high: str) -> None:
    """The reference's vectors: 1 unit → [200, 500]; 3 → [600, 1 500]; 10 → [2 000, 5 000]."""
    permitted = fine_range(HENAN_40_1, {"units": D(units)})
    assert (permitted.minimum, permitted.maximum) == (D(low), D(high))
    assert "provincial_decision" not in permitted.notes


def test_implementing_rules_43_caps_at_1000_whatever_the_number_of_instruments() -> None:
    assert fine_range(RULES_43) == FineRange(D("0.00"), D("1000.00"), ())


def test_lot_value_multiple_is_capped_at_30000() -> None:
    assert fine_range(ORDER_75_18, {"lot_value": D("4000")}).maximum == D("12000.00")
    capped = fine_range(ORDER_75_18, {"lot_value": D("12500")})
    assert (capped.maximum, capped.notes) == (D("30000.00"), ("capped",))


def test_gains_and_revenue_rules() -> None:
    assert fine_range(HENAN_39, {"illegal_gains": D("1234.5")}) == FineRange(D("1234.50"), D("6172.50"), ())
    assert fine_range(HENAN_38_5, {"revenue": D("999")}).minimum == D("299.70")


def test_fines_from_10000_under_the_implementing_rules_need_the_province() -> None:
    rule = RangeRule("fixed", D(0), D(10000), under_implementing_rules=True)
    assert "provincial_decision" in fine_range(rule).notes


@pytest.mark.parametrize(
    ("rule", "facts", "code"),
    [
        (HENAN_40_1, {}, "fact_missing"),
        (HENAN_40_1, {"units": D("1.5")}, "fact_invalid"),
        (HENAN_39, {"illegal_gains": D("-1")}, "fact_invalid"),
        (HENAN_39, {"illegal_gains": D("NaN")}, "fact_invalid"),
        (RangeRule("fixed", D(500), D(100)), {}, "rule_bounds"),
        (RangeRule("whim", D(0), D(1)), {}, "rule_kind"),
    ],
)
def test_bad_rules_and_facts_are_refused_with_a_code(rule: RangeRule, facts: dict[str, D], code: str) -> None:
    with pytest.raises(FineError) as raised:
        fine_range(rule, facts)
    assert raised.value.code == code


def test_a_fine_outside_the_range_is_refused() -> None:
    permitted = fine_range(HENAN_40_1, {"units": D(3)})
    assert fine_check(permitted, D("600")) is None
    assert fine_check(permitted, D("1500.00")) is None
    assert fine_check(permitted, D("599.99")) == "below_minimum"
    assert fine_check(permitted, D("1500.01")) == "above_maximum"
    assert fine_check(permitted, D("700.001")) == "not_money"
    assert fine_check(permitted, D("Infinity")) == "not_money"


money = st.decimals(min_value=0, max_value=10**7, places=2)


@given(units=st.integers(min_value=0, max_value=10_000), low=money, extra=money)
def test_per_unit_ranges_scale_with_the_units_and_stay_ordered(units: int, low: D, extra: D) -> None:
    one = fine_range(RangeRule("per_unit", low, low + extra), {"units": D(1)})
    many = fine_range(RangeRule("per_unit", low, low + extra), {"units": D(units)})
    assert many.minimum <= many.maximum
    assert (many.minimum, many.maximum) == (one.minimum * units, one.maximum * units)


@given(value=money, cap=money)
def test_a_cap_is_never_exceeded(value: D, cap: D) -> None:
    permitted = fine_range(RangeRule("value_multiple", D(0), D(3), cap=cap), {"lot_value": value})
    assert permitted.maximum <= cap
    assert fine_check(permitted, permitted.maximum) is None
