"""Energy-resource metering: standard-coal conversion, register arithmetic, data quality, equipping rates.

Contents
--------
COEFFICIENTS_GBT2589_2008         GB/T 2589-2008 Appendix A/B coefficients (kgce per unit), marked confirmed
convert_quantity(q, from, to)     a quantity in another unit of the same dimension (kWh ↔ MJ, t ↔ kg)
coefficient_from_calorific(ncv)   a unit's own coefficient from its measured net calorific value
to_tce(q, unit, coefficient)      tonnes of standard coal equivalent (tce) of a quantity
register_deltas(points, ...)      consumption between readings of a cumulative register (rollover vs
                                  meter replacement told apart)
check_series(points, ...)         quality issues of a series: gaps, negative deltas, spikes, flat lines,
                                  timestamps in the future
expected_count(start, end, step)  how many readings an interval meter owes in a window
completeness(received, expected)  uploads received ÷ uploads expected (≥ 90 % required)
consistency(daily, monthly)       daily-vs-monthly agreement (≤ 5 % required)
equipping_rate(installed, req)    GB 17167 配备率
accuracy_meets(actual, required)  an accuracy class against a GB 17167 Table 3 requirement
evaluate_equipping(...)           every shortfall of a unit against GB 17167 Tables 1 and 3
classify_consumers(...)           which declared sub-units / equipment are "major" (GB 17167 Table 2) and
                                  which of their energy flows need a meter
required_from_consumers(...)      the meters those flows require, per (energy, level)

Sources (reference/domain.md §4): GB 17167-2006 §3 (definitions), §4.3 and Tables 1–3 (several cells
UNCONFIRMED, so they are data the caller passes in); GB/T 2589 §3 and Appendix A (1 kgce = 29 307 kJ,
electricity 当量值 0.1229 kgce/kWh); the national 重点用能单位能耗在线监测系统 data-quality rules
(completeness ≥ 90 %, daily vs monthly within 5 %, 15-minute realtime sampling).

Names follow the project glossary: the *equivalent value* is 当量值 (the energy's own heat content, the
default for 综合能耗) and the *equal value* is 等价值 (the primary energy spent to make it).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

#: 1 kgce = 29 307 kJ (GB/T 2589 §3, the net calorific value of 1 kg of standard coal).
KJ_PER_KGCE = Decimal(29307)
EQUIVALENT = "equivalent"  # 当量值
EQUAL = "equal"  # 等价值
EDITION_2008 = "GB/T 2589-2008"


@dataclass(frozen=True)
class Coefficient:
    """A standard-coal coefficient: ``kgce`` per one ``unit`` of the energy, and whether it is confirmed."""

    energy: str
    unit: str
    kgce: Decimal
    basis: str = EQUIVALENT
    confirmed: bool = True
    note: str = ""


#: GB/T 2589-2008 Appendix A (fuels, electricity, heat) and Appendix B (working media); domain.md §4.2.
#: Whether the 2020 edition changed any of them is UNCONFIRMED; callers store them as editable data.
COEFFICIENTS_GBT2589_2008: tuple[Coefficient, ...] = (
    Coefficient("raw_coal", "kg", Decimal("0.7143")),
    Coefficient("washed_coal", "kg", Decimal("0.9000")),
    Coefficient("coke", "kg", Decimal("0.9714")),
    Coefficient("crude_oil", "kg", Decimal("1.4286")),
    Coefficient("fuel_oil", "kg", Decimal("1.4286")),
    Coefficient("gasoline", "kg", Decimal("1.4714")),
    Coefficient("kerosene", "kg", Decimal("1.4714")),
    Coefficient("diesel", "kg", Decimal("1.4571")),
    Coefficient("lpg", "kg", Decimal("1.7143")),
    Coefficient("natural_gas", "m3", Decimal("1.2143"), note="gas-field natural gas (气田天然气)"),
    Coefficient("oilfield_gas", "m3", Decimal("1.3300")),
    Coefficient("coke_oven_gas", "m3", Decimal("0.5714"), note="lower end of 0.5714–0.6143"),
    Coefficient("electricity", "kWh", Decimal("0.1229")),
    Coefficient(
        "electricity",
        "kWh",
        Decimal("0.404"),
        basis=EQUAL,
        confirmed=False,
        note="statistics practice 4.04 tce per 10⁴ kWh; varies by year",
    ),
    Coefficient("heat", "MJ", Decimal("0.0341")),
    Coefficient("steam", "MJ", Decimal("0.0341"), note="by heat content, as heat"),
    Coefficient("water", "t", Decimal("0.2571"), confirmed=False, note="2008 Appendix B; 2020 revised"),
    Coefficient("compressed_air", "m3", Decimal("0.0400"), confirmed=False, note="2008 Appendix B"),
    Coefficient("oxygen", "m3", Decimal("0.4000"), confirmed=False, note="2008 Appendix B"),
)

#: unit → (dimension, size in the dimension's base unit: MJ, kg, m3).
UNITS: dict[str, tuple[str, Decimal]] = {
    "kWh": ("energy", Decimal("3.6")),
    "MWh": ("energy", Decimal("3600")),
    "10^4 kWh": ("energy", Decimal("36000")),
    "MJ": ("energy", Decimal(1)),
    "GJ": ("energy", Decimal(1000)),
    "kg": ("mass", Decimal(1)),
    "t": ("mass", Decimal(1000)),
    "m3": ("volume", Decimal(1)),
    "10^4 m3": ("volume", Decimal(10000)),
}


def convert_quantity(quantity: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``quantity`` in ``from_unit`` expressed in ``to_unit`` (same dimension only).

    >>> convert_quantity(Decimal("2"), "t", "kg")
    Decimal('2000')
    >>> convert_quantity(Decimal("1"), "kWh", "MJ")
    Decimal('3.6')
    >>> convert_quantity(Decimal("1"), "t", "m3")
    Traceback (most recent call last):
    ...
    ValueError: cannot convert t (mass) to m3 (volume)
    """
    if from_unit == to_unit:
        return quantity
    try:
        from_dim, from_size = UNITS[from_unit]
        to_dim, to_size = UNITS[to_unit]
    except KeyError as exc:
        raise ValueError(f"unknown unit {exc.args[0]!r}") from None
    if from_dim != to_dim:
        raise ValueError(f"cannot convert {from_unit} ({from_dim}) to {to_unit} ({to_dim})")
    return quantity * from_size / to_size


