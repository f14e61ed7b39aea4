"""Traceability over the instrument register (reads): an instrument's chain up to an accepted root, the
reverse trace of a suspect standard to the verification records, certificates, instruments and owners
that depended on it, coverage of the register by local public standards (the plan's 95 %), and the
build-out planner.

The standards side (the graph above a standard, the standards depending on one, which types the public
standards cover) comes from ``jiliang.standards.selectors``; this module adds the instruments, which the
standards app may not import. Definitions in docs/standards.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet

from jiliang.instruments.choices import VerificationResult
from jiliang.instruments.figures import Figure
from jiliang.instruments.models import Certificate, Instrument, VerificationRecord
from jiliang.instruments.selectors import certificate_list, instrument_list, verification_record_list
from jiliang.kernels import traceability as kernel
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_subtree_q
from jiliang.standards.choices import StandardLevel
from jiliang.standards.models import MeasurementStandard
from jiliang.standards.selectors import (
    Dependant,
    county_map,
    max_ratio_setting,
    public_coverage,
    standard_dependants,
    standard_key,
    suspect_windows,
    trace_graph,
)

# --- an instrument's chain ----------------------------------------------------------------------------


def instrument_key(pk: int) -> str:
    return f"instrument:{pk}"


def instrument_trace(
    *, instrument: Instrument, day: dt.date, max_ratio: Fraction | None = None
) -> kernel.TraceResult:
    """Every chain of ``instrument`` up to an accepted root as of ``day``.

    The first link is the instrument's latest (non-voided) verification on or before ``day`` and the
    standard it names: in force until the verification's ``valid_until`` (a notice of non-conformity
    holds nothing after its day). Without such a verification, or when it names no standard, the link
    is missing. The ratio of that link compares the standard's accuracy with the smallest MPE of the
    instruments it verifies.
    """
    key = instrument_key(instrument.pk)
    record = (
        VerificationRecord.objects.filter(instrument=instrument, voided_at__isnull=True, verified_on__lte=day)
        .select_related("standard")
        .prefetch_related("certificates")
        .order_by("-verified_on", "-id")
        .first()
    )
    standard: MeasurementStandard | None = record.standard if record is not None else None
    accuracy = None
    if standard is not None and standard.verified_mpe_value and standard.verified_mpe_unit:
        accuracy = kernel.Accuracy(standard.verified_mpe_value, standard.verified_mpe_unit)
    node = kernel.Node(key=key, label=str(instrument), kind=kernel.INSTRUMENT, accuracy=accuracy)
    if record is None or standard is None:
        return kernel.trace({key: node}, [], key, day, max_ratio=max_ratio or max_ratio_setting())
    nodes, edges = trace_graph(standard_ids=[standard.pk], day=day)
    passed = record.result == VerificationResult.PASS
    certificates = [c.number for c in record.certificates.all()]
    edges.append(
        kernel.Edge(
            lower=key,
            higher=standard_key(standard.code),
            certificate=certificates[-1] if certificates else f"#{record.pk}",
            valid=kernel.Interval(record.verified_on, record.valid_until if passed else record.verified_on),
            ref=f"verification:{record.pk}",
        )
    )
    return kernel.trace({**nodes, key: node}, edges, key, day, max_ratio=max_ratio or max_ratio_setting())


# --- reverse trace (impact) ----------------------------------------------------------------------------


def _impact_q(standard: MeasurementStandard, start: dt.date, end: dt.date, prefix: str = "") -> Q:
    """The (non-voided) verification records made with a suspect standard while it was suspect.

    The suspect standards come first (one recursive query, a few dozen rows); the records are then one
    OR of index ranges on (standard, verified_on) — never a scan of the whole verification table.
    """
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for standard_id, suspect_from, _depth in suspect_windows(standard_id=standard.pk, start=start, end=end):
        by_day[suspect_from].append(standard_id)
    q = Q(pk__in=[])
    for day, ids in sorted(by_day.items()):
        q |= Q(**{f"{prefix}standard_id__in": ids, f"{prefix}verified_on__gte": day})
    return q & Q(**{f"{prefix}verified_on__lte": end, f"{prefix}voided_at__isnull": True})


def impact_records(
    *, user: Any, standard: MeasurementStandard, start: dt.date, end: dt.date
) -> QuerySet[VerificationRecord]:
    """Verification records made with ``standard`` over [start, end], or with a standard calibrated with
    it (directly or through others) from its calibration until ``end`` — in the user's scope."""
    return (
        verification_record_list(user=user)
        .filter(_impact_q(standard, start, end))
        .order_by("verified_on", "id")
    )


