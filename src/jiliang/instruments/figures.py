"""The plan's mandatory-verification figures, each one aggregate query over the verification dues (the
inspection rate: plus one small query over the rare dues due earlier than the one before them).

Definitions (docs/figures.md has the long form):

* **inspection rate 受检率** for a period [from, to] = instruments verified in the period ÷ instruments due
  in it. Periodic types are due when a due date on or before ``to`` was still open at ``from`` (so those
  overdue at the start count); first-verification-only types are due when put into use in the period,
  and count as verified when that first verification exists by ``to``.
* **valid coverage** as of a date = in-use instruments holding an unexpired passing verification ÷ all
  in-use instruments.
* **overdue** as of a date = in-use instruments whose due date has passed.

Every figure takes the user (scope), a region subtree, a type set and an owner.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from jiliang.instruments.choices import TypeSet
from jiliang.instruments.models import Instrument, VerificationDue
from jiliang.instruments.models.verification import DUE_EARLIER_THAN_PREVIOUS
from jiliang.instruments.selectors import instrument_scope_q
from jiliang.kernels.verification import rate, window_key_end
from jiliang.registry.models import Organization, Region
from jiliang.registry.selectors import fold_by_division, region_counties, region_subtree_ids


@dataclass(frozen=True)
class Figure:
    """A rate with the counts behind it (``rate`` is None when nothing was due)."""

    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return rate(self.numerator, self.denominator)


@dataclass(frozen=True)
class Filters:
    """What a figure is computed over, besides the user's own scope."""

    region: Region | None = None
    types: str = TypeSet.ALL
    owner: Organization | None = None
    instrument_types: tuple[int, ...] = ()


def _filter_q(filters: Filters) -> Q:
    q = Q()
    if filters.region is not None:
        # The same subtree as registry.selectors.region_subtree_q, as ids: an index range per region.
        q &= Q(region_id__in=region_subtree_ids(filters.region))
    if filters.types == TypeSet.HOUSEHOLD_FOUR:
        q &= ~Q(instrument_type__household_meter="")
    elif filters.types == TypeSet.KEY_MANAGED:
        q &= Q(instrument_type__is_key_managed=True)
    elif filters.types != TypeSet.ALL:
        raise ValueError(f"unknown type set {filters.types!r}")
    if filters.owner is not None:
        q &= Q(owner=filters.owner)
    if filters.instrument_types:
        q &= Q(instrument_type_id__in=filters.instrument_types)
    return q


def dues(*, user: Any, filters: Filters, relevant_from: dt.date | None = None) -> QuerySet[VerificationDue]:
    """The dues of the instruments in the user's scope that match ``filters``; with ``relevant_from``, only
    those that can still matter on or after that day (an index range scan that skips the closed history)."""
    qs = VerificationDue.objects.filter(
        instrument_scope_q(user, instrument="instrument_id"), _filter_q(filters)
    )
    return qs.filter(relevant_until__gte=relevant_from) if relevant_from else qs


# --- the conditions, shared by the figures and their drill-downs ---------------------------------------


def inspection_due_q(start: dt.date, end: dt.date) -> Q:
    """Dues that make an instrument "due in the period"."""
    not_cancelled = Q(cancelled_on__isnull=True) | (
        Q(cancelled_on__gt=F("due_on")) & Q(cancelled_on__gte=start)
    )
    periodic = (
        Q(first_only=False, due_on__lte=end)
        & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        & not_cancelled
    )
    first = Q(first_only=True, initial=True, due_on__gte=start, due_on__lte=end)
    # relevant_until >= start is implied by both branches; stated, it lets one index range scan skip history.
    return Q(relevant_until__gte=start) & (periodic | first)


def inspection_verified_q(start: dt.date, end: dt.date) -> Q:
    """Of those, the dues closed by a verification by the end of the period."""
    return inspection_due_q(start, end) & Q(closed_on__isnull=False, closed_on__lte=end)


def active_q(day: dt.date) -> Q:
    """The one due of each instrument in use on ``day``: open then, and the instrument not retired."""
    return (
        Q(relevant_until__gt=day, in_use_from__lte=day, opened_on__lte=day)
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))
    )


