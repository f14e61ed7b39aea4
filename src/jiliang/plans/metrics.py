"""The metric registry: every metric key a target may name, and how the platform computes it.

A metric reads the records of the app that owns them through that app's selectors, for a user (scope), a
region subtree, a window and a date. Metrics whose records the platform does not hold yet are registered
with ``compute=None`` and shown as "no data source yet" — never with a made-up number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiliang.comparisons import figures as comparison_figures
from jiliang.instruments import figures as instrument_figures
from jiliang.instruments import traceability
from jiliang.instruments.choices import TypeSet
from jiliang.metering import figures as metering_figures
from jiliang.plans.choices import EvidenceKind
from jiliang.plans.models import EvidenceItem
from jiliang.prepack import figures as prepack_figures
from jiliang.registry.models import Region
from jiliang.registry.selectors import expert_list
from jiliang.standards import selectors as standards


@dataclass(frozen=True)
class MetricQuery:
    """What to compute: for ``user``'s scope, within ``region`` (None: everything in scope), over the window
    [``start``, ``end``] (rates and flows) or on ``end`` (stocks)."""

    user: Any
    start: dt.date
    end: dt.date
    region: Region | None = None


@dataclass(frozen=True)
class MetricValue:
    """A computed value; rates carry numerator and denominator and are in percent."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    link: str = ""


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    unit: str | Promise
    source: str | Promise
    compute: Callable[[MetricQuery], MetricValue] | None
    per_year: bool = False  # a rate over one calendar year (the plan's "受检率 … 达到")


def _percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))


def _inspection(types: str) -> Callable[[MetricQuery], MetricValue]:
    def compute(q: MetricQuery) -> MetricValue:
        figure = instrument_figures.inspection_rate(
            user=q.user,
            start=q.start,
            end=q.end,
            filters=instrument_figures.Filters(region=q.region, types=types),
        )
        params = {"figure": "inspection-due", "start": q.start, "end": q.end, "types": types}
        if q.region is not None:
            params["region"] = q.region.code
        return MetricValue(
            value=_percent(figure.numerator, figure.denominator),
            numerator=figure.numerator,
            denominator=figure.denominator,
            link=f"{reverse('instruments:instruments_list')}?{urlencode(params)}",
        )

    return compute


def _evidence(kind: str) -> Callable[[MetricQuery], MetricValue]:
    def compute(q: MetricQuery) -> MetricValue:
        qs = EvidenceItem.objects.filter(
            kind=kind, confirmed_at__isnull=False, achieved_on__gte=q.start, achieved_on__lte=q.end
        )
        if q.region is not None:
            qs = qs.filter(Q(region__path__startswith=q.region.path) | Q(region__successor=q.region))
        params = {"kind": kind, "confirmed": "true", "achieved_after": q.start, "achieved_before": q.end}
        return MetricValue(
            value=Decimal(qs.count()), link=f"{reverse('plans:evidence_list')}?{urlencode(params)}"
        )

    return compute


def _prepack_pass_rate(q: MetricQuery) -> MetricValue:
    figure = prepack_figures.pass_rate(user=q.user, start=q.start, end=q.end, region=q.region)
    params = {"figure": "inspected", "start": q.start, "end": q.end}
    if q.region is not None:
        params["region"] = q.region.code
    return MetricValue(
        value=_percent(figure.numerator, figure.denominator),
        numerator=figure.numerator,
        denominator=figure.denominator,
        link=f"{reverse('prepack:lots_list')}?{urlencode(params)}",
    )


def _standards_list(q: MetricQuery, **params: Any) -> str:
    query = {"valid_on": q.end, **params}
    if q.region is not None:
        query["region"] = q.region.code
    return f"{reverse('standards:standards_list')}?{urlencode(query)}"


def _public_coverage(q: MetricQuery) -> MetricValue:
    figure = traceability.coverage(user=q.user, day=q.end, region=q.region)
    query = {"as_of": q.end, **({"region": q.region.code} if q.region is not None else {})}
    return MetricValue(
        value=_percent(figure.numerator, figure.denominator),
        numerator=figure.numerator,
        denominator=figure.denominator,
        link=f"{reverse('instruments:traceability_coverage')}?{urlencode(query)}",
    )


def _city_public_count(q: MetricQuery) -> MetricValue:
    count = standards.city_public_standard_count(user=q.user, day=q.end, region=q.region)
    return MetricValue(value=Decimal(count), link=_standards_list(q, level="city_public"))


def _county_public_average(q: MetricQuery) -> MetricValue:
    average = standards.county_public_standard_average(user=q.user, day=q.end, region=q.region)
    value = None if average.value is None else Decimal(str(round(average.value, 2)))
    return MetricValue(
        value=value,
        numerator=average.total,
        denominator=average.counties,
        link=_standards_list(q, level="county_public"),
    )


def _public_total(q: MetricQuery) -> MetricValue:
    count = standards.public_standard_total(user=q.user, day=q.end, region=q.region)
    return MetricValue(value=Decimal(count), link=_standards_list(q))


def _expert_pool(q: MetricQuery) -> MetricValue:
    count = expert_list(user=q.user).filter(active=True, admitted_on__lte=q.end).count()
    return MetricValue(value=Decimal(count), link=reverse("registry:experts_list") + "?active=true")


