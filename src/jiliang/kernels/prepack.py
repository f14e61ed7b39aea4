"""Net content of prepackaged goods (定量包装商品净含量): JJF 1070-2005 and the annexes of the 办法.

Contents
--------
sampling_plan(lot_size)                     附表4: sample size n, correction λ, T1/T2 acceptance numbers
tolerable_negative_error(nominal, unit)     附表3: tolerable negative error T (允许短缺量) and its rounding
convert_quantity(value, from_unit, to_unit) g ↔ kg, mL ↔ L, m ↔ cm ↔ mm (exact, in Decimal)
canonical_unit(unit)                        the one spelling of a unit that the other functions return
net_contents_from_gross(gross, mode, tare)  actual contents from gross weights and an average or own tare
judge_lot(nominal, unit, lot_size, sample)  JJF 1070-2005 §6 / 附表4: T1 and T2 counts, mean check, verdict

Sources (reference/domain.md §1): 附表3 and 附表4 of the 定量包装商品计量监督管理办法 as reproduced
publicly, and JJF 1070-2005. JJF 1070-2023 (in force 2024-10-12) was not available: whether its sampling
plan or T table differ is unconfirmed, so every result carries ``RULE_EDITION``.

Decisions where the published text is silent:

- **Band edges.** The table prints ranges such as "50~100". Bands here are closed at the top
  (50 < Qn ≤ 100), the reading that matches the rounding note ("Qn ≤ 1 kg"). T is continuous at every
  edge, so the choice only shows in the ``rule`` text, never in the value.
- **Rounding.** The note fixes the digit (0.1 g(mL) for Qn ≤ 1 kg(L), 1 g(mL) above) but not the method.
  The default is GB/T 8170 (an exact 5 rounds to even, ``"gb8170"``); ``"half-up"`` is the alternative.
  The method used is named in every ``rule`` string. Length and area T are not rounded (附表3 gives no
  rule); count T is rounded up to the next integer as 附表3 says.
- **Lots of 1–10.** Every unit is checked and no mean criterion applies: ``mean_ok`` is ``None``
  ("not judged"), never ``True``, so that a caller cannot mistake it for a passed check.
- **T = 0** (count ≤ 50, length ≤ 5 m): any shortfall is more than 2T, i.e. a T2 unit, so the lot fails.

Arithmetic is in ``Decimal`` under a fixed 28-digit context, so that a shortfall of exactly T is
conforming and legal rounding of T is exact; floats are read through their shortest ``repr``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

#: Which tables this module implements; printed with every lot judgement.
RULE_EDITION = "JJF 1070-2005 附表4 / 办法 附表3 (2023 tables unconfirmed)"

#: Rounding methods for T of mass and volume goods (附表3 note): name → (Decimal mode, description).
ROUNDING_METHODS: dict[str, tuple[str, str]] = {
    "gb8170": (ROUND_HALF_EVEN, "GB/T 8170 round half to even"),
    "half-up": (ROUND_HALF_UP, "round half up"),
}
DEFAULT_ROUNDING = "gb8170"

Number = int | float | Decimal | str

#: A fixed context, so that results do not depend on the caller's decimal settings.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

# canonical unit → (dimension, unit in which 附表3 bands are read, factor to that unit)
_UNITS: dict[str, tuple[str, str, Decimal]] = {
    "g": ("mass", "g", Decimal(1)),
    "kg": ("mass", "g", Decimal(1000)),
    "mL": ("volume", "mL", Decimal(1)),
    "L": ("volume", "mL", Decimal(1000)),
    "m": ("length", "m", Decimal(1)),
    "cm": ("length", "m", Decimal("0.01")),
    "mm": ("length", "m", Decimal("0.001")),
    "m2": ("area", "m2", Decimal(1)),
    "count": ("count", "count", Decimal(1)),
}
_ALIASES = {"ml": "mL", "l": "L", "m²": "m2", "pcs": "count", "个": "count"}

# 附表3 mass / volume bands, in g or mL: (upper bound, inclusive), percent of Qn or absolute T.
_MASS_VOLUME_BANDS: tuple[tuple[Decimal, str, Decimal], ...] = (
    (Decimal(50), "percent", Decimal(9)),
    (Decimal(100), "absolute", Decimal("4.5")),
    (Decimal(200), "percent", Decimal("4.5")),
    (Decimal(300), "absolute", Decimal(9)),
    (Decimal(500), "percent", Decimal(3)),
    (Decimal(1000), "absolute", Decimal(15)),
    (Decimal(10000), "percent", Decimal("1.5")),
    (Decimal(15000), "absolute", Decimal(150)),
    (Decimal(50000), "percent", Decimal(1)),
)

# 附表4: (lowest N, highest N or None, n or None for "every unit", λ, T1 allowed, T2 allowed)
_SAMPLING_PLAN: tuple[tuple[int, int | None, int | None, Decimal | None, int, int], ...] = (
    (1, 10, None, None, 0, 0),
    (11, 50, 10, Decimal("1.028"), 0, 0),
    (51, 99, 13, Decimal("0.848"), 1, 0),
    (100, 500, 50, Decimal("0.379"), 3, 0),
    (501, 3200, 80, Decimal("0.295"), 5, 0),
    (3201, None, 125, Decimal("0.234"), 7, 0),
)


@dataclass(frozen=True)
class SamplingPlan:
    """One row of 附表4 applied to a lot. ``lambda_`` is None when no mean check applies (N ≤ 10)."""

    lot_size: int
    sample_size: int
    lambda_: Decimal | None
    t1_allowed: int
    t2_allowed: int
    mean_judged: bool
    rule: str


@dataclass(frozen=True)
class Tne:
    """The tolerable negative error T of one nominal quantity.

    ``nominal`` is in ``unit`` (canonical spelling); ``tne`` is in ``tne_unit``: g or mL for mass and
    volume (the unit of the 附表3 bands and of its rounding note), otherwise the nominal's own unit.
    ``rule`` names the band, the formula and the rounding applied.
    """

    nominal: Decimal
    unit: str
    tne: Decimal
    tne_unit: str
    rule: str


@dataclass(frozen=True)
class LotJudgement:
    """The verdict on one inspection lot, with every figure that led to it.

    All quantities (``nominal``, ``tne``, ``mean``, ``std``, ``mean_limit``) are in ``unit``, the unit
    of the nominal quantity and of the measured contents. ``std`` is the sample standard deviation
    (n − 1); it is None for a one-unit sample. ``lambda_``, ``mean_limit`` and ``mean_ok`` are None when
    the plan has no mean check (N ≤ 10). ``reasons`` lists every failed criterion and is empty exactly
    when ``verdict`` is ``"pass"``.
    """

    nominal: Decimal
    unit: str
    lot_size: int
    sample_size_required: int
    sample_size: int
    tne: Decimal
    tne_rule: str
    mean: Decimal
    std: Decimal | None
    lambda_: Decimal | None
    mean_limit: Decimal | None
    mean_ok: bool | None
    t1_count: int
    t2_count: int
    t1_allowed: int
    t2_allowed: int
    verdict: str
    reasons: tuple[str, ...]
    rule_edition: str


def _decimal(value: Number, what: str) -> Decimal:
    """A finite Decimal from a number; floats go through ``repr`` so that 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"{what} must be a number, got {value!r}")
    try:
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except ArithmeticError:
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return result