def valid_q(day: dt.date) -> Q:
    """Active dues not yet due: the instrument holds an unexpired passing verification."""
    return active_q(day) & (Q(due_on__isnull=True) | Q(due_on__gt=day))


def overdue_q(day: dt.date) -> Q:
    return active_q(day) & Q(due_on__lt=day)


# --- the figures ------------------------------------------------------------------------------------


def inspection_dues(
    *, user: Any, filters: Filters, start: dt.date, end: dt.date
) -> QuerySet[VerificationDue]:
    """The dues that put an instrument in the inspection figure for [start, end] (``inspection_due_q``),
    read as one index key range ``start ≤ relevant_until ≤ window_key_end(end)``: the closed history
    before the period and the open dues due after it are never scanned."""
    return (
        dues(user=user, filters=filters)
        .filter(relevant_until__gte=start, relevant_until__lte=window_key_end(end), due_on__lte=end)
        .filter(inspection_due_q(start, end))
    )


def _inspection_counts(
    *, user: Any, filters: Filters, start: dt.date, end: dt.date, group: tuple[str, ...] = ()
) -> dict[tuple[Any, ...], tuple[int, int]]:
    """(verified, due) instruments among ``inspection_dues``, per value of the ``group`` fields.

    An instrument counts once even when several of its dues count (a half-yearly instrument, a failed
    verification and the repeat): each instrument is counted at its *first* counting due, recognised row
    by row from the due before it in the chain (``prev_due_on``, ``prev_closed_on``) — a plain count
    instead of COUNT(DISTINCT instrument), which had to sort every counted due. A due is the first when

    * it is the first of its chain (``initial``), or the one before it closed before ``start`` (then so
      did all earlier ones: none of them counts); otherwise
    * the one before it closed on or after ``start``: if that one was due by ``end`` it counts itself,
      and this due is not the first; if it was due after ``end`` (an early verification) an older due
      may still count — those rare dues are looked up in a second small query (ids follow the chain:
      each chain is written whole, in order, by ``instrument_dues_rebuild`` and the seeder).

    Verified: the first counting due closed by ``end`` (every due before it in the chain closed earlier).
    """
    verified = Q(closed_on__lte=end)
    dues_in = inspection_dues(user=user, filters=filters, start=start, end=end)
    first = Q(initial=True) | Q(prev_closed_on__lt=start)
    counted_before = VerificationDue.objects.filter(
        inspection_due_q(start, end), instrument=OuterRef("instrument"), id__lt=OuterRef("id")
    )
    first_after_an_early_one = (
        dues_in.filter(DUE_EARLIER_THAN_PREVIOUS)
        .filter(Q(initial=False, prev_closed_on__gte=start) & ~Q(prev_due_on__lte=end))
        .filter(~Exists(counted_before))
    )
    totals: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for queryset, condition in ((dues_in, first), (first_after_an_early_one, Q(pk__isnull=False))):
        counts = {
            "num": Count("instrument", filter=condition & verified),
            "den": Count("instrument", filter=condition),
        }
        if group:
            rows: Iterable[dict[str, Any]] = queryset.values(*group).annotate(**counts).order_by()
        else:
            rows = [queryset.aggregate(**counts)]
        for row in rows:
            key = tuple(row[name] for name in group)
            totals[key][0] += row["num"]
            totals[key][1] += row["den"]
    return {key: (num, den) for key, (num, den) in totals.items()}


def inspection_rate(*, user: Any, start: dt.date, end: dt.date, filters: Filters = Filters()) -> Figure:
    """受检率 over [start, end]: one aggregate query over the window (and one over its rare early dues)."""
    num, den = _inspection_counts(user=user, filters=filters, start=start, end=end)[()]
    return Figure(numerator=num, denominator=den)


