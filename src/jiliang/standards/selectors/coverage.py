"""Which instrument types the valid local public standards cover, and the plan's standards figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from jiliang.registry.models import Region
from jiliang.registry.selectors import (
    region_counties,
    region_get,
    region_subtree_paths,
    region_subtree_q,
    user_scope,
)
from jiliang.standards.choices import PUBLIC_LEVELS, StandardLevel
from jiliang.standards.models import (
    MeasurementStandard,
)
from jiliang.standards.selectors.registry import (
    CITY_CODE,
    county_map,
    standard_scope_q,
    standards_valid_on,
)

# --- coverage by public standards ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicCoverage:
    """The instrument type codes covered on a day: by city public standards (the whole city) and by each
    county's county public standards (county id → codes)."""

    city: frozenset[str]
    county: dict[int, frozenset[str]]

    def covers(self, type_code: str, county_id: int | None) -> bool:
        return type_code in self.city or (
            county_id is not None and type_code in self.county.get(county_id, frozenset())
        )


def public_coverage(*, day: dt.date) -> PublicCoverage:
    """Which types the valid local public standards cover on ``day``: one query.

    Not narrowed to a user: public standards (社会公用计量标准) serve everyone, so a county's instruments
    are covered by the city institute's standards whether or not its bureau sees their records.
    """
    rows = (
        standards_valid_on(MeasurementStandard.objects.filter(level__in=PUBLIC_LEVELS), day)
        .filter(instrument_types__isnull=False)
        .values_list("level", "holder__region_id", "instrument_types__code")
    )
    county_of = county_map()
    city: set[str] = set()
    county: dict[int, set[str]] = defaultdict(set)
    for level, region_id, code in rows:
        if level == StandardLevel.CITY_PUBLIC:
            city.add(code)
        elif region_id in county_of:
            county[county_of[region_id]].add(code)
    return PublicCoverage(frozenset(city), {k: frozenset(v) for k, v in county.items()})


# --- the plan's figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Average:
    """An average per county: ``total`` standards over ``counties`` counties (value None without counties)."""

    total: int
    counties: int

    @property
    def value(self) -> float | None:
        return self.total / self.counties if self.counties else None


def _valid_public(user: Any, day: dt.date, levels: Iterable[str], region: Region | None) -> QuerySet[Any]:
    qs = MeasurementStandard.objects.filter(standard_scope_q(user), level__in=list(levels))
    if region is not None:
        qs = qs.filter(region_subtree_q(region, "holder__region"))
    return standards_valid_on(qs, day)


def city_public_standard_count(*, user: Any, day: dt.date, region: Region | None = None) -> int:
    """市级社会公用计量标准: city public standards valid on ``day`` (approval in force, not suspended)."""
    return _valid_public(user, day, [StandardLevel.CITY_PUBLIC], region).count()


def public_standard_total(*, user: Any, day: dt.date, region: Region | None = None) -> int:
    """全市社会公用计量标准总数: city and county public standards valid on ``day``."""
    return _valid_public(user, day, PUBLIC_LEVELS, region).count()


def county_public_standard_average(*, user: Any, day: dt.date, region: Region | None = None) -> Average:
    """县级社会公用计量标准平均: valid county public standards on ``day`` ÷ the districts and counties
    in force that day (those in ``region`` and in a county bureau's own region, when given)."""
    counties = list(region_counties(root=region_get(code=CITY_CODE), as_of=day))
    scope = user_scope(user)
    if scope.is_region_scoped:
        counties = [c for c in counties if any(c.path.startswith(p) for p in scope.region_paths)]
    if region is not None:
        paths = region_subtree_paths(region)
        counties = [c for c in counties if any(c.path.startswith(p) or p.startswith(c.path) for p in paths)]
    total = _valid_public(user, day, [StandardLevel.COUNTY_PUBLIC], region).count()
    return Average(total=total, counties=len(counties))
