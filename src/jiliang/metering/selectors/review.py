"""A unit's GB 17167 equipment review and its daily-vs-monthly consistency check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiliang.kernels import energy
from jiliang.metering.choices import ConsumerLevel, EnergyType, MeterLevel
from jiliang.metering.models import (
    AccuracyRequirement,
    EnergyConsumer,
    EnergyUnit,
    EquippingRequirement,
    MajorThreshold,
    Meter,
    MonthlyStatement,
)
from jiliang.metering.selectors.unit_data import unit_daily_series


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