def valid_coverage(*, user: Any, day: dt.date, filters: Filters = Filters()) -> Figure:
    """Valid-coverage rate on ``day``: one aggregate query (one active due per in-use instrument)."""
    counts = dues(user=user, filters=filters, relevant_from=day + dt.timedelta(days=1)).aggregate(
        in_use=Count("id", filter=active_q(day)), valid=Count("id", filter=valid_q(day))
    )
    return Figure(numerator=counts["valid"], denominator=counts["in_use"])


def overdue_count(*, user: Any, day: dt.date, filters: Filters = Filters()) -> int:
    return dues(user=user, filters=filters).filter(overdue_q(day)).count()


@dataclass(frozen=True)
class RegionFigure:
    region: Region
    figure: Figure


def _by_region(rows: Iterable[dict[str, Any]], divisions: list[Region]) -> list[RegionFigure]:
    return [RegionFigure(d, Figure(num, den)) for d, num, den in fold_by_division(rows, divisions)]


def inspection_rate_by_county(
    *, user: Any, start: dt.date, end: dt.date, root: Region, filters: Filters = Filters()
) -> list[RegionFigure]:
    """受检率 per district / county in force at the end of the period: one grouped query (+ early dues)."""
    counts = _inspection_counts(user=user, filters=filters, start=start, end=end, group=("region_id",))
    rows = [{"region_id": key[0], "num": num, "den": den} for key, (num, den) in counts.items()]
    return _by_region(rows, list(region_counties(root=root, as_of=end)))


def valid_coverage_by_county(
    *, user: Any, day: dt.date, root: Region, filters: Filters = Filters()
) -> list[RegionFigure]:
    rows = (
        dues(user=user, filters=filters, relevant_from=day + dt.timedelta(days=1))
        .values("region_id")
        .annotate(den=Count("id", filter=active_q(day)), num=Count("id", filter=valid_q(day)))
        .order_by()
    )
    return _by_region(rows, list(region_counties(root=root, as_of=day)))


def inspection_rate_by_type(
    *, user: Any, start: dt.date, end: dt.date, filters: Filters = Filters()
) -> list[dict[str, Any]]:
    """受检率 per instrument type: one grouped query (+ its early dues)."""
    group = ("instrument_type_id", "instrument_type__name")
    counts = _inspection_counts(user=user, filters=filters, start=start, end=end, group=group)
    return [
        {"type_id": type_id, "type": name, "figure": Figure(num, den)}
        for (type_id, name), (num, den) in sorted(counts.items(), key=lambda item: item[0][1])
        if den > 0
    ]


# --- drill-down: the instruments behind a figure ------------------------------------------------------

#: figure → (dues that put an instrument in, dues that take it out); params hold from / to / as_of.
DRILL_DOWNS: dict[str, tuple[Any, Any]] = {
    "inspection-due": (lambda p: inspection_due_q(p["from"], p["to"]), None),
    "inspection-verified": (lambda p: inspection_verified_q(p["from"], p["to"]), None),
    "inspection-missed": (
        lambda p: inspection_due_q(p["from"], p["to"]),
        lambda p: inspection_verified_q(p["from"], p["to"]),
    ),
    "in-use": (lambda p: active_q(p["as_of"]), None),
    "valid": (lambda p: valid_q(p["as_of"]), None),
    "not-valid": (lambda p: active_q(p["as_of"]) & Q(due_on__lte=p["as_of"]), None),
    "overdue": (lambda p: overdue_q(p["as_of"]), None),
}
DRILL_DOWN_PARAMS = {
    name: ("as_of",) if name in {"in-use", "valid", "not-valid", "overdue"} else ("from", "to")
    for name in DRILL_DOWNS
}


def instruments_behind(
    queryset: QuerySet[Instrument], figure: str, params: dict[str, dt.date]
) -> QuerySet[Instrument]:
    """Narrow an instrument queryset to those behind one side of a figure (the UI's drill-down)."""
    include, exclude = DRILL_DOWNS[figure]
    queryset = queryset.filter(pk__in=VerificationDue.objects.filter(include(params)).values("instrument_id"))
    if exclude is not None:
        queryset = queryset.exclude(
            pk__in=VerificationDue.objects.filter(exclude(params)).values("instrument_id")
        )
    return queryset
