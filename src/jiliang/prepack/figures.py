"""The net-content pass rate (定量包装商品净含量抽检合格率), each figure one aggregate query over the lots.

Definition (docs/prepack.md): for a period [start, end], the **pass rate** = lots judged "pass" ÷ lots
judged (pass or fail), counting the lots *sampled* in the period (``sampled_on``). Lots not yet judged
are not inspected yet and count in neither. Every figure takes the user (scope) and narrows by a region
subtree (with the retired divisions the region succeeded), a product category and a producer.

``pass_rate`` is the selector the plan dashboard reads for the 90 % target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from jiliang.kernels.verification import rate
from jiliang.prepack.choices import ProductCategory, Verdict
from jiliang.prepack.models import Lot
from jiliang.prepack.selectors import lot_scope_q
from jiliang.registry.models import Organization, Region
from jiliang.registry.selectors import fold_by_division, region_counties, region_subtree_q


@dataclass(frozen=True)
class Figure:
    """A pass rate with the counts behind it: ``numerator`` lots passed of ``denominator`` lots judged.

    ``rate`` is None when no lot was judged (nothing inspected is not 0 %).
    """

    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return rate(self.numerator, self.denominator)

    @property
    def failed(self) -> int:
        return self.denominator - self.numerator


@dataclass(frozen=True)
class RegionFigure:
    region: Region
    figure: Figure


@dataclass(frozen=True)
class CategoryFigure:
    category: str
    label: str
    figure: Figure


@dataclass(frozen=True)
class ProducerFigure:
    producer_id: int
    name: str
    uscc: str
    figure: Figure


@dataclass(frozen=True)
class YearFigure:
    year: int
    figure: Figure


# --- the conditions, shared by the figures and their drill-downs ---------------------------------------


def inspected_q(start: dt.date, end: dt.date) -> Q:
    """Lots inspected in the period: sampled in it and judged."""
    return Q(sampled_on__gte=start, sampled_on__lte=end) & ~Q(verdict=Verdict.PENDING)


def passed_q(start: dt.date, end: dt.date) -> Q:
    return Q(sampled_on__gte=start, sampled_on__lte=end, verdict=Verdict.PASS)


def failed_q(start: dt.date, end: dt.date) -> Q:
    return Q(sampled_on__gte=start, sampled_on__lte=end, verdict=Verdict.FAIL)


#: figure name → the lots behind it (the UI's and the API's drill-down: ``?figure=…&start=…&end=…``).
DRILL_DOWNS = {"inspected": inspected_q, "passed": passed_q, "failed": failed_q}


def region_q(region: Region, *, prefix: str = "") -> Q:
    return region_subtree_q(region, f"{prefix}region")


def lots(
    *,
    user: Any,
    region: Region | None = None,
    category: str | None = None,
    producer: Organization | int | None = None,
) -> QuerySet[Lot]:
    """The lots in the user's scope narrowed by region subtree, product category and producer."""
    q = lot_scope_q(user)
    if region is not None:
        q &= region_q(region)
    if category:
        if category not in ProductCategory.values:
            raise ValueError(f"unknown product category {category!r}")
        q &= Q(category=category)
    if producer is not None:
        q &= Q(producer_id=producer.pk if isinstance(producer, Organization) else producer)
    return Lot.objects.filter(q)


def _counts() -> dict[str, Count]:
    return {"num": Count("id", filter=Q(verdict=Verdict.PASS)), "den": Count("id")}


# --- the figures ------------------------------------------------------------------------------------


def pass_rate(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    region: Region | None = None,
    category: str | None = None,
    producer: Organization | int | None = None,
) -> Figure:
    """净含量抽检合格率 over [start, end]: lots passed ÷ lots judged, sampled in the period (one query)."""
    counts = (
        lots(user=user, region=region, category=category, producer=producer)
        .filter(inspected_q(start, end))
        .aggregate(**_counts())
    )
    return Figure(numerator=counts["num"], denominator=counts["den"])


def _fold(rows: Iterable[dict[str, Any]], divisions: list[Region]) -> list[RegionFigure]:
    return [RegionFigure(d, Figure(num, den)) for d, num, den in fold_by_division(rows, divisions)]


def pass_rate_by_county(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    root: Region,
    category: str | None = None,
    producer: Organization | int | None = None,
) -> list[RegionFigure]:
    """The pass rate per district / county below ``root`` in force at the end of the period (one query)."""
    rows = (
        lots(user=user, region=root, category=category, producer=producer)
        .filter(inspected_q(start, end))
        .values("region_id")
        .annotate(**_counts())
        .order_by()
    )
    return _fold(rows, list(region_counties(root=root, as_of=end)))


def pass_rate_by_category(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    region: Region | None = None,
    producer: Organization | int | None = None,
) -> list[CategoryFigure]:
    """The pass rate per product category with lots judged in the period (one grouped query)."""
    rows = (
        lots(user=user, region=region, producer=producer)
        .filter(inspected_q(start, end))
        .values("category")
        .annotate(**_counts())
        .order_by()
    )
    found = {r["category"]: Figure(r["num"], r["den"]) for r in rows}
    return [
        CategoryFigure(category.value, str(category.label), found[category.value])
        for category in ProductCategory
        if category.value in found
    ]


def pass_rate_by_producer(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    region: Region | None = None,
    category: str | None = None,
    limit: int | None = None,
) -> list[ProducerFigure]:
    """The pass rate per producer, most failed lots first (one grouped query; ``limit`` rows at most)."""
    rows = (
        lots(user=user, region=region, category=category)
        .filter(inspected_q(start, end))
        .values("producer_id", "producer__name", "producer__uscc")
        .annotate(**_counts(), failed=Count("id", filter=Q(verdict=Verdict.FAIL)))
        .order_by("-failed", "producer__name", "producer_id")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        ProducerFigure(r["producer_id"], r["producer__name"], r["producer__uscc"], Figure(r["num"], r["den"]))
        for r in rows
    ]


def pass_rate_by_year(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    region: Region | None = None,
    category: str | None = None,
    producer: Organization | int | None = None,
) -> list[YearFigure]:
    """The pass rate per calendar year of sampling within [start, end] (one grouped query)."""
    rows = (
        lots(user=user, region=region, category=category, producer=producer)
        .filter(inspected_q(start, end))
        .annotate(year=ExtractYear("sampled_on"))
        .values("year")
        .annotate(**_counts())
        .order_by("year")
    )
    return [YearFigure(r["year"], Figure(r["num"], r["den"])) for r in rows]


def lots_behind(queryset: QuerySet[Lot], figure: str, start: dt.date, end: dt.date) -> QuerySet[Lot]:
    """Narrow a lot queryset to those behind one side of a figure (the drill-down)."""
    return queryset.filter(DRILL_DOWNS[figure](start, end))
