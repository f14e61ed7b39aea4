"""Campaigns, lots and declarations built through the services (so judgements and audit are real)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from jiliang.prepack import services
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.registry.models import Organization
from jiliang.registry.selectors import SYSTEM
from tests.registry.factories import region

D = dt.date
JAN_1_2024, DEC_31_2024 = D(2024, 1, 1), D(2024, 12, 31)


def campaign(
    institution: Organization,
    *,
    region_code: str = "410300",
    start: dt.date = JAN_1_2024,
    end: dt.date = DEC_31_2024,
    actor: Any = SYSTEM,
    **extra: Any,
) -> Campaign:
    data = {
        "title": f"{start.year}年净含量监督抽查",
        "organizer": "洛阳市市场监督管理局",
        "inspecting_institution": institution,
        "region": region(region_code),
        "start_on": start,
        "end_on": end,
        "status": "in_progress",
        **extra,
    }
    return services.campaign_create(actor=actor, data=data)


def lot(
    of: Campaign,
    producer: Organization,
    *,
    actor: Any = SYSTEM,
    nominal: str = "500",
    unit: str = "g",
    lot_size: int = 300,
    sampled_on: dt.date | None = None,
    market: Organization | None = None,
    measurements: Sequence[Any] | None = None,
    **extra: Any,
) -> Lot:
    data: dict[str, Any] = {
        "campaign": of,
        "producer": producer,
        "product_name": "挂面",
        "category": "grain_oil",
        "nominal": nominal,
        "unit": unit,
        "lot_size": lot_size,
        "sampled_at": "market" if market else "producer",
        "market": market,
        "sampled_on": sampled_on or of.start_on + dt.timedelta(days=30),
        **extra,
    }
    if measurements is not None:
        data["measurements"] = list(measurements)
    return services.lot_create(actor=actor, data=data)


def declaration(producer: Organization, *, actor: Any = SYSTEM, **extra: Any) -> CapabilityDeclaration:
    data = {"producer": producer, "declared_on": D(2022, 5, 1), "products": ["挂面 500 g"], **extra}
    return services.declaration_create(actor=actor, data=data)


# Qn 500 g, N 300 → n 50, λ 0.379, T 15 g: T1 = short by more than 15 g and at most 30 g, at most 3 allowed.
#: 50 weights that pass: 502.0 … 506.9 g.
PASSING_50 = [f"{502 + (i % 50) / 10:.1f}" for i in range(50)]
#: 50 weights with four T1 units (#7, #19, #30, #44 at 484.0 g, 16 g short): fails on the T1 count only.
FAILING_50 = ["484.0" if i in (6, 18, 29, 43) else f"{503 + (i % 7) / 10:.1f}" for i in range(50)]


def passing(n: int, nominal: float = 500) -> list[str]:
    """``n`` values comfortably above ``nominal``."""
    return [f"{nominal * 1.01:.1f}"] * n


def failing(n: int, nominal: float = 500) -> list[str]:
    """``n`` values 10 % short of ``nominal``: every unit is a T2 unit."""
    return [f"{nominal * 0.9:.1f}"] * n