def _text(value: Decimal, places: int = 4) -> str:
    """A short human form of a quantity: at most ``places`` decimals, no trailing zeros."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def canonical_unit(unit: str) -> str:
    """The canonical spelling of a unit accepted by 附表3 (g, kg, mL, L, m, cm, mm, m2, count).

    Aliases: ml, l, m², pcs and 个. An unknown unit raises ValueError naming it.

    >>> canonical_unit("ml"), canonical_unit("m²"), canonical_unit("个")
    ('mL', 'm2', 'count')
    >>> canonical_unit("oz")
    Traceback (most recent call last):
    ...
    ValueError: unknown unit 'oz': use one of g, kg, mL, L, m, cm, mm, m2, count (aliases ml, l, m², pcs, 个)
    """
    # A unit read from JSON may be any value; name it rather than fail on an unhashable lookup.
    text = unit.strip() if isinstance(unit, str) else ""
    if text in _UNITS:
        return text
    if text in _ALIASES:
        return _ALIASES[text]
    raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(_UNITS)} (aliases {', '.join(_ALIASES)})")


def convert_quantity(value: Number, from_unit: str, to_unit: str) -> Decimal:
    """Convert between units of one dimension exactly: g ↔ kg, mL ↔ L, m ↔ cm ↔ mm.

    附表1 of the 办法 has labels in g below 1000 g and in kg from 1000 g (likewise mL / L), so one lot can
    be labelled in kg while T is defined in g.

    >>> convert_quantity(1.5, "kg", "g")
    Decimal('1500.0')
    >>> convert_quantity(250, "mL", "L")
    Decimal('0.25')
    >>> convert_quantity(1, "kg", "L")
    Traceback (most recent call last):
    ...
    ValueError: cannot convert kg (mass) to L (volume)
    """
    source, target = canonical_unit(from_unit), canonical_unit(to_unit)
    amount = _decimal(value, "quantity")
    source_dimension, _, source_factor = _UNITS[source]
    target_dimension, _, target_factor = _UNITS[target]
    if source_dimension != target_dimension:
        raise ValueError(f"cannot convert {source} ({source_dimension}) to {target} ({target_dimension})")
    with localcontext(_CONTEXT):
        return amount * source_factor / target_factor


def sampling_plan(lot_size: int) -> SamplingPlan:
    """The sampling plan of 附表4 (计量检验抽样方案; JJF 1070-2005 §5.4.3) for a lot of ``lot_size`` units.

    λ = t₀.₉₉₅ / √n; the mean criterion is q̄ ≥ Qn − λ·s. Lots of 1–10 are inspected unit by unit
    (n = N) without a mean check. No unit may be short by more than 2T in any row.

    >>> plan = sampling_plan(1000)
    >>> plan.sample_size, plan.lambda_, plan.t1_allowed, plan.t2_allowed, plan.mean_judged
    (80, Decimal('0.295'), 5, 0, True)
    >>> sampling_plan(7).sample_size, sampling_plan(7).mean_judged
    (7, False)
    >>> sampling_plan(0)
    Traceback (most recent call last):
    ...
    ValueError: lot size must be at least 1 unit, got 0
    """
    if isinstance(lot_size, bool) or not isinstance(lot_size, int):
        raise ValueError(f"lot size must be a whole number of units, got {lot_size!r}")
    if lot_size < 1:
        raise ValueError(f"lot size must be at least 1 unit, got {lot_size}")
    low, high, n, lambda_, t1_allowed, t2_allowed = next(
        row for row in _SAMPLING_PLAN if row[1] is None or lot_size <= row[1]
    )
    band = f"N > {low - 1}" if high is None else f"{low} ≤ N ≤ {high}"
    if n is None:
        rule = f"附表4: {band} → every unit inspected (n = N), no mean check, T1 = 0, T2 = 0"
        return SamplingPlan(lot_size, lot_size, None, t1_allowed, t2_allowed, False, rule)
    rule = f"附表4: {band} → n = {n}, λ = {lambda_}, T1 ≤ {t1_allowed}, T2 = {t2_allowed}"
    return SamplingPlan(lot_size, n, lambda_, t1_allowed, t2_allowed, True, rule)


def _round_mass_volume(raw: Decimal, nominal_base: Decimal, base: str, rounding: str) -> tuple[Decimal, str]:
    """Apply the 附表3 note: T to 0.1 g(mL) when Qn ≤ 1 kg(L), to 1 g(mL) above."""
    mode, description = ROUNDING_METHODS[rounding]
    step = Decimal("0.1") if nominal_base <= 1000 else Decimal(1)
    with localcontext(_CONTEXT):
        return raw.quantize(step, rounding=mode), f"rounded to {step} {base} ({description})"


def tolerable_negative_error(nominal: Number, unit: str, rounding: str = DEFAULT_ROUNDING) -> Tne:
    """The tolerable negative error T (允许短缺量) of 附表3 of the 办法 for a nominal quantity Qn.

    Mass and volume use the nine bands of 附表3 (kg and L are read as 1000 g and 1000 mL); T is returned
    in g or mL and rounded as the table's note says, by ``rounding`` ("gb8170", the default, or
    "half-up"). Length: Qn ≤ 5 m → 0, above → 2 %. Area: 3 %. Count: Qn ≤ 50 → 0, above → 1 % rounded up
    to the next whole unit. Qn above 50 kg or 50 L is outside the scope of 定量包装商品.

    >>> t = tolerable_negative_error(1500, "g")
    >>> t.tne
    Decimal('22')
    >>> for part in t.rule.split("; "):
    ...     print(part)
    附表3: 1000 g < Qn ≤ 10000 g → T = 1.5 % × Qn = 22.5 g
    rounded to 1 g (GB/T 8170 round half to even) → 22 g
    >>> tolerable_negative_error(1500, "g", rounding="half-up").tne
    Decimal('23')
    >>> t = tolerable_negative_error("0.5", "L")
    >>> t.tne, t.tne_unit
    (Decimal('15.0'), 'mL')
    >>> tolerable_negative_error(150, "pcs").tne
    Decimal('2')
    """
    canonical = canonical_unit(unit)
    if rounding not in ROUNDING_METHODS:
        raise ValueError(f"unknown rounding method {rounding!r}: use one of {', '.join(ROUNDING_METHODS)}")
    qn = _decimal(nominal, "nominal quantity")
    if qn <= 0:
        raise ValueError(f"nominal quantity must be positive, got {_text(qn)} {canonical}")
    dimension, band_unit, factor = _UNITS[canonical]
    with localcontext(_CONTEXT):
        if dimension in ("mass", "volume"):
            return _mass_volume_tne(qn, canonical, band_unit, factor, rounding)
        if dimension == "length":
            metres = qn * factor
            if metres <= 5:
                rule = "附表3 length: Qn ≤ 5 m → T = 0 (no shortage allowed)"
                return Tne(qn, canonical, Decimal(0), canonical, rule)
            tne = qn * Decimal("0.02")
            rule = f"附表3 length: Qn > 5 m → T = 2 % × Qn = {_text(tne, 6)} {canonical} (not rounded)"
            return Tne(qn, canonical, tne, canonical, rule)
        if dimension == "area":
            tne = qn * Decimal("0.03")
            rule = f"附表3 area: T = 3 % × Qn = {_text(tne, 6)} m2 (not rounded)"
            return Tne(qn, canonical, tne, canonical, rule)
        if qn != qn.to_integral_value():
            raise ValueError(f"a nominal count must be a whole number, got {_text(qn)}")
        if qn <= 50:
            return Tne(
                qn, canonical, Decimal(0), canonical, "附表3 count: Qn ≤ 50 → T = 0 (no shortage allowed)"
            )
        raw = qn / 100
        tne = raw.to_integral_value(rounding=ROUND_CEILING)
        rule = f"附表3 count: Qn > 50 → T = 1 % × Qn = {_text(raw)}, fraction rounded up → {tne}"
        return Tne(qn, canonical, tne, canonical, rule)


def _mass_volume_tne(qn: Decimal, unit: str, base: str, factor: Decimal, rounding: str) -> Tne:
    """附表3 mass/volume bands for Qn in ``unit`` (g, kg, mL, L); T in ``base`` (g or mL)."""
    qn_base = qn * factor
    upper_limit = _MASS_VOLUME_BANDS[-1][0]
    if qn_base > upper_limit:
        raise ValueError(
            f"nominal quantity {_text(qn)} {unit} is above {_text(upper_limit / 1000)} "
            f"{'kg' if base == 'g' else 'L'}: outside the scope of 定量包装商品 (附表3)"
        )
    index = next(i for i, band in enumerate(_MASS_VOLUME_BANDS) if qn_base <= band[0])
    upper, kind, value = _MASS_VOLUME_BANDS[index]
    lower = _MASS_VOLUME_BANDS[index - 1][0] if index else Decimal(0)
    band = f"Qn ≤ {upper} {base}" if lower == 0 else f"{lower} {base} < Qn ≤ {upper} {base}"
    if kind == "percent":
        raw = qn_base * value / 100
        formula = f"T = {value} % × Qn = {_text(raw, 6)} {base}"
    else:
        raw = value
        formula = f"T = {value} {base}"
    tne, how = _round_mass_volume(raw, qn_base, base, rounding)
    converted = "" if unit == base else f"Qn = {_text(qn, 6)} {unit} = {_text(qn_base, 6)} {base}; "
    rule = f"附表3: {converted}{band} → {formula}; {how} → {tne} {base}"
    return Tne(qn, unit, tne, base, rule)


def _values(values: Sequence[Number], what: str) -> list[Decimal]:
    """Finite, non-negative Decimals from a sequence of numbers; the message names the offending item."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ValueError(f"{what} must be a list of numbers, got {values!r}")
    result = []
    for index, value in enumerate(values, start=1):
        amount = _decimal(value, f"{what} #{index}")
        if amount < 0:
            raise ValueError(f"{what} #{index} is negative ({value!r})")
        result.append(amount)
    return result