def impact_certificates(
    *, user: Any, standard: MeasurementStandard, start: dt.date, end: dt.date
) -> QuerySet[Certificate]:
    """The certificates and notices issued on those verification records."""
    return (
        certificate_list(user=user)
        .filter(_impact_q(standard, start, end, prefix="verification__"))
        .order_by("number")
    )


@dataclass(frozen=True)
class ImpactSummary:
    records: int
    certificates: int
    instruments: int
    owners: int


@dataclass(frozen=True)
class Impact:
    """What depended on a suspect standard over a window."""

    standard: MeasurementStandard
    start: dt.date
    end: dt.date
    dependants: list[Dependant]
    summary: ImpactSummary
    records: QuerySet[VerificationRecord]


def standard_impact(*, user: Any, standard: MeasurementStandard, start: dt.date, end: dt.date) -> Impact:
    """The reverse trace of ``standard`` over [start, end]: the standards calibrated with it, and the
    records, certificates, instruments and owners behind them.

    Records, instruments and owners are one aggregate query. Certificates: every verification record is
    issued exactly one certificate or notice when it is recorded, and every reissue adds one that
    ``replaces`` another — so they are the records plus the (few) replacements, which spares a join of
    the whole set with the certificate table.
    """
    records = impact_records(user=user, standard=standard, start=start, end=end)
    counts = records.order_by().aggregate(
        records=Count("id"),
        instruments=Count("instrument", distinct=True),
        owners=Count("instrument__owner", distinct=True),
    )
    replacements = Certificate.objects.filter(
        replaces__isnull=False, verification__in=records.order_by().values("pk")
    ).count()
    return Impact(
        standard=standard,
        start=start,
        end=end,
        dependants=standard_dependants(user=user, standard=standard, start=start, end=end),
        summary=ImpactSummary(certificates=counts["records"] + replacements, **counts),
        records=records,
    )


def impact_owners(records: QuerySet[VerificationRecord], limit: int = 200) -> list[dict[str, Any]]:
    """The owners behind impacted records, with how many of their instruments are affected: one query."""
    return list(
        records.order_by()
        .values("instrument__owner_id", "instrument__owner__name", "instrument__owner__uscc")
        .annotate(instruments=Count("instrument", distinct=True))
        .order_by("-instruments", "instrument__owner__name")[:limit]
    )


# --- coverage by local public standards ---------------------------------------------------------------


def in_use_q(day: dt.date) -> Q:
    """Instruments in use on ``day``."""
    return Q(put_into_use_on__lte=day) & (Q(retired_on__isnull=True) | Q(retired_on__gt=day))


@dataclass(frozen=True)
class _Group:
    type_code: str
    type_name: str
    county_id: int | None
    count: int


def _groups(*, user: Any, day: dt.date, region: Region | None) -> list[_Group]:
    """In-use instruments in the user's scope counted by type and district / county: one grouped query."""
    qs = instrument_list(user=user).filter(in_use_q(day))
    if region is not None:
        qs = qs.filter(region_subtree_q(region, "region"))
    rows = (
        qs.order_by()
        .values("instrument_type__code", "instrument_type__name", "region_id")
        .annotate(n=Count("id"))
    )
    county_of = county_map()
    merged: dict[tuple[str, str, int | None], int] = defaultdict(int)
    for row in rows:
        merged[
            (row["instrument_type__code"], row["instrument_type__name"], county_of.get(row["region_id"]))
        ] += row["n"]
    return [_Group(code, name, county, n) for (code, name, county), n in merged.items()]


