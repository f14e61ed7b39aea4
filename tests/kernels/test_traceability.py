"""Traceability kernel: chains to accepted roots, per-link verdicts, the first broken link, cycles, missing
links, the JJF 1094 uncertainty ratio, the greedy build-out planner and the JJF 1033 checks.

The graphs are built by hand; each test says what a bureau would expect of it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiliang.kernels.traceability import (
    CERTIFICATE_LAPSED,
    CYCLE,
    HIGHER_INVALID_AT_CALIBRATION,
    HIGHER_NOT_APPROVED,
    HIGHER_SUSPENDED,
    MISSING,
    NOT_APPROVED,
    RATIO_EXCEEDED,
    Accuracy,
    Edge,
    Interval,
    Node,
    edges_in_force,
    greedy_max_coverage,
    judge_check,
    repeatability,
    stability,
    trace,
    uncertainty_ratio,
    valid_on,
)

D = dt.date
APPROVED = (Interval(D(2018, 1, 1), D(2029, 12, 31)),)
DAY = D(2025, 6, 1)


def pct(value: str) -> Accuracy:
    return Accuracy(Decimal(value), "%")


def luoyang_mass_chain() -> tuple[dict[str, Node], list[Edge]]:
    """NIM → 河南省院 → E2 → F1 → F2 → a shop scale: five links, each certificate in force on DAY except
    the F1 ← E2 calibration, which lapsed on 2025-04-30."""
    nodes = {
        "NIM": Node("NIM", "中国计量科学研究院", kind="external", root=True),
        "PROV": Node("PROV", "河南省计量测试科学研究院", kind="external"),
        "E2": Node("E2", "E2 weights", validity=APPROVED, accuracy=pct("0.00016")),
        "F1": Node("F1", "F1 weights", validity=APPROVED, accuracy=pct("0.0005")),
        "F2": Node("F2", "F2 weights", validity=APPROVED, accuracy=pct("0.0016")),
        "SCALE": Node("SCALE", "shop scale", kind="instrument", accuracy=pct("0.05")),
    }
    edges = [
        Edge("PROV", "NIM", "", Interval()),
        Edge("E2", "PROV", "YS-2024", Interval(D(2024, 3, 1), D(2026, 2, 28)), pct("0.00004")),
        Edge("F1", "E2", "LY-2024-1", Interval(D(2024, 5, 1), D(2025, 4, 30)), pct("0.000125")),
        Edge("F2", "F1", "LY-2025-7", Interval(D(2025, 1, 10), D(2026, 1, 9)), pct("0.0004")),
        Edge("SCALE", "F2", "JD2025-1", Interval(D(2025, 2, 1), D(2026, 1, 31))),
    ]
    return nodes, edges


def test_lapsed_calibration_in_the_middle_is_named_exactly() -> None:
    nodes, edges = luoyang_mass_chain()
    result = trace(nodes, edges, "SCALE", DAY)
    assert not result.holds
    assert len(result.chains) == 1
    chain = result.chains[0]
    assert chain.root == "NIM"
    assert [(link.lower, link.higher) for link in chain.links] == [
        ("SCALE", "F2"),
        ("F2", "F1"),
        ("F1", "E2"),
        ("E2", "PROV"),
        ("PROV", "NIM"),
    ]
    broken = [link for link in chain.links if link.broken]
    assert len(broken) == 1
    assert result.first_broken is broken[0]
    assert broken[0].edge is not None
    assert broken[0].edge.certificate == "LY-2024-1"
    assert [r.code for r in broken[0].reasons] == [CERTIFICATE_LAPSED]
    assert "F1 weights ← E2 weights" in broken[0].reasons[0].detail


def test_the_same_chain_holds_before_the_certificate_lapsed() -> None:
    nodes, edges = luoyang_mass_chain()
    result = trace(nodes, edges, "SCALE", D(2025, 4, 30))
    assert result.holds
    assert result.first_broken is None
    ratios = [link.ratio for link in result.chains[0].links]
    # JJF 1094: the verifying standard's MPE is 0.0016/0.05 of the scale's; each calibration ≤ 1/4.
    assert ratios[0] == Fraction(16, 500)
    assert ratios[1:4] == [Fraction(1, 4)] * 3
    assert ratios[4] is None  # the provincial institute to NIM: nothing to compare


def test_cycle_is_reported_and_not_followed() -> None:
    nodes = {
        "A": Node("A", "A", validity=APPROVED),
        "B": Node("B", "B", validity=APPROVED),
        "C": Node("C", "C", validity=APPROVED),
    }
    edges = [
        Edge("C", "A", "c-a", Interval(D(2025, 1, 1), D(2025, 12, 31))),
        Edge("A", "B", "a-b", Interval(D(2025, 1, 1), D(2025, 12, 31))),
        Edge("B", "A", "b-a", Interval(D(2025, 1, 1), D(2025, 12, 31))),
    ]
    result = trace(nodes, edges, "C", DAY)
    assert not result.holds
    assert len(result.chains) == 1
    last = result.chains[0].links[-1]
    assert (last.lower, last.higher) == ("B", "A")
    assert CYCLE in [r.code for r in last.reasons]
    assert result.chains[0].root is None
    assert result.first_broken is last


def test_missing_link_of_a_standard_and_of_an_unaccepted_external() -> None:
    nodes = {
        "S": Node("S", "lonely standard", validity=APPROVED),
        "T": Node("T", "traced to a lab", validity=APPROVED),
        "LAB": Node("LAB", "a private laboratory", kind="external"),
    }
    edges = [Edge("T", "LAB", "L-1", Interval(D(2025, 1, 1), D(2025, 12, 31)))]
    alone = trace(nodes, edges, "S", DAY)
    assert [(link.lower, link.higher, link.reasons[0].code) for link in alone.chains[0].links] == [
        ("S", None, MISSING)
    ]
    assert not alone.holds
    via_lab = trace(nodes, edges, "T", DAY)
    assert [(link.lower, link.higher) for link in via_lab.chains[0].links] == [("T", "LAB"), ("LAB", None)]
    assert via_lab.first_broken is not None
    assert via_lab.first_broken.lower == "LAB"
    assert via_lab.first_broken.reasons[0].code == MISSING


def test_uncertainty_ratio_above_one_third_breaks_the_link_and_a_wider_limit_accepts_it() -> None:
    nodes = {
        "ROOT": Node("ROOT", "NIM", kind="external", root=True),
        "S": Node("S", "pressure standard", validity=APPROVED, accuracy=pct("0.05")),
        "G": Node("G", "gauge", kind="instrument", accuracy=pct("0.1")),
    }
    edges = [
        Edge("S", "ROOT", "N-1", Interval(D(2025, 1, 1), D(2026, 12, 31)), pct("0.01")),
        Edge("G", "S", "JD-1", Interval(D(2025, 1, 1), D(2025, 12, 31))),
    ]
    strict = trace(nodes, edges, "G", DAY)
    assert strict.first_broken is not None
    assert strict.first_broken.ratio == Fraction(1, 2)
    assert strict.first_broken.ratio_ok is False
    assert [r.code for r in strict.first_broken.reasons] == [RATIO_EXCEEDED]
    assert trace(nodes, edges, "G", DAY, max_ratio=Fraction(1, 2)).holds


def test_numbers_in_different_units_are_not_compared() -> None:
    assert uncertainty_ratio(Accuracy(Decimal("0.3"), "dB"), pct("1")) is None
    nodes = {
        "ROOT": Node("ROOT", "NIM", kind="external", root=True),
        "SLM": Node("SLM", "sound level meter", kind="instrument", accuracy=Accuracy(Decimal("1.4"), "dB")),
    }
    edges = [Edge("SLM", "ROOT", "A-1", Interval(D(2025, 1, 1), D(2025, 12, 31)), pct("0.01"))]
    result = trace(nodes, edges, "SLM", DAY)
    assert result.holds
    assert result.chains[0].links[0].ratio is None
    assert result.chains[0].links[0].ratio_ok is None


def test_suspended_or_unapproved_calibrating_standard_breaks_the_link() -> None:
    nodes = {
        "ROOT": Node("ROOT", "NIM", kind="external", root=True),
        "S": Node("S", "S", validity=APPROVED, suspensions=(Interval(D(2025, 5, 20), None),)),
        "U": Node("U", "U", validity=(Interval(D(2018, 1, 1), D(2025, 3, 31)),)),
        "X": Node("X", "X", validity=APPROVED),
        "Y": Node("Y", "Y", validity=APPROVED),
    }
    edges = [
        Edge("S", "ROOT", "r1", Interval(D(2025, 1, 1), D(2026, 12, 31))),
        Edge("U", "ROOT", "r2", Interval(D(2025, 1, 1), D(2026, 12, 31))),
        Edge("X", "S", "x1", Interval(D(2025, 1, 1), D(2025, 12, 31))),
        Edge("Y", "U", "y1", Interval(D(2025, 1, 1), D(2025, 12, 31))),
    ]
    x = trace(nodes, edges, "X", DAY)
    assert x.first_broken is not None
    assert [r.code for r in x.first_broken.reasons] == [HIGHER_SUSPENDED]
    assert trace(nodes, edges, "X", D(2025, 5, 19)).holds
    y = trace(nodes, edges, "Y", DAY)
    assert y.first_broken is not None
    assert [r.code for r in y.first_broken.reasons] == [HIGHER_NOT_APPROVED]


def test_calibration_made_while_the_higher_standard_was_suspended_is_reported() -> None:
    nodes = {
        "ROOT": Node("ROOT", "NIM", kind="external", root=True),
        "S": Node("S", "S", validity=APPROVED, suspensions=(Interval(D(2025, 1, 1), D(2025, 1, 31)),)),
        "X": Node("X", "X", validity=APPROVED),
    }
    edges = [
        Edge("S", "ROOT", "r1", Interval(D(2024, 6, 1), D(2026, 5, 31))),
        Edge("X", "S", "x1", Interval(D(2025, 1, 15), D(2026, 1, 14))),
    ]
    result = trace(nodes, edges, "X", DAY)
    assert result.first_broken is not None
    assert [r.code for r in result.first_broken.reasons] == [HIGHER_INVALID_AT_CALIBRATION]


def test_the_item_itself_must_be_valid() -> None:
    nodes = {
        "ROOT": Node("ROOT", "NIM", kind="external", root=True),
        "S": Node("S", "S", validity=(Interval(D(2018, 1, 1), D(2021, 12, 31)),)),
    }
    edges = [Edge("S", "ROOT", "r1", Interval(D(2025, 1, 1), D(2026, 12, 31)))]
    result = trace(nodes, edges, "S", DAY)
    assert [r.code for r in result.start_reasons] == [NOT_APPROVED]
    assert result.first_broken is None
    assert not result.holds


def test_recalibration_supersedes_and_two_sources_give_two_chains() -> None:
    nodes = {
        "NIM": Node("NIM", "NIM", kind="external", root=True),
        "PTB": Node("PTB", "PTB", kind="external", root=True),
        "S": Node("S", "S", validity=APPROVED),
    }
    edges = [
        Edge("S", "NIM", "old", Interval(D(2024, 7, 1), D(2025, 6, 30))),
        Edge("S", "NIM", "new", Interval(D(2025, 5, 15), D(2026, 5, 14))),
        Edge("S", "PTB", "ptb", Interval(D(2025, 1, 1), D(2026, 12, 31))),
    ]
    result = trace(nodes, edges, "S", DAY)
    certificates = sorted(c.links[0].edge.certificate for c in result.chains if c.links[0].edge)
    assert certificates == ["new", "ptb"]
    assert {c.root for c in result.chains} == {"NIM", "PTB"}
    assert len(result.tree) == 2
    assert result.holds


def test_a_calibration_made_after_the_day_does_not_count() -> None:
    edge = Edge("S", "NIM", "later", Interval(D(2026, 1, 1), D(2026, 12, 31)))
    assert edges_in_force([edge], DAY) == []


def test_listing_stops_after_max_chains() -> None:
    # A lattice of 2 × 2 × 2 … choices: 2**8 chains, cut at 10.
    nodes = {"ROOT": Node("ROOT", "ROOT", kind="external", root=True)}
    edges = []
    levels = 8
    for level in range(levels + 1):
        for side in "ab":
            nodes[f"{level}{side}"] = Node(f"{level}{side}", f"{level}{side}", validity=APPROVED)
    for level in range(levels):
        for lower, higher in itertools.product("ab", "ab"):
            edges.append(
                Edge(f"{level}{lower}", f"{level + 1}{higher}", f"{level}{lower}{higher}", Interval())
            )
    edges += [Edge(f"{levels}{side}", "ROOT", f"root{side}", Interval()) for side in "ab"]
    result = trace(nodes, edges, "0a", DAY, max_chains=10)
    assert result.truncated
    assert not result.holds
    assert len(trace(nodes, edges, "0a", DAY).chains) == 2**levels


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError, match="ends"):
        Interval(D(2025, 2, 1), D(2025, 1, 1))
    with pytest.raises(ValueError, match="positive"):
        Accuracy(Decimal(0), "%")
    with pytest.raises(KeyError):
        trace({}, [], "nothing", DAY)
    with pytest.raises(ValueError, match="positive"):
        trace({"A": Node("A", "A")}, [], "A", DAY, max_ratio=Fraction(0))


def test_valid_on_reports_approval_and_suspension() -> None:
    node = Node("S", "S", validity=APPROVED, suspensions=(Interval(D(2025, 1, 1), None),))
    assert [r.code for r in valid_on(node, D(2030, 1, 1))] == [NOT_APPROVED, "suspended"]
    assert valid_on(Node("I", "instrument", kind="instrument"), DAY) == ()


# --- properties of the walk -----------------------------------------------------------------------


@st.composite
def graphs(draw: st.DrawFn) -> tuple[dict[str, Node], list[Edge]]:
    size = draw(st.integers(min_value=1, max_value=7))
    keys = [f"n{i}" for i in range(size)]
    nodes = {
        k: Node(k, k, kind="external" if root else "standard", root=root, validity=None if root else APPROVED)
        for k in keys
        for root in [draw(st.booleans())]
    }
    edges = []
    for lower, higher in draw(st.lists(st.tuples(st.sampled_from(keys), st.sampled_from(keys)), max_size=14)):
        start = D(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 300)))
        edges.append(
            Edge(lower, higher, f"{lower}-{higher}-{start}", Interval(start, start + dt.timedelta(400)))
        )
    return nodes, edges


@settings(deadline=None, max_examples=200)
@given(graph=graphs(), start=st.integers(0, 6))
def test_a_chain_never_repeats_an_item_and_ends_at_a_root_or_a_broken_link(
    graph: tuple[dict[str, Node], list[Edge]], start: int
) -> None:
    nodes, edges = graph
    key = sorted(nodes)[min(start, len(nodes) - 1)]
    result = trace(nodes, edges, key, D(2025, 11, 1))
    for chain in result.chains:
        items = [key] + [link.higher for link in chain.links if link.higher is not None]
        cyclic = any(CYCLE in [r.code for r in link.reasons] for link in chain.links)
        walked = items[:-1] if cyclic else items
        assert len(walked) == len(set(walked))
        if chain.root is not None:
            assert nodes[chain.root].root
            assert items[-1] == chain.root
        else:
            assert chain.links
            assert chain.links[-1].broken
    assert result.holds == (
        not result.start_reasons and bool(result.chains) and all(c.holds for c in result.chains)
    )


# --- the planner ---------------------------------------------------------------------------------


def test_planner_hand_computed() -> None:
    """Uncovered instruments: taximeters in 洛龙 3, pressure gauges in 涧西 1 and 洛龙 2, BP monitors 1.
    A county standard is listed before the city one so it wins a tie."""
    weights = {("taxi", "ll"): 3, ("press", "jx"): 1, ("press", "ll"): 2, ("bp", "jx"): 1}
    candidates = [
        ("taxi@ll", [("taxi", "ll")]),
        ("press@jx", [("press", "jx")]),
        ("press@ll", [("press", "ll")]),
        ("bp@jx", [("bp", "jx")]),
        ("taxi@city", [("taxi", "ll")]),
        ("press@city", [("press", "jx"), ("press", "ll")]),
        ("bp@city", [("bp", "jx")]),
    ]
    plan = greedy_max_coverage(candidates, weights, 5, covered=[("scale", "jx")])
    assert [(p.candidate, p.gain) for p in plan] == [("taxi@ll", 3), ("press@city", 3), ("bp@jx", 1)]
    assert [p.covered for p in plan] == [3, 6, 7]  # ("scale", "jx") has no weight here
    assert greedy_max_coverage(candidates, weights, 0) == []
    with pytest.raises(ValueError, match="negative"):
        greedy_max_coverage(candidates, weights, -1)


@st.composite
def coverage_problems(draw: st.DrawFn) -> tuple[list[tuple[int, list[int]]], dict[int, int], int]:
    elements = draw(st.integers(1, 8))
    weights = {e: draw(st.integers(0, 20)) for e in range(elements)}
    count = draw(st.integers(1, 6))
    candidates = [(c, draw(st.lists(st.integers(0, elements - 1), max_size=elements))) for c in range(count)]
    return candidates, weights, draw(st.integers(0, count))


@settings(deadline=None, max_examples=200)
@given(problem=coverage_problems())
def test_greedy_gains_never_increase_and_reach_one_minus_one_over_e_of_the_best(
    problem: tuple[list[tuple[int, list[int]]], dict[int, int], int],
) -> None:
    candidates, weights, budget = problem
    plan = greedy_max_coverage(candidates, weights, budget)
    gains = [p.gain for p in plan]
    assert gains == sorted(gains, reverse=True)
    assert all(g > 0 for g in gains)
    chosen = set().union(*(set(dict(candidates)[p.candidate]) for p in plan)) if plan else set()
    assert (plan[-1].covered if plan else 0) == sum(weights[e] for e in chosen)
    best = max(
        (
            sum(weights[e] for e in set().union(*(set(c[1]) for c in combo)))
            for size in range(budget + 1)
            for combo in itertools.combinations(candidates, size)
        ),
        default=0,
    )
    assert (plan[-1].covered if plan else 0) >= math.floor((1 - 1 / math.e) * best)


# --- JJF 1033-2023 checks ------------------------------------------------------------------------


def test_jjf_1033_stability_is_the_range_of_the_group_means() -> None:
    """New standard: m ≥ 4 groups more than a month apart; stability = max − min of the group means."""
    means = [Decimal("10.0012"), Decimal("10.0015"), Decimal("10.0010"), Decimal("10.0013")]
    assert stability(means) == Decimal("0.0005")
    assert judge_check("stability", means, Decimal("0.0005")).passed is False  # must be below |MPE|
    assert judge_check("stability", means, Decimal("0.0006")).passed is True


def test_jjf_1033_repeatability_is_the_experimental_standard_deviation() -> None:
    readings = [Decimal(v) for v in ("9.8", "10.0", "10.2")]
    assert repeatability(readings) == Decimal("0.2")
    assert judge_check("repeatability", readings, Decimal("0.2")).passed is True
    with pytest.raises(ValueError, match="two"):
        stability([Decimal(1)])
    with pytest.raises(ValueError, match="unknown"):
        judge_check("linearity", readings, Decimal(1))
