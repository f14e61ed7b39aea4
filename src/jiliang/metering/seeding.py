"""Synthetic key energy-using units, their meters and a few days of 15-minute readings (with faults).

Units are the organizations the registry flagged as key energy-using units (60 at demo scale); about
three quarters are on the national list. Each has entering / leaving meters for electricity, natural
gas, steam and water, a major sub-unit and a major equipment electricity meter, declared metering
needs (a few short of GB 17167, a few meters below their accuracy class) and declared sub-units and
equipment that GB 17167 Table 2 judges (some equipment exactly at the threshold, some units with an
unmetered gas boiler). A tenth of the units stopped reporting two days ago (offline). Readings go through
the ingest service (so the aggregates, flags, duplicates, conflicts and dead letters are the real ones);
monthly statements then restate the daily data, a fifth of the units' electricity off by 6–12 % so the
daily-vs-monthly check shows disagreement.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from jiliang.core.seeding import SeedContext
from jiliang.instruments.models import Instrument
from jiliang.metering import simulation
from jiliang.metering.choices import ReadingSource
from jiliang.metering.ingest import Part, readings_ingest
from jiliang.metering.models import (
    DailyConsumption,
    EnergyConsumer,
    EnergyUnit,
    Meter,
    MeteringRequirement,
    MonthlyStatement,
)
from jiliang.registry.models import Organization

STEP = dt.timedelta(minutes=15)
#: code, name, energy, level, unit of measure, share of the unit's tce, tce per unit of measure, multiplier
METERS: list[tuple[str, str, str, str, str, float, float, int]] = [
    ("E01", "总进线 110 kV", "electricity", "unit", "kWh", 0.45, 0.0001229, 200),
    ("G01", "天然气总表", "natural_gas", "unit", "m3", 0.25, 0.0012143, 1),
    ("S01", "蒸汽总表", "steam", "unit", "GJ", 0.2, 0.0341, 1),
    ("W01", "新水总表", "water", "unit", "t", 0.01, 0.0002571, 1),
    ("E11", "一车间进线", "electricity", "sub_unit", "kWh", 0.2, 0.0001229, 50),
    ("E21", "空压机", "electricity", "equipment", "kWh", 0.05, 0.0001229, 1),
]


def seed_metering(ctx: SeedContext) -> dict[str, int]:
    """Units, meters, requirements and ``days`` of readings ending now, written through the ingest path."""
    rng = ctx.rng
    orgs = list(Organization.objects.filter(is_key_energy_unit=True).order_by("uscc"))
    national = set(rng.sample(range(len(orgs)), round(len(orgs) * 0.75)))
    units = EnergyUnit.objects.bulk_create(
        EnergyUnit(
            organization=org,
            list_membership="national" if i in national else rng.choice(["provincial", "city"]),
            list_year=rng.choice([2012, 2017, 2021]),
            annual_tce=Decimal(rng.randint(5_000, 200_000)),
            manager_name=org.contact_name or "能源管理员",
            manager_phone=org.contact_phone,
        )
        for i, org in enumerate(orgs)
    )
    water_meters = dict(
        Instrument.objects.filter(
            owner__in=orgs, instrument_type__code__in=("WATER-LARGE", "FLOWMETER")
        ).values_list("owner_id", "pk")
    )
    meters: list[Meter] = []
    states: dict[int, list[simulation.MeterState]] = {}
    for unit in units:
        states[unit.pk] = []
        for code, name, energy_type, level, uom, share, tce_per, multiplier in METERS:
            per_interval = float(unit.annual_tce or 0) * share / tce_per / (365 * 96)
            classes = {"electricity": "0.5S", "natural_gas": "1.5", "steam": "2.5", "water": "2.5"}
            accuracy = "1.0" if code == "E01" and rng.random() < 0.1 else classes[energy_type]
            meters.append(
                Meter(
                    unit=unit,
                    code=code,
                    name=name,
                    energy_type=energy_type,
                    level=level,
                    unit_of_measure=uom,
                    kind="cumulative",
                    multiplier=Decimal(multiplier),
                    accuracy_class=accuracy,
                    interval_minutes=15,
                    register_max=1_000_000.0,
                    max_per_hour=per_interval * 4 * 3,
                    instrument_id=water_meters.get(unit.organization_id) if code == "W01" else None,
                )
            )
            states[unit.pk].append(
                simulation.MeterState(
                    code, "cumulative", per_interval / multiplier, 1_000_000.0, rng.uniform(0, 900_000)
                )
            )
    Meter.objects.bulk_create(meters)
    requirements = []
    for unit in units:
        short = rng.random() < 0.15
        for energy_type, level, required in (
            ("electricity", "unit", 1 + short),
            ("natural_gas", "unit", 1),
            ("steam", "unit", 1),
            ("water", "unit", 1),
            ("electricity", "sub_unit", 1),
            ("electricity", "equipment", 1 + (rng.random() < 0.2)),
        ):
            requirements.append(
                MeteringRequirement(unit=unit, energy_type=energy_type, level=level, required=required)
            )
    MeteringRequirement.objects.bulk_create(requirements)
    consumers = _consumers(ctx, units)

    days = ctx.pick(3, 5, 7)
    now = timezone.now()
    end = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    start = end - dt.timedelta(days=days)
    count = days * 96
    offline = {u.pk for u in rng.sample(units, max(1, len(units) // 10))}
    totals = {"accepted": 0, "duplicates": 0, "conflicts": 0, "rejected": 0}
    for unit in units:
        rows: list[Any] = []
        n = count - 2 * 96 if unit.pk in offline else count
        for state in states[unit.pk]:
            faulty = rng.random() < 0.3
            rows += simulation.readings(
                state, start=start, count=n, step=STEP, rng=rng, fault_rate=0.004 if faulty else 0.0
            )
        for chunk in range(0, len(rows), 10_000):
            result = readings_ingest(
                parts=[Part(unit.pk, rows[chunk : chunk + 10_000], "seed")],
                source=ReadingSource.SEED,
                now=now,
            )
            totals["accepted"] += result.accepted
            totals["duplicates"] += result.duplicates
            totals["conflicts"] += result.conflicts
            totals["rejected"] += len(result.rejected)
    statements = _statements(ctx, units)
    ctx.log(
        f"metering: {len(units)} units, {len(meters)} meters, {totals['accepted']} readings, "
        f"{consumers} declared flows, {statements} monthly statements"
    )
    return {
        "units": len(units),
        "meters": len(meters),
        "consumers": consumers,
        "statements": statements,
        "readings": totals["accepted"],
        **{k: v for k, v in totals.items() if k != "accepted"},
    }


#: level, name, energy type, size, unit (GB 17167 Table 2 as loaded: sub-unit electricity ≥ 10 kW;
#: equipment electricity ≥ 100 kW, gas ≥ 10 000 m³/a)
CONSUMERS: list[tuple[str, str, str, int, str]] = [
    ("sub_unit", "一车间", "electricity", 800, "kW"),
    ("sub_unit", "办公楼", "electricity", 8, "kW"),
    ("equipment", "空压机", "electricity", 132, "kW"),
    ("equipment", "照明回路", "electricity", 30, "kW"),
]


def _consumers(ctx: SeedContext, units: list[EnergyUnit]) -> int:
    """Each unit's sub-units and equipment; a fifth also has a circulation pump of exactly 100 kW (major:
    one more meter than installed) and a tenth a gas boiler of 250 000 m³/a that has no meter."""
    rows = []
    for unit in units:
        extra = []
        if ctx.rng.random() < 0.2:
            extra.append(("equipment", "循环水泵", "electricity", 100, "kW"))
        if ctx.rng.random() < 0.1:
            extra.append(("equipment", "燃气锅炉", "natural_gas", 250_000, "m3/a"))
        rows += [
            EnergyConsumer(
                unit=unit, level=level, name=name, energy_type=energy_type, size=Decimal(size), size_unit=uom
            )
            for level, name, energy_type, size, uom in CONSUMERS + extra
        ]
    EnergyConsumer.objects.bulk_create(rows)
    return len(rows)


def _statements(ctx: SeedContext, units: list[EnergyUnit]) -> int:
    """Monthly statements of electricity and natural gas for each month the readings touched, equal to
    the month's daily data (rounded) — except a fifth of the units' electricity, off by 6–12 %."""
    sums = (
        DailyConsumption.objects.filter(
            meter__unit__in=units, meter__level="unit", meter__energy_type__in=("electricity", "natural_gas")
        )
        .values("meter__unit_id", "meter__energy_type", "meter__unit_of_measure", "day")
        .annotate(total=Sum("consumption"))
    )
    months: dict[tuple[int, str, dt.date], tuple[float, str]] = {}
    for row in sums:
        key = (row["meter__unit_id"], row["meter__energy_type"], row["day"].replace(day=1))
        total, _uom = months.get(key, (0.0, row["meter__unit_of_measure"]))
        months[key] = (total + row["total"], row["meter__unit_of_measure"])
    off = {u.pk for u in ctx.rng.sample(units, max(1, len(units) // 5))}
    statements = []
    for (unit_id, energy_type, month), (total, uom) in sorted(months.items()):
        factor = 1.0
        if unit_id in off and energy_type == "electricity":
            factor = ctx.rng.choice([-1, 1]) * ctx.rng.uniform(0.06, 0.12) + 1
        statements.append(
            MonthlyStatement(
                unit_id=unit_id,
                energy_type=energy_type,
                month=month,
                quantity=Decimal(f"{total * factor:.2f}"),
                unit_of_measure=uom,
            )
        )
    MonthlyStatement.objects.bulk_create(statements)
    return len(statements)