def net_contents_from_gross(
    gross: Sequence[Number], tare_mode: str, tare_values: Sequence[Number]
) -> list[Decimal]:
    """Actual contents qᵢ = gross − tare (JJF 1070-2005 §5.4.5 样本的检验; OIML R 87 Annex B).

    ``tare_mode`` "average": subtract the mean of the empty-package tare sample from every gross weight
    (used when the tare varies little); "individual": subtract each package's own tare, paired by position.

    >>> net_contents_from_gross([512, 508.5], "average", [10, 11])
    [Decimal('501.5'), Decimal('498.0')]
    >>> net_contents_from_gross([512, 508.5], "individual", [10, 11])
    [Decimal('502'), Decimal('497.5')]
    """
    weights = _values(gross, "gross")
    tares = _values(tare_values, "tare")
    if not weights:
        raise ValueError("gross must hold at least one value")
    if not tares:
        raise ValueError("tare must hold at least one value")
    with localcontext(_CONTEXT):
        if tare_mode == "average":
            mean_tare = sum(tares, Decimal(0)) / len(tares)
            pairs = [(weight, mean_tare) for weight in weights]
        elif tare_mode == "individual":
            if len(tares) != len(weights):
                raise ValueError(
                    f"individual tare needs one tare per package: "
                    f"{len(weights)} gross values, {len(tares)} tares"
                )
            pairs = list(zip(weights, tares, strict=True))
        else:
            raise ValueError(f"unknown tare mode {tare_mode!r}: use 'average' or 'individual'")
        net = []
        for index, (weight, tare) in enumerate(pairs, start=1):
            if weight < tare:
                raise ValueError(f"gross #{index} ({_text(weight)}) is less than its tare ({_text(tare)})")
            net.append(weight - tare)
        return net


