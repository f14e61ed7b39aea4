"""Writes to the measurement-standards registry: each checks the actor's scope, validates fully and writes
its audit entry in the same transaction.

Who may write: the holder (its institute or enterprise users) registers and maintains its standards,
calibration links and checks; the bureau everything; a county bureau what is held in its region.
Approval certificates (计量标准考核证书) are issued and revoked by the examining authorities only — the
bureau, or a county bureau for standards held in its region.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiliang.core.audit import audit_record
from jiliang.core.models import AuditAction
from jiliang.core.scoping import Role, ensure_in_scope, ensure_role
from jiliang.core.writes import object_create, object_update
from jiliang.kernels import traceability as kernel
from jiliang.kernels.verification import add_months
from jiliang.registry.choices import OrganizationKind, RegionLevel
from jiliang.registry.models import Organization
from jiliang.registry.selectors import user_scope
from jiliang.standards.choices import ApprovalStatus, StandardLevel, StandardStatus
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardCheck,
    StandardFlag,
    StandardSuspension,
)
from jiliang.standards.selectors import approval_years

STATUS_FIELDS = {"status", "suspended_on", "status_reason", "retired_on"}
COUNTY_LEVELS = (RegionLevel.DISTRICT, RegionLevel.COUNTY, RegionLevel.COUNTY_CITY)


def _ensure_holder_writable(actor: Any, holder: Organization) -> None:
    ensure_in_scope(user_scope(actor), region_path=holder.region.path, organization_id=holder.pk, what=holder)


def _check_level(data: Mapping[str, Any]) -> None:
    """Public standards are held by legal metrology institutions; a county public standard by one below
    the city; an authorized institution's standard by an authorized institution."""
    holder, level = data.get("holder"), data.get("level")
    if not isinstance(holder, Organization):
        raise ValidationError({"holder": _("This field is required.")})
    if level in (StandardLevel.CITY_PUBLIC, StandardLevel.COUNTY_PUBLIC):
        if holder.kind != OrganizationKind.LEGAL_INSTITUTE:
            raise ValidationError({"level": _("A public standard is held by a legal metrology institution.")})
        if level == StandardLevel.COUNTY_PUBLIC and holder.region.level not in COUNTY_LEVELS:
            raise ValidationError(
                {"level": _("A county public standard is held by a district or county institution.")}
            )
        if level == StandardLevel.CITY_PUBLIC and holder.region.level in COUNTY_LEVELS:
            raise ValidationError({"level": _("A city public standard is held by the city's institution.")})
    if level == StandardLevel.AUTHORIZED and holder.kind != OrganizationKind.AUTHORIZED_INSTITUTE:
        raise ValidationError(
            {"level": _("An authorized institution's standard is held by an authorized institution.")}
        )


# --- standards -------------------------------------------------------------------------------------


@transaction.atomic
def standard_create(*, actor: Any, data: Mapping[str, Any]) -> MeasurementStandard:
    """Register a measurement standard held by an organization in the actor's scope."""
    bad = sorted(set(data) & STATUS_FIELDS)
    if bad:
        raise ValidationError({name: _("Change this through its own action.") for name in bad})
    _check_level(data)
    _ensure_holder_writable(actor, data["holder"])
    return object_create(model=MeasurementStandard, actor=actor, data=data)


@transaction.atomic
def standard_update(
    *, actor: Any, instance: MeasurementStandard, data: Mapping[str, Any]
) -> MeasurementStandard:
    """Correct a standard's description; its status changes through suspend / resume / retire."""
    bad = sorted(set(data) & STATUS_FIELDS)
    if bad:
        raise ValidationError({name: _("Change this through its own action.") for name in bad})
    _ensure_holder_writable(actor, instance.holder)
    merged = {"holder": instance.holder, "level": instance.level, **data}
    _check_level(merged)
    _ensure_holder_writable(actor, merged["holder"])
    return object_update(instance=instance, actor=actor, data=data)


def _locked(standard: MeasurementStandard) -> MeasurementStandard:
    return (
        MeasurementStandard.objects.select_for_update().select_related("holder__region").get(pk=standard.pk)
    )


