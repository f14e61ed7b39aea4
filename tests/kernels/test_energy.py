"""Energy kernel: GB/T 2589 conversions, register arithmetic, quality checks, GB 17167 evaluation."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiliang.kernels.energy import (
    COEFFICIENTS_GBT2589_2008,
    KJ_PER_KGCE,
    Consumer,
    MeterSpec,
    accuracy_meets,
    check_series,
    classify_consumers,
    coefficient_from_calorific,
    completeness,
    consistency,
    convert_quantity,
    equipping_rate,
    evaluate_equipping,
    expected_count,
    register_deltas,
    required_from_consumers,
    to_tce,
)

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
Q = dt.timedelta(minutes=15)


def _coefficient(energy: str, basis: str = "equivalent") -> Decimal:
    return next(c.kgce for c in COEFFICIENTS_GBT2589_2008 if c.energy == energy and c.basis == basis)


def test_gbt_2589_electricity_equivalent_value_ten_thousand_kwh_is_1_229_tce() -> None:
    assert to_tce(Decimal(10_000), "kWh", _coefficient("electricity"), "kWh") == Decimal("1.229")


def test_gbt_2589_one_tonne_of_raw_coal_is_0_7143_tce() -> None:
    assert to_tce(Decimal(1), "t", _coefficient("raw_coal"), "kg") == Decimal("0.7143")


def test_gbt_2589_natural_gas_and_diesel_appendix_a() -> None:
    assert to_tce(Decimal(10_000), "m3", _coefficient("natural_gas"), "m3") == Decimal("12.143")
    assert to_tce(Decimal(1), "t", _coefficient("diesel"), "kg") == Decimal("1.4571")


def test_gbt_2589_heat_one_gigajoule_is_0_0341_tce() -> None:
    assert to_tce(Decimal(1), "GJ", _coefficient("heat"), "MJ") == Decimal("0.0341")


def test_a_measured_calorific_value_of_29307_kj_is_one_kgce() -> None:
    assert coefficient_from_calorific(KJ_PER_KGCE) == 1
    with pytest.raises(ValueError, match="positive"):
        coefficient_from_calorific(Decimal(0))


def test_unconfirmed_coefficients_are_marked() -> None:
    unconfirmed = {(c.energy, c.basis) for c in COEFFICIENTS_GBT2589_2008 if not c.confirmed}
    assert ("electricity", "equal") in unconfirmed
    assert ("water", "equivalent") in unconfirmed
    assert ("electricity", "equivalent") not in unconfirmed


def test_a_near_top_negative_step_is_a_rollover_and_any_other_a_replacement() -> None:
    t = [T0 + i * Q for i in range(3)]
    assert [
        d.kind for d in register_deltas(list(zip(t, [9990.0, 5.0, 7.0], strict=True)), register_max=10_000)
    ] == [
        "rollover",
        "normal",
    ]
    assert (
        register_deltas(list(zip(t, [9990.0, 5.0, 7.0], strict=True)), register_max=10_000)[0].delta == 15.0
    )
    assert [
        d.kind for d in register_deltas(list(zip(t, [5000.0, 5.0, 7.0], strict=True)), register_max=10_000)
    ] == [
        "replacement",
        "normal",
    ]


@given(st.lists(st.floats(min_value=0, max_value=1e3, allow_nan=False), min_size=1, max_size=60))
def test_consumption_of_a_wrapping_register_equals_the_steps_fed_in(steps: list[float]) -> None:
    """Property: feed steps into a register that wraps at 10⁴; the deltas give the steps back."""
    register_max, value = 10_000.0, 9_000.0
    points = [(T0, value)]
    for i, step in enumerate(steps, 1):
        value = (value + step) % register_max
        points.append((T0 + i * Q, value))
    deltas = register_deltas(points, register_max=register_max)
    assert sum(d.delta for d in deltas) == pytest.approx(sum(steps), abs=1e-6)


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=200))
def test_completeness_is_a_ratio_capped_at_one(received: int, expected: int) -> None:
    value = completeness(received, expected)
    assert value is not None
    assert 0 <= value <= 1
    assert (value == 1) == (received >= expected)


def test_online_monitoring_an_hourly_item_owes_24_a_day() -> None:
    assert expected_count(T0, T0 + dt.timedelta(days=1), dt.timedelta(hours=1)) == 24


def test_online_monitoring_daily_and_monthly_agree_within_five_percent() -> None:
    assert consistency([Decimal(100)] * 31, Decimal(3100 * 1.05)).ok
    assert not consistency([Decimal(100)] * 31, Decimal(3300)).ok
    assert consistency([], Decimal(0)).ok


def test_series_checks_find_each_fault_once() -> None:
    values = [100.0, 101.0, 102.0] + [102.0] * 12 + [5.0, 6.0]
    points = [(T0 + i * Q, v) for i, v in enumerate(values)]
    points.append((T0 + 30 * Q, 7.0))  # gap
    points.append((T0 + dt.timedelta(days=3), 8.0))  # future
    issues = check_series(points, kind="cumulative", step=Q, now=T0 + dt.timedelta(days=1))
    kinds = [i.kind for i in issues]
    assert kinds.count("flat") == 1
    assert kinds.count("replacement") == 1
    assert kinds.count("future") == 1
    assert kinds.count("gap") == 2  # before the 30th slot and before the future reading


def test_interval_spike_uses_the_meters_maximum_per_hour() -> None:
    points = [(T0, 10.0), (T0 + Q, 11.0), (T0 + 2 * Q, 400.0)]
    issues = check_series(points, kind="interval", step=Q, now=T0 + dt.timedelta(days=1), max_per_hour=100)
    assert [(i.kind, i.ts) for i in issues] == [("spike", T0 + 2 * Q)]


def test_gb_17167_equipping_rate_and_accuracy() -> None:
    assert equipping_rate(19, 20) == Decimal(95)
    assert equipping_rate(3, 0) is None
    assert accuracy_meets("0.5S", "0.5S") is True
    assert accuracy_meets("0.5", "0.5S") is False
    assert accuracy_meets("±2.0 %", "±2.5 %") is True


def test_gb_17167_review_names_each_shortfall() -> None:
    meters = [
        MeterSpec("E1", "electricity", "unit", "0.5S"),
        MeterSpec("E2", "electricity", "equipment", "1.0"),
        MeterSpec("G1", "natural_gas", "unit", ""),
    ]
    shortfalls = evaluate_equipping(
        meters=meters,
        required_counts={
            ("electricity", "equipment"): 2,
            ("electricity", "unit"): 1,
            ("natural_gas", "unit"): 1,
        },
        rate_table={("electricity", "equipment"): Decimal(95), ("electricity", "unit"): Decimal(100)},
        accuracy_table={("electricity", "unit"): "0.5S", ("natural_gas", "unit"): "±2.0 %"},
    )
    assert [(s.kind, s.energy, s.level, s.meter) for s in shortfalls] == [
        ("equipping", "electricity", "equipment", ""),
        ("accuracy", "natural_gas", "unit", "G1"),
    ]
    assert "1 of 2" in shortfalls[0].detail
    assert "cannot be compared" in shortfalls[1].detail


def test_units_of_different_dimensions_do_not_convert() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        convert_quantity(Decimal(1), "barrel", "kg")


TABLE_2 = {
    ("equipment", "electricity"): (Decimal(100), "kW"),
    ("equipment", "water"): (Decimal(5000), "t/a"),
    ("equipment", "natural_gas"): (Decimal(10000), "m3/a"),
    ("sub_unit", "electricity"): (Decimal(10), "kW"),
}


@pytest.mark.parametrize(("size", "major"), [("99.999", False), ("100", True), ("100.001", True)])
def test_gb_17167_table_2_exactly_at_the_threshold_is_major(size: str, major: bool) -> None:
    """ "大于或等于": a consumer whose size equals the Table 2 value is major."""
    [verdict] = classify_consumers(
        [Consumer("pump", "equipment", "electricity", Decimal(size), "kW")], TABLE_2
    )
    assert (verdict.reaches, verdict.major, verdict.needs_meter) == (major, major, major)


def test_gb_17167_table_2_one_flow_makes_a_consumer_major_and_auxiliary_flows_are_exempt() -> None:
    flows = [
        Consumer("boiler", "equipment", "natural_gas", Decimal(250000), "m3/a"),
        Consumer("boiler", "equipment", "electricity", Decimal(45), "kW"),  # auxiliary, below 100 kW
        Consumer("boiler", "equipment", "steam", Decimal(1), "GJ/a"),  # no threshold: counted
        Consumer("workshop", "sub_unit", "electricity", Decimal(10), "kW"),
        Consumer("workshop", "sub_unit", "water", Decimal(1), "t/a"),  # every flow of a major sub-unit
        Consumer("office", "sub_unit", "electricity", Decimal(8), "kW"),
        Consumer("fan", "equipment", "electricity", Decimal(150), "t/a"),  # wrong unit: undecided
    ]
    verdicts = classify_consumers(flows, TABLE_2)
    assert [(v.consumer.name, v.consumer.energy, v.reaches, v.major, v.needs_meter) for v in verdicts] == [
        ("boiler", "natural_gas", True, True, True),
        ("boiler", "electricity", False, True, False),
        ("boiler", "steam", None, True, True),
        ("workshop", "electricity", True, True, True),
        ("workshop", "water", None, True, True),
        ("office", "electricity", False, False, False),
        ("fan", "electricity", None, False, False),
    ]
    assert required_from_consumers(verdicts) == {
        ("natural_gas", "equipment"): 1,
        ("steam", "equipment"): 1,
        ("electricity", "sub_unit"): 1,
        ("water", "sub_unit"): 1,
    }
