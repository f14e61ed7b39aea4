"""Build comparison rounds through the services (rules and audit real)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiliang.comparisons import services
from jiliang.comparisons.choices import Level, Method
from jiliang.comparisons.models import ComparisonPoint, ComparisonRound, Participant
from jiliang.core.scoping import Role
from jiliang.registry.models import Organization
from jiliang.standards.choices import StandardLevel
from tests.registry.factories import UserFactory
from tests.standards.factories import institute, standard

_serial = itertools.count(1)


def lab_user(organization: Organization) -> Any:
    return UserFactory(role=Role.INSTITUTE, organization=organization)


def comparison_round(
    *,
    actor: Any,
    pilot: Organization | None,
    level: str = Level.CITY,
    method: str = Method.WEIGHTED_MEAN,
    **extra: Any,
) -> ComparisonRound:
    n = next(_serial)
    data: dict[str, Any] = {
        "code": f"CMP-{n:03d}",
        "title": f"砝码质量比对 {n}",
        "level": level,
        "organizer": "洛阳市市场监督管理局",
        "pilot": pilot,
        "pilot_name": "" if pilot else "河南省计量科学研究院",
        "quantity": "质量",
        "artefact": "1 kg E2 砝码 No. 2019-07",
        "protocol": "LY-BD-2024-01 比对实施方案",
        "starts_on": dt.date(2024, 3, 1),
        "submission_deadline": dt.date(2024, 6, 30),
        "method": method,
        **extra,
    }
    return services.round_create(actor=actor, data=data)


def point(
    comparison: ComparisonRound, *, actor: Any, label: str = "1 kg", unit: str = "mg", **extra: Any
) -> ComparisonPoint:
    return services.point_create(
        actor=actor, data={"round": comparison, "label": label, "unit": unit, **extra}
    )


@dataclass
class Lab:
    organization: Organization
    user: Any
    standard: Any
    participant: Participant


def enrol(
    comparison: ComparisonRound, *, actor: Any, region_code: str = "410311", name: str | None = None
) -> Lab:
    organization = institute(region_code, name=name)
    used = standard(organization, level=StandardLevel.COUNTY_PUBLIC)
    participant = services.participant_add(
        actor=actor, comparison=comparison, organization=organization, standard=used
    )
    return Lab(organization=organization, user=lab_user(organization), standard=used, participant=participant)


def submit(lab: Lab, at: ComparisonPoint, value: str, expanded_uncertainty: str, k: str = "2") -> Any:
    return services.result_submit(
        actor=lab.user,
        participant=lab.participant,
        point=at,
        data={
            "value": Decimal(value),
            "expanded_uncertainty": Decimal(expanded_uncertainty),
            "k": Decimal(k),
        },
    )
