"""Net content of prepackaged goods: 附表3 (T), 附表4 (sampling plan) and JJF 1070-2005 §6 lot judgement.

Expected values are worked by hand from the tables in reference/domain.md §1.2–1.5; each test names the
row or clause it reproduces.
"""

import math
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import t as student_t

from jiliang.kernels.prepack import (
    RULE_EDITION,
    canonical_unit,
    convert_quantity,
    judge_lot,
    net_contents_from_gross,
    sampling_plan,
    tolerable_negative_error,
)

# ---------------------------------------------------------------------------------------------------------
# 附表3: tolerable negative error, mass and volume
# ---------------------------------------------------------------------------------------------------------

# (Qn in g or mL, T as printed after rounding, the band named in the rule). Both sides of every edge.
MASS_VOLUME_EDGES = [
    ("49.9", "4.5", "Qn ≤ 50 {u}"),  # 9 % → 4.491 → 4.5
    ("50", "4.5", "Qn ≤ 50 {u}"),  # 9 % → 4.50
    ("50.1", "4.5", "50 {u} < Qn ≤ 100 {u}"),
    ("100", "4.5", "50 {u} < Qn ≤ 100 {u}"),
    ("100.1", "4.5", "100 {u} < Qn ≤ 200 {u}"),  # 4.5 % → 4.5045
    ("199.9", "9.0", "100 {u} < Qn ≤ 200 {u}"),  # 4.5 % → 8.9955
    ("200", "9.0", "100 {u} < Qn ≤ 200 {u}"),
    ("200.1", "9.0", "200 {u} < Qn ≤ 300 {u}"),
    ("300", "9.0", "200 {u} < Qn ≤ 300 {u}"),
    ("300.1", "9.0", "300 {u} < Qn ≤ 500 {u}"),  # 3 % → 9.003
    ("500", "15.0", "300 {u} < Qn ≤ 500 {u}"),
    ("500.1", "15.0", "500 {u} < Qn ≤ 1000 {u}"),
    ("1000", "15.0", "500 {u} < Qn ≤ 1000 {u}"),  # still rounded to 0.1: Qn ≤ 1 kg(L)
    ("1000.1", "15", "1000 {u} < Qn ≤ 10000 {u}"),  # 1.5 % → 15.0015, now rounded to 1
    ("10000", "150", "1000 {u} < Qn ≤ 10000 {u}"),
    ("10001", "150", "10000 {u} < Qn ≤ 15000 {u}"),
    ("15000", "150", "10000 {u} < Qn ≤ 15000 {u}"),
    ("15001", "150", "15000 {u} < Qn ≤ 50000 {u}"),  # 1 % → 150.01
    ("50000", "500", "15000 {u} < Qn ≤ 50000 {u}"),
]


@pytest.mark.parametrize("unit", ["g", "mL"])
@pytest.mark.parametrize(("nominal", "expected", "band"), MASS_VOLUME_EDGES)
def test_fubiao3_mass_volume_band_edges(unit: str, nominal: str, expected: str, band: str) -> None:
    """附表3: T on both sides of every band edge, printed to the digit the rounding note requires."""
    result = tolerable_negative_error(Decimal(nominal), unit)
    assert str(result.tne) == expected
    assert result.tne_unit == unit
    assert result.unit == unit
    assert band.format(u=unit) in result.rule


# The same edges given in kg or L: T comes back in g or mL.
LARGE_UNIT_EDGES = [
    ("0.05", "4.5", "Qn ≤ 50"),
    ("0.0501", "4.5", "50 {u} < Qn ≤ 100"),
    ("0.5", "15.0", "300 {u} < Qn ≤ 500"),
    ("1", "15.0", "500 {u} < Qn ≤ 1000"),
    ("1.0001", "15", "1000 {u} < Qn ≤ 10000"),
    ("1.5", "22", "1000 {u} < Qn ≤ 10000"),
    ("10", "150", "1000 {u} < Qn ≤ 10000"),
    ("10.001", "150", "10000 {u} < Qn ≤ 15000"),
    ("15.001", "150", "15000 {u} < Qn ≤ 50000"),
    ("50", "500", "15000 {u} < Qn ≤ 50000"),
]