def coefficient_from_calorific(net_calorific_kj: Decimal) -> Decimal:
    """kgce per unit from a measured net calorific value in kJ per unit (GB/T 2589 §3: 1 kgce = 29 307 kJ).

    A unit that measures its own fuel's calorific value converts with it instead of the table average.

    >>> coefficient_from_calorific(Decimal("20908")).quantize(Decimal("0.0001"))
    Decimal('0.7134')
    """
    if net_calorific_kj <= 0:
        raise ValueError("a calorific value must be positive")
    return net_calorific_kj / KJ_PER_KGCE


def to_tce(
    quantity: Decimal, unit: str, coefficient: Coefficient | Decimal, coefficient_unit: str = ""
) -> Decimal:
    """Tonnes of standard coal of ``quantity`` ``unit`` at ``coefficient`` kgce per coefficient unit.

    GB/T 2589 §8 (折算为标准煤): quantity × coefficient gives kgce; ÷ 1000 gives tce.

    >>> to_tce(Decimal("10000"), "kWh", Decimal("0.1229"), "kWh")  # 1 万 kWh at 当量值
    Decimal('1.2290')
    >>> to_tce(Decimal("1"), "t", Decimal("0.7143"), "kg")  # 1 t raw coal
    Decimal('0.7143')
    """
    if isinstance(coefficient, Coefficient):
        coefficient_unit, kgce = coefficient.unit, coefficient.kgce
    else:
        kgce = coefficient
        coefficient_unit = coefficient_unit or unit
    return convert_quantity(quantity, unit, coefficient_unit) * kgce / 1000


# --- cumulative registers ------------------------------------------------------------------------------

NORMAL, ROLLOVER, REPLACEMENT = "normal", "rollover", "replacement"
#: A negative step is a rollover when the register stood in its top tenth and restarted in its bottom tenth.
ROLLOVER_BAND = 0.1


@dataclass(frozen=True)
class Delta:
    """The consumption between the previous reading and the reading at ``ts``, and how it was derived."""

    ts: dt.datetime
    delta: float
    kind: str = NORMAL