def _set_status(*, actor: Any, standard: MeasurementStandard, fields: dict[str, Any], note: str) -> None:
    before = {k: getattr(standard, k) for k in fields}
    MeasurementStandard.objects.filter(pk=standard.pk).update(**fields)
    for name, value in fields.items():
        setattr(standard, name, value)
    audit_record(
        actor=actor,
        instance=standard,
        action=AuditAction.UPDATE,
        changes={k: [str(before[k] or ""), str(v or "")] for k, v in fields.items() if before[k] != v},
        note=note,
    )


@transaction.atomic
def standard_suspend(
    *,
    actor: Any,
    standard: MeasurementStandard,
    on: dt.date,
    reason: str,
    check: StandardCheck | None = None,
) -> MeasurementStandard:
    """Suspend a standard from ``on`` (e.g. after a failed check): it is not valid until resumed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the standard is suspended.")})
    locked = _locked(standard)
    _ensure_holder_writable(actor, locked.holder)
    if locked.status != StandardStatus.ACTIVE:
        raise ValidationError({"status": _("Only a standard in service can be suspended.")})
    StandardSuspension.objects.create(standard=locked, started_on=on, reason=reason, check_record=check)
    _set_status(
        actor=actor,
        standard=locked,
        fields={"status": StandardStatus.SUSPENDED, "suspended_on": on, "status_reason": reason},
        note=reason,
    )
    return locked


@transaction.atomic
def standard_resume(
    *, actor: Any, standard: MeasurementStandard, on: dt.date, reason: str
) -> MeasurementStandard:
    """Return a suspended standard to service from ``on`` (after corrective action)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the standard returns to service.")})
    locked = _locked(standard)
    _ensure_holder_writable(actor, locked.holder)
    if locked.status != StandardStatus.SUSPENDED:
        raise ValidationError({"status": _("The standard is not suspended.")})
    open_period = locked.suspensions.filter(ended_on__isnull=True).order_by("-started_on").first()
    if open_period is not None:
        if on <= open_period.started_on:
            raise ValidationError({"on": _("A standard resumes after the day it was suspended.")})
        StandardSuspension.objects.filter(pk=open_period.pk).update(ended_on=on)
    _set_status(
        actor=actor,
        standard=locked,
        fields={"status": StandardStatus.ACTIVE, "status_reason": reason},
        note=reason,
    )
    return locked


