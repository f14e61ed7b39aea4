"""Reads of the registry, scoped to the acting user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiliang.core.scoping import NOTHING, Role, Scope, scope_filter
from jiliang.registry.models import (
    Discipline,
    Expert,
    InstituteAuthorization,
    InstrumentType,
    Organization,
    Person,
    Region,
    User,
    VerifierQualification,
)


class SystemActor:
    """The platform itself (CLI, jobs, seeding): the whole city's scope; audited with no person."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None
    role = Role.BUREAU

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def user_scope(user: Any) -> Scope:
    """The scope of ``user``: see jiliang.core.scoping for the rules of each role.

    Computed once per user object (one request) and kept on it.
    """
    cached: Scope | None = getattr(user, "_jiliang_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if user is not None and getattr(user, "is_authenticated", False):
        user._jiliang_scope = scope
    return scope


def _compute_scope(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.BUREAU:
        return Scope(role=Role.BUREAU, everything=True)
    if user.role == Role.COUNTY:
        if user.region_id is None:
            return NOTHING
        return Scope(role=Role.COUNTY, region_paths=tuple(region_subtree_paths(user.region)))
    if user.organization_id is None:
        return NOTHING
    return Scope(role=user.role, organization_id=user.organization_id)


def region_list(*, as_of: dt.date | None = None) -> QuerySet[Region]:
    """Every region (reference data, readable by all roles); with ``as_of`` only those in force then."""
    qs = Region.objects.select_related("parent", "successor")
    return qs.valid_on(as_of) if as_of else qs


def region_current() -> QuerySet[Region]:
    """The divisions in force now (new records are registered under these)."""
    return Region.objects.filter(valid_to__isnull=True)


def region_get(*, code: str, as_of: dt.date | None = None) -> Region:
    """The region with a GB/T 2260 code (the one in force on ``as_of``, else the newest)."""
    qs = Region.objects.filter(code=code)
    if as_of:
        qs = qs.valid_on(as_of)
    region = qs.order_by("-valid_from").first()
    if region is None:
        raise Region.DoesNotExist(f"no region with code {code}")
    return region


def region_subtree_paths(region: Region) -> list[str]:
    """The paths a region means in figures and scopes: its subtree and those of the retired divisions it
    succeeded (孟津区 also covers 孟津县 and 吉利区)."""
    return [region.path, *Region.objects.filter(successor=region).values_list("path", flat=True)]


def region_subtree_q(region: Region, lookup: str) -> Q:
    """Records whose region (the Region lookup ``lookup``) lies in ``region``'s subtree or a predecessor's."""
    q = Q(pk__in=[])
    for path in region_subtree_paths(region):
        q |= Q(**{f"{lookup}__path__startswith": path})
    return q


def region_subtree_ids(region: Region) -> list[int]:
    """The ids of the regions :func:`region_subtree_q` means (the region table is tiny): a filter on
    ``region_id IN (…)`` lets a query use an index leading with the region instead of joining regions."""
    q = Q(pk__in=[])
    for path in region_subtree_paths(region):
        q |= Q(path__startswith=path)
    return list(Region.objects.filter(q).values_list("pk", flat=True))


def fold_by_division(
    rows: Iterable[Mapping[str, Any]], divisions: Sequence[Region], *, keys: tuple[str, str] = ("num", "den")
) -> list[tuple[Region, int, int]]:
    """Add up per-region count rows (``region_id`` and two counts) into ``divisions``: a division takes
    its subtree's rows and its predecessors'. Rows of regions outside every division are left out."""
    holder_of: dict[int, Region] = {}
    # The region table is tiny (tens of rows): map every region to the division that holds it.
    for pk, path, successor_id in Region.objects.values_list("pk", "path", "successor_id"):
        for division in divisions:
            if path.startswith(division.path) or successor_id == division.pk:
                holder_of[pk] = division
    totals = {d.pk: [0, 0] for d in divisions}
    for row in rows:
        holder = holder_of.get(row["region_id"])
        if holder is not None:
            totals[holder.pk][0] += row[keys[0]]
            totals[holder.pk][1] += row[keys[1]]
    return [(d, totals[d.pk][0], totals[d.pk][1]) for d in divisions]


def region_counties(*, root: Region, as_of: dt.date) -> QuerySet[Region]:
    """The districts and counties directly below ``root`` in force on ``as_of``."""
    return Region.objects.valid_on(as_of).filter(parent=root).order_by("code")


def organization_list(*, user: Any) -> QuerySet[Organization]:
    """Organizations the user may see: all (bureau), its region subtree (county), its own (others)."""
    qs = Organization.objects.select_related("region")
    return scope_filter(qs, user_scope(user), region="region", organization="id")


def organization_get(*, user: Any, pk: int) -> Organization:
    return get_object_or_404(organization_list(user=user), pk=pk)


def person_list(*, user: Any) -> QuerySet[Person]:
    """People of the organizations the user may see."""
    qs = Person.objects.select_related("organization", "organization__region")
    return scope_filter(qs, user_scope(user), region="organization__region", organization="organization_id")


def person_get(*, user: Any, pk: int) -> Person:
    return get_object_or_404(person_list(user=user), pk=pk)


def qualification_list(*, user: Any) -> QuerySet[VerifierQualification]:
    """Verifier qualifications of the people the user may see."""
    qs = VerifierQualification.objects.select_related(
        "person", "person__organization", "person__organization__region"
    ).prefetch_related("instrument_types")
    return scope_filter(
        qs, user_scope(user), region="person__organization__region", organization="person__organization_id"
    )


def qualification_get(*, user: Any, pk: int) -> VerifierQualification:
    return get_object_or_404(qualification_list(user=user), pk=pk)


def qualification_holds(*, person: Person, instrument_type: InstrumentType, on: dt.date) -> bool:
    """Whether ``person`` holds a qualification for ``instrument_type`` in force on ``on``."""
    return VerifierQualification.objects.filter(
        person=person, instrument_types__code=instrument_type.code, valid_from__lte=on, valid_until__gte=on
    ).exists()


def expert_list(*, user: Any) -> QuerySet[Expert]:
    """The expert pool: the whole city's for the bureau, the own region's or organization's for others."""
    qs = Expert.objects.select_related("person", "person__organization").prefetch_related("disciplines")
    return scope_filter(
        qs, user_scope(user), region="person__organization__region", organization="person__organization_id"
    )


def expert_get(*, user: Any, pk: int) -> Expert:
    return get_object_or_404(expert_list(user=user), pk=pk)


def discipline_list() -> QuerySet[Discipline]:
    return Discipline.objects.all()


def instrument_type_list(*, as_of: dt.date | None = None) -> QuerySet[InstrumentType]:
    """The catalogue (reference data, readable by all roles); with ``as_of`` the entries in force then."""
    qs = InstrumentType.objects.all()
    return qs.valid_on(as_of) if as_of else qs


def instrument_type_current() -> QuerySet[InstrumentType]:
    """The catalogue entries in force now (new instruments and standards refer to these)."""
    return InstrumentType.objects.filter(valid_to__isnull=True)


def user_list(*, user: Any) -> QuerySet[User]:
    """Accounts: the bureau manages all; others see only their own."""
    scope = user_scope(user)
    qs = User.objects.select_related("region", "organization")
    if scope.everything:
        return qs
    return qs.filter(pk=user.pk) if getattr(user, "pk", None) else qs.none()


# --- institute authorizations (授权) -----------------------------------------------------------------


def authorization_list(*, user: Any) -> QuerySet[InstituteAuthorization]:
    """Authorizations: all (bureau), those of the institutes in its region subtree (county), its own
    (institute); an enterprise sees none (it holds none)."""
    qs = InstituteAuthorization.objects.select_related("institute", "institute__region").prefetch_related(
        "regions", "instrument_types"
    )
    return scope_filter(qs, user_scope(user), region="institute__region", organization="institute_id")


def authorization_get(*, user: Any, pk: int) -> InstituteAuthorization:
    return get_object_or_404(authorization_list(user=user), pk=pk)


@dataclass(frozen=True)
class Cover:
    """What one authorization in force covers: region ids (the regions served, their subtrees and the
    retired divisions they succeeded) and instrument-type ids (every catalogue version of its codes)."""

    region_ids: frozenset[int]
    type_ids: frozenset[int]


def institute_covers(*, institute_id: int | None, day: dt.date) -> list[Cover]:
    """The covers of ``institute_id``'s authorizations in force on ``day`` (none for no institute).

    Three small queries whatever the number of instruments: the authorizations with their regions and type
    codes, the region table (tens of rows) and the catalogue (about a hundred rows).
    """
    if institute_id is None:
        return []
    in_force = list(
        InstituteAuthorization.objects.in_force_on(day)
        .filter(institute_id=institute_id)
        .prefetch_related("regions", "instrument_types")
    )
    if not in_force:
        return []
    regions = list(Region.objects.values_list("pk", "path", "successor_id"))
    path_of = {pk: path for pk, path, _successor in regions}
    types_by_code: dict[str, set[int]] = {}
    for pk, code in InstrumentType.objects.values_list("pk", "code"):
        types_by_code.setdefault(code, set()).add(pk)
    covers: list[Cover] = []
    for authorization in in_force:
        served = {r.pk for r in authorization.regions.all()}
        # A region covers its subtree, and so does the retired division it succeeded (孟津区 ← 孟津县).
        roots = {path_of[pk] for pk in served} | {
            path_of[pk] for pk, _path, successor in regions if successor in served
        }
        region_ids = frozenset(pk for pk, path, _s in regions if any(path.startswith(r) for r in roots))
        type_ids = frozenset(
            pk for t in authorization.instrument_types.all() for pk in types_by_code.get(t.code, ())
        )
        if region_ids and type_ids:
            covers.append(Cover(region_ids=region_ids, type_ids=type_ids))
    return covers


def user_institute_covers(user: Any) -> list[Cover]:
    """The covers of the authorizations in force today of the institute ``user`` works for (none for
    other roles); computed once per user object (one request) and day, like :func:`user_scope`."""
    scope = user_scope(user)
    if scope.role != Role.INSTITUTE:
        return []
    today = timezone.localdate()
    cached: tuple[dt.date, list[Cover]] | None = getattr(user, "_jiliang_institute_covers", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    covers = institute_covers(institute_id=scope.organization_id, day=today)
    if getattr(user, "is_authenticated", False):
        user._jiliang_institute_covers = (today, covers)
    return covers


def institute_service_q(
    *,
    covers: Sequence[Cover],
    region: str = "region",
    instrument_type: str = "instrument_type",
) -> Q:
    """The records (lookups ``region`` / ``instrument_type`` lead to their Region and InstrumentType)
    inside one of ``covers`` (an institute's authorizations in force: :func:`institute_covers`,
    :func:`user_institute_covers`); matches nothing without one."""
    q = Q(pk__in=[])
    for cover in covers:
        q |= Q(
            **{
                f"{region}_id__in": sorted(cover.region_ids),
                f"{instrument_type}_id__in": sorted(cover.type_ids),
            }
        )
    return q


def institute_may_serve(*, institute_id: int, region_id: int, instrument_type_id: int, day: dt.date) -> bool:
    """Whether an authorization of ``institute_id`` in force on ``day`` covers this region and type."""
    return any(
        region_id in c.region_ids and instrument_type_id in c.type_ids
        for c in institute_covers(institute_id=institute_id, day=day)
    )
