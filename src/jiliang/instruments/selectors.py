"""Reads of the instrument register, verification records and certificates, scoped to the user.

Scopes: the bureau sees everything; a county bureau its region subtree; an institute the instruments it
verified or may verify (its authorizations in force today: regions and instrument types) and the records
and certificates it issued; an enterprise its own instruments and their records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from jiliang.core.scoping import Role, scope_q
from jiliang.instruments.choices import InstrumentStatus
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


def certificate_public_get(*, check_code: str = "", number: str = "") -> Certificate | None:
    """A certificate found by its public check code or its number, for the public check page.

    Needs no login: the page shows only what is printed on the certificate itself.
    """
    if not check_code and not number:
        return None
    qs = Certificate.objects.select_related(
        "verification__instrument__instrument_type",
        "verification__instrument__owner",
        "verification__institution",
        "replaced_by",
    )
    lookup = {"check_code": check_code.strip().upper()} if check_code else {"number": number.strip()}
    return qs.filter(**lookup).first()


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