def register_deltas(
    points: Sequence[tuple[dt.datetime, float]], *, register_max: float | None = None
) -> list[Delta]:
    """Consumption between consecutive readings of a cumulative register (points sorted by time).

    A negative step is a *rollover* when the register has a known wrap-around value (``register_max``,
    e.g. 1 000 000 for six digits), stood in its top tenth and restarted in its bottom tenth: the
    consumption is ``register_max − previous + current``. Any other negative step is a meter
    *replacement* (or reset): the consumption across it is unknown and counted as 0, and counting resumes
    from the new register.

    >>> t = [dt.datetime(2025, 1, 1, h) for h in range(4)]
    >>> [(d.delta, d.kind) for d in register_deltas(list(zip(t, [999_990.0, 999_998.0, 5.0, 9.0])),
    ...                                             register_max=1_000_000)]
    [(8.0, 'normal'), (7.0, 'rollover'), (4.0, 'normal')]
    >>> [(d.delta, d.kind) for d in register_deltas(list(zip(t, [5000.0, 5010.0, 12.0, 20.0])))]
    [(10.0, 'normal'), (0.0, 'replacement'), (8.0, 'normal')]
    """
    deltas: list[Delta] = []
    for (_, previous), (ts, current) in itertools.pairwise(points):
        step = current - previous
        if step >= 0:
            deltas.append(Delta(ts, step))
        elif (
            register_max
            and previous >= register_max * (1 - ROLLOVER_BAND)
            and current <= register_max * ROLLOVER_BAND
        ):
            deltas.append(Delta(ts, register_max - previous + current, ROLLOVER))
        else:
            deltas.append(Delta(ts, 0.0, REPLACEMENT))
    return deltas


# --- data quality ----------------------------------------------------------------------------------------

GAP, NEGATIVE_ROLLOVER, NEGATIVE_REPLACEMENT, SPIKE, FLAT, FUTURE = (
    "gap",
    "rollover",
    "replacement",
    "spike",
    "flat",
    "future",
)
CUMULATIVE, INTERVAL = "cumulative", "interval"


@dataclass(frozen=True)
class Issue:
    """One quality issue of a series at ``ts`` (for a gap: the reading that ends it)."""

    ts: dt.datetime
    kind: str
    detail: str