@pytest.mark.parametrize(("unit", "base"), [("kg", "g"), ("L", "mL")])
@pytest.mark.parametrize(("nominal", "expected", "band"), LARGE_UNIT_EDGES)
def test_fubiao3_kg_and_litre_nominals_are_read_in_g_and_ml(
    unit: str, base: str, nominal: str, expected: str, band: str
) -> None:
    result = tolerable_negative_error(Decimal(nominal), unit)
    assert str(result.tne) == expected
    assert result.tne_unit == base
    assert result.unit == unit
    assert band.format(u=base) in result.rule
    assert f"{unit} = " in result.rule  # the conversion is shown


@pytest.mark.parametrize(
    ("nominal", "unit"), [("50000.1", "g"), ("50.001", "kg"), ("50001", "mL"), ("51", "L")]
)
def test_fubiao3_above_50_kg_or_50_l_is_out_of_scope(nominal: str, unit: str) -> None:
    with pytest.raises(ValueError, match="outside the scope of 定量包装商品"):
        tolerable_negative_error(Decimal(nominal), unit)


# (Qn g, T with GB/T 8170, T with half-up): the two methods differ only on an exact 5.
ROUNDING_CASES = [
    ("1500", "22", "23"),  # 22.5: 2 is even, stays
    ("3500", "52", "53"),  # 52.5
    ("2500", "38", "38"),  # 37.5: 7 is odd, rounds up under both
    ("1501", "23", "23"),  # 22.515: more than half, GB/T 8170 rounds up too
    ("1234", "19", "19"),  # 18.51
    ("130", "5.8", "5.9"),  # 4.5 % → 5.85, rounded to 0.1 below 1 kg
    ("315", "9.4", "9.5"),  # 3 % → 9.45
    ("45", "4.0", "4.1"),  # 9 % → 4.05
    ("150", "6.8", "6.8"),  # 4.5 % → 6.75: 7 is odd
]


@pytest.mark.parametrize(("nominal", "gb8170", "half_up"), ROUNDING_CASES)
def test_fubiao3_rounding_note_gb8170_and_half_up(nominal: str, gb8170: str, half_up: str) -> None:
    """附表3 note: 0.1 g below 1 kg, 1 g above; the method is GB/T 8170 by default, half-up on request."""
    default = tolerable_negative_error(Decimal(nominal), "g")
    even = tolerable_negative_error(Decimal(nominal), "g", rounding="gb8170")
    up = tolerable_negative_error(Decimal(nominal), "g", rounding="half-up")
    assert str(default.tne) == gb8170
    assert str(even.tne) == gb8170
    assert str(up.tne) == half_up
    assert "GB/T 8170 round half to even" in even.rule
    assert "round half up" in up.rule
    assert "GB/T 8170" not in up.rule


def test_fubiao3_rounding_of_1_5_kg_in_kg() -> None:
    """domain.md §1.2 example: Qn = 1.5 kg → T = 22.5 g → 22 g (GB/T 8170) or 23 g (half-up)."""
    assert tolerable_negative_error(1.5, "kg").tne == 22
    assert tolerable_negative_error(1.5, "kg", rounding="half-up").tne == 23


def test_float_nominals_are_read_by_their_decimal_repr() -> None:
    """0.1 + 0.2 style binary noise must not move a tie: 4.5 % × 130.0 is exactly 5.85."""
    assert str(tolerable_negative_error(130.0, "g").tne) == "5.8"
    assert str(tolerable_negative_error("130", "g").tne) == "5.8"


# ---------------------------------------------------------------------------------------------------------
# 附表3: length, area, count
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nominal", "unit", "expected"),
    [
        ("5", "m", Decimal(0)),
        ("5.01", "m", Decimal("0.1002")),
        ("10", "m", Decimal("0.2")),
        ("500", "cm", Decimal(0)),  # 5 m exactly
        ("501", "cm", Decimal("10.02")),
        ("5000", "mm", Decimal(0)),
        ("6000", "mm", Decimal(120)),
    ],
)
def test_fubiao3_length(nominal: str, unit: str, expected: Decimal) -> None:
    """附表3 length: Qn ≤ 5 m → no shortage allowed; Qn > 5 m → T = 2 % of Qn, in the nominal's unit."""
    result = tolerable_negative_error(Decimal(nominal), unit)
    assert result.tne == expected
    assert result.tne_unit == unit


