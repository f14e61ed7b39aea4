"""Scoped reads of the standards registry and validity as of a day.

Scopes: the bureau sees every standard; a county bureau the standards held in its region subtree; an
institute or an enterprise the standards it holds. External references are reference data (all roles).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jiliang.core.scoping import scope_q
from jiliang.kernels.verification import add_months
from jiliang.registry.models import Organization, Region
from jiliang.registry.selectors import user_scope
from jiliang.standards.choices import ApprovalStatus
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardCheck,
    StandardSuspension,
)

CITY_CODE = "410300"


def max_ratio_setting() -> Fraction:
    """The configured largest uncertainty ratio (JILIANG_TRACE_MAX_RATIO, default 1/3)."""
    return Fraction(str(settings.JILIANG_TRACE_MAX_RATIO))


def approval_years() -> int:
    return int(settings.JILIANG_STANDARD_APPROVAL_YEARS)


def reexam_lead_months() -> int:
    return int(settings.JILIANG_STANDARD_REEXAM_LEAD_MONTHS)


# --- scoped lists ----------------------------------------------------------------------------------


def standard_scope_q(user: Any, *, prefix: str = "") -> Q:
    """The filter of the standards ``user`` may see (``prefix`` leads from another model to them)."""
    return scope_q(user_scope(user), region=f"{prefix}holder__region", organization=f"{prefix}holder_id")


def _current_approval(field: str) -> Subquery:
    latest = (
        ApprovalCertificate.objects.filter(standard=OuterRef("pk"))
        .exclude(status=ApprovalStatus.REVOKED)
        .order_by("-valid_until", "-issued_on", "-id")
        .values(field)[:1]
    )
    return Subquery(latest)


def standard_list(*, user: Any) -> QuerySet[MeasurementStandard]:
    """Standards the user may see, with holder and discipline loaded and the current approval certificate
    (the latest not revoked) as ``approval_number`` / ``approval_valid_until``."""
    return (
        MeasurementStandard.objects.filter(standard_scope_q(user))
        .select_related("holder", "holder__region", "discipline")
        .prefetch_related("instrument_types")
        .annotate(
            approval_number=_current_approval("number"),
            approval_valid_until=_current_approval("valid_until"),
        )
    )


def standard_get(*, user: Any, pk: int) -> MeasurementStandard:
    return get_object_or_404(standard_list(user=user), pk=pk)


def standard_get_by_code(*, user: Any, code: str) -> MeasurementStandard:
    return get_object_or_404(standard_list(user=user), code=code)


def approval_list(*, user: Any) -> QuerySet[ApprovalCertificate]:
    """Approval certificates of the standards the user may see."""
    return ApprovalCertificate.objects.filter(standard_scope_q(user, prefix="standard__")).select_related(
        "standard", "standard__holder", "renews"
    )


def approval_get(*, user: Any, pk: int) -> ApprovalCertificate:
    return get_object_or_404(approval_list(user=user), pk=pk)


def link_list(*, user: Any) -> QuerySet[CalibrationLink]:
    """Calibration links of the standards the user may see (as the standard calibrated)."""
    return CalibrationLink.objects.filter(standard_scope_q(user, prefix="standard__")).select_related(
        "standard", "standard__holder", "higher_standard", "external"
    )


def link_get(*, user: Any, pk: int) -> CalibrationLink:
    return get_object_or_404(link_list(user=user), pk=pk)


def check_list(*, user: Any) -> QuerySet[StandardCheck]:
    """Stability and repeatability checks of the standards the user may see."""
    return StandardCheck.objects.filter(standard_scope_q(user, prefix="standard__")).select_related(
        "standard", "standard__holder", "performed_by"
    )


def check_get(*, user: Any, pk: int) -> StandardCheck:
    return get_object_or_404(check_list(user=user), pk=pk)


def external_list(*, user: Any = None) -> QuerySet[ExternalReference]:
    """External references (reference data, readable by every role)."""
    return ExternalReference.objects.select_related("traced_to")


def external_get(*, user: Any, pk: int) -> ExternalReference:
    return get_object_or_404(external_list(user=user), pk=pk)


# --- validity as of a day ---------------------------------------------------------------------------


def approval_in_force_q(day: dt.date) -> Q:
    """Approval certificates in force on ``day`` (a revoked one until the day before its revocation)."""
    return Q(issued_on__lte=day, valid_until__gte=day) & ~Q(
        status=ApprovalStatus.REVOKED, revoked_on__lte=day
    )


def standards_valid_on(
    queryset: QuerySet[MeasurementStandard], day: dt.date
) -> QuerySet[MeasurementStandard]:
    """Narrow to the standards valid on ``day``: approval certificate in force, not suspended, not retired."""
    approved = ApprovalCertificate.objects.filter(approval_in_force_q(day), standard=OuterRef("pk"))
    suspended = StandardSuspension.objects.filter(standard=OuterRef("pk"), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    return queryset.filter(Exists(approved), ~Exists(suspended)).filter(
        Q(retired_on__isnull=True) | Q(retired_on__gt=day)
    )


def standard_is_valid(*, standard: MeasurementStandard, day: dt.date) -> bool:
    return standards_valid_on(MeasurementStandard.objects.filter(pk=standard.pk), day).exists()


def standard_unusable_reason(
    *, standard: MeasurementStandard, institution: Organization, type_code: str, day: dt.date
) -> str | None:
    """Why ``standard`` may not be named on a verification by ``institution`` of an instrument of type
    ``type_code`` on ``day`` (None: it may): it must be held by the institution, valid that day, and
    cover the type."""
    if standard.holder_id != institution.pk:
        return _("%(standard)s is not held by %(institution)s.") % {
            "standard": standard.code,
            "institution": institution,
        }
    if not standard_is_valid(standard=standard, day=day):
        return _("%(standard)s is not valid on %(day)s (approval certificate, suspension).") % {
            "standard": standard.code,
            "day": day,
        }
    if not standard.instrument_types.filter(code=type_code).exists():
        return _("%(standard)s does not cover the instrument type %(type)s.") % {
            "standard": standard.code,
            "type": type_code,
        }
    return None


def usable_standards(*, institutions: QuerySet[Organization], day: dt.date) -> QuerySet[MeasurementStandard]:
    """The standards of ``institutions`` valid on ``day`` (the choices of a verification form)."""
    return standards_valid_on(
        MeasurementStandard.objects.filter(holder__in=institutions), day
    ).select_related("holder")


def approval_expiry_list(*, user: Any, today: dt.date, lead_months: int | None = None) -> QuerySet[Any]:
    """Standards in service whose current approval certificate lapses within the re-examination lead time
    (复查: apply ``lead_months`` before expiry; default JILIANG_STANDARD_REEXAM_LEAD_MONTHS) or has lapsed
    already — soonest first."""
    horizon = add_months(today, reexam_lead_months() if lead_months is None else lead_months)
    return (
        standard_list(user=user)
        .exclude(status="retired")
        .filter(Q(approval_valid_until__lte=horizon))
        .order_by("approval_valid_until", "code")
    )


# --- regions -----------------------------------------------------------------------------------------


def county_map() -> dict[int, int]:
    """Region id → the id of the district / county (in force today) it lies in; retired divisions map to
    their successor. The region table is tiny: one query."""
    rows = list(Region.objects.values_list("pk", "code", "path", "successor_id", "valid_from"))
    by_path: dict[str, tuple[int, int | None]] = {}
    for pk, _code, path, successor_id, _valid_from in sorted(rows, key=lambda r: r[4]):
        by_path[path] = (pk, successor_id)
    successor_of = {pk: successor_id for pk, _c, _p, successor_id, _v in rows}
    result: dict[int, int] = {}
    for pk, _code, path, _successor, _valid_from in rows:
        parts = path.strip("/").split("/")
        if len(parts) < 3:
            continue
        county_id, _ = by_path.get("/".join(parts[:3]) + "/", (None, None))
        seen = set()
        while county_id is not None and successor_of.get(county_id) and county_id not in seen:
            seen.add(county_id)
            county_id = successor_of[county_id]
        if county_id is not None:
            result[pk] = county_id
    return result
