"""Writes of energy-resource metering: units, meters, tokens, reference tables, flag and conflict reviews.

Each is audited through core.writes / core.audit. Readings themselves are written by
:mod:`jiliang.metering.ingest` (set-based, no per-row audit: readings are append-only and carry their
batch). A correction never overwrites a reading: it is stored on the flag and used by the aggregates.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.accounts.services import token_digest
from jiliang.core.scoping import Role, ensure_in_scope, ensure_role
from jiliang.core.writes import object_create, object_update
from jiliang.kernels import energy
from jiliang.metering.aggregates import aggregates_refresh
from jiliang.metering.choices import FlagKind, FlagStatus
from jiliang.metering.models import (
    AccuracyRequirement,
    BrokerAlert,
    ConversionCoefficient,
    EnergyConsumer,
    EnergyUnit,
    EquippingRequirement,
    IngestToken,
    MajorThreshold,
    Meter,
    MeteringRequirement,
    MonthlyStatement,
    QualityFlag,
    ReadingConflict,
)
from jiliang.registry.models import Organization
from jiliang.registry.selectors import user_scope

TOKEN_PREFIX = "jlm_"


def _ensure_unit_writable(
    actor: Any, unit: EnergyUnit | None = None, org: Organization | None = None
) -> None:
    scope = user_scope(actor)
    if scope.role == Role.INSTITUTE:
        raise PermissionDenied(_("Institutes do not manage energy-using units."))
    organization = org or (unit.organization if unit else None)
    if organization is None:
        raise ValidationError({"organization": _("This field is required.")})
    ensure_in_scope(
        scope, region_path=organization.region.path, organization_id=organization.pk, what=organization
    )


# --- units and meters ---------------------------------------------------------------------------------


@transaction.atomic
def energy_unit_create(*, actor: Any, data: Mapping[str, Any]) -> EnergyUnit:
    """Register the energy-metering record of an organization flagged as a key energy-using unit."""
    org = data.get("organization")
    if not isinstance(org, Organization):
        raise ValidationError({"organization": _("This field is required.")})
    _ensure_unit_writable(actor, org=org)
    if not org.is_key_energy_unit:
        raise ValidationError(
            {"organization": _("%(org)s is not flagged as a key energy-using unit.") % {"org": org}}
        )
    return object_create(model=EnergyUnit, actor=actor, data=data)


@transaction.atomic
def energy_unit_update(*, actor: Any, instance: EnergyUnit, data: Mapping[str, Any]) -> EnergyUnit:
    """Correct a unit's list membership, consumption, contact or conversion basis."""
    if "organization" in data and data["organization"] != instance.organization:
        raise ValidationError({"organization": _("A unit's organization cannot change.")})
    _ensure_unit_writable(actor, instance)
    return object_update(instance=instance, actor=actor, data=data)


@transaction.atomic
def meter_create(*, actor: Any, data: Mapping[str, Any]) -> Meter:
    """Add a metering point and its meter to a unit."""
    unit = data.get("unit")
    if not isinstance(unit, EnergyUnit):
        raise ValidationError({"unit": _("This field is required.")})
    _ensure_unit_writable(actor, unit)
    _check_instrument(unit, data.get("instrument"))
    _check_unit_of_measure(data.get("energy_type"), data.get("unit_of_measure"))
    return object_create(model=Meter, actor=actor, data=data)


@transaction.atomic
def meter_update(*, actor: Any, instance: Meter, data: Mapping[str, Any]) -> Meter:
    """Change a meter's description; its unit and code are fixed (readings are keyed by them)."""
    for name in ("unit", "code"):
        if name in data and data[name] != getattr(instance, name):
            raise ValidationError({name: _("Readings are keyed by this; add a new meter instead.")})
    _ensure_unit_writable(actor, instance.unit)
    _check_instrument(instance.unit, data.get("instrument", instance.instrument))
    _check_unit_of_measure(
        data.get("energy_type", instance.energy_type), data.get("unit_of_measure", instance.unit_of_measure)
    )
    return object_update(instance=instance, actor=actor, data=data)