@pytest.mark.parametrize("unit", ["m2", "m²"])
def test_fubiao3_area_is_3_percent(unit: str) -> None:
    result = tolerable_negative_error(2, unit)
    assert result.tne == Decimal("0.06")
    assert result.unit == result.tne_unit == "m2"


@pytest.mark.parametrize(
    ("nominal", "expected"), [(1, 0), (50, 0), (51, 1), (100, 1), (101, 2), (150, 2), (200, 2), (201, 3)]
)
@pytest.mark.parametrize("unit", ["count", "pcs", "个"])
def test_fubiao3_count_rounds_fraction_up(nominal: int, expected: int, unit: str) -> None:
    """附表3 count: Qn ≤ 50 → 0; above → 1 %, any fraction rounded up to the next integer (150 → 1.5 → 2)."""
    result = tolerable_negative_error(nominal, unit)
    assert result.tne == expected
    assert result.tne_unit == "count"


def test_fubiao3_count_rounding_ignores_the_rounding_option() -> None:
    assert tolerable_negative_error(150, "count", rounding="gb8170").tne == 2
    assert tolerable_negative_error(150, "count", rounding="half-up").tne == 2


def test_count_nominal_must_be_whole() -> None:
    with pytest.raises(ValueError, match="whole number"):
        tolerable_negative_error(Decimal("50.5"), "count")


@pytest.mark.parametrize(("alias", "canonical"), [("ml", "mL"), ("l", "L"), (" kg ", "kg"), ("m²", "m2")])
def test_unit_aliases(alias: str, canonical: str) -> None:
    assert canonical_unit(alias) == canonical
    assert tolerable_negative_error(1, alias).unit == canonical


@pytest.mark.parametrize("unit", ["oz", "KG2", "", "lb"])
def test_unknown_unit_is_named(unit: str) -> None:
    with pytest.raises(ValueError, match=f"unknown unit '{unit}'"):
        tolerable_negative_error(100, unit)


@pytest.mark.parametrize("nominal", [0, -1, "abc", float("nan"), float("inf"), True, None])
def test_bad_nominal_is_refused(nominal: object) -> None:
    with pytest.raises(ValueError, match="nominal quantity"):
        tolerable_negative_error(nominal, "g")  # type: ignore[arg-type]


def test_unknown_rounding_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rounding method 'bankers'"):
        tolerable_negative_error(1500, "g", rounding="bankers")


# ---------------------------------------------------------------------------------------------------------
# Unit conversion and tare
# ---------------------------------------------------------------------------------------------------------


def test_convert_quantity_between_legal_units() -> None:
    assert convert_quantity(1.5, "kg", "g") == 1500
    assert convert_quantity(22, "g", "kg") == Decimal("0.022")
    assert convert_quantity(250, "ml", "L") == Decimal("0.25")
    assert convert_quantity("0.75", "L", "mL") == 750
    assert convert_quantity(501, "cm", "m") == Decimal("5.01")
    assert convert_quantity(12, "mm", "cm") == Decimal("1.2")


def test_convert_quantity_refuses_other_dimensions() -> None:
    with pytest.raises(ValueError, match="cannot convert g"):
        convert_quantity(1, "g", "mL")


def test_average_tare_subtracts_mean_of_tare_sample() -> None:
    """R 87 Annex B average tare: every gross minus the mean of the tare sample (10.2, 9.8, 10.3 → 10.1)."""
    net = net_contents_from_gross([510.1, 505.0], "average", [10.2, 9.8, 10.3])
    assert net == [Decimal("500.0"), Decimal("494.9")]


def test_individual_tare_pairs_by_position() -> None:
    net = net_contents_from_gross([510.1, 505.0], "individual", [10.2, 9.8])
    assert net == [Decimal("499.9"), Decimal("495.2")]


