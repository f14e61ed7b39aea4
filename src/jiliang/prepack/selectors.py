"""Reads of the net-content inspections, scoped to the user.

Scopes (docs/prepack.md): the bureau sees everything; a county bureau the lots sampled in its region
subtree (with the retired divisions its region succeeded), and the campaigns of its region, covering
it (city-wide) or holding such lots; an institute the lots of the campaigns it inspects; an enterprise
the lots of its own products, the campaigns they belong to, and its own declarations.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from jiliang.core.scoping import Role, scope_q
from jiliang.prepack.choices import Verdict
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.registry.models import Organization
from jiliang.registry.selectors import user_scope


def lot_scope_q(user: Any, *, prefix: str = "") -> Q:
    """The filter of the lots ``user`` may see (``prefix`` leads from another model to the lot)."""
    scope = user_scope(user)
    if scope.role == Role.INSTITUTE:
        organization = f"{prefix}campaign__inspecting_institution_id"
    else:
        organization = f"{prefix}producer_id"
    return scope_q(scope, region=f"{prefix}region", organization=organization)


def lot_list(*, user: Any) -> QuerySet[Lot]:
    """Inspection lots the user may see, with campaign, producer, market and region loaded."""
    return (
        Lot.objects.filter(lot_scope_q(user))
        .select_related("campaign", "campaign__inspecting_institution", "producer", "market", "region")
        .prefetch_related("inspectors")
    )


def lot_get(*, user: Any, pk: int) -> Lot:
    return get_object_or_404(lot_list(user=user), pk=pk)


def _campaign_scope_q(user: Any) -> Q:
    scope = user_scope(user)
    if scope.everything:
        return Q()
    visible_lots = Lot.objects.filter(lot_scope_q(user)).values("campaign_id")
    if scope.role == Role.COUNTY:
        # Its own region's campaigns, those covering it (a city-wide campaign), and any holding its lots.
        covering = {path[: i + 1] for path in scope.region_paths for i, c in enumerate(path) if c == "/"}
        return (
            scope_q(scope, region="region", organization=None)
            | Q(region__path__in=covering)
            | Q(pk__in=visible_lots)
        )
    if scope.role == Role.INSTITUTE:
        return Q(inspecting_institution_id=scope.organization_id)
    return Q(pk__in=visible_lots)


def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    """Campaigns the user may see, each with its lot counts (all, judged, passed) over the user's scope."""
    lots = lot_scope_q(user, prefix="lots__")
    judged = lots & ~Q(lots__verdict=Verdict.PENDING)
    return (
        Campaign.objects.filter(_campaign_scope_q(user))
        .select_related("inspecting_institution", "region")
        .annotate(
            lot_count=Count("lots", filter=lots),
            judged_count=Count("lots", filter=judged),
            passed_count=Count("lots", filter=lots & Q(lots__verdict=Verdict.PASS)),
        )
        .order_by("-start_on", "-id")  # an aggregate query drops Meta.ordering
    )


def campaign_get(*, user: Any, pk: int) -> Campaign:
    return get_object_or_404(campaign_list(user=user), pk=pk)


def declaration_list(*, user: Any) -> QuerySet[CapabilityDeclaration]:
    """Capability declarations: by the producer's region (county), the producer itself (enterprise), or
    the producers whose lots the institute inspected."""
    scope = user_scope(user)
    qs = CapabilityDeclaration.objects.select_related("producer", "producer__region")
    if scope.role == Role.INSTITUTE:
        inspected = Lot.objects.filter(lot_scope_q(user)).values("producer_id")
        return qs.filter(producer_id__in=inspected)
    return qs.filter(scope_q(scope, region="producer__region", organization="producer_id"))


def declaration_get(*, user: Any, pk: int) -> CapabilityDeclaration:
    return get_object_or_404(declaration_list(user=user), pk=pk)


def producer_get(*, user: Any, pk: int) -> Organization:
    """A producer whose record (lots or declarations) the user may see."""
    visible = Q(pk__in=lot_list(user=user).values("producer_id")) | Q(
        pk__in=declaration_list(user=user).values("producer_id")
    )
    return get_object_or_404(Organization.objects.select_related("region").filter(visible), pk=pk)


def producer_lots(*, user: Any, producer: Organization) -> QuerySet[Lot]:
    """The producer's record: its lots visible to the user, newest first."""
    return lot_list(user=user).filter(producer=producer)


def producer_declarations(*, user: Any, producer: Organization) -> QuerySet[CapabilityDeclaration]:
    return declaration_list(user=user).filter(producer=producer)