def check_series(
    points: Sequence[tuple[dt.datetime, float]],
    *,
    kind: str,
    step: dt.timedelta,
    now: dt.datetime | None,
    register_max: float | None = None,
    max_per_hour: float | None = None,
    flat_run: int = 12,
    future_tolerance: dt.timedelta = dt.timedelta(minutes=5),
    history: Sequence[tuple[dt.datetime, float]] = (),
) -> list[Issue]:
    """The quality issues of a meter's series (points sorted by time, values in the meter's own unit).

    * gap — consecutive readings further apart than 1.5 expected intervals (realtime items every 15 min:
      online-monitoring technical specification part 6);
    * rollover / replacement — a negative step of a cumulative register (see :func:`register_deltas`);
    * spike — consumption in one step above the meter's physical maximum (``max_per_hour`` × hours);
    * flat — ``flat_run`` identical values in a row (a stuck register or sensor), flagged once per run,
      at the reading that completes the ``flat_run``-th value;
    * future — a timestamp later than ``now`` + ``future_tolerance`` (``now=None``: not checked here).

    ``history`` is the readings just before the series (oldest first): its last reading is the previous
    one, so the first step is checked too, and up to ``flat_run`` of them decide whether a flat run
    reaches its ``flat_run``-th value inside the series. Every issue depends only on a reading and the
    ``flat_run`` readings before it, so a caller can recheck a window of a long series and get the same
    issues as over the whole of it.

    >>> t0 = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    >>> pts = [(t0 + dt.timedelta(minutes=15 * i), v) for i, v in enumerate([0.0, 1.0, 2.0, 90.0])]
    >>> pts.append((t0 + dt.timedelta(hours=3), 91.0))
    >>> [(i.kind, i.ts.strftime("%H:%M")) for i in check_series(
    ...     pts, kind="cumulative", step=dt.timedelta(minutes=15), now=t0 + dt.timedelta(days=1),
    ...     max_per_hour=40.0)]
    [('spike', '00:45'), ('gap', '03:00')]
    >>> flat = [(t0 + dt.timedelta(minutes=15 * i), 7.0) for i in range(14)]
    >>> [(i.kind, i.ts.strftime("%H:%M")) for i in check_series(
    ...     flat[10:], kind="interval", step=dt.timedelta(minutes=15), now=None, history=flat[:10])]
    [('flat', '02:45')]
    """
    issues: list[Issue] = []
    previous = history[-1] if history else None
    series = [previous, *points] if previous is not None else list(points)
    step_s = step.total_seconds()
    if kind == CUMULATIVE:
        for delta in register_deltas(series, register_max=register_max):
            if delta.kind == ROLLOVER:
                issues.append(Issue(delta.ts, NEGATIVE_ROLLOVER, f"register rolled over; +{delta.delta:g}"))
            elif delta.kind == REPLACEMENT:
                issues.append(
                    Issue(delta.ts, NEGATIVE_REPLACEMENT, "register went back: meter replaced or reset")
                )
    if max_per_hour is not None:
        for (t_prev, v_prev), (ts, value) in itertools.pairwise(series):
            hours = max((ts - t_prev).total_seconds(), step_s) / 3600
            used = value - v_prev if kind == CUMULATIVE else value
            if used > max_per_hour * hours:
                issues.append(Issue(ts, SPIKE, f"{used:g} in {hours * 60:g} min exceeds the meter's maximum"))
        if kind == INTERVAL and previous is None and points and points[0][1] > max_per_hour * step_s / 3600:
            issues.append(Issue(points[0][0], SPIKE, f"{points[0][1]:g} exceeds the meter's maximum"))
    for (t_prev, _), (ts, _) in itertools.pairwise(series):
        if (ts - t_prev).total_seconds() > 1.5 * step_s:
            missing = round((ts - t_prev).total_seconds() / step_s) - 1
            issues.append(Issue(ts, GAP, f"{missing} reading(s) missing since {t_prev.isoformat()}"))
    # The run of identical values ending at each reading, counted through the history.
    combined = [*history[-flat_run:], *points]
    offset = len(combined) - len(points)
    run = 0
    for i, (ts, value) in enumerate(combined):
        run = run + 1 if i and value == combined[i - 1][1] else 1
        if i >= offset and run == flat_run:
            since = combined[i - flat_run + 1][0].isoformat()
            issues.append(Issue(ts, FLAT, f"{flat_run} identical values {value:g} since {since}"))
    if now is not None:
        for ts, _ in points:
            if ts > now + future_tolerance:
                issues.append(
                    Issue(ts, FUTURE, f"timestamp is later than {now.isoformat(timespec='seconds')}")
                )
    issues.sort(key=lambda issue: (issue.ts, issue.kind))
    return issues


def expected_count(start: dt.datetime, end: dt.datetime, step: dt.timedelta) -> int:
    """Readings owed in [start, end) by a meter reporting every ``step`` (an hourly item owes 24 a day).

    >>> d = dt.datetime(2025, 1, 1)
    >>> expected_count(d, d + dt.timedelta(days=1), dt.timedelta(minutes=15))
    96
    """
    if end <= start:
        return 0
    return math.ceil((end - start) / step)


def completeness(received: int, expected: int) -> Decimal | None:
    """Uploads received ÷ uploads expected, capped at 1 (online-monitoring rules: must be ≥ 90 %).

    >>> completeness(86, 96).quantize(Decimal("0.0001"))
    Decimal('0.8958')
    >>> completeness(5, 0) is None
    True
    """
    if expected <= 0:
        return None
    return min(Decimal(received) / Decimal(expected), Decimal(1))


#: Online-monitoring rules: completeness must reach 90 %; daily and monthly data agree within 5 %.
COMPLETENESS_REQUIRED = Decimal("0.9")
CONSISTENCY_TOLERANCE = Decimal("0.05")


@dataclass(frozen=True)
class Consistency:
    """Daily sum vs the monthly figure: relative deviation and whether it is within the tolerance."""

    daily_total: Decimal
    monthly: Decimal
    deviation: Decimal | None
    ok: bool


def consistency(
    daily_values: Iterable[Decimal], monthly: Decimal, tolerance: Decimal = CONSISTENCY_TOLERANCE
) -> Consistency:
    """Whether the sum of a month's daily data agrees with its monthly datum within ``tolerance``.

    National online-monitoring rules: daily and monthly data must agree within 5 %.

    >>> consistency([Decimal(100)] * 30, Decimal(3100)).ok
    True
    >>> consistency([Decimal(100)] * 30, Decimal(3200))
    Consistency(daily_total=Decimal('3000'), monthly=Decimal('3200'), deviation=Decimal('0.0625'), ok=False)
    """
    total = sum(daily_values, Decimal(0))
    if monthly == 0:
        return Consistency(total, monthly, None, total == 0)
    deviation = abs(total - monthly) / abs(monthly)
    return Consistency(total, monthly, deviation, deviation <= tolerance)


