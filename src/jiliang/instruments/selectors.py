"""Reads of the instrument register, verification records and certificates, scoped to the user.

Scopes: the bureau sees everything; a county bureau its region subtree; an institute the instruments it
verified or may verify (its authorizations in force today: regions and instrument types) and the records
and certificates it issued; an enterprise its own instruments and their records.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from jiliang.core.scoping import Role, scope_q
from jiliang.instruments.choices import (
    CertificateKind,
    CertificatePublicState,
    CertificateStatus,
    InstrumentStatus,
    VerificationResult,
)
from jiliang.instruments.models import Certificate, Instrument, Reminder, VerificationRecord
from jiliang.registry.selectors import institute_service_q, user_institute_covers, user_scope


def instrument_scope_q(user: Any, *, prefix: str = "", instrument: str | None = None) -> Q:
    """The filter of the instruments ``user`` may see (``prefix`` leads from another model to them).

    An institute sees the instruments it verified (any record, voided or not) and those it may verify
    today by its authorizations in force (region and instrument type); others follow jiliang.core.scoping.
    ``instrument`` is the lookup of the instrument's id (default ``pk`` on Instrument, ``<prefix>id``
    elsewhere; a model carrying the instrument's columns itself, like VerificationDue, passes
    ``"instrument_id"``).
    """
    scope = user_scope(user)
    if scope.role == Role.INSTITUTE:
        key = instrument or (f"{prefix}id" if prefix else "pk")
        verified = VerificationRecord.objects.filter(institution_id=scope.organization_id).values(
            "instrument_id"
        )
        may_verify = institute_service_q(
            covers=user_institute_covers(user),
            region=f"{prefix}region",
            instrument_type=f"{prefix}instrument_type",
        )
        return Q(**{f"{key}__in": verified}) | may_verify
    return scope_q(scope, region=f"{prefix}region", organization=f"{prefix}owner_id")


def instrument_list(*, user: Any) -> QuerySet[Instrument]:
    """Registered instruments the user may see, with owner, type and region loaded."""
    return Instrument.objects.filter(instrument_scope_q(user)).select_related(
        "owner", "instrument_type", "region", "site_region"
    )


def instrument_get(*, user: Any, pk: int) -> Instrument:
    return get_object_or_404(instrument_list(user=user), pk=pk)


def verification_record_list(*, user: Any) -> QuerySet[VerificationRecord]:
    """Verification records: an institute sees what it verified; others follow the instrument's scope."""
    scope = user_scope(user)
    qs = VerificationRecord.objects.select_related(
        "instrument",
        "instrument__instrument_type",
        "instrument__owner",
        "institution",
        "verifier",
        "standard",
    ).prefetch_related("certificates")
    if scope.role == Role.INSTITUTE:
        return qs.filter(institution_id=scope.organization_id)
    return qs.filter(instrument_scope_q(user, prefix="instrument__"))


def verification_record_get(*, user: Any, pk: int) -> VerificationRecord:
    return get_object_or_404(verification_record_list(user=user), pk=pk)


def certificate_list(*, user: Any) -> QuerySet[Certificate]:
    """Certificates and notices visible to the user (same rule as their verification records)."""
    scope = user_scope(user)
    qs = Certificate.objects.select_related(
        "verification",
        "verification__instrument",
        "verification__instrument__instrument_type",
        "verification__instrument__owner",
        "verification__institution",
        "verification__verifier",
        "replaces",
    )
    if scope.role == Role.INSTITUTE:
        return qs.filter(verification__institution_id=scope.organization_id)
    return qs.filter(instrument_scope_q(user, prefix="verification__instrument__"))


def certificate_get(*, user: Any, pk: int) -> Certificate:
    return get_object_or_404(certificate_list(user=user), pk=pk)


#: How long a reissue chain the public check follows to the certificate now in force (chains are short:
#: a correction of a correction; the bound only guards against a cycle entered by hand in the database).
_CHAIN_LIMIT = 20


@dataclass(frozen=True)
class CertificatePublicCheck:
    """The answer of the public certificate check (查验), limited to what the question earns.

    A number alone answers only whether a certificate with that number exists (``exists``): numbers are
    sequential, so details behind them would let anyone list every owner and serial. The check code printed
    on the certificate (under its QR code) earns the details: ``certificate``, its ``state`` as of the day
    asked, and, for a reissued one, ``replaced_by`` and ``current`` (the end of the reissue chain).
    A wrong code gives the same answer as an unknown number: it tells nothing about the right code.
    """

    by_code: bool
    exists: bool
    certificate: Certificate | None = None
    state: CertificatePublicState | None = None
    replaced_by: Certificate | None = None
    current: Certificate | None = None


