"""Writes of mandatory verification: register, retire, verify, certify, revoke — each audited.

Every write that touches verifications rebuilds the instrument's due chain (kernels.verification) so the
figures stay exact even when a record is entered late or voided.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.audit import audit_created, audit_record
from jiliang.core.models import AuditAction
from jiliang.core.scoping import Role, ensure_in_scope
from jiliang.core.writes import object_create, object_update
from jiliang.instruments.choices import (
    CertificateKind,
    CertificateStatus,
    InstrumentStatus,
    ReminderKind,
    VerificationResult,
)
from jiliang.instruments.models import (
    Certificate,
    CertificateSequence,
    Instrument,
    Reminder,
    VerificationDue,
    VerificationRecord,
)
from jiliang.kernels import verification as rules
from jiliang.registry.choices import INSTITUTE_KINDS, VerificationRegime
from jiliang.registry.models import InstrumentType, Organization
from jiliang.registry.selectors import institute_may_serve, qualification_holds, user_scope
from jiliang.standards.selectors import standard_unusable_reason

CHECK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
KIND_CODES = {CertificateKind.CERTIFICATE: "JD", CertificateKind.NOTICE: "TZ"}

# --- the register ---------------------------------------------------------------------------------


def _ensure_instrument_writable(actor: Any, owner: Organization, region_path: str) -> None:
    scope = user_scope(actor)
    if scope.role == Role.INSTITUTE:
        raise PermissionDenied(_("Institutes record verifications; owners register their instruments."))
    ensure_in_scope(scope, region_path=region_path, organization_id=owner.pk, what=owner)


@transaction.atomic
def instrument_register(*, actor: Any, data: Mapping[str, Any]) -> Instrument:
    """Register an instrument (强检备案): its region is the site's when given, else the owner's; its first
    due (verification before use) opens on the day it is put into use."""
    fields = dict(data)
    owner = fields.get("owner")
    if not isinstance(owner, Organization):
        raise ValidationError({"owner": _("This field is required.")})
    region = fields.get("site_region") or owner.region
    _ensure_instrument_writable(actor, owner, region.path)
    fields["region"] = region
    fields.setdefault("status", InstrumentStatus.IN_USE)
    instrument = object_create(model=Instrument, actor=actor, data=fields)
    instrument_dues_rebuild(instrument=instrument)
    return instrument


@transaction.atomic
def instrument_update(*, actor: Any, instance: Instrument, data: Mapping[str, Any]) -> Instrument:
    """Correct an instrument's description; owner, status and dates change through their own services."""
    locked = {"owner", "status", "retired_on", "region", "next_due_on"}
    bad = sorted(set(data) & locked)
    if bad:
        raise ValidationError({name: _("Change this through its own action.") for name in bad})
    fields = dict(data)
    if "site_region" in fields:
        fields["region"] = fields["site_region"] or instance.owner.region
    _ensure_instrument_writable(actor, instance.owner, instance.region.path)
    instrument = object_update(instance=instance, actor=actor, data=fields)
    _ensure_instrument_writable(actor, instrument.owner, instrument.region.path)
    instrument_dues_rebuild(instrument=instrument)
    return instrument


@transaction.atomic
def instrument_retire(*, actor: Any, instance: Instrument, status: str, on: dt.date) -> Instrument:
    """Take an instrument out of use or scrap it on ``on``; its open due is cancelled that day."""
    if status not in (InstrumentStatus.OUT_OF_USE, InstrumentStatus.SCRAPPED):
        raise ValidationError({"status": _("Choose out of use or scrapped.")})
    _ensure_instrument_writable(actor, instance.owner, instance.region.path)
    instrument = object_update(instance=instance, actor=actor, data={"status": status, "retired_on": on})
    instrument_dues_rebuild(instrument=instrument)
    return instrument