def test_individual_tare_needs_one_tare_per_package() -> None:
    with pytest.raises(ValueError, match="2 gross values, 3 tares"):
        net_contents_from_gross([510, 505], "individual", [10, 10, 10])


@pytest.mark.parametrize(
    ("gross", "mode", "tare", "message"),
    [
        ([510], "median", [10], "unknown tare mode 'median'"),
        ([510], "average", [], "tare must hold at least one value"),
        ([], "average", [10], "gross must hold at least one value"),
        ([510], "average", [-1], "tare #1 is negative"),
        ([510, -5], "average", [1], "gross #2 is negative"),
        ([5], "individual", [10], r"gross #1 \(5\) is less than its tare \(10\)"),
        ([float("nan")], "average", [1], "gross #1 must be a finite number"),
        ("510", "average", [1], "gross must be a list"),
    ],
)
def test_tare_errors_name_the_problem(gross: list[float], mode: str, tare: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        net_contents_from_gross(gross, mode, tare)


# ---------------------------------------------------------------------------------------------------------
# 附表4: sampling plan
# ---------------------------------------------------------------------------------------------------------

# (N, n, λ, T1 allowed, mean judged) at every lot-size edge of 附表4.
PLAN_EDGES = [
    (1, 1, None, 0, False),
    (10, 10, None, 0, False),
    (11, 10, Decimal("1.028"), 0, True),
    (50, 10, Decimal("1.028"), 0, True),
    (51, 13, Decimal("0.848"), 1, True),
    (99, 13, Decimal("0.848"), 1, True),
    (100, 50, Decimal("0.379"), 3, True),
    (500, 50, Decimal("0.379"), 3, True),
    (501, 80, Decimal("0.295"), 5, True),
    (3200, 80, Decimal("0.295"), 5, True),
    (3201, 125, Decimal("0.234"), 7, True),
    (1_000_000, 125, Decimal("0.234"), 7, True),
]


@pytest.mark.parametrize(("lot_size", "n", "lambda_", "t1_allowed", "mean_judged"), PLAN_EDGES)
def test_fubiao4_sampling_plan_lot_size_edges(
    lot_size: int, n: int, lambda_: Decimal | None, t1_allowed: int, mean_judged: bool
) -> None:
    plan = sampling_plan(lot_size)
    assert plan.lot_size == lot_size
    assert plan.sample_size == n
    assert plan.lambda_ == lambda_
    assert plan.t1_allowed == t1_allowed
    assert plan.t2_allowed == 0
    assert plan.mean_judged is mean_judged
    assert plan.rule.startswith("附表4")


@pytest.mark.parametrize(("n", "lambda_"), [(10, 1.028), (13, 0.848), (50, 0.379), (80, 0.295), (125, 0.234)])
def test_fubiao4_lambda_is_t_0995_over_root_n(n: int, lambda_: float) -> None:
    """附表4 note: λ = t₀.₉₉₅(n − 1)/√n; the printed values agree to within 0.001."""
    assert sampling_plan({10: 11, 13: 51, 50: 100, 80: 501, 125: 3201}[n]).lambda_ == Decimal(str(lambda_))
    assert abs(student_t.ppf(0.995, n - 1) / math.sqrt(n) - lambda_) < 0.001


@pytest.mark.parametrize(("lot_size", "message"), [(0, "at least 1 unit, got 0"), (-5, "at least 1 unit")])
def test_fubiao4_lot_size_below_one_is_refused(lot_size: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sampling_plan(lot_size)


@pytest.mark.parametrize("lot_size", [10.0, "100", True, None])
def test_fubiao4_lot_size_must_be_an_integer(lot_size: object) -> None:
    with pytest.raises(ValueError, match="whole number of units"):
        sampling_plan(lot_size)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------
# JJF 1070-2005 §6: lot judgement, worked by hand
# ---------------------------------------------------------------------------------------------------------


def test_jjf1070_lot_of_20_with_one_t1_unit_fails_on_count_only() -> None:
    """Qn 500 g, N 20 → n 10, λ 1.028, T 15.0 g, no T1 allowed. Σ = 4985, q̄ = 498.5,
    Σ(q − q̄)² = 262.5, s = √(262.5/9) = 5.40062, limit = 500 − 1.028 × 5.40062 = 494.4482."""
    j = judge_lot(500, "g", 20, [501, 499, 502, 498, 500, 503, 497, 500, 501, 484])
    assert j.sample_size_required == j.sample_size == 10
    assert j.tne == Decimal("15.0")
    assert j.mean == Decimal("498.5")
    assert j.std is not None
    assert float(j.std) == pytest.approx(5.400617, abs=1e-6)
    assert j.lambda_ == Decimal("1.028")
    assert j.mean_limit is not None
    assert float(j.mean_limit) == pytest.approx(494.448166, abs=1e-6)
    assert j.mean_ok is True
    assert (j.t1_count, j.t2_count, j.t1_allowed, j.t2_allowed) == (1, 0, 0, 0)
    assert j.verdict == "fail"
    assert len(j.reasons) == 1
    assert "(T1)" in j.reasons[0]
    assert "#10" in j.reasons[0]
    assert j.rule_edition == RULE_EDITION


def test_jjf1070_shortfall_of_exactly_t_conforms() -> None:
    """附表4 headings: T1 is a shortfall > T. 485 g against Qn 500 g, T 15 g, is conforming; 484.9 is T1.
    q̄ = 498.5, s = √(202.5/9) = 4.7434, limit = 495.124: the mean passes in both lots."""
    passing = judge_lot(500, "g", 20, [500] * 9 + [485])
    assert passing.t1_count == 0
    assert passing.verdict == "pass"
    assert passing.reasons == ()
    failing = judge_lot(500, "g", 20, [500] * 9 + [484.9])
    assert failing.t1_count == 1
    assert failing.verdict == "fail"


def test_jjf1070_shortfall_of_exactly_2t_is_t1_not_t2() -> None:
    """N 1000 → n 80, 5 T1 allowed. 470 g is short by exactly 2T = 30 g: T1, allowed; 469.9 g is T2."""
    t1_lot = judge_lot(500, "g", 1000, [510] * 79 + [470])
    assert (t1_lot.t1_count, t1_lot.t2_count) == (1, 0)
    assert t1_lot.verdict == "pass"
    t2_lot = judge_lot(500, "g", 1000, [510] * 79 + [469.9])
    assert (t2_lot.t1_count, t2_lot.t2_count) == (0, 1)
    assert t2_lot.verdict == "fail"
    assert t2_lot.reasons == ("1 unit(s) short by more than 2T = 30 g (T2, none allowed): #80",)


def test_jjf1070_mean_below_qn_minus_lambda_s_fails() -> None:
    """N 300 → n 50, λ 0.379. 25 × 497 g + 25 × 499 g: q̄ = 498, s = √(50/49) = 1.010153,
    limit = 500 − 0.379 × 1.010153 = 499.617152 > 498, so the mean fails though no unit is short by > T."""
    j = judge_lot(500, "g", 300, [497] * 25 + [499] * 25)
    assert j.mean == 498
    assert j.mean_limit is not None
    assert float(j.mean_limit) == pytest.approx(499.617152, abs=1e-6)
    assert j.mean_ok is False
    assert (j.t1_count, j.t2_count) == (0, 0)
    assert j.verdict == "fail"
    assert j.reasons == ("mean 498 g is below Qn − λ·s = 500 − 0.379 × 1.0102 = 499.6172 g",)


def test_jjf1070_mean_exactly_at_limit_passes() -> None:
    """q̄ ≥ Qn − λ·s is inclusive: every unit at Qn gives s = 0 and q̄ = Qn = the limit."""
    j = judge_lot(250, "mL", 3201, [250] * 125)
    assert j.std == 0
    assert j.mean == j.mean_limit == 250
    assert j.mean_ok is True
    assert j.verdict == "pass"


def test_jjf1070_every_failed_criterion_is_a_reason() -> None:
    """N 60 → n 13, 1 T1 allowed, Qn 200 mL, T 9.0 mL: two T1 (190, 189), one T2 (180; 2T = 18), and
    q̄ = 2509/13 = 193.0 far below Qn − 0.848·s."""
    j = judge_lot(200, "mL", 60, [190, 189, 180] + [195] * 10)
    assert (j.t1_count, j.t2_count, j.t1_allowed) == (2, 1, 1)
    assert j.mean_ok is False
    assert len(j.reasons) == 3
    assert "(T2" in j.reasons[0]
    assert "#3" in j.reasons[0]
    assert "(T1)" in j.reasons[1]
    assert "#1, #2" in j.reasons[1]
    assert j.reasons[2].startswith("mean ")


@pytest.mark.parametrize(("t1_units", "verdict"), [(7, "pass"), (8, "fail")])
def test_fubiao4_t1_acceptance_number_over_3200(t1_units: int, verdict: str) -> None:
    """N > 3200 allows 7 T1 units. Qn 1000 g, T 15 g: 980 g is T1; the rest at 1010 g keep the mean up."""
    j = judge_lot(1000, "g", 5000, [980] * t1_units + [1010] * (125 - t1_units))
    assert j.t1_count == t1_units
    assert j.mean_ok is True
    assert j.verdict == verdict


def test_jjf1070_lots_of_ten_or_fewer_have_no_mean_check() -> None:
    """附表4, N 1–10: every unit checked, no mean computed into the verdict; q̄ = 496 < Qn still passes."""
    j = judge_lot(500, "g", 5, [490, 495, 500, 495, 500])
    assert j.sample_size_required == 5
    assert j.lambda_ is None
    assert j.mean_limit is None
    assert j.mean_ok is None
    assert j.mean == 496
    assert j.verdict == "pass"
    short = judge_lot(500, "g", 5, [484, 495, 500, 495, 500])
    assert short.t1_count == 1
    assert short.verdict == "fail"


def test_jjf1070_lot_of_one_has_no_standard_deviation() -> None:
    j = judge_lot(500, "g", 1, [500])
    assert j.std is None
    assert j.verdict == "pass"


def test_jjf1070_kg_lot_uses_t_in_kg_and_the_rounding_method() -> None:
    """Qn 1.5 kg: T = 22 g (GB/T 8170) so 1.4779 kg (22.1 g short) is T1; with half-up T = 23 g it conforms.
    1.478 kg is exactly T short under GB/T 8170 and conforms."""
    rest = [Decimal("1.51")] * 9
    even = judge_lot(Decimal("1.5"), "kg", 30, [*rest, Decimal("1.4779")])
    assert even.unit == "kg"
    assert even.tne == Decimal("0.022")
    assert even.t1_count == 1
    assert even.verdict == "fail"
    up = judge_lot(Decimal("1.5"), "kg", 30, [*rest, Decimal("1.4779")], rounding="half-up")
    assert up.tne == Decimal("0.023")
    assert up.t1_count == 0
    assert up.verdict == "pass"
    exact = judge_lot(Decimal("1.5"), "kg", 30, [*rest, Decimal("1.478")])
    assert exact.t1_count == 0
    assert exact.verdict == "pass"


def test_fubiao3_count_of_50_allows_no_shortage() -> None:
    """T = 0 for Qn ≤ 50 items: one item missing is more than 2T, a T2 unit."""
    j = judge_lot(50, "pcs", 5, [50, 50, 49, 51, 50])
    assert j.tne == 0
    assert j.t2_count == 1
    assert j.verdict == "fail"


@pytest.mark.parametrize(("lot_size", "given_size"), [(1000, 79), (1000, 81), (20, 9), (5, 6)])
def test_wrong_sample_size_is_refused(lot_size: int, given_size: int) -> None:
    required = sampling_plan(lot_size).sample_size
    with pytest.raises(ValueError, match=f"requires n = {required} .*{given_size} net contents given"):
        judge_lot(500, "g", lot_size, [500] * given_size)


@pytest.mark.parametrize(
    ("bad", "message"),
    [(-1, "net content #3 is negative"), (float("nan"), "finite"), (float("inf"), "finite"), ("x", "number")],
)
def test_bad_net_content_is_refused(bad: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        judge_lot(500, "g", 5, [500, 500, bad, 500, 500])  # type: ignore[list-item]


def test_zero_content_is_a_measurement_not_an_error() -> None:
    j = judge_lot(500, "g", 2, [500, 0])
    assert j.t2_count == 1


# ---------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------


@st.composite
def nominals(draw: st.DrawFn) -> tuple[Decimal, str]:
    """A nominal quantity in scope for 附表3, in any accepted unit."""
    unit = draw(st.sampled_from(["g", "mL", "kg", "L", "m", "m2", "count"]))
    if unit == "count":
        return Decimal(draw(st.integers(1, 10_000))), unit
    top = Decimal(50) if unit in ("kg", "L") else Decimal(50_000)
    places = 4 if unit in ("kg", "L") else 1
    return draw(st.decimals(min_value=Decimal(1).scaleb(-places), max_value=top, places=places)), unit


lot_sizes = st.integers(min_value=1, max_value=10_000)
roundings = st.sampled_from(["gb8170", "half-up"])


@given(nominal=nominals(), lot_size=lot_sizes, rounding=roundings, data=st.data())
def test_property_contents_at_or_above_nominal_always_pass(
    nominal: tuple[Decimal, str], lot_size: int, rounding: str, data: st.DataObject
) -> None:
    qn, unit = nominal
    n = sampling_plan(lot_size).sample_size
    excess = data.draw(st.lists(st.decimals(0, 100, places=3), min_size=n, max_size=n))
    j = judge_lot(qn, unit, lot_size, [qn + e for e in excess], rounding=rounding)
    assert j.verdict == "pass"
    assert j.reasons == ()


@given(nominal=nominals(), lot_size=lot_sizes, rounding=roundings, data=st.data())
def test_property_one_t2_unit_always_fails(
    nominal: tuple[Decimal, str], lot_size: int, rounding: str, data: st.DataObject
) -> None:
    qn, unit = nominal
    plan = sampling_plan(lot_size)
    t = judge_lot(qn, unit, lot_size, [qn] * plan.sample_size, rounding=rounding).tne
    assume(qn > 2 * t)
    # Short by 2T plus a positive part of what is left, so the content stays ≥ 0.
    fraction = data.draw(st.decimals(min_value=Decimal("0.001"), max_value=1, places=3))
    short = qn - 2 * t - fraction * (qn - 2 * t)
    others = plan.sample_size - 1
    excess = data.draw(st.lists(st.decimals(0, 100, places=3), min_size=others, max_size=others))
    position = data.draw(st.integers(0, plan.sample_size - 1))
    contents = [qn + e for e in excess]
    contents.insert(position, short)
    j = judge_lot(qn, unit, lot_size, contents, rounding=rounding)
    assert j.t2_count == 1
    assert j.verdict == "fail"
    assert any("(T2" in reason for reason in j.reasons)


@given(nominal=nominals(), lot_size=lot_sizes, data=st.data())
def test_property_reasons_empty_iff_pass(
    nominal: tuple[Decimal, str], lot_size: int, data: st.DataObject
) -> None:
    qn, unit = nominal
    n = sampling_plan(lot_size).sample_size
    # Relative deviations from −25 % to +5 %: lots on both sides of every criterion.
    deviations = data.draw(
        st.lists(st.decimals(Decimal("-0.25"), Decimal("0.05"), places=3), min_size=n, max_size=n)
    )
    j = judge_lot(qn, unit, lot_size, [qn * (1 + d) for d in deviations])
    assert (j.reasons == ()) == (j.verdict == "pass")
    assert j.verdict in ("pass", "fail")
    expected_fail = j.t1_count > j.t1_allowed or j.t2_count > j.t2_allowed or j.mean_ok is False
    assert (j.verdict == "fail") == expected_fail
    assert len(j.reasons) == (j.t1_count > j.t1_allowed) + (j.t2_count > 0) + (j.mean_ok is False)