def normalize_check_code(code: str) -> str:
    """A check code as typed or scanned: spaces and dashes dropped, upper case (the alphabet has none of
    I, O, 0, 1, so nothing else needs mapping)."""
    return "".join(ch for ch in code if ch not in " -\t").upper()


def certificate_public_state(*, certificate: Certificate, today: dt.date) -> CertificatePublicState:
    """The one place that says what a certificate is worth on ``today``.

    Revoked first (superseded when a reissued certificate replaces it; a voided verification counts as
    revoked), then a notice of non-conformity (检定结果通知书: genuine, but the instrument failed), then
    expired (``valid_until`` is the last valid day, so the day after it is expired), else valid. A pass
    without ``valid_until`` (scrap-when-inaccurate types) never expires.
    """
    verification = certificate.verification
    if certificate.status == CertificateStatus.REVOKED or verification.voided_at is not None:
        if _replacement(certificate) is not None:
            return CertificatePublicState.SUPERSEDED
        return CertificatePublicState.REVOKED
    if certificate.kind == CertificateKind.NOTICE or verification.result == VerificationResult.FAIL:
        return CertificatePublicState.NONCONFORMING
    if verification.valid_until is not None and today > verification.valid_until:
        return CertificatePublicState.EXPIRED
    return CertificatePublicState.VALID


def _replacement(certificate: Certificate) -> Certificate | None:
    try:
        return certificate.replaced_by
    except Certificate.DoesNotExist:
        return None


def _public_qs() -> QuerySet[Certificate]:
    return Certificate.objects.select_related(
        "verification__instrument__instrument_type",
        "verification__instrument__owner",
        "verification__institution",
        "replaced_by",
    )


def certificate_public_check(
    *, number: str = "", check_code: str = "", today: dt.date
) -> CertificatePublicCheck:
    """The public check of a certificate by ``number`` and/or ``check_code`` as of ``today`` (no login).

    Number only: whether it exists, nothing else. Check code (alone, as the QR link gives it, or with the
    number, which must then be the same certificate's): the details. Codes are compared in constant time,
    and a comparison is made even when the number is unknown, so the answer's timing says no more than its
    text. Nothing asked: ``ValueError`` (the page shows its empty form instead).
    """
    number = number.strip()
    code = normalize_check_code(check_code)
    if not number and not code:
        raise ValueError("ask with a certificate number or a check code")
    if not code:
        return CertificatePublicCheck(
            by_code=False, exists=Certificate.objects.filter(number=number).exists()
        )
    lookup = {"number": number} if number else {"check_code": code}
    certificate = _public_qs().filter(**lookup).first()
    expected = certificate.check_code if certificate is not None else "\x00" * len(code)
    if certificate is None or not hmac.compare_digest(expected.encode(), code.encode()):
        return CertificatePublicCheck(by_code=True, exists=False)
    replaced_by = _replacement(certificate)
    current = replaced_by
    for _step in range(_CHAIN_LIMIT):
        following = _replacement(current) if current is not None else None
        if following is None:
            break
        current = following
    return CertificatePublicCheck(
        by_code=True,
        exists=True,
        certificate=certificate,
        state=certificate_public_state(certificate=certificate, today=today),
        replaced_by=replaced_by,
        current=current,
    )


def due_list(
    *, user: Any, today: dt.date, within_days: int | None = None, overdue: bool = False
) -> QuerySet[Instrument]:
    """In-use instruments overdue (``overdue=True``) or due in the next ``within_days`` days."""
    qs = instrument_list(user=user).filter(status=InstrumentStatus.IN_USE, next_due_on__isnull=False)
    if overdue:
        return qs.filter(next_due_on__lt=today).order_by("next_due_on", "id")
    return qs.filter(
        next_due_on__gte=today, next_due_on__lte=today + dt.timedelta(days=within_days or 30)
    ).order_by("next_due_on", "id")


def reminder_list(*, user: Any) -> QuerySet[Reminder]:
    """The reminders of the organizations whose instruments the user may see."""
    return Reminder.objects.filter(instrument_scope_q(user, prefix="instrument__")).select_related(
        "instrument", "instrument__instrument_type", "organization"
    )