def instrument_dues_rebuild(*, instrument: Instrument) -> None:
    """Recompute the instrument's chain of dues from its (non-voided) verifications, and its next due."""
    itype: InstrumentType = instrument.instrument_type
    records = list(
        instrument.verifications.filter(voided_at__isnull=True)
        .order_by("verified_on", "id")
        .values_list("id", "verified_on", "result", "valid_until")
    )
    chain = rules.due_chain(
        in_use_from=instrument.put_into_use_on,
        regime=itype.regime,
        verifications=[rules.Verification(r[1], r[2] == VerificationResult.PASS, r[3]) for r in records],
        retired_on=instrument.retired_on,
    )
    VerificationDue.objects.filter(instrument=instrument).delete()
    first_only = itype.regime != VerificationRegime.PERIODIC
    VerificationDue.objects.bulk_create(
        VerificationDue(
            instrument=instrument,
            region_id=instrument.region_id,
            instrument_type_id=instrument.instrument_type_id,
            owner_id=instrument.owner_id,
            first_only=first_only,
            initial=due.initial,
            in_use_from=instrument.put_into_use_on,
            opened_on=due.opened_on,
            due_on=due.due_on,
            closed_on=due.closed_on,
            closed_by_id=records[due.closed_by][0] if due.closed_by is not None else None,
            cancelled_on=due.cancelled_on,
            relevant_until=rules.relevant_until(due),
            prev_due_on=previous.due_on if previous else None,
            prev_closed_on=previous.closed_on if previous else None,
        )
        for previous, due in zip([None, *chain], chain, strict=False)
    )
    open_due = chain[-1]
    next_due = open_due.due_on if instrument.status == InstrumentStatus.IN_USE else None
    if instrument.next_due_on != next_due:
        Instrument.objects.filter(pk=instrument.pk).update(next_due_on=next_due)
        instrument.next_due_on = next_due


# --- verification records and certificates ----------------------------------------------------------


def _check_verification(actor: Any, data: Mapping[str, Any]) -> None:
    scope = user_scope(actor)
    institution = data.get("institution")
    instrument = data.get("instrument")
    verifier = data.get("verifier")
    verified_on = data.get("verified_on")
    errors: dict[str, str] = {}
    if not isinstance(institution, Organization) or institution.kind not in INSTITUTE_KINDS:
        errors["institution"] = _("Verifications are recorded by a metrology institution.")
    elif not scope.everything and not (
        scope.role == Role.INSTITUTE and scope.organization_id == institution.pk
    ):
        raise PermissionDenied(_("Only the institution itself or the bureau records its verifications."))
    if isinstance(verified_on, dt.date) and verified_on > timezone.localdate():
        errors["verified_on"] = _("A verification cannot be in the future.")
    if (
        verifier is not None
        and isinstance(institution, Organization)
        and verifier.organization_id != institution.pk
    ):
        errors["verifier"] = _("The verifier does not work for this institution.")
    elif (
        verifier is not None
        and isinstance(instrument, Instrument)
        and isinstance(verified_on, dt.date)
        and not qualification_holds(
            person=verifier, instrument_type=instrument.instrument_type, on=verified_on
        )
    ):
        errors["verifier"] = _("%(verifier)s holds no qualification for %(type)s in force on %(date)s.") % {
            "verifier": verifier,
            "type": instrument.instrument_type,
            "date": verified_on,
        }
    if isinstance(instrument, Instrument) and instrument.status != InstrumentStatus.IN_USE:
        # A certificate says "fit for use": none for an instrument out of use or scrapped.
        errors["instrument"] = _("Only an instrument in use is verified; this one is %(status)s.") % {
            "status": instrument.get_status_display()
        }
    elif (
        isinstance(instrument, Instrument)
        and isinstance(institution, Organization)
        and institution.kind in INSTITUTE_KINDS
        and isinstance(verified_on, dt.date)
        and not institute_may_serve(
            institute_id=institution.pk,
            region_id=instrument.region_id,
            instrument_type_id=instrument.instrument_type_id,
            day=verified_on,
        )
    ):
        # Names nothing of the instrument: the actor may not be able to read it.
        errors["instrument"] = _(
            "The institution holds no authorization in force on %(date)s covering this instrument's "
            "region and instrument type."
        ) % {"date": verified_on}
    standard = data.get("standard")
    if (
        standard is not None
        and isinstance(institution, Organization)
        and isinstance(instrument, Instrument)
        and isinstance(verified_on, dt.date)
    ):
        reason = standard_unusable_reason(
            standard=standard,
            institution=institution,
            type_code=instrument.instrument_type.code,
            day=verified_on,
        )
        if reason:
            errors["standard"] = reason
    if errors:
        raise ValidationError(errors)