@transaction.atomic
def standard_retire(
    *, actor: Any, standard: MeasurementStandard, on: dt.date, reason: str
) -> MeasurementStandard:
    """Retire a standard from ``on`` (撤销): it is never valid again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the standard is retired.")})
    locked = _locked(standard)
    _ensure_holder_writable(actor, locked.holder)
    if locked.status == StandardStatus.RETIRED:
        raise ValidationError({"status": _("The standard is already retired.")})
    _set_status(
        actor=actor,
        standard=locked,
        fields={"status": StandardStatus.RETIRED, "retired_on": on, "status_reason": reason},
        note=reason,
    )
    return locked


# --- flags raised by findings elsewhere ------------------------------------------------------------


@transaction.atomic
def standard_flag_raise(
    *, actor: Any, standard: MeasurementStandard, source: str, reference: str, reason: str, on: dt.date
) -> StandardFlag:
    """Flag ``standard`` because of a finding recorded elsewhere (``source`` / ``reference`` name it).

    Called by the services that own such findings (e.g. a comparison's corrective action); they have
    checked that ``actor`` may record the finding, which need not make them the standard's holder.
    """
    flag = object_create(
        model=StandardFlag,
        actor=actor,
        data={
            "standard": standard,
            "source": source,
            "reference": reference,
            "reason": reason,
            "opened_on": on,
        },
    )
    audit_record(
        actor=actor, instance=standard, action=AuditAction.UPDATE, changes={}, note=f"flag: {reason}"
    )
    return flag


@transaction.atomic
def standard_flag_clear(*, actor: Any, flag: StandardFlag, on: dt.date, note: str) -> StandardFlag:
    """Clear a flag once the finding behind it is closed (same caller contract as ``standard_flag_raise``)."""
    if flag.closed_on is not None:
        raise ValidationError({"flag": _("The flag is already cleared.")})
    cleared = object_update(instance=flag, actor=actor, data={"closed_on": on, "closing_note": note})
    audit_record(
        actor=actor,
        instance=flag.standard,
        action=AuditAction.UPDATE,
        changes={},
        note=f"flag cleared: {note}",
    )
    return cleared


# --- approval certificates ------------------------------------------------------------------------


def _ensure_examiner(actor: Any, standard: MeasurementStandard) -> None:
    scope = user_scope(actor)
    ensure_role(scope, Role.COUNTY)
    ensure_in_scope(
        scope, region_path=standard.holder.region.path, organization_id=standard.holder_id, what=standard
    )


def default_valid_until(issued_on: dt.date) -> dt.date:
    """The last day of a certificate issued on ``issued_on``: JILIANG_STANDARD_APPROVAL_YEARS later, less a
    day (4 years by default — an UNCONFIRMED default, reference/domain.md §6)."""
    return add_months(issued_on, 12 * approval_years()) - dt.timedelta(days=1)


@transaction.atomic
def approval_certificate_issue(*, actor: Any, data: Mapping[str, Any]) -> ApprovalCertificate:
    """Issue a 计量标准考核证书 after an examination (新建考核) or a re-examination (复查考核).

    Without ``valid_until`` it holds for the configured validity. A renewal supersedes the standard's
    current certificate (which stays in force until its own end) and points to it.
    """
    fields = dict(data)
    standard = fields.get("standard")
    if not isinstance(standard, MeasurementStandard):
        raise ValidationError({"standard": _("This field is required.")})
    _ensure_examiner(actor, standard)
    if standard.status == StandardStatus.RETIRED:
        raise ValidationError({"standard": _("A retired standard gets no approval certificate.")})
    issued_on = fields.get("issued_on")
    if isinstance(issued_on, dt.date) and not fields.get("valid_until"):
        fields["valid_until"] = default_valid_until(issued_on)
    current = (
        ApprovalCertificate.objects.select_for_update()
        .filter(standard=standard, status=ApprovalStatus.VALID)
        .order_by("-valid_until", "-id")
        .first()
    )
    if current is not None and isinstance(issued_on, dt.date) and issued_on < current.issued_on:
        raise ValidationError({"issued_on": _("A renewal is issued after the certificate it renews.")})
    fields.setdefault("renews", current)
    certificate = object_create(model=ApprovalCertificate, actor=actor, data=fields)
    if current is not None:
        ApprovalCertificate.objects.filter(pk=current.pk).update(status=ApprovalStatus.SUPERSEDED)
        audit_record(
            actor=actor,
            instance=current,
            action=AuditAction.UPDATE,
            changes={"status": [ApprovalStatus.VALID, ApprovalStatus.SUPERSEDED]},
            note=_("renewed by %s") % certificate.number,
        )
    return certificate


@transaction.atomic
def approval_certificate_revoke(
    *, actor: Any, certificate: ApprovalCertificate, on: dt.date, reason: str
) -> ApprovalCertificate:
    """Revoke an approval certificate from ``on``: it is in force until the day before."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    locked = (
        ApprovalCertificate.objects.select_for_update()
        .select_related("standard__holder__region")
        .get(pk=certificate.pk)
    )
    _ensure_examiner(actor, locked.standard)
    if locked.status == ApprovalStatus.REVOKED:
        raise ValidationError({"certificate": _("This certificate is already revoked.")})
    before = locked.status
    ApprovalCertificate.objects.filter(pk=locked.pk).update(
        status=ApprovalStatus.REVOKED, revoked_on=on, revoke_reason=reason
    )
    locked.refresh_from_db()
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.REVOKE,
        changes={"status": [before, ApprovalStatus.REVOKED], "revoked_on": [None, on.isoformat()]},
        note=reason,
    )
    return locked


# --- external references and calibration links -------------------------------------------------------


@transaction.atomic
def external_reference_create(*, actor: Any, data: Mapping[str, Any]) -> ExternalReference:
    """Register an external reference (an institute's standard outside the registry): any logged-in role
    that records calibrations may add the one its certificate names."""
    if user_scope(actor).role == "none":
        raise PermissionDenied(_("Your role may not do this."))
    return object_create(model=ExternalReference, actor=actor, data=data)


