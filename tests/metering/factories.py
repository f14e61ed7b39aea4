"""Helpers to build key energy-using units and meters through the services (so audit and checks are real)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from jiliang.metering import services
from jiliang.metering.models import EnergyConsumer, EnergyUnit, Meter, MonthlyStatement
from jiliang.registry.models import Organization
from jiliang.registry.selectors import SYSTEM
from tests.registry.factories import OrganizationFactory

_serial = itertools.count(1)
T0 = dt.datetime(2025, 3, 10, tzinfo=dt.UTC)  # 08:00 in Luoyang


def unit(
    organization: Organization | None = None, list_membership: str = "national", **extra: Any
) -> EnergyUnit:
    org = organization or OrganizationFactory(is_key_energy_unit=True)
    if not org.is_key_energy_unit:
        org.is_key_energy_unit = True
        org.save(update_fields=["is_key_energy_unit"])
    return services.energy_unit_create(
        actor=SYSTEM,
        data={"organization": org, "list_membership": list_membership, "list_year": 2017, **extra},
    )


def meter(energy_unit: EnergyUnit, code: str | None = None, *, actor: Any = SYSTEM, **extra: Any) -> Meter:
    data = {
        "unit": energy_unit,
        "code": code or f"M{next(_serial):04d}",
        "name": "总进线",
        "energy_type": "electricity",
        "level": "unit",
        "unit_of_measure": "kWh",
        "kind": "cumulative",
        "interval_minutes": 15,
        "accuracy_class": "0.5S",
        **extra,
    }
    return services.meter_create(actor=actor, data=data)


def stamp(minutes: int, base: dt.datetime = T0) -> str:
    """ISO-8601 text ``minutes`` after ``base`` with the Luoyang offset."""
    tz = dt.timezone(dt.timedelta(hours=8))
    return (base + dt.timedelta(minutes=minutes)).astimezone(tz).isoformat()


def reading(code: str, minutes: int, value: float) -> dict[str, Any]:
    return {"meter": code, "ts": stamp(minutes), "value": value}


def statement(
    energy_unit: EnergyUnit,
    month: dt.date = dt.date(2025, 3, 1),
    quantity: str = "1000",
    *,
    actor: Any = SYSTEM,
    **extra: Any,
) -> MonthlyStatement:
    data = {
        "unit": energy_unit,
        "energy_type": "electricity",
        "month": month,
        "quantity": Decimal(quantity),
        "unit_of_measure": "kWh",
        **extra,
    }
    return services.monthly_statement_create(actor=actor, data=data)


def consumer(
    energy_unit: EnergyUnit,
    name: str,
    size: str,
    *,
    level: str = "equipment",
    energy_type: str = "electricity",
    size_unit: str = "kW",
    actor: Any = SYSTEM,
    **extra: Any,
) -> EnergyConsumer:
    data = {
        "unit": energy_unit,
        "level": level,
        "name": name,
        "energy_type": energy_type,
        "size": Decimal(size),
        "size_unit": size_unit,
        **extra,
    }
    return services.energy_consumer_create(actor=actor, data=data)
