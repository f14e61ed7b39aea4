"""Random inspection draws (双随机、一公开, reference/supervision.md §2): ⌈ratio × population⌉ per stratum
with a minimum of 1 (上高县 2023 county plan: "抽查数量 1户"), ≥ 2 inspectors per subject (行政处罚法 42),
recusal redraws the slot (行政处罚法 43), and a draw re-runs identically from its public record."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiliang.kernels.selection import (
    ALGORITHM,
    DrawError,
    draw_inspectors,
    draw_run,
    draw_subjects,
    population_hash,
    rank_key,
    stratum_size,
)


@pytest.mark.parametrize(
    ("ratio", "population", "size"),
    [
        ("0.10", 95, 10),  # 潞州区 2025: 抽查比例不低于10% — 9.5 rounds up
        ("0.10", 100, 10),
        ("0.01", 30, 1),  # 上高县 2023: a 1 % ratio on a small population still draws one
        ("0.05", 0, 0),
        ("1", 12, 12),
        ("0", 12, 0),
    ],
)
def test_stratum_size_is_the_ceiling_with_a_minimum_of_one(ratio: str, population: int, size: int) -> None:
    assert stratum_size(Decimal(ratio), population) == size


def test_bad_ratios_and_missing_strata_are_refused_with_a_code() -> None:
    with pytest.raises(DrawError) as raised:
        stratum_size(Decimal("1.5"), 3)
    assert raised.value.code == "ratio_range"
    with pytest.raises(DrawError) as raised:
        draw_subjects(strata={"C": ["1"]}, ratios={}, seed="s")
    assert (raised.value.code, raised.value.params) == ("ratio_missing", {"stratum": "C"})
    with pytest.raises(DrawError) as raised:
        draw_subjects(strata={"C": ["1"]}, ratios={"C": Decimal("1")}, seed="")
    assert raised.value.code == "seed_missing"


def test_the_ranking_is_plain_sha256_so_anyone_can_rerun_it() -> None:
    assert rank_key("2024-计量-1", "B", "42") == hashlib.sha256("2024-计量-1|B|42".encode()).hexdigest()
    drawn = draw_subjects(strata={"B": ["1", "2", "3", "4"]}, ratios={"B": Decimal("0.5")}, seed="x")
    by_hand = sorted(["1", "2", "3", "4"], key=lambda m: hashlib.sha256(f"x|B|{m}".encode()).hexdigest())[:2]
    assert drawn[0].drawn == tuple(by_hand)


def test_recusal_redraws_the_slot_and_too_few_inspectors_is_an_error() -> None:
    inspectors = [f"p{i}" for i in range(5)]
    free = draw_inspectors(subjects=["S"], inspectors=inspectors, conflicts={}, seed="s")[0]
    conflicted = draw_inspectors(
        subjects=["S"], inspectors=inspectors, conflicts={"S": frozenset({free.inspectors[0]})}, seed="s"
    )[0]
    assert conflicted.recused == (free.inspectors[0],)
    assert conflicted.inspectors[0] == free.inspectors[1]
    assert free.inspectors[0] not in conflicted.inspectors
    with pytest.raises(DrawError) as raised:
        draw_inspectors(subjects=["S"], inspectors=["a", "b"], conflicts={"S": frozenset({"a"})}, seed="s")
    assert raised.value.code == "not_enough_inspectors"
    with pytest.raises(DrawError):
        draw_inspectors(subjects=["S"], inspectors=inspectors, conflicts={}, seed="s", per_subject=1)


ids = st.lists(st.integers(min_value=1, max_value=10_000).map(str), max_size=60, unique=True)
ratio = st.decimals(min_value=0, max_value=1, places=2)


@given(a=ids, b=ids, r_a=ratio, r_b=ratio, seed=st.text(min_size=1, max_size=12))
def test_a_draw_is_a_reproducible_subset_of_the_right_size(
    a: list[str], b: list[str], r_a: Decimal, r_b: Decimal, seed: str
) -> None:
    strata = {"A": a, "B": b}
    inspectors = [f"i{n}" for n in range(6)]
    conflicts = {s: frozenset({"i0", "i1"}) for s in a[:3]}
    run = draw_run(
        strata=strata, ratios={"A": r_a, "B": r_b}, inspectors=inspectors, conflicts=conflicts, seed=seed
    )
    again = draw_run(
        strata={"B": list(reversed(b)), "A": list(reversed(a))},
        ratios={"A": r_a, "B": r_b},
        inspectors=list(reversed(inspectors)),
        conflicts=conflicts,
        seed=seed,
    )
    assert run == again  # the order members are listed in does not matter
    assert run.algorithm == ALGORITHM
    assert run.population_hash == population_hash(strata)
    for stratum in run.strata:
        assert stratum.size == stratum_size(stratum.ratio, stratum.population) == len(stratum.drawn)
        assert set(stratum.drawn) <= set(strata[stratum.stratum])
    for assignment in run.assignments:
        assert len(set(assignment.inspectors)) == len(assignment.inspectors) >= 2
        assert not set(assignment.inspectors) & conflicts.get(assignment.subject, frozenset())


@given(members=ids, low=ratio, high=ratio, seed=st.text(min_size=1, max_size=12))
def test_a_larger_ratio_draws_everyone_a_smaller_one_drew(
    members: list[str], low: Decimal, high: Decimal, seed: str
) -> None:
    low, high = min(low, high), max(low, high)
    small = draw_subjects(strata={"A": members}, ratios={"A": low}, seed=seed)[0].drawn
    large = draw_subjects(strata={"A": members}, ratios={"A": high}, seed=seed)[0].drawn
    assert set(small) <= set(large)
