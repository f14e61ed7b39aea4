"""The traceability graph above a standard (for the kernel's checker) and the standards depending on a
suspect standard (the reverse trace's recursive CTE)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import connection

from jiliang.kernels import traceability as kernel
from jiliang.standards.choices import ApprovalStatus
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardSuspension,
)
from jiliang.standards.selectors.registry import max_ratio_setting, standard_list

#: How deep the reverse trace follows calibrations (a guard against cycles in the data).
MAX_DEPTH = 16


# --- the traceability graph -------------------------------------------------------------------------


def standard_key(code: str) -> str:
    return f"standard:{code}"


def external_key(pk: int) -> str:
    return f"external:{pk}"


def _accuracy(value: Decimal | None, unit: str) -> kernel.Accuracy | None:
    return kernel.Accuracy(value, unit) if value is not None and value > 0 and unit else None


def _day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


def trace_graph(
    *, standard_ids: Iterable[int], day: dt.date
) -> tuple[dict[str, kernel.Node], list[kernel.Edge]]:
    """The graph above some standards as of ``day``: every calibration made by then, followed upward one
    query per level, with the standards' approval and suspension periods and the external references."""
    wanted = set(standard_ids)
    seen: set[int] = set()
    external_ids: set[int] = set()
    link_rows: list[Any] = []
    frontier = set(wanted)
    while frontier:
        seen |= frontier
        rows = list(
            CalibrationLink.objects.filter(standard_id__in=frontier, calibrated_on__lte=day).values(
                "pk",
                "standard_id",
                "higher_standard_id",
                "external_id",
                "certificate_number",
                "calibrated_on",
                "valid_until",
                "uncertainty_value",
                "uncertainty_unit",
            )
        )
        link_rows += rows
        external_ids |= {r["external_id"] for r in rows if r["external_id"]}
        frontier = {r["higher_standard_id"] for r in rows if r["higher_standard_id"]} - seen
    externals: dict[int, ExternalReference] = {}
    frontier = set(external_ids)
    while frontier:
        found = {e.pk: e for e in ExternalReference.objects.filter(pk__in=frontier)}
        externals.update(found)
        frontier = {e.traced_to_id for e in found.values() if e.traced_to_id} - set(externals)
    standards = {
        s.pk: s
        for s in MeasurementStandard.objects.filter(pk__in=seen).only(
            "pk", "code", "name", "accuracy_value", "accuracy_unit", "retired_on"
        )
    }
    validity: dict[int, list[kernel.Interval]] = defaultdict(list)
    for sid, issued_on, valid_until, status, revoked_on in ApprovalCertificate.objects.filter(
        standard_id__in=seen
    ).values_list("standard_id", "issued_on", "valid_until", "status", "revoked_on"):
        end = valid_until
        if status == ApprovalStatus.REVOKED and revoked_on is not None:
            end = min(end, _day_before(revoked_on))
        if end >= issued_on:
            validity[sid].append(kernel.Interval(issued_on, end))
    suspensions: dict[int, list[kernel.Interval]] = defaultdict(list)
    for sid, started_on, ended_on in StandardSuspension.objects.filter(standard_id__in=seen).values_list(
        "standard_id", "started_on", "ended_on"
    ):
        suspensions[sid].append(kernel.Interval(started_on, _day_before(ended_on) if ended_on else None))
    nodes: dict[str, kernel.Node] = {}
    for pk, standard in standards.items():
        periods = list(suspensions[pk])
        if standard.retired_on is not None:
            periods.append(kernel.Interval(standard.retired_on, None))
        nodes[standard_key(standard.code)] = kernel.Node(
            key=standard_key(standard.code),
            label=f"{standard.code} {standard.name}",
            kind=kernel.STANDARD,
            validity=tuple(sorted(validity[pk], key=lambda i: i.start or dt.date.min)),
            suspensions=tuple(periods),
            accuracy=_accuracy(standard.accuracy_value, standard.accuracy_unit),
        )
    edges: list[kernel.Edge] = []
    for ext in externals.values():
        nodes[external_key(ext.pk)] = kernel.Node(
            key=external_key(ext.pk),
            label=str(ext),
            kind=kernel.EXTERNAL,
            root=ext.accepted_as_root,
            validity=(kernel.Interval(None, ext.valid_until),) if ext.valid_until else None,
        )
        if ext.traced_to_id:
            edges.append(
                kernel.Edge(
                    lower=external_key(ext.pk),
                    higher=external_key(ext.traced_to_id),
                    certificate=ext.certificate_number,
                    valid=kernel.Interval(None, None),
                    ref=f"external:{ext.pk}",
                )
            )
    code_of = {pk: s.code for pk, s in standards.items()}
    for row in link_rows:
        higher = (
            standard_key(code_of[row["higher_standard_id"]])
            if row["higher_standard_id"]
            else external_key(row["external_id"])
        )
        edges.append(
            kernel.Edge(
                lower=standard_key(code_of[row["standard_id"]]),
                higher=higher,
                certificate=row["certificate_number"],
                valid=kernel.Interval(row["calibrated_on"], row["valid_until"]),
                uncertainty=_accuracy(row["uncertainty_value"], row["uncertainty_unit"]),
                ref=str(row["pk"]),
            )
        )
    return nodes, edges


