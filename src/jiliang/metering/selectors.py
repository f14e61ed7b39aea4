"""Reads of energy-resource metering, scoped to the user.

Scopes: the bureau sees every unit; a county bureau the units in its region subtree; an enterprise (an
energy-using unit) its own unit; an institute only a unit that is its own organization. Reference tables
(coefficients, GB 17167 tables) are readable by everyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from jiliang.core.scoping import scope_q
from jiliang.kernels import energy
from jiliang.metering.aggregates import day_bounds
from jiliang.metering.choices import ConsumerLevel, EnergyType, FlagStatus, MeterLevel
from jiliang.metering.conversion import Converter
from jiliang.metering.models import (
    AccuracyRequirement,
    ConversionCoefficient,
    DailyConsumption,
    DeadLetter,
    EnergyConsumer,
    EnergyUnit,
    EquippingRequirement,
    HourlyConsumption,
    IngestBatch,
    IngestToken,
    MajorThreshold,
    Meter,
    MonthlyStatement,
    QualityFlag,
    ReadingConflict,
)
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_subtree_q, user_scope


def unit_scope_q(user: Any, *, prefix: str = "") -> Q:
    """The filter of the units ``user`` may see (``prefix`` leads from another model to the unit)."""
    return scope_q(
        user_scope(user),
        region=f"{prefix}organization__region",
        organization=f"{prefix}organization_id",
    )


def region_q(region: Region | None, *, prefix: str = "") -> Q:
    """Units in ``region``'s subtree (and those of the divisions it succeeded)."""
    if region is None:
        return Q()
    return region_subtree_q(region, f"{prefix}organization__region")


def energy_unit_list(*, user: Any) -> QuerySet[EnergyUnit]:
    """Key energy-using units the user may see, with organization and region loaded."""
    return EnergyUnit.objects.filter(unit_scope_q(user)).select_related(
        "organization", "organization__region"
    )


def energy_unit_get(*, user: Any, pk: int) -> EnergyUnit:
    return get_object_or_404(energy_unit_list(user=user), pk=pk)


def meter_list(*, user: Any) -> QuerySet[Meter]:
    """Meters of the units the user may see."""
    return Meter.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit", "unit__organization", "instrument", "instrument__instrument_type"
    )


def meter_get(*, user: Any, pk: int) -> Meter:
    return get_object_or_404(meter_list(user=user), pk=pk)


def quality_flag_list(*, user: Any) -> QuerySet[QualityFlag]:
    return QualityFlag.objects.filter(unit_scope_q(user, prefix="meter__unit__")).select_related(
        "meter", "meter__unit", "meter__unit__organization", "resolved_by"
    )


def quality_flag_get(*, user: Any, pk: int) -> QualityFlag:
    return get_object_or_404(quality_flag_list(user=user), pk=pk)


def reading_conflict_list(*, user: Any) -> QuerySet[ReadingConflict]:
    return ReadingConflict.objects.filter(unit_scope_q(user, prefix="meter__unit__")).select_related(
        "meter", "meter__unit", "meter__unit__organization"
    )


def reading_conflict_get(*, user: Any, pk: int) -> ReadingConflict:
    return get_object_or_404(reading_conflict_list(user=user), pk=pk)


def dead_letter_list(*, user: Any) -> QuerySet[DeadLetter]:
    """Dead letters of the units the user may see; those of no known unit only for the bureau."""
    return DeadLetter.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit", "unit__organization"
    )


def dead_letter_get(*, user: Any, pk: int) -> DeadLetter:
    return get_object_or_404(dead_letter_list(user=user), pk=pk)


def ingest_batch_list(*, user: Any) -> QuerySet[IngestBatch]:
    return IngestBatch.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit__organization"
    )


def ingest_token_list(*, user: Any) -> QuerySet[IngestToken]:
    return IngestToken.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit", "unit__organization"
    )


def ingest_token_get(*, user: Any, pk: int) -> IngestToken:
    return get_object_or_404(ingest_token_list(user=user), pk=pk)


def monthly_statement_list(*, user: Any) -> QuerySet[MonthlyStatement]:
    """Monthly statements of the units the user may see."""
    return MonthlyStatement.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit__organization"
    )


def monthly_statement_get(*, user: Any, pk: int) -> MonthlyStatement:
    return get_object_or_404(monthly_statement_list(user=user), pk=pk)


def energy_consumer_list(*, user: Any) -> QuerySet[EnergyConsumer]:
    """Declared sub-units and equipment of the units the user may see."""
    return EnergyConsumer.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit__organization"
    )


