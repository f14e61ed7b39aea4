"""A unit's data as the pages and the API show it: consumption series (hourly, daily, monthly, in tce),
completeness and open quality flags — read from the stored aggregates, never from the raw readings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from jiliang.kernels import energy
from jiliang.metering.aggregates import day_bounds
from jiliang.metering.choices import FlagStatus, MeterLevel
from jiliang.metering.conversion import Converter
from jiliang.metering.models import (
    DailyConsumption,
    EnergyUnit,
    HourlyConsumption,
    Meter,
    QualityFlag,
)


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
