"""Reads of plans: targets with their live values, status, yearly trend and per-county breakdown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from jiliang.core.scoping import Role
from jiliang.kernels.kpi import NO_DATA, target_status
from jiliang.plans.choices import Period, TargetScope
from jiliang.plans.metrics import Metric, MetricQuery, MetricValue, metric_get
from jiliang.plans.models import EvidenceItem, Plan, Target
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_counties, user_scope


def plan_list() -> QuerySet[Plan]:
    """Plans are public documents: every role reads them."""
    return Plan.objects.select_related("region")


def plan_get(*, pk: int) -> Plan:
    return get_object_or_404(plan_list(), pk=pk)


def plan_default() -> Plan | None:
    return plan_list().filter(is_default=True).first() or plan_list().first()


def evidence_list(*, user: Any) -> QuerySet[EvidenceItem]:
    """Evidence items: the bureau sees all, a county its region's, others their own organization's."""
    scope = user_scope(user)
    qs = EvidenceItem.objects.select_related("region", "organization", "confirmed_by")
    if scope.everything:
        return qs
    if scope.role == Role.COUNTY:
        query = Q(pk__in=[])
        for path in scope.region_paths:
            query |= Q(region__path__startswith=path)
        return qs.filter(query)
    return qs.filter(organization_id=scope.organization_id) if scope.organization_id else qs.none()


def evidence_get(*, user: Any, pk: int) -> EvidenceItem:
    return get_object_or_404(evidence_list(user=user), pk=pk)


def visible_region(*, user: Any, requested: Region | None, plan: Plan) -> Region:
    """The region a user's dashboard shows: a county bureau always its own county; others what they ask
    for, the plan's region by default."""
    scope = user_scope(user)
    if scope.role == Role.COUNTY and getattr(user, "region", None) is not None:
        return user.region  # type: ignore[no-any-return]
    return requested or plan.region


@dataclass
class TargetState:
    """One target as of a date: value, status, the linear expectation, and optional trend / breakdown."""

    target: Target
    metric: Metric
    value: MetricValue | None
    status: str
    expected: Decimal | None
    trend: list[tuple[int, Decimal | None]] = field(default_factory=list)
    by_county: list[tuple[Region, MetricValue | None, str]] = field(default_factory=list)
    previous: MetricValue | None = None

    @property
    def has_source(self) -> bool:
        return self.metric.compute is not None


def _window(target: Target, metric: Metric, as_of: dt.date) -> tuple[dt.date, dt.date]:
    if metric.per_year or target.period == Period.ANNUAL:
        return dt.date(as_of.year, 1, 1), as_of
    return target.plan.starts_on, as_of


def target_value(*, target: Target, user: Any, as_of: dt.date, region: Region | None) -> MetricValue | None:
    """The target's metric for the user's scope and ``region`` as of ``as_of`` (None: no data source)."""
    metric = metric_get(target.metric)
    if metric.compute is None:
        return None
    start, end = _window(target, metric, as_of)
    query_region = (
        None if region is not None and region == target.plan.region and region.level == "city" else region
    )
    return metric.compute(MetricQuery(user=user, start=start, end=end, region=query_region))


def _status(target: Target, value: MetricValue | None, as_of: dt.date) -> tuple[str, Decimal | None]:
    if value is None or value.value is None:
        return NO_DATA, None
    result = target_status(
        value=value.value,
        comparator=target.comparator,
        target=target.value,
        baseline=target.baseline,
        baseline_date=target.baseline_on,
        deadline=target.deadline,
        as_of=as_of,
    )
    return result.status, result.expected


def plan_status(
    *,
    plan: Plan,
    user: Any,
    as_of: dt.date,
    region: Region | None = None,
    trend: bool = False,
    breakdown: bool = False,
) -> list[TargetState]:
    """Every target of ``plan`` as of ``as_of``, for the user's scope and ``region``."""
    states = []
    for target in plan.targets.all():
        metric = metric_get(target.metric)
        value = target_value(target=target, user=user, as_of=as_of, region=region)
        status, expected = _status(target, value, as_of)
        state = TargetState(target=target, metric=metric, value=value, status=status, expected=expected)
        if trend and metric.compute is not None:
            state.trend = target_trend(target=target, user=user, as_of=as_of, region=region)
        if breakdown and metric.compute is not None and target.scope == TargetScope.EACH_COUNTY:
            state.by_county = target_by_county(target=target, user=user, as_of=as_of, region=region)
        states.append(state)
    return states


def target_trend(
    *, target: Target, user: Any, as_of: dt.date, region: Region | None
) -> list[tuple[int, Decimal | None]]:
    """The value at the end of every year from the plan's start to ``as_of``."""
    points = []
    for year in range(target.plan.starts_on.year, as_of.year + 1):
        day = min(dt.date(year, 12, 31), as_of)
        value = target_value(target=target, user=user, as_of=day, region=region)
        points.append((year, value.value if value else None))
    return points


def target_by_county(
    *, target: Target, user: Any, as_of: dt.date, region: Region | None
) -> list[tuple[Region, MetricValue | None, str]]:
    """The target per district / county in force on ``as_of`` (within ``region`` when it is a county)."""
    root = region if region is not None and region.level == "city" else target.plan.region
    counties = region_counties(root=root, as_of=as_of)
    if region is not None and region.level != "city":
        counties = counties.filter(pk=region.pk)
    rows = []
    for county in counties:
        value = target_value(target=target, user=user, as_of=as_of, region=county)
        rows.append((county, value, _status(target, value, as_of)[0]))
    return rows