def coverage(*, user: Any, day: dt.date, region: Region | None = None) -> Figure:
    """Coverage on ``day``: in-use instruments whose type a valid local public standard covers (a city
    public standard, or a county public standard of the instrument's district / county) ÷ all in-use
    instruments — the plan's "社会公用计量标准满足 95 % 以上的量传溯源". Valid: approval certificate in force,
    not suspended."""
    covered = public_coverage(day=day)
    groups = _groups(user=user, day=day, region=region)
    return Figure(
        numerator=sum(g.count for g in groups if covered.covers(g.type_code, g.county_id)),
        denominator=sum(g.count for g in groups),
    )


@dataclass(frozen=True)
class TypeCoverage:
    """Coverage of one instrument type: in use, covered, and the uncovered instruments by county."""

    type_code: str
    type_name: str
    in_use: int
    covered: int
    uncovered: list[tuple[Region | None, int]]

    @property
    def rate(self) -> float | None:
        return self.covered / self.in_use if self.in_use else None


def coverage_by_type(*, user: Any, day: dt.date, region: Region | None = None) -> list[TypeCoverage]:
    """Coverage per instrument type, least covered first (same query as :func:`coverage`)."""
    covered = public_coverage(day=day)
    per_type: dict[tuple[str, str], list[_Group]] = defaultdict(list)
    for group in _groups(user=user, day=day, region=region):
        per_type[(group.type_code, group.type_name)].append(group)
    regions = {r.pk: r for r in Region.objects.all()}
    result = []
    for (code, name), groups in per_type.items():
        uncovered = sorted(
            (
                (regions.get(g.county_id) if g.county_id else None, g.count)
                for g in groups
                if not covered.covers(code, g.county_id)
            ),
            key=lambda item: (-item[1], item[0].code if item[0] else ""),
        )
        result.append(
            TypeCoverage(
                type_code=code,
                type_name=name,
                in_use=sum(g.count for g in groups),
                covered=sum(g.count for g in groups if covered.covers(code, g.county_id)),
                uncovered=uncovered,
            )
        )
    return sorted(result, key=lambda t: (-(t.in_use - t.covered), t.type_code))


@dataclass(frozen=True)
class PlannedStandard:
    """One suggestion of the planner: a public standard for a type at a level (and county), its gain in
    instruments, and the coverage after it."""

    type_code: str
    type_name: str
    level: str
    county: Region | None
    gain: int
    covered: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return self.covered / self.denominator if self.denominator else None


def coverage_plan(
    *, user: Any, day: dt.date, budget: int, region: Region | None = None
) -> list[PlannedStandard]:
    """Which ``budget`` new public standards would cover the most uncovered instruments (greedy maximum
    coverage, kernels.traceability.greedy_max_coverage).

    Candidates: for each type with uncovered instruments, a county public standard in each county where
    they are, and a city public standard (covering them all). County candidates are listed first, so a
    county standard is suggested when it gains as much as a city one.
    """
    covered = public_coverage(day=day)
    groups = _groups(user=user, day=day, region=region)
    weights: dict[tuple[str, int | None], int] = {}
    names: dict[str, str] = {}
    for g in groups:
        names[g.type_code] = g.type_name
        if not covered.covers(g.type_code, g.county_id):
            weights[(g.type_code, g.county_id)] = weights.get((g.type_code, g.county_id), 0) + g.count
    candidates: list[tuple[tuple[str, str, int | None], list[tuple[str, int | None]]]] = []
    for code, county in sorted(weights, key=lambda e: (e[0], e[1] or 0)):
        if county is not None:
            candidates.append(((code, StandardLevel.COUNTY_PUBLIC, county), [(code, county)]))
    for code in sorted({code for code, _county in weights}):
        candidates.append(((code, StandardLevel.CITY_PUBLIC, None), [e for e in weights if e[0] == code]))
    total = sum(g.count for g in groups)
    already = sum(g.count for g in groups if covered.covers(g.type_code, g.county_id))
    picks = kernel.greedy_max_coverage(candidates, weights, budget)
    regions = Region.objects.in_bulk([key[2] for key, _ in candidates if key[2] is not None])
    return [
        PlannedStandard(
            type_code=pick.candidate[0],
            type_name=names[pick.candidate[0]],
            level=pick.candidate[1],
            county=regions.get(pick.candidate[2]) if pick.candidate[2] is not None else None,
            gain=pick.gain,
            covered=already + pick.covered,
            denominator=total,
        )
        for pick in picks
    ]