def energy_consumer_get(*, user: Any, pk: int) -> EnergyConsumer:
    return get_object_or_404(energy_consumer_list(user=user), pk=pk)


def major_threshold_list(*, user: Any = None) -> QuerySet[MajorThreshold]:
    return MajorThreshold.objects.all()


def major_threshold_get(*, user: Any, pk: int) -> MajorThreshold:
    return get_object_or_404(MajorThreshold, pk=pk)


def coefficient_list(*, user: Any = None) -> QuerySet[ConversionCoefficient]:
    return ConversionCoefficient.objects.all()


def coefficient_get(*, user: Any, pk: int) -> ConversionCoefficient:
    return get_object_or_404(ConversionCoefficient, pk=pk)


def equipping_requirement_list(*, user: Any = None) -> QuerySet[EquippingRequirement]:
    return EquippingRequirement.objects.all()


def equipping_requirement_get(*, user: Any, pk: int) -> EquippingRequirement:
    return get_object_or_404(EquippingRequirement, pk=pk)


def accuracy_requirement_list(*, user: Any = None) -> QuerySet[AccuracyRequirement]:
    return AccuracyRequirement.objects.all()


def accuracy_requirement_get(*, user: Any, pk: int) -> AccuracyRequirement:
    return get_object_or_404(AccuracyRequirement, pk=pk)


# --- a unit's data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    """Consumption of one energy type in one period: quantity in ``unit_of_measure`` and in tce."""

    period: dt.date | dt.datetime
    energy_type: str
    quantity: float
    unit_of_measure: str
    tce: Decimal


def unit_daily_series(*, unit: EnergyUnit, start: dt.date, end: dt.date) -> list[SeriesPoint]:
    """Daily consumption per energy type of a unit's entering / leaving meters over [start, end], from the
    maintained daily aggregate (one grouped query)."""
    rows = (
        DailyConsumption.objects.filter(
            meter__unit=unit, meter__level=MeterLevel.UNIT, day__gte=start, day__lte=end
        )
        .values("day", "meter__energy_type", "meter__unit_of_measure")
        .annotate(total=Sum("consumption"))
        .order_by("day", "meter__energy_type")
    )
    return _fold(
        unit, [(r["day"], r["meter__energy_type"], r["meter__unit_of_measure"], r["total"]) for r in rows]
    )


def unit_monthly_series(*, unit: EnergyUnit, start: dt.date, end: dt.date) -> list[SeriesPoint]:
    """Monthly consumption per energy type (sums of the daily aggregate)."""
    months: dict[tuple[dt.date, str, str], float] = {}
    for point in unit_daily_series(unit=unit, start=start, end=end):
        assert isinstance(point.period, dt.date)
        key = (point.period.replace(day=1), point.energy_type, point.unit_of_measure)
        months[key] = months.get(key, 0.0) + point.quantity
    return _fold(unit, [(m, e, u, q) for (m, e, u), q in sorted(months.items())])


@dataclass(frozen=True)
class HourlyPoint:
    """One hour of a meter: consumption (after the multiplier, corrections applied) and readings."""

    hour: dt.datetime
    consumption: float
    readings: int


def meter_hourly_series(*, meter: Meter, day: dt.date) -> list[HourlyPoint]:
    """Hourly consumption of one meter on one local day from the maintained hourly aggregate: the hours
    with readings, in order, as local times."""
    start, end = day_bounds(day)
    rows = HourlyConsumption.objects.filter(meter=meter, hour__gte=start, hour__lt=end).order_by("hour")
    return [
        HourlyPoint(hour.astimezone(start.tzinfo), used, count)
        for hour, used, count in rows.values_list("hour", "consumption", "readings")
    ]


def unit_hourly_series(*, unit: EnergyUnit, day: dt.date) -> list[SeriesPoint]:
    """Hourly consumption per energy type of a unit's entering / leaving meters on one local day, from the
    maintained hourly aggregate (one grouped query)."""
    start, end = day_bounds(day)
    rows = (
        HourlyConsumption.objects.filter(
            meter__unit=unit, meter__level=MeterLevel.UNIT, hour__gte=start, hour__lt=end
        )
        .values("hour", "meter__energy_type", "meter__unit_of_measure")
        .annotate(total=Sum("consumption"))
        .order_by("hour", "meter__energy_type")
    )
    return _fold(
        unit,
        [
            (
                r["hour"].astimezone(start.tzinfo),
                r["meter__energy_type"],
                r["meter__unit_of_measure"],
                r["total"],
            )
            for r in rows
        ],
    )