def _check_unit_of_measure(energy_type: Any, unit_of_measure: Any) -> None:
    """The meter's unit must convert to its energy type's coefficient unit (t of coal, not m³)."""
    coefficient = (
        ConversionCoefficient.objects.filter(energy_type=energy_type, in_force=True)
        .values_list("unit_of_measure", flat=True)
        .first()
    )
    if coefficient is None or not unit_of_measure:
        return
    try:
        energy.convert_quantity(Decimal(1), str(unit_of_measure), coefficient)
    except ValueError:
        raise ValidationError(
            {
                "unit_of_measure": _("%(energy)s is converted per %(unit)s; choose a unit of that kind.")
                % {"energy": energy_type, "unit": coefficient}
            }
        ) from None


def _check_instrument(unit: EnergyUnit, instrument: Any) -> None:
    if instrument is not None and instrument.owner_id != unit.organization_id:
        raise ValidationError({"instrument": _("The register entry belongs to another owner.")})


@transaction.atomic
def metering_requirement_set(
    *, actor: Any, unit: EnergyUnit, energy_type: str, level: str, required: int
) -> MeteringRequirement:
    """Declare how many meters a unit needs for an energy type at a level (GB 17167 配备率 denominator)."""
    _ensure_unit_writable(actor, unit)
    existing = MeteringRequirement.objects.filter(unit=unit, energy_type=energy_type, level=level).first()
    data = {"unit": unit, "energy_type": energy_type, "level": level, "required": required}
    if existing is None:
        return object_create(model=MeteringRequirement, actor=actor, data=data)
    return object_update(instance=existing, actor=actor, data={"required": required})


@transaction.atomic
def monthly_statement_create(*, actor: Any, data: Mapping[str, Any]) -> MonthlyStatement:
    """Record a unit's monthly consumption statement for one energy type (the online system's monthly
    upload), checked on the unit page against the sum of the month's daily data."""
    unit = data.get("unit")
    if not isinstance(unit, EnergyUnit):
        raise ValidationError({"unit": _("This field is required.")})
    _ensure_unit_writable(actor, unit)
    _check_statement(data.get("month"), data.get("energy_type"), data.get("unit_of_measure"))
    return object_create(model=MonthlyStatement, actor=actor, data=data)


@transaction.atomic
def monthly_statement_update(
    *, actor: Any, instance: MonthlyStatement, data: Mapping[str, Any]
) -> MonthlyStatement:
    """Correct a monthly statement (audited: the previous figure stays in its history); its unit is fixed."""
    if "unit" in data and data["unit"] != instance.unit:
        raise ValidationError({"unit": _("A statement's unit cannot change.")})
    _ensure_unit_writable(actor, instance.unit)
    _check_statement(
        data.get("month", instance.month),
        data.get("energy_type", instance.energy_type),
        data.get("unit_of_measure", instance.unit_of_measure),
    )
    return object_update(instance=instance, actor=actor, data=data)


def _check_statement(month: Any, energy_type: Any, unit_of_measure: Any) -> None:
    """A statement covers a whole calendar month that has begun, in a unit its energy type converts from."""
    if isinstance(month, dt.date):
        if month.day != 1:
            raise ValidationError({"month": _("Give the month (its first day).")})
        if month > timezone.localdate().replace(day=1):
            raise ValidationError({"month": _("A month that has not begun cannot be stated.")})
    _check_unit_of_measure(energy_type, unit_of_measure)


# --- declared sub-units and equipment (GB 17167 Table 2) ------------------------------------------------


@transaction.atomic
def energy_consumer_create(*, actor: Any, data: Mapping[str, Any]) -> EnergyConsumer:
    """Declare an energy flow of a sub-unit or a piece of equipment and its size, in Table 2's unit."""
    unit = data.get("unit")
    if not isinstance(unit, EnergyUnit):
        raise ValidationError({"unit": _("This field is required.")})
    _ensure_unit_writable(actor, unit)
    _check_size_unit(data.get("level"), data.get("energy_type"), data.get("size_unit"))
    return object_create(model=EnergyConsumer, actor=actor, data=data)