@transaction.atomic
def external_reference_update(
    *, actor: Any, instance: ExternalReference, data: Mapping[str, Any]
) -> ExternalReference:
    """Correct an external reference, e.g. accept it as a root (bureau only: it changes every chain)."""
    ensure_role(user_scope(actor), Role.BUREAU)
    return object_update(instance=instance, actor=actor, data=data)


def _check_link(data: Mapping[str, Any]) -> MeasurementStandard:
    standard = data.get("standard")
    if not isinstance(standard, MeasurementStandard):
        raise ValidationError({"standard": _("This field is required.")})
    higher, external = data.get("higher_standard"), data.get("external")
    if (higher is None) == (external is None):
        raise ValidationError(
            {
                "higher_standard": _(
                    "Name either the local standard or the external reference that calibrated it."
                )
            }
        )
    if isinstance(higher, MeasurementStandard) and higher.pk == standard.pk:
        raise ValidationError({"higher_standard": _("A standard does not calibrate itself.")})
    return standard


@transaction.atomic
def calibration_link_create(*, actor: Any, data: Mapping[str, Any]) -> CalibrationLink:
    """Record a calibration (溯源) of a standard in the actor's scope by a higher standard or an external
    reference. A link that breaks a chain (lapsed, from a suspended standard, too coarse) is still
    recorded — the traceability checker reports it."""
    standard = _check_link(data)
    _ensure_holder_writable(actor, standard.holder)
    return object_create(model=CalibrationLink, actor=actor, data=data)


@transaction.atomic
def calibration_link_update(
    *, actor: Any, instance: CalibrationLink, data: Mapping[str, Any]
) -> CalibrationLink:
    """Correct a calibration link of a standard in the actor's scope."""
    _ensure_holder_writable(actor, instance.standard.holder)
    merged = {
        "standard": instance.standard,
        "higher_standard": instance.higher_standard,
        "external": instance.external,
        **data,
    }
    standard = _check_link(merged)
    _ensure_holder_writable(actor, standard.holder)
    return object_update(instance=instance, actor=actor, data=data)


# --- checks ---------------------------------------------------------------------------------------


def _numbers(readings: Any) -> list[Decimal]:
    if not isinstance(readings, Sequence) or isinstance(readings, str):
        raise ValidationError({"readings": _("Give the readings as a list of numbers.")})
    try:
        values = [Decimal(str(v)) for v in readings]
    except InvalidOperation:
        raise ValidationError({"readings": _("Every reading must be a number.")}) from None
    if len(values) < 2:
        raise ValidationError({"readings": _("Give at least two readings.")})
    return values


@transaction.atomic
def standard_check_record(*, actor: Any, data: Mapping[str, Any]) -> StandardCheck:
    """Record a stability or repeatability check (JJF 1033-2023): the observed value is computed from the
    readings and judged against the limit; a failed check suspends the standard from that day."""
    fields = dict(data)
    standard = fields.get("standard")
    if not isinstance(standard, MeasurementStandard):
        raise ValidationError({"standard": _("This field is required.")})
    _ensure_holder_writable(actor, standard.holder)
    values = _numbers(fields.get("readings"))
    try:
        limit = Decimal(str(fields.get("limit")))
    except InvalidOperation:
        limit = Decimal(0)
    if not limit.is_finite() or limit <= 0:
        raise ValidationError({"limit": _("The acceptance limit must be a positive number.")})
    fields["limit"] = limit
    try:
        outcome = kernel.judge_check(str(fields.get("kind")), values, limit)
    except ValueError as exc:
        raise ValidationError({"kind": str(exc)}) from exc
    fields["readings"] = [str(v) for v in values]
    fields["observed"] = outcome.observed.quantize(Decimal("1e-12")).normalize()
    fields["passed"] = outcome.passed
    if not fields.get("criterion"):
        fields["criterion"] = outcome.rule
    check = object_create(model=StandardCheck, actor=actor, data=fields)
    if not check.passed and standard.status == StandardStatus.ACTIVE:
        standard_suspend(
            actor=actor,
            standard=standard,
            on=check.performed_on,
            reason=_("failed %(kind)s on %(day)s: %(observed)s %(unit)s against %(limit)s")
            % {
                "kind": check.get_kind_display(),
                "day": check.performed_on,
                "observed": check.observed,
                "unit": check.unit,
                "limit": check.limit,
            },
            check=check,
        )
    return check