def standard_trace(
    *, standard: MeasurementStandard, day: dt.date, max_ratio: Fraction | None = None
) -> kernel.TraceResult:
    """Every chain of ``standard`` up to an accepted root as of ``day`` (kernels.traceability.trace)."""
    nodes, edges = trace_graph(standard_ids=[standard.pk], day=day)
    return kernel.trace(
        nodes, edges, standard_key(standard.code), day, max_ratio=max_ratio or max_ratio_setting()
    )


# --- reverse trace: what depended on a standard -------------------------------------------------------


def suspects_sql(*, standard_id: int, start: dt.date, end: dt.date) -> tuple[str, list[Any]]:
    """SQL of the standards whose results are suspect when ``standard_id`` is bad over [start, end]:
    the standard itself from ``start`` (depth 0), those it calibrated in the window from their calibration
    date, and, level by level, those they calibrated from then until ``end`` (a recursive CTE, depth
    bounded). Columns: standard_id, suspect_from, depth. For use as a subquery."""
    link = connection.ops.quote_name(CalibrationLink._meta.db_table)
    sql = (
        f"WITH RECURSIVE affected(standard_id, suspect_from, depth) AS ("
        f" SELECT l.standard_id, l.calibrated_on, 1 FROM {link} l"
        f"  WHERE l.higher_standard_id = %s AND l.calibrated_on >= %s AND l.calibrated_on <= %s"
        f" UNION"
        f" SELECT l.standard_id, l.calibrated_on, a.depth + 1 FROM {link} l"
        f"  JOIN affected a ON l.higher_standard_id = a.standard_id"
        f"  WHERE l.calibrated_on >= a.suspect_from AND l.calibrated_on <= %s AND a.depth < %s"
        f")"
        f" SELECT %s AS standard_id, %s AS suspect_from, 0 AS depth"
        f" UNION ALL"
        f" SELECT standard_id, MIN(suspect_from), MIN(depth) FROM affected"
        f"  WHERE standard_id <> %s GROUP BY standard_id"
    )
    return sql, [standard_id, start, end, end, MAX_DEPTH, standard_id, start, standard_id]


@dataclass(frozen=True)
class Dependant:
    """A standard calibrated (directly or through others) with a suspect standard, suspect from a date."""

    standard: MeasurementStandard
    suspect_from: dt.date
    depth: int


def suspect_windows(*, standard_id: int, start: dt.date, end: dt.date) -> list[tuple[int, dt.date, int]]:
    """The standards suspect when ``standard_id`` is bad over [start, end] (:func:`suspects_sql`), as
    (standard id, suspect from, depth) — the standard itself first, at depth 0. One query."""
    sql, params = suspects_sql(standard_id=standard_id, start=start, end=end)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return sorted(
        (
            (int(sid), day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)), int(depth))
            for sid, day, depth in rows
        ),
        key=lambda row: (row[2], row[0]),
    )


def standard_dependants(
    *, user: Any, standard: MeasurementStandard, start: dt.date, end: dt.date
) -> list[Dependant]:
    """The standards depending on ``standard`` over [start, end] (see :func:`suspects_sql`), nearest
    first; only those the user may see are listed."""
    rows = [r for r in suspect_windows(standard_id=standard.pk, start=start, end=end) if r[2] > 0]
    visible = {s.pk: s for s in standard_list(user=user).filter(pk__in=[r[0] for r in rows])}
    result = [Dependant(visible[sid], day, depth) for sid, day, depth in rows if sid in visible]
    return sorted(result, key=lambda d: (d.depth, d.standard.code))