@transaction.atomic
def energy_consumer_update(
    *, actor: Any, instance: EnergyConsumer, data: Mapping[str, Any]
) -> EnergyConsumer:
    """Change a declared flow's size, name or use; its unit is fixed."""
    if "unit" in data and data["unit"] != instance.unit:
        raise ValidationError({"unit": _("A declaration's unit cannot change.")})
    _ensure_unit_writable(actor, instance.unit)
    _check_size_unit(
        data.get("level", instance.level),
        data.get("energy_type", instance.energy_type),
        data.get("size_unit", instance.size_unit),
    )
    return object_update(instance=instance, actor=actor, data=data)


def _check_size_unit(level: Any, energy_type: Any, size_unit: Any) -> None:
    """The size must be given in the unit of the Table 2 row it is compared with."""
    expected = (
        MajorThreshold.objects.filter(level=level, energy_type=energy_type)
        .values_list("size_unit", flat=True)
        .first()
    )
    if expected is not None and size_unit and size_unit != expected:
        raise ValidationError(
            {
                "size_unit": _("GB 17167 Table 2 gives %(energy)s at this level in %(unit)s; use that unit.")
                % {"energy": energy_type, "unit": expected}
            }
        )


# --- tokens -------------------------------------------------------------------------------------------


@transaction.atomic
def ingest_token_issue(*, actor: Any, unit: EnergyUnit, name: str) -> tuple[IngestToken, str]:
    """Issue a token for a unit's data-acquisition system; the plain token is returned once, only its
    hash is stored."""
    _ensure_unit_writable(actor, unit)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = object_create(
        model=IngestToken,
        actor=actor,
        data={
            "unit": unit,
            "name": name,
            "prefix": token[:8],
            "token_hash": token_digest(token),
            "created_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return record, token


@transaction.atomic
def ingest_token_revoke(*, actor: Any, token: IngestToken) -> IngestToken:
    """Revoke a token at once; readings it sent stay."""
    _ensure_unit_writable(actor, token.unit)
    if token.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."))
    return object_update(instance=token, actor=actor, data={"revoked_at": timezone.now()})


def ingest_token_unit(*, token: str) -> EnergyUnit | None:
    """The unit a presented token authenticates, or None (unknown or revoked)."""
    record = (
        IngestToken.objects.select_related("unit__organization")
        .filter(token_hash=token_digest(token), revoked_at__isnull=True)
        .first()
    )
    return record.unit if record else None


# --- reviews ------------------------------------------------------------------------------------------


@transaction.atomic
def quality_flag_resolve(
    *, actor: Any, flag: QualityFlag, status: str, note: str = "", corrected_value: float | None = None
) -> QualityFlag:
    """Confirm, dismiss or correct a flag. A correction is used by the aggregates from now on; the stored
    reading is never changed. Audited; the day's aggregate is refreshed."""
    _ensure_unit_writable(actor, flag.meter.unit)
    if status not in (FlagStatus.CONFIRMED, FlagStatus.DISMISSED, FlagStatus.CORRECTED):
        raise ValidationError({"status": _("Choose confirmed, dismissed or corrected.")})
    if status == FlagStatus.CORRECTED and corrected_value is None:
        raise ValidationError({"corrected_value": _("A correction needs the corrected value.")})
    if status != FlagStatus.CORRECTED:
        corrected_value = None
    flag = object_update(
        instance=flag,
        actor=actor,
        data={
            "status": status,
            "note": note,
            "corrected_value": corrected_value,
            "resolved_by": actor if getattr(actor, "pk", None) else None,
            "resolved_at": timezone.now(),
        },
    )
    aggregates_refresh(keys={(flag.meter_id, flag.ts)})
    return flag


@transaction.atomic
def conflict_resolve(*, actor: Any, conflict: ReadingConflict, adopt: bool, note: str = "") -> QualityFlag:
    """Decide a conflict: keep the stored value, or adopt the value received later (as a correction).

    Either way the decision is a resolved ``conflict`` flag at that reading, audited.
    """
    _ensure_unit_writable(actor, conflict.meter.unit)
    flag, _created = QualityFlag.objects.get_or_create(
        meter=conflict.meter,
        ts=conflict.ts,
        kind=FlagKind.CONFLICT,
        defaults={"detail": f"stored {conflict.stored_value:g}, received {conflict.value:g}"[:255]},
    )
    return quality_flag_resolve(
        actor=actor,
        flag=flag,
        status=FlagStatus.CORRECTED if adopt else FlagStatus.DISMISSED,
        corrected_value=conflict.value if adopt else None,
        note=note,
    )


# --- reference tables (bureau) ------------------------------------------------------------------------


def _reference_update(actor: Any, instance: Any, data: Mapping[str, Any]) -> Any:
    ensure_role(user_scope(actor))
    return object_update(instance=instance, actor=actor, data=data)


@transaction.atomic
def coefficient_update(
    *, actor: Any, instance: ConversionCoefficient, data: Mapping[str, Any]
) -> ConversionCoefficient:
    """Edit a GB/T 2589 coefficient (bureau only; the edition it comes from is part of the row)."""
    result: ConversionCoefficient = _reference_update(actor, instance, data)
    return result


@transaction.atomic
def coefficient_create(*, actor: Any, data: Mapping[str, Any]) -> ConversionCoefficient:
    """Add a coefficient of another edition (bureau only); put it in force by taking the old one out."""
    ensure_role(user_scope(actor))
    return object_create(model=ConversionCoefficient, actor=actor, data=data)


@transaction.atomic
def equipping_requirement_update(
    *, actor: Any, instance: EquippingRequirement, data: Mapping[str, Any]
) -> EquippingRequirement:
    """Edit a cell of GB 17167 Table 1 (bureau only)."""
    result: EquippingRequirement = _reference_update(actor, instance, data)
    return result


@transaction.atomic
def accuracy_requirement_update(
    *, actor: Any, instance: AccuracyRequirement, data: Mapping[str, Any]
) -> AccuracyRequirement:
    """Edit a cell of GB 17167 Table 3 (bureau only)."""
    result: AccuracyRequirement = _reference_update(actor, instance, data)
    return result


@transaction.atomic
def major_threshold_update(
    *, actor: Any, instance: MajorThreshold, data: Mapping[str, Any]
) -> MajorThreshold:
    """Edit a cell of GB 17167 Table 2 (bureau only)."""
    result: MajorThreshold = _reference_update(actor, instance, data)
    return result


@transaction.atomic
def major_threshold_create(*, actor: Any, data: Mapping[str, Any]) -> MajorThreshold:
    """Add a missing cell of GB 17167 Table 2 (bureau only; most of the sub-unit row is not loaded)."""
    ensure_role(user_scope(actor))
    return object_create(model=MajorThreshold, actor=actor, data=data)


def broker_alert_raise(
    *, kind: str, broker: str, detail: str, worker: str = "", dropped: int | None = None
) -> BrokerAlert | None:
    """Record what the broker lost or would lose (the ingest worker calls it; no person acts, so no audit).

    A drop already recorded at this total, by this or another worker watching the same broker, is not
    recorded again; a limits warning is recorded once a day per broker.
    """
    now = timezone.now()
    same = BrokerAlert.objects.filter(kind=kind, broker=broker)
    if dropped is not None and same.filter(dropped__gte=dropped).exists():
        return None
    if dropped is None and same.filter(detail=detail, raised_at__gte=now - dt.timedelta(days=1)).exists():
        return None
    return BrokerAlert.objects.create(
        raised_at=now, kind=kind, broker=broker[:255], worker=worker[:128], dropped=dropped, detail=detail
    )
