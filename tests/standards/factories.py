"""Helpers to build standards, approvals and calibration links through the services (audit and rules real)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import Discipline, InstrumentType, Organization
from jiliang.registry.selectors import SYSTEM
from jiliang.standards import services
from jiliang.standards.choices import ExternalKind, StandardLevel
from jiliang.standards.models import CalibrationLink, ExternalReference, MeasurementStandard
from tests.registry.factories import OrganizationFactory, region

_serial = itertools.count(1)
D = dt.date


def institute(region_code: str = "410300", name: str | None = None) -> Organization:
    return OrganizationFactory(
        name=name or f"计量所{next(_serial)}",
        kind=OrganizationKind.LEGAL_INSTITUTE,
        region=region(region_code),
    )


def standard(
    holder: Organization,
    *,
    level: str = StandardLevel.CITY_PUBLIC,
    types: tuple[str, ...] = (),
    approved: tuple[dt.date, dt.date] | None = (D(2018, 1, 1), D(2030, 12, 31)),
    accuracy: str | None = "0.01",
    verified_mpe: str | None = None,
    code: str | None = None,
    actor: Any = SYSTEM,
) -> MeasurementStandard:
    """A standard (with one approval certificate unless ``approved`` is None)."""
    n = next(_serial)
    created = services.standard_create(
        actor=actor,
        data={
            "code": code or f"T-{n:04d}",
            "name": f"测试标准装置{n}",
            "holder": holder,
            "level": level,
            "discipline": Discipline.objects.get(code="mechanics"),
            "quantity": "质量",
            "uncertainty": f"Urel = {accuracy} %" if accuracy else "F2等级",
            "accuracy_value": Decimal(accuracy) if accuracy else None,
            "accuracy_unit": "%" if accuracy else "",
            "verified_mpe_value": Decimal(verified_mpe) if verified_mpe else None,
            "verified_mpe_unit": "%" if verified_mpe else "",
            "instrument_types": list(InstrumentType.objects.filter(code__in=types, valid_to__isnull=True)),
        },
    )
    if approved is not None:
        services.approval_certificate_issue(
            actor=SYSTEM,
            data={
                "standard": created,
                "number": f"AC-{n:04d}",
                "issued_on": approved[0],
                "valid_until": approved[1],
            },
        )
    return created


def nim() -> ExternalReference:
    return ExternalReference.objects.create(
        institution="中国计量科学研究院",
        kind=ExternalKind.NATIONAL_INSTITUTE,
        certificate_number=f"NIM-{next(_serial)}",
        accepted_as_root=True,
    )


def province(root: ExternalReference) -> ExternalReference:
    return ExternalReference.objects.create(
        institution="河南省计量测试科学研究院",
        kind=ExternalKind.PROVINCIAL_INSTITUTE,
        certificate_number=f"[2016]豫社量标证字第{next(_serial):04d}号",
        traced_to=root,
    )


def link(
    lower: MeasurementStandard,
    higher: MeasurementStandard | ExternalReference,
    *,
    on: dt.date,
    until: dt.date,
    number: str | None = None,
    uncertainty: str | None = None,
) -> CalibrationLink:
    return services.calibration_link_create(
        actor=SYSTEM,
        data={
            "standard": lower,
            "higher_standard": higher if isinstance(higher, MeasurementStandard) else None,
            "external": higher if isinstance(higher, ExternalReference) else None,
            "certificate_number": number or f"CL-{next(_serial):05d}",
            "calibrated_on": on,
            "valid_until": until,
            "uncertainty_value": Decimal(uncertainty) if uncertainty else None,
            "uncertainty_unit": "%" if uncertainty else "",
        },
    )