def _units_text(indices: list[int]) -> str:
    shown = ", ".join(f"#{i}" for i in indices[:20])
    return shown + (f" and {len(indices) - 20} more" if len(indices) > 20 else "")


def judge_lot(
    nominal: Number,
    unit: str,
    lot_size: int,
    net_contents: Sequence[Number],
    rounding: str = DEFAULT_ROUNDING,
) -> LotJudgement:
    """Judge one inspection lot (JJF 1070-2005 §6 结果评定 with the plan of 附表4 and T of 附表3).

    ``net_contents`` are the actual contents qᵢ of the sample, in ``unit``; there must be exactly the
    n that 附表4 requires. A unit short by more than T and at most 2T is a T1 unit, more than 2T a T2
    unit; a shortfall of exactly T conforms. The lot passes iff #T1 ≤ the allowed number, #T2 = 0 and
    (for N > 10) q̄ ≥ Qn − λ·s with s the sample standard deviation (n − 1). Either check failing fails
    the lot (JJF 1070 implementation guide).

    Worked example: Qn = 500 g, N = 20 → n = 10, λ = 1.028, no T1 allowed; T = 15.0 g. The last unit
    is 16 g short (a T1 unit); the mean 498.5 g is above Qn − λ·s = 500 − 1.028 × 5.4006 ≈ 494.45 g,
    so only the T1 count fails.

    >>> j = judge_lot(500, "g", 20, [501, 499, 502, 498, 500, 503, 497, 500, 501, 484])
    >>> j.verdict, j.tne, j.t1_count, j.t2_count, j.mean, j.mean_ok
    ('fail', Decimal('15.0'), 1, 0, Decimal('498.5'), True)
    >>> j.reasons
    ('1 unit(s) short by more than T = 15 g and at most 2T (T1), at most 0 allowed: #10',)
    """
    plan = sampling_plan(lot_size)
    tne = tolerable_negative_error(nominal, unit, rounding)
    canonical = tne.unit
    if isinstance(net_contents, str | bytes) or not isinstance(net_contents, Sequence):
        raise ValueError(f"net contents must be a list of numbers, got {net_contents!r}")
    if len(net_contents) != plan.sample_size:
        raise ValueError(
            f"sample size: a lot of {lot_size} units requires n = {plan.sample_size} "
            f"(附表4), {len(net_contents)} net contents given"
        )
    contents = _values(net_contents, "net content")
    qn = tne.nominal
    with localcontext(_CONTEXT):
        t = convert_quantity(tne.tne, tne.tne_unit, canonical)
        t1 = [i for i, q in enumerate(contents, start=1) if t < qn - q <= 2 * t]
        t2 = [i for i, q in enumerate(contents, start=1) if qn - q > 2 * t]
        n = len(contents)
        mean = sum(contents, Decimal(0)) / n
        std = (sum(((q - mean) ** 2 for q in contents), Decimal(0)) / (n - 1)).sqrt() if n > 1 else None
        mean_limit: Decimal | None = None
        mean_ok: bool | None = None
        if plan.mean_judged and plan.lambda_ is not None and std is not None:
            mean_limit = qn - plan.lambda_ * std
            mean_ok = mean >= mean_limit
    reasons = []
    if len(t2) > plan.t2_allowed:
        reasons.append(
            f"{len(t2)} unit(s) short by more than 2T = {_text(2 * t, 6)} {canonical} (T2, none allowed): "
            f"{_units_text(t2)}"
        )
    if len(t1) > plan.t1_allowed:
        reasons.append(
            f"{len(t1)} unit(s) short by more than T = {_text(t, 6)} {canonical} and at most 2T (T1), "
            f"at most {plan.t1_allowed} allowed: {_units_text(t1)}"
        )
    if mean_ok is False and mean_limit is not None and std is not None:
        reasons.append(
            f"mean {_text(mean)} {canonical} is below Qn − λ·s = {_text(qn, 6)} − {plan.lambda_} × "
            f"{_text(std)} = {_text(mean_limit)} {canonical}"
        )
    return LotJudgement(
        nominal=qn,
        unit=canonical,
        lot_size=lot_size,
        sample_size_required=plan.sample_size,
        sample_size=n,
        tne=t,
        tne_rule=tne.rule,
        mean=mean,
        std=std,
        lambda_=plan.lambda_,
        mean_limit=mean_limit,
        mean_ok=mean_ok,
        t1_count=len(t1),
        t2_count=len(t2),
        t1_allowed=plan.t1_allowed,
        t2_allowed=plan.t2_allowed,
        verdict="fail" if reasons else "pass",
        reasons=tuple(reasons),
        rule_edition=RULE_EDITION,
    )
