"""Traceability (量传溯源): every chain from an item up to an accepted root as of a date, each link judged.

Contents
--------
Interval, Accuracy                  a closed date interval (open ends allowed); a number with its unit
Node, Edge                          the graph: items (local standards, external references, instruments)
                                    and the calibrations / verifications linking a higher item to a lower one
valid_on(node, day)                 whether an item may serve as a reference on a day (approval, suspension)
edges_in_force(edges, day)          which of an item's calibrations count on a day
uncertainty_ratio(...)              calibration uncertainty ÷ the lower item's uncertainty or MPE
trace(nodes, edges, start, day)     every chain from ``start`` to an accepted root, with a verdict per link
greedy_max_coverage(...)            the build-out planner: greedy maximum coverage
stability(values), repeatability(values)   the periodic checks of a standard (JJF 1033-2023)

The rules (docs/standards.md has the long form):

* A link (lower item ← higher item) holds on a day when its certificate is in force that day, the higher
  item is valid that day (a local standard: its 计量标准考核证书 in force and not suspended — 计量标准考核办法
  and JJF 1033-2023 §5; an external reference: its certificate in force) and was valid on the calibration
  date, and the uncertainty ratio holds.
* Uncertainty ratio (JJF 1094-2002 and its 实施指南: the verification uncertainty should be better than 1/3
  of the MPE): the uncertainty of the calibration — stated on the link, else the higher item's own — is at
  most ``max_ratio`` (default 1/3) of the lower item's uncertainty or MPE. Numbers in different units are
  not compared: the ratio is then "not assessed" and does not break the link.
* Which calibrations of an item count on a day: from each higher item the latest made on or before the
  day (a recalibration supersedes the certificate before it); of those, the ones in force; if none is, the
  latest one (so a lapsed certificate is reported, not silently skipped); if there is none, the link is
  missing.
* A chain ends at an accepted root (a national primary standard, an accepted national institute), at a
  missing link, or at a cycle (an item already on the chain) — cycles are reported, never followed.
* Chains are listed from the item upward; the *first broken link* of a chain is the broken link nearest
  the item being checked.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Generic, TypeVar

#: JJF 1094-2002 实施指南: the verification uncertainty should be better than 1/3 of the MPE.
DEFAULT_MAX_RATIO = Fraction(1, 3)
#: A bound on the chains listed (a lattice of shared standards multiplies chains).
DEFAULT_MAX_CHAINS = 1000

STANDARD, EXTERNAL, INSTRUMENT = "standard", "external", "instrument"

# Reason codes of a broken link (the apps translate them; ``Reason.detail`` is plain English).
CERTIFICATE_LAPSED = "certificate_lapsed"
HIGHER_NOT_APPROVED = "higher_not_approved"
HIGHER_SUSPENDED = "higher_suspended"
HIGHER_INVALID_AT_CALIBRATION = "higher_invalid_at_calibration"
RATIO_EXCEEDED = "ratio_exceeded"
MISSING = "missing"
UNKNOWN_ITEM = "unknown_item"
CYCLE = "cycle"
# Reasons on the item being checked itself.
NOT_APPROVED = "not_approved"
SUSPENDED = "suspended"


@dataclass(frozen=True)
class Interval:
    """The days from ``start`` to ``end``, both included; None leaves that end open.

    >>> Interval(dt.date(2020, 1, 1), dt.date(2023, 12, 31)).covers(dt.date(2023, 12, 31))
    True
    >>> Interval(None, dt.date(2020, 1, 1)).covers(dt.date(2020, 1, 2))
    False
    """

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"interval ends ({self.end}) before it starts ({self.start})")

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Accuracy:
    """An uncertainty or a maximum permissible error: a positive magnitude with its unit ("%" relative)."""

    value: Decimal
    unit: str

    def __post_init__(self) -> None:
        if self.value <= 0:
            raise ValueError(f"an uncertainty or MPE must be positive, got {self.value}")


@dataclass(frozen=True)
class Node:
    """An item of the graph.

    ``validity``: the periods in which the item may serve as a reference — the approval certificates of a
    local standard, the certificate of an external reference; None means no such condition (an
    instrument). ``suspensions``: periods it was suspended or retired. ``accuracy``: its own uncertainty
    or MPE (for an instrument, the MPE of the instruments its standard verifies). ``root``: an accepted
    end of every chain.
    """

    key: str
    label: str
    kind: str = STANDARD
    root: bool = False
    validity: tuple[Interval, ...] | None = None
    suspensions: tuple[Interval, ...] = ()
    accuracy: Accuracy | None = None


@dataclass(frozen=True)
class Edge:
    """A calibration (or verification) of ``lower`` by ``higher``, with its certificate and validity.

    ``uncertainty``: the uncertainty stated on the certificate (else the higher item's own counts).
    ``ref``: the caller's identifier of the link (e.g. a database id).
    """

    lower: str
    higher: str
    certificate: str
    valid: Interval
    uncertainty: Accuracy | None = None
    ref: str = ""


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str


def valid_on(node: Node, day: dt.date) -> tuple[Reason, ...]:
    """Why ``node`` may not serve as a reference on ``day`` (empty: it may).

    >>> n = Node("S1", "mass", validity=(Interval(dt.date(2020, 1, 1), dt.date(2023, 12, 31)),))
    >>> valid_on(n, dt.date(2022, 6, 1))
    ()
    >>> [r.code for r in valid_on(n, dt.date(2024, 1, 1))]
    ['not_approved']
    """
    reasons = []
    if node.validity is not None and not any(i.covers(day) for i in node.validity):
        what = "no approval certificate" if node.kind == STANDARD else "its certificate is not"
        reasons.append(Reason(NOT_APPROVED, f"{node.label}: {what} in force on {day}"))
    if any(i.covers(day) for i in node.suspensions):
        reasons.append(Reason(SUSPENDED, f"{node.label}: suspended or retired on {day}"))
    return tuple(reasons)


def edges_in_force(edges: Iterable[Edge], day: dt.date) -> list[Edge]:
    """The calibrations of one item that count on ``day``.

    From each higher item only its latest calibration made by then counts (a recalibration supersedes
    the certificate before it); of those, the ones in force count; if none is, the latest calibration
    made by then is returned (lapsed, so the break is reported); if there is none, nothing.

    >>> old = Edge("B", "A", "C-2019", Interval(dt.date(2019, 1, 1), dt.date(2019, 12, 31)))
    >>> new = Edge("B", "A", "C-2020", Interval(dt.date(2019, 12, 10), dt.date(2020, 12, 9)))
    >>> [e.certificate for e in edges_in_force([old, new], dt.date(2019, 12, 20))]  # superseded
    ['C-2020']
    >>> [e.certificate for e in edges_in_force([old, new], dt.date(2021, 6, 1))]  # lapsed: still reported
    ['C-2020']
    >>> edges_in_force([new], dt.date(2019, 6, 1))
    []
    """

    def order(edge: Edge) -> tuple[dt.date, str]:
        return (edge.valid.start or dt.date.min, edge.certificate)

    latest: dict[str, Edge] = {}
    for edge in edges:
        if edge.valid.start is not None and edge.valid.start > day:
            continue
        if edge.higher not in latest or order(edge) > order(latest[edge.higher]):
            latest[edge.higher] = edge
    in_force = [e for e in latest.values() if e.valid.covers(day)]
    if in_force:
        return sorted(in_force, key=order, reverse=True)
    return [max(latest.values(), key=order)] if latest else []


def uncertainty_ratio(calibration: Accuracy | None, target: Accuracy | None) -> Fraction | None:
    """The calibration uncertainty as a fraction of the target's uncertainty or MPE; None when the two
    cannot be compared (one unknown, or different units).

    >>> uncertainty_ratio(Accuracy(Decimal("0.01"), "%"), Accuracy(Decimal("0.03"), "%"))
    Fraction(1, 3)
    >>> uncertainty_ratio(Accuracy(Decimal("0.5"), "mg"), Accuracy(Decimal("0.03"), "%")) is None
    True
    """
    if calibration is None or target is None or calibration.unit.strip() != target.unit.strip():
        return None
    return Fraction(calibration.value) / Fraction(target.value)


@dataclass(frozen=True)
class LinkVerdict:
    """One link of a chain as of the day: ``reasons`` empty means it holds.

    ``edge`` is None for a missing link (``lower`` has no calibration and is no accepted root).
    ``ratio`` is the uncertainty ratio, None when not assessed.
    """

    lower: str
    higher: str | None
    edge: Edge | None
    reasons: tuple[Reason, ...]
    ratio: Fraction | None = None
    in_force: bool = False

    @property
    def broken(self) -> bool:
        return bool(self.reasons)

    @property
    def ratio_ok(self) -> bool | None:
        return None if self.ratio is None else not any(r.code == RATIO_EXCEEDED for r in self.reasons)


@dataclass(frozen=True)
class Chain:
    """A path from the item upward: ``root`` is the accepted root reached, None if the chain stopped."""

    links: tuple[LinkVerdict, ...]
    root: str | None

    @property
    def holds(self) -> bool:
        return self.root is not None and not any(link.broken for link in self.links)

    @property
    def first_broken(self) -> LinkVerdict | None:
        """The broken link nearest the item."""
        return next((link for link in self.links if link.broken), None)


@dataclass(frozen=True)
class TreeLink:
    """A link and the links above its higher item: the chains as one indented tree."""

    verdict: LinkVerdict
    children: tuple[TreeLink, ...] = ()


@dataclass(frozen=True)
class TraceResult:
    """The verdict on one item as of ``day``: its own validity, every chain, and the same as a tree."""

    start: str
    day: dt.date
    max_ratio: Fraction
    start_reasons: tuple[Reason, ...]
    chains: tuple[Chain, ...]
    tree: tuple[TreeLink, ...]
    truncated: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def holds(self) -> bool:
        """The item is valid and every chain reaches an accepted root with no broken link."""
        return (
            not self.start_reasons
            and bool(self.chains)
            and all(chain.holds for chain in self.chains)
            and not self.truncated
        )

    @property
    def first_broken(self) -> LinkVerdict | None:
        """The first broken link of the first chain that has one."""
        return next((c.first_broken for c in self.chains if c.first_broken is not None), None)


def _judge(
    edge: Edge, nodes: Mapping[str, Node], day: dt.date, max_ratio: Fraction
) -> tuple[list[Reason], Fraction | None, bool]:
    reasons: list[Reason] = []
    in_force = edge.valid.covers(day)
    higher, lower = nodes.get(edge.higher), nodes.get(edge.lower)
    names = f"{lower.label if lower else edge.lower} ← {higher.label if higher else edge.higher}"
    if not in_force:
        reasons.append(
            Reason(
                CERTIFICATE_LAPSED,
                f"certificate {edge.certificate} ({names}, valid until {edge.valid.end}) "
                f"is not in force on {day}",
            )
        )
    if higher is None:
        reasons.append(Reason(UNKNOWN_ITEM, f"{edge.higher} is not in the registry"))
        return reasons, None, in_force
    for reason in valid_on(higher, day):
        code = HIGHER_SUSPENDED if reason.code == SUSPENDED else HIGHER_NOT_APPROVED
        reasons.append(Reason(code, reason.detail))
    calibrated_on = edge.valid.start
    if calibrated_on is not None and calibrated_on != day and valid_on(higher, calibrated_on):
        reasons.append(
            Reason(
                HIGHER_INVALID_AT_CALIBRATION,
                f"{higher.label} was not valid on the calibration date {calibrated_on}",
            )
        )
    ratio = uncertainty_ratio(edge.uncertainty or higher.accuracy, lower.accuracy if lower else None)
    if ratio is not None and ratio > max_ratio:
        reasons.append(
            Reason(
                RATIO_EXCEEDED,
                f"uncertainty ratio {float(ratio):.3g} exceeds {max_ratio} ({names})",
            )
        )
    return reasons, ratio, in_force


def trace(
    nodes: Mapping[str, Node],
    edges: Iterable[Edge],
    start: str,
    day: dt.date,
    *,
    max_ratio: Fraction = DEFAULT_MAX_RATIO,
    max_chains: int = DEFAULT_MAX_CHAINS,
) -> TraceResult:
    """Every chain from ``start`` up to an accepted root as of ``day``, each link judged (module rules).

    A depth-first walk keeps the items on the current path, so a cycle is reported once and never
    followed; the walk stops listing after ``max_chains`` chains (``truncated``).

    >>> D = dt.date
    >>> approved = (Interval(D(2020, 1, 1), D(2027, 12, 31)),)
    >>> nodes = {
    ...     "NIM": Node("NIM", "NIM", kind="external", root=True),
    ...     "E2": Node("E2", "E2 weights", validity=approved, accuracy=Accuracy(Decimal("0.0001"), "%")),
    ...     "F1": Node("F1", "F1 weights", validity=approved, accuracy=Accuracy(Decimal("0.001"), "%")),
    ... }
    >>> edges = [
    ...     Edge("E2", "NIM", "NIM-24", Interval(D(2024, 3, 1), D(2026, 2, 28))),
    ...     Edge("F1", "E2", "LY-23", Interval(D(2023, 5, 1), D(2024, 4, 30))),
    ... ]
    >>> result = trace(nodes, edges, "F1", D(2025, 1, 1))
    >>> result.holds, result.first_broken.edge.certificate, result.first_broken.reasons[0].code
    (False, 'LY-23', 'certificate_lapsed')
    >>> trace(nodes, edges, "F1", D(2024, 4, 1)).holds
    True
    """
    if max_ratio <= 0:
        raise ValueError("the maximum uncertainty ratio must be positive")
    upward: dict[str, list[Edge]] = {}
    for edge in edges:
        upward.setdefault(edge.lower, []).append(edge)
    chains: list[Chain] = []
    truncated = False

    def walk(key: str, path: list[str], links: list[LinkVerdict]) -> tuple[TreeLink, ...]:
        nonlocal truncated
        node = nodes.get(key)
        if node is not None and node.root:
            chains.append(Chain(tuple(links), key))
            return ()
        candidates = edges_in_force(upward.get(key, ()), day)
        if not candidates:
            label = node.label if node is not None else key
            if node is not None and node.kind == INSTRUMENT:
                detail = f"{label} has no verification naming a measurement standard on or before {day}"
            else:
                detail = f"{label} has no recorded calibration and is not an accepted root"
            missing = LinkVerdict(lower=key, higher=None, edge=None, reasons=(Reason(MISSING, detail),))
            chains.append(Chain((*links, missing), None))
            return (TreeLink(missing),)
        tree: list[TreeLink] = []
        for edge in candidates:
            if len(chains) >= max_chains:
                truncated = True
                break
            reasons, ratio, in_force = _judge(edge, nodes, day, max_ratio)
            cycle = edge.higher in path
            if cycle:
                reasons.append(Reason(CYCLE, f"{edge.higher} is already on this chain: a cycle"))
            verdict = LinkVerdict(key, edge.higher, edge, tuple(reasons), ratio, in_force)
            if cycle or edge.higher not in nodes:
                chains.append(Chain((*links, verdict), None))
                tree.append(TreeLink(verdict))
                continue
            children = walk(edge.higher, [*path, edge.higher], [*links, verdict])
            tree.append(TreeLink(verdict, children))
        return tuple(tree)

    start_node = nodes.get(start)
    if start_node is None:
        raise KeyError(f"{start} is not among the nodes")
    start_reasons = valid_on(start_node, day)
    tree = walk(start, [start], [])
    return TraceResult(
        start=start,
        day=day,
        max_ratio=max_ratio,
        start_reasons=start_reasons,
        chains=tuple(chains),
        tree=tree,
        truncated=truncated,
        labels={k: n.label for k, n in nodes.items()},
    )


# --- the build-out planner --------------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)
E = TypeVar("E", bound=Hashable)


@dataclass(frozen=True)
class Pick(Generic[K]):
    """One choice of the planner: the candidate, what it adds, and the total covered after it."""

    candidate: K
    gain: int
    covered: int


def greedy_max_coverage(
    candidates: Sequence[tuple[K, Iterable[E]]],
    weights: Mapping[E, int],
    budget: int,
    *,
    covered: Iterable[E] = (),
) -> list[Pick[K]]:
    """Choose up to ``budget`` candidates, each time the one adding the most weight not yet covered.

    The greedy algorithm of maximum coverage (Nemhauser, Wolsey & Fisher 1978): it reaches at least
    (1 − 1/e) of the best possible coverage, and its gains never increase. Ties go to the candidate
    listed first; it stops early when nothing more can be gained. ``covered`` holds elements already
    covered (they count in ``Pick.covered`` but add no gain).

    >>> plan = greedy_max_coverage([("a", {1, 2}), ("b", {2, 3, 4}), ("c", {1})], {1: 5, 2: 1, 3: 1, 4: 1}, 2)
    >>> [(p.candidate, p.gain, p.covered) for p in plan]
    [('a', 6, 6), ('b', 2, 8)]
    """
    if budget < 0:
        raise ValueError("the budget cannot be negative")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights cannot be negative")
    done: set[E] = set(covered)
    total = sum(weights.get(e, 0) for e in done)
    pool = [(key, frozenset(elements)) for key, elements in candidates]
    chosen: set[int] = set()
    picks: list[Pick[K]] = []
    while len(picks) < budget:
        best_index, best_gain = -1, 0
        for index, (_key, elements) in enumerate(pool):
            if index in chosen:
                continue
            gain = sum(weights.get(e, 0) for e in elements - done)
            if gain > best_gain:
                best_index, best_gain = index, gain
        if best_index < 0:
            break
        key, elements = pool[best_index]
        chosen.add(best_index)
        done |= elements
        total += best_gain
        picks.append(Pick(key, best_gain, total))
    return picks


# --- the periodic checks of a standard ---------------------------------------------------------------


def stability(values: Sequence[Decimal]) -> Decimal:
    """Stability of a standard: the largest minus the smallest of the group means of a check standard
    (JJF 1033-2023 计量标准的稳定性考核: for an existing standard the groups are one a year, so this is the
    difference between adjacent years). Accept when it is below |MPE| (or U of the correction).

    >>> stability([Decimal("10.0012"), Decimal("10.0015"), Decimal("10.0010"), Decimal("10.0013")])
    Decimal('0.0005')
    """
    if len(values) < 2:
        raise ValueError("stability needs at least two group means")
    return max(values) - min(values)


def repeatability(values: Sequence[Decimal]) -> Decimal:
    """Repeatability: the experimental standard deviation s of n repeated measurements (JJF 1033-2023
    重复性试验; n = 10 is usual). Accept when it does not exceed the limit used in the uncertainty budget.

    >>> repeatability([Decimal("9.8"), Decimal("10.0"), Decimal("10.2")])
    Decimal('0.2')
    """
    if len(values) < 2:
        raise ValueError("repeatability needs at least two readings")
    return statistics.stdev(values)


@dataclass(frozen=True)
class CheckOutcome:
    """A check's observed value, its limit and whether it passed."""

    observed: Decimal
    limit: Decimal
    passed: bool
    rule: str = field(default="")


def judge_check(kind: str, values: Sequence[Decimal], limit: Decimal) -> CheckOutcome:
    """Judge a stability check (passes when observed < limit, JJF 1033-2023) or a repeatability check
    (passes when s ≤ limit).

    >>> judge_check("stability", [Decimal("1.000"), Decimal("1.004")], Decimal("0.005")).passed
    True
    >>> judge_check("repeatability", [Decimal("1"), Decimal("3")], Decimal("1")).passed
    False
    """
    if limit <= 0:
        raise ValueError("the acceptance limit must be positive")
    if kind == "stability":
        observed = stability(values)
        return CheckOutcome(observed, limit, observed < limit, "stability < limit")
    if kind == "repeatability":
        observed = repeatability(values)
        return CheckOutcome(observed, limit, observed <= limit, "s ≤ limit")
    raise ValueError(f"unknown check kind {kind!r}")