def _units_online(q: MetricQuery) -> MetricValue:
    figure = metering_figures.units_online_as_of(user=q.user, day=q.end, region=q.region)
    return MetricValue(value=Decimal(figure.online), link=reverse("metering:city"))


def _national_online_share(q: MetricQuery) -> MetricValue:
    figure = metering_figures.units_online_as_of(user=q.user, day=q.end, region=q.region)
    return MetricValue(
        value=_percent(figure.national_online, figure.national_total),
        numerator=figure.national_online,
        denominator=figure.national_total,
        link=reverse("metering:units_list") + "?list_membership=national",
    )


def _comparison_link(q: MetricQuery, level: str) -> str:
    params = {"level": level, "year_from": q.start.year, "year_to": q.end.year}
    return f"{reverse('comparisons:rounds_list')}?{urlencode(params)}"


def _provincial_joined(q: MetricQuery) -> MetricValue:
    rounds = comparison_figures.provincial_joined_rounds(
        user=q.user, start=q.start, end=q.end, region=q.region
    )
    return MetricValue(value=Decimal(rounds.count()), link=_comparison_link(q, "provincial"))


def _city_organized(q: MetricQuery) -> MetricValue:
    rounds = comparison_figures.city_organized_rounds(user=q.user, start=q.start, end=q.end, region=q.region)
    return MetricValue(value=Decimal(rounds.count()), link=_comparison_link(q, "city"))


def _satisfactory_share(q: MetricQuery) -> MetricValue:
    share = comparison_figures.satisfactory_share(user=q.user, start=q.start, end=q.end, region=q.region)
    return MetricValue(
        value=_percent(share.numerator, share.denominator),
        numerator=share.numerator,
        denominator=share.denominator,
        link=f"{reverse('comparisons:rounds_list')}?status=evaluated",
    )


_NOT_YET = _("no data source yet")

METRICS: dict[str, Metric] = {
    m.key: m
    for m in [
        Metric(
            "instruments.inspection_rate.key_managed",
            _("inspection rate of key-managed instruments"),
            "%",
            _("mandatory-verification register"),
            _inspection(TypeSet.KEY_MANAGED),
            per_year=True,
        ),
        Metric(
            "instruments.inspection_rate.household_four",
            _("inspection rate of the four household meters"),
            "%",
            _("mandatory-verification register"),
            _inspection(TypeSet.HOUSEHOLD_FOUR),
            per_year=True,
        ),
        Metric(
            "standards.public_coverage",
            _("traceability coverage by local public standards"),
            "%",
            _("measurement standards registry"),
            _public_coverage,
        ),
        Metric(
            "standards.city_public_count",
            _("city-level public measurement standards"),
            _("items"),
            _("measurement standards registry"),
            _city_public_count,
        ),
        Metric(
            "standards.county_public_average",
            _("county-level public standards per county (average)"),
            _("items"),
            _("measurement standards registry"),
            _county_public_average,
        ),
        Metric(
            "standards.public_total",
            _("public measurement standards in the city"),
            _("items"),
            _("measurement standards registry"),
            _public_total,
        ),
        Metric(
            "prepack.pass_rate",
            _("net-content sampling pass rate of prepackaged goods"),
            "%",
            _("prepackaged-goods inspections"),
            _prepack_pass_rate,
            per_year=True,
        ),
        Metric(
            "supervision.product_sampling_pass_rate",
            _("instrument product quality sampling pass rate"),
            "%",
            _NOT_YET,
            None,
            per_year=True,
        ),
        Metric(
            "integrity.demonstration_units",
            _("integrity-metrology demonstration units"),
            _("units"),
            _NOT_YET,
            None,
        ),
        Metric(
            "integrity.commitment_units",
            _("integrity-metrology public commitment units"),
            _("units"),
            _NOT_YET,
            None,
        ),
        Metric(
            "metering.units_online",
            _("key energy-using units online in real time"),
            _("units"),
            _("energy-metering online data"),
            _units_online,
        ),
        Metric(
            "metering.national_list_online_share",
            _("share of national-list key units online"),
            "%",
            _("energy-metering online data"),
            _national_online_share,
        ),
        Metric(
            "comparisons.provincial_joined",
            _("provincial comparisons joined"),
            _("items"),
            _("comparison rounds"),
            _provincial_joined,
        ),
        Metric(
            "comparisons.city_organized",
            _("city comparisons organized"),
            _("items"),
            _("comparison rounds"),
            _city_organized,
        ),
        Metric(
            "comparisons.satisfactory_share",
            _("share of satisfactory comparison results"),
            "%",
            _("comparison rounds"),
            _satisfactory_share,
            per_year=True,
        ),
        Metric(
            "registry.expert_pool",
            _("experts in the city's metrology expert pool"),
            _("people"),
            _("expert pool (registry)"),
            _expert_pool,
        ),
        *[
            Metric(
                f"evidence.{kind.value}",
                kind.label,
                _("items"),
                _("confirmed evidence items"),
                _evidence(kind.value),
            )
            for kind in EvidenceKind
        ],
    ]
}


def metric_get(key: str) -> Metric:
    """The metric of ``key``; unknown keys are refused when a plan is loaded, so this raises KeyError."""
    return METRICS[key]
