"""The plan's energy-metering figures: units online, national-list share online, consumption, top consumers.

**Online** (national online-monitoring rules, completeness ≥ 90 %): a unit is online when the readings its
active entering / leaving meters (GB 17167 level "unit") delivered over the 24 hours before ``at`` reach
90 % of what they owe (each meter's count capped at what it owes). For a past calendar day the same rule
reads the daily aggregate of that day. A unit with no such meter is never online.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from jiliang.kernels import energy
from jiliang.metering.choices import ListMembership, MeterLevel
from jiliang.metering.conversion import Converter
from jiliang.metering.models import DailyConsumption, EnergyUnit, Meter, Reading
from jiliang.metering.selectors import energy_unit_list, region_q
from jiliang.registry.models import Region

WINDOW = dt.timedelta(hours=24)


@dataclass(frozen=True)
class OnlineFigure:
    """Units online out of units registered, overall and for the national key list."""

    online: int
    total: int
    national_online: int
    national_total: int
    online_ids: frozenset[int]

    @property
    def national_share(self) -> Decimal | None:
        if not self.national_total:
            return None
        return Decimal(self.national_online) / Decimal(self.national_total)


def _units(user: Any, region: Region | None) -> dict[int, str]:
    return dict(energy_unit_list(user=user).filter(region_q(region)).values_list("pk", "list_membership"))


def _fold(units: dict[int, str], owed: dict[int, int], received: dict[int, int]) -> OnlineFigure:
    online = frozenset(
        u
        for u in units
        if owed.get(u)
        and (energy.completeness(received.get(u, 0), owed[u]) or 0) >= energy.COMPLETENESS_REQUIRED
    )
    national = {u for u, membership in units.items() if membership == ListMembership.NATIONAL}
    return OnlineFigure(len(online), len(units), len(online & national), len(national), online)


def units_online(*, user: Any, at: dt.datetime | None = None, region: Region | None = None) -> OnlineFigure:
    """Units online in the 24 h before ``at`` (default now): one grouped count over the readings."""
    at = at or timezone.now()
    units = _units(user, region)
    meters = {
        pk: (unit_id, int(WINDOW.total_seconds() // 60) // minutes)
        for pk, unit_id, minutes in Meter.objects.filter(
            unit_id__in=list(units), level=MeterLevel.UNIT, active=True
        ).values_list("pk", "unit_id", "interval_minutes")
    }
    counts = (
        Reading.objects.filter(meter_id__in=list(meters), ts__gte=at - WINDOW, ts__lt=at)
        .values("meter_id")
        .annotate(n=Count("ts"))
        .order_by()
    )
    owed: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    for unit_id, due in meters.values():
        owed[unit_id] += due
    for row in counts:
        unit_id, due = meters[row["meter_id"]]
        received[unit_id] += min(row["n"], due)
    return _fold(units, owed, received)


def units_online_on(*, user: Any, day: dt.date, region: Region | None = None) -> OnlineFigure:
    """Units online on a past calendar day, from the daily aggregate (one grouped query)."""
    units = _units(user, region)
    meters = dict(
        Meter.objects.filter(unit_id__in=list(units), level=MeterLevel.UNIT, active=True).values_list(
            "pk", "unit_id"
        )
    )
    owed: dict[int, int] = defaultdict(int)
    for pk, minutes in Meter.objects.filter(pk__in=list(meters)).values_list("pk", "interval_minutes"):
        owed[meters[pk]] += 1440 // minutes
    received: dict[int, int] = defaultdict(int)
    for meter_id, readings, expected in DailyConsumption.objects.filter(
        meter_id__in=list(meters), day=day
    ).values_list("meter_id", "readings", "expected"):
        received[meters[meter_id]] += min(readings, expected)
    return _fold(units, owed, received)


def units_online_as_of(*, user: Any, day: dt.date, region: Region | None = None) -> OnlineFigure:
    """Today (or later): the last 24 h; a past day: that day's aggregate."""
    if day >= timezone.localdate():
        return units_online(user=user, region=region)
    return units_online_on(user=user, day=day, region=region)


@dataclass(frozen=True)
class Consumption:
    """Consumption in tce over a period, by energy type and by unit."""

    total_tce: Decimal
    by_energy: dict[str, Decimal]
    by_unit: dict[int, Decimal]


def consumption(
    *, user: Any, start: dt.date, end: dt.date, region: Region | None = None, level: str = MeterLevel.UNIT
) -> Consumption:
    """Consumption of the units in scope over [start, end] from the daily aggregate: one grouped query,
    then conversion per (unit, energy type, unit of measure) group with each unit's basis and overrides."""
    units = {u.pk: u for u in energy_unit_list(user=user).filter(region_q(region))}
    rows = (
        DailyConsumption.objects.filter(
            meter__unit_id__in=list(units), meter__level=level, day__gte=start, day__lte=end
        )
        .values("meter__unit_id", "meter__energy_type", "meter__unit_of_measure")
        .annotate(total=Sum("consumption"))
        .order_by()
    )
    base = Converter.in_force()
    converters: dict[int, Converter] = {}
    by_energy: dict[str, Decimal] = defaultdict(Decimal)
    by_unit: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        unit_id = row["meter__unit_id"]
        unit = units[unit_id]
        if unit_id not in converters:
            converters[unit_id] = (
                Converter.for_unit(unit, end)
                if unit.electricity_basis != base.basis or unit.calorific_values.exists()
                else base
            )
        tce = converters[unit_id].tce(
            row["meter__energy_type"], Decimal(str(row["total"])), row["meter__unit_of_measure"]
        )
        by_energy[row["meter__energy_type"]] += tce
        by_unit[unit_id] += tce
    return Consumption(sum(by_energy.values(), Decimal(0)), dict(by_energy), dict(by_unit))


def top_consumers(
    *, user: Any, start: dt.date, end: dt.date, region: Region | None = None, limit: int = 10
) -> list[tuple[EnergyUnit, Decimal]]:
    """The units that consumed most (tce) over [start, end]."""
    figure = consumption(user=user, start=start, end=end, region=region)
    ranked = sorted(figure.by_unit.items(), key=lambda item: item[1], reverse=True)[:limit]
    units = EnergyUnit.objects.select_related("organization").in_bulk([pk for pk, _ in ranked])
    return [(units[pk], tce) for pk, tce in ranked]