# --- GB 17167 equipment review -----------------------------------------------------------------------


def equipping_rate(installed: int, required: int) -> Decimal | None:
    """GB 17167-2006 §3: meters actually installed ÷ meters theoretically required × 100 (percent).

    >>> equipping_rate(19, 20)
    Decimal('95')
    """
    if required <= 0:
        return None
    return Decimal(min(installed, required) * 100) / Decimal(required)


_CLASS = re.compile(r"(\d+(?:\.\d+)?)\s*(S?)", re.IGNORECASE)


def _class_key(text: str) -> tuple[Decimal, int] | None:
    match = _CLASS.search(text.replace("±", "").replace("%", ""))
    if match is None:
        return None
    return Decimal(match.group(1)), 0 if match.group(2) else 1


def accuracy_meets(actual: str, required: str) -> bool | None:
    """Whether an accuracy class (``0.5S``, ``1.0``, ``±2.0 %``) meets a requirement (GB 17167 Table 3).

    Smaller is better; at the same number an ``S`` class meets a plain requirement but not the reverse.
    None when either cannot be read.

    >>> accuracy_meets("0.2S", "0.5S"), accuracy_meets("1.0", "0.5S"), accuracy_meets("0.5", "0.5S")
    (True, False, False)
    >>> accuracy_meets("±1.5 %", "±2.5 %"), accuracy_meets("", "2.0")
    (True, None)
    """
    a, r = _class_key(actual), _class_key(required)
    if a is None or r is None:
        return None
    return a <= r


@dataclass(frozen=True)
class MeterSpec:
    """A meter as the review sees it: energy type, level and accuracy class."""

    code: str
    energy: str
    level: str
    accuracy_class: str


@dataclass(frozen=True)
class Shortfall:
    """One failure of the review: an equipping rate below the table, or a meter below its class."""

    kind: str  # "equipping" or "accuracy"
    energy: str
    level: str
    detail: str
    meter: str = ""


def evaluate_equipping(
    *,
    meters: Sequence[MeterSpec],
    required_counts: Mapping[tuple[str, str], int],
    rate_table: Mapping[tuple[str, str], Decimal],
    accuracy_table: Mapping[tuple[str, str], str],
) -> list[Shortfall]:
    """Every shortfall of a unit against GB 17167-2006 Table 1 (equipping rates) and Table 3 (accuracy).

    ``required_counts`` holds the theoretical requirement per (energy, level) — the energy flows the unit
    declares; the installed count is the number of meters of that energy and level. The tables are data
    because several cells of the standard are unconfirmed (domain.md §4.1).

    >>> meters = [MeterSpec("E1", "electricity", "unit", "1.0")]
    >>> for s in evaluate_equipping(meters=meters, required_counts={("electricity", "unit"): 2},
    ...                             rate_table={("electricity", "unit"): Decimal(100)},
    ...                             accuracy_table={("electricity", "unit"): "0.5S"}):
    ...     print(s.kind, s.detail)
    equipping 1 of 2 required meters installed: 50.0 % < 100 %
    accuracy class 1.0 does not meet 0.5S
    """
    shortfalls: list[Shortfall] = []
    installed: dict[tuple[str, str], int] = {}
    for meter in meters:
        key = (meter.energy, meter.level)
        installed[key] = installed.get(key, 0) + 1
    for key in sorted(required_counts):
        required = required_counts[key]
        wanted = rate_table.get(key)
        rate_value = equipping_rate(installed.get(key, 0), required)
        if wanted is None or rate_value is None:
            continue
        if rate_value < wanted:
            shortfalls.append(
                Shortfall(
                    "equipping",
                    key[0],
                    key[1],
                    f"{installed.get(key, 0)} of {required} required meters installed: "
                    f"{rate_value:.1f} % < {wanted:g} %",
                )
            )
    for meter in meters:
        requirement = accuracy_table.get((meter.energy, meter.level))
        if not requirement:
            continue
        verdict = accuracy_meets(meter.accuracy_class, requirement)
        if verdict is None:
            shortfalls.append(
                Shortfall(
                    "accuracy",
                    meter.energy,
                    meter.level,
                    f"class {meter.accuracy_class or '(none)'} cannot be compared with {requirement}",
                    meter.code,
                )
            )
        elif not verdict:
            shortfalls.append(
                Shortfall(
                    "accuracy",
                    meter.energy,
                    meter.level,
                    f"class {meter.accuracy_class} does not meet {requirement}",
                    meter.code,
                )
            )
    return shortfalls