def _fold(unit: EnergyUnit, rows: list[tuple[Any, str, str, float]]) -> list[SeriesPoint]:
    """Convert (period, energy, unit of measure, quantity) rows to tce; one energy type per period."""
    converter = Converter.for_unit(unit)
    merged: dict[tuple[Any, str], tuple[float, str, Decimal]] = {}
    for period, energy_type, uom, quantity in rows:
        tce = converter.tce(energy_type, Decimal(str(quantity)), uom)
        key = (period, energy_type)
        if key in merged:
            q, u, t = merged[key]
            q += float(energy.convert_quantity(Decimal(str(quantity)), uom, u))
            merged[key] = (q, u, t + tce)
        else:
            merged[key] = (quantity, uom, tce)
    return [SeriesPoint(p, e, q, u, t) for (p, e), (q, u, t) in merged.items()]


@dataclass(frozen=True)
class CompletenessCell:
    day: dt.date
    received: int
    expected: int

    @property
    def ratio(self) -> Decimal | None:
        return energy.completeness(self.received, self.expected)


def unit_completeness(*, unit: EnergyUnit, start: dt.date, end: dt.date) -> dict[int, list[CompletenessCell]]:
    """Daily completeness of each of a unit's active meters over [start, end] (the heat map): one query."""
    meters = list(Meter.objects.filter(unit=unit, active=True).values_list("pk", "interval_minutes"))
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    found = {
        (m, d): r
        for m, d, r in DailyConsumption.objects.filter(
            meter__unit=unit, day__gte=start, day__lte=end
        ).values_list("meter_id", "day", "readings")
    }
    return {
        pk: [CompletenessCell(d, min(found.get((pk, d), 0), 1440 // minutes), 1440 // minutes) for d in days]
        for pk, minutes in meters
    }


def unit_open_flags(*, unit: EnergyUnit, limit: int = 200) -> QuerySet[QualityFlag]:
    return (
        QualityFlag.objects.filter(meter__unit=unit, status=FlagStatus.OPEN)
        .select_related("meter")
        .order_by("-ts")[:limit]
    )


@dataclass(frozen=True)
class ConsumerRow:
    """A declared flow of a sub-unit or equipment with Table 2's verdict, for the review report."""

    pk: int
    verdict: energy.ConsumerVerdict

    @property
    def level_label(self) -> str:
        return str(ConsumerLevel(self.verdict.consumer.level).label)

    @property
    def energy_label(self) -> str:
        return str(EnergyType(self.verdict.consumer.energy).label)


@dataclass(frozen=True)
class ReviewReport:
    """GB 17167 review of one unit: rates per (energy, level), every shortfall, the unconfirmed cells, and
    the declared sub-units / equipment with Table 2's verdict on each."""

    unit: EnergyUnit
    rates: list[dict[str, Any]]
    shortfalls: list[energy.Shortfall]
    unconfirmed_cells: int
    consumers: list[ConsumerRow]
    unconfirmed_thresholds: int


def review_report(*, unit: EnergyUnit) -> ReviewReport:
    """The equipment review (能源计量审查): equipping rates against Table 1 and classes against Table 3.

    The theoretical requirement (the rate's denominator) of each (energy type, level) is the larger of the
    count the unit declared (:class:`MeteringRequirement`) and the count Table 2 derives from its declared
    sub-units and equipment (one meter per energy flow of a major consumer, see
    :func:`jiliang.kernels.energy.classify_consumers`). A flow Table 2 cannot decide (no threshold, or one
    in another unit) is listed as a shortfall of kind ``threshold``.
    """
    meters = [
        energy.MeterSpec(code, energy_type, level, accuracy)
        for code, energy_type, level, accuracy in Meter.objects.filter(unit=unit, active=True).values_list(
            "code", "energy_type", "level", "accuracy_class"
        )
    ]
    declared = {(r.energy_type, r.level): r.required for r in unit.requirements.all()}
    thresholds = {(t.level, t.energy_type): t for t in MajorThreshold.objects.all()}
    flows = list(
        EnergyConsumer.objects.filter(unit=unit, active=True).values_list(
            "pk", "name", "level", "energy_type", "size", "size_unit"
        )
    )
    verdicts = energy.classify_consumers(
        [
            energy.Consumer(name, level, energy_type, size, unit_)
            for _pk, name, level, energy_type, size, unit_ in flows
        ],
        {k: (t.threshold, t.size_unit) for k, t in thresholds.items()},
    )
    derived = energy.required_from_consumers(verdicts)
    required = {k: max(declared.get(k, 0), derived.get(k, 0)) for k in {*declared, *derived}}
    table = {(r.energy_type, r.level): r for r in EquippingRequirement.objects.all()}
    accuracy = {(r.energy_type, r.level): r for r in AccuracyRequirement.objects.all()}
    shortfalls = energy.evaluate_equipping(
        meters=meters,
        required_counts=required,
        rate_table={k: v.rate for k, v in table.items()},
        accuracy_table={k: v.requirement for k, v in accuracy.items()},
    )
    for verdict in verdicts:
        if verdict.reaches is None:
            c = verdict.consumer
            detail = (
                f"{c.name}: declared in {c.size_unit}, Table 2 in {verdict.threshold_unit}"
                if verdict.threshold is not None
                else f"{c.name}: Table 2 has no threshold for this energy type and level"
            )
            shortfalls.append(energy.Shortfall("threshold", c.energy, c.level, detail))
    installed: dict[tuple[str, str], int] = {}
    for meter in meters:
        installed[(meter.energy, meter.level)] = installed.get((meter.energy, meter.level), 0) + 1
    rates = []
    unconfirmed = 0
    for key in sorted(required):
        cell = table.get(key)
        unconfirmed += bool(cell and not cell.confirmed)
        rates.append(
            {
                "energy_type": EnergyType(key[0]).label,
                "level": MeterLevel(key[1]).label,
                "installed": installed.get(key, 0),
                "declared": declared.get(key),
                "major": derived.get(key, 0),
                "required": required[key],
                "rate": energy.equipping_rate(installed.get(key, 0), required[key]),
                "table_rate": cell.rate if cell else None,
                "confirmed": bool(cell and cell.confirmed),
            }
        )
    used = {(v.consumer.level, v.consumer.energy) for v in verdicts if v.threshold is not None}
    return ReviewReport(
        unit,
        rates,
        shortfalls,
        unconfirmed,
        [ConsumerRow(pk, v) for (pk, *_rest), v in zip(flows, verdicts, strict=True)],
        sum(1 for k in used if not thresholds[k].confirmed),
    )


@dataclass(frozen=True)
class ConsistencyRow:
    """One monthly statement against the sum of its month's daily data (national rule: within 5 %)."""

    statement: MonthlyStatement
    daily_total: Decimal
    days_with_data: int
    days_in_month: int
    result: energy.Consistency

    @property
    def difference(self) -> Decimal:
        """Sum of daily data minus the statement, in the statement's unit."""
        return self.daily_total - self.statement.quantity


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def consistency_report(*, unit: EnergyUnit, start: dt.date, end: dt.date) -> list[ConsistencyRow]:
    """Daily-vs-monthly consistency (≤ 5 %) of each of the unit's monthly statements for the months
    from ``start``'s to ``end``'s, newest first (one query for the statements, one for the daily data)."""
    first, last = start.replace(day=1), end.replace(day=1)
    statements = list(
        MonthlyStatement.objects.filter(unit=unit, month__gte=first, month__lte=last).order_by(
            "-month", "energy_type"
        )
    )
    if not statements:
        return []
    daily = unit_daily_series(unit=unit, start=statements[-1].month, end=_month_end(statements[0].month))
    months: dict[tuple[dt.date, str], tuple[Decimal, str, set[dt.date]]] = {}
    for point in daily:
        assert isinstance(point.period, dt.date)
        key = (point.period.replace(day=1), point.energy_type)
        quantity = Decimal(str(point.quantity))
        if key in months:
            total, uom, days = months[key]
            months[key] = (total + energy.convert_quantity(quantity, point.unit_of_measure, uom), uom, days)
        else:
            months[key] = (quantity, point.unit_of_measure, set())
        months[key][2].add(point.period)
    rows = []
    for statement in statements:
        total, uom, days = months.get((statement.month, statement.energy_type), (Decimal(0), "", set()))
        if uom:
            total = energy.convert_quantity(total, uom, statement.unit_of_measure)
        rows.append(
            ConsistencyRow(
                statement=statement,
                daily_total=total,
                days_with_data=len(days),
                days_in_month=_month_end(statement.month).day,
                result=energy.consistency([total], statement.quantity),
            )
        )
    return rows