def _next_number(*, institution: Organization, year: int, kind: str) -> str:
    sequence, _created = CertificateSequence.objects.select_for_update().get_or_create(
        institution=institution, year=year, kind=kind
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return settings.JILIANG_CERTIFICATE_NUMBER_PATTERN.format(
        kind=KIND_CODES[CertificateKind(kind)], year=year, institution=institution.pk, seq=sequence.last
    )


def _issue(
    *, actor: Any, verification: VerificationRecord, replaces: Certificate | None = None
) -> Certificate:
    kind = (
        CertificateKind.CERTIFICATE
        if verification.result == VerificationResult.PASS
        else CertificateKind.NOTICE
    )
    certificate = Certificate.objects.create(
        verification=verification,
        kind=kind,
        number=_next_number(institution=verification.institution, year=timezone.localdate().year, kind=kind),
        check_code="".join(secrets.choice(CHECK_CODE_ALPHABET) for _ in range(12)),
        issued_at=timezone.now(),
        issued_by=actor if getattr(actor, "pk", None) else None,
        replaces=replaces,
    )
    audit_created(actor=actor, instance=certificate)
    return certificate


@transaction.atomic
def verification_record_create(*, actor: Any, data: Mapping[str, Any]) -> VerificationRecord:
    """Record a verification and issue its certificate (pass) or notice of non-conformity (fail).

    Refused unless the actor is the institution (or the bureau); the instrument is in use; the institution
    holds an authorization in force on the verification date covering the instrument's region and type;
    the verifier works there and holds a qualification for the type in force on that date; and the standard
    used (when named) is held by the institution, valid on that date and covers the type. ``valid_until``
    follows the type's regime.
    """
    _check_verification(actor, data)
    fields = dict(data)
    instrument: Instrument = fields["instrument"]
    itype = instrument.instrument_type
    fields["valid_until"] = rules.valid_until(
        verified_on=fields["verified_on"],
        passed=fields.get("result") == VerificationResult.PASS,
        regime=itype.regime,
        period_months=itype.period_months,
        service_life_months=itype.service_life_months,
    )
    record = object_create(model=VerificationRecord, actor=actor, data=fields)
    _issue(actor=actor, verification=record)
    instrument_dues_rebuild(instrument=instrument)
    return record


@transaction.atomic
def certificate_reissue(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """Revoke ``certificate`` with ``reason`` and issue its replacement for the same verification."""
    revoked = certificate_revoke(actor=actor, certificate=certificate, reason=reason, void_verification=False)
    return _issue(actor=actor, verification=revoked.verification, replaces=revoked)


@transaction.atomic
def certificate_revoke(
    *, actor: Any, certificate: Certificate, reason: str, void_verification: bool = True
) -> Certificate:
    """Revoke a certificate; unless it is being reissued, its verification no longer counts (voided)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status == CertificateStatus.REVOKED:
        raise ValidationError({"certificate": _("This certificate is already revoked.")})
    verification = locked.verification
    scope = user_scope(actor)
    if not scope.everything and not (
        scope.role == Role.INSTITUTE and scope.organization_id == verification.institution_id
    ):
        raise PermissionDenied(_("Only the issuing institution or the bureau revokes a certificate."))
    now = timezone.now()
    Certificate.objects.filter(pk=locked.pk).update(
        status=CertificateStatus.REVOKED, revoked_at=now, revoke_reason=reason
    )
    locked.refresh_from_db()
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditAction.REVOKE,
        changes={"status": [CertificateStatus.VALID, CertificateStatus.REVOKED]},
        note=reason,
    )
    if void_verification:
        VerificationRecord.objects.filter(pk=verification.pk).update(voided_at=now, void_reason=reason)
        audit_record(actor=actor, instance=verification, action=AuditAction.REVOKE, note=reason)
        instrument_dues_rebuild(instrument=verification.instrument)
    return locked


# --- reminders ------------------------------------------------------------------------------------


@transaction.atomic
def reminders_refresh(*, today: dt.date, organization: Organization | None = None) -> int:
    """Rebuild the in-app reminders (all owners, or one): overdue and due within the reminder window."""
    horizon = today + dt.timedelta(days=settings.JILIANG_REMINDER_DAYS)
    scope = Q(owner=organization) if organization is not None else Q()
    existing = Reminder.objects.filter(Q(organization=organization) if organization is not None else Q())
    existing.delete()
    due = (
        Instrument.objects.filter(scope, status=InstrumentStatus.IN_USE, next_due_on__lte=horizon)
        .values_list("pk", "owner_id", "next_due_on")
        .iterator(chunk_size=5000)
    )
    batch: list[Reminder] = []
    created = 0
    for pk, owner_id, due_on in due:
        assert due_on is not None  # filtered by next_due_on__lte
        kind = ReminderKind.OVERDUE if due_on < today else ReminderKind.DUE_SOON
        batch.append(Reminder(organization_id=owner_id, instrument_id=pk, kind=kind, due_on=due_on))
        if len(batch) >= 5000:
            Reminder.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    Reminder.objects.bulk_create(batch)
    return created + len(batch)