# --- GB 17167 Table 2: "major" sub-units and equipment --------------------------------------------------


@dataclass(frozen=True)
class Consumer:
    """One declared energy flow of a sub-unit or a piece of equipment: its size (rated power, or annual
    consumption) in ``size_unit``. A consumer with several energy flows is several of these with the
    same ``name`` and ``level``."""

    name: str
    level: str
    energy: str
    size: Decimal
    size_unit: str


@dataclass(frozen=True)
class ConsumerVerdict:
    """What Table 2 says of one flow: whether it reaches its threshold (None: no comparable threshold),
    whether its consumer is major, and whether the flow needs a meter."""

    consumer: Consumer
    threshold: Decimal | None
    threshold_unit: str
    reaches: bool | None
    major: bool
    needs_meter: bool


def classify_consumers(
    consumers: Sequence[Consumer], thresholds: Mapping[tuple[str, str], tuple[Decimal, str]]
) -> list[ConsumerVerdict]:
    """Decide, by GB 17167-2006 Table 2, which declared sub-units and equipment are "major", and which
    of their energy flows the equipping rate counts.

    ``thresholds`` maps (level, energy) to (threshold, unit); the table is data because its values are
    UNCONFIRMED (reference/domain.md §4.1). The readings applied:

    * a flow *reaches* its threshold when its size is **at least** the threshold (≥, "大于或等于"), in
      the same unit; with no threshold, or one in another unit, it is undecided (None);
    * a consumer is major when one or more of its flows reach their thresholds ("一种或多种");
    * every flow of a major sub-unit needs a meter; a flow of major equipment that stays below its own
      threshold does not (the Table 1 note on auxiliary energy, also from memory).

    >>> t = {("equipment", "electricity"): (Decimal(100), "kW"),
    ...      ("equipment", "water"): (Decimal(5000), "t/a")}
    >>> pump = [Consumer("pump", "equipment", "electricity", Decimal(100), "kW"),
    ...         Consumer("pump", "equipment", "water", Decimal(20), "t/a")]
    >>> [(v.consumer.energy, v.reaches, v.major, v.needs_meter) for v in classify_consumers(pump, t)]
    [('electricity', True, True, True), ('water', False, True, False)]
    >>> fan = Consumer("fan", "equipment", "electricity", Decimal("99.9"), "kW")
    >>> classify_consumers([fan], t)[0].major
    False
    """
    verdicts: list[tuple[Consumer, Decimal | None, str, bool | None]] = []
    major: set[tuple[str, str]] = set()
    for consumer in consumers:
        threshold, unit = thresholds.get((consumer.level, consumer.energy), (None, ""))
        reaches = None if threshold is None or unit != consumer.size_unit else consumer.size >= threshold
        if reaches:
            major.add((consumer.level, consumer.name))
        verdicts.append((consumer, threshold, unit, reaches))
    result = []
    for consumer, threshold, unit, reaches in verdicts:
        is_major = (consumer.level, consumer.name) in major
        auxiliary = consumer.level == "equipment" and reaches is False
        result.append(
            ConsumerVerdict(consumer, threshold, unit, reaches, is_major, is_major and not auxiliary)
        )
    return result


def required_from_consumers(verdicts: Iterable[ConsumerVerdict]) -> dict[tuple[str, str], int]:
    """Meters required per (energy, level): one for each flow of a major consumer that needs one.

    >>> v = classify_consumers([Consumer("A", "sub_unit", "electricity", Decimal(10), "kW"),
    ...                         Consumer("B", "sub_unit", "electricity", Decimal(5), "kW")],
    ...                        {("sub_unit", "electricity"): (Decimal(10), "kW")})
    >>> required_from_consumers(v)
    {('electricity', 'sub_unit'): 1}
    """
    counts: dict[tuple[str, str], int] = {}
    for verdict in verdicts:
        if verdict.needs_meter:
            key = (verdict.consumer.energy, verdict.consumer.level)
            counts[key] = counts.get(key, 0) + 1
    return counts
