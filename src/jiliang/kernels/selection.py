"""Random inspection draws (双随机、一公开): stratified subjects, inspectors with recusal, reproducible.

Contents
--------
stratum_size(ratio, population)       how many subjects a stratum draws: ⌈ratio × population⌉, ≥ 1 if any
population_hash(members)              SHA-256 of a population, so a published draw names what it drew from
rank_key(seed, *parts)                the public ranking key of one member (the whole algorithm)
draw_subjects(strata, ratios, seed)   the subjects of a draw, stratum by stratum
draw_inspectors(subjects, inspectors, conflicts, seed, per_subject)  ≥ 2 inspectors per subject, recusal
draw_run(...)                         both steps at once: the record that is published and re-run

Rules (reference/supervision.md §2): "一单两库" — subjects from the object library, inspectors from the
inspector library, both drawn at random; at least two inspectors per check (行政处罚法 42); an inspector
with an interest in the subject recuses (行政处罚法 43), and that slot is redrawn; the number drawn per
stratum is ⌈ratio × population⌉ with a minimum of 1 where the stratum is not empty (INFERRED from county
plans such as 上高县 2023, "抽查数量 1户"); ratios differ by credit-risk class (国市监信发〔2022〕6号).

Reproducibility is the "一公开" half: the algorithm is deliberately simple enough that anyone can re-run a
published draw in any language. Every member is ranked by ``SHA-256(seed ‖ stratum ‖ id)`` (hex, as
text); a stratum draws its ``n`` lowest-ranked members; each subject's inspectors are taken in the order
of ``SHA-256(seed ‖ "inspector" ‖ subject ‖ inspector)``, skipping those with a conflict. Nothing depends
on Python's ``random`` module, whose sequences may change between versions. Ranking also makes draws
nested: a larger ratio draws every subject a smaller one drew.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

#: Recorded with every draw: a change to the ranking rule gets a new version, old draws keep theirs.
ALGORITHM = "sha256-rank-v1"
#: 行政处罚法 第四十二条: enforcement by at least two officers.
MIN_INSPECTORS = 2


class DrawError(ValueError):
    """A draw that cannot be made; ``code`` names the rule, ``params`` its values (rendered by the app)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class StratumDraw:
    """One stratum (e.g. risk class B): its population, ratio, how many were drawn and which."""

    stratum: str
    population: int
    ratio: Decimal
    size: int
    drawn: tuple[str, ...]


@dataclass(frozen=True)
class Assignment:
    """The inspectors drawn for one subject, and those passed over for a conflict (recused)."""

    subject: str
    inspectors: tuple[str, ...]
    recused: tuple[str, ...]


@dataclass(frozen=True)
class DrawResult:
    """A whole draw: what is published, and what a re-run must reproduce exactly."""

    algorithm: str
    seed: str
    population_hash: str
    strata: tuple[StratumDraw, ...]
    assignments: tuple[Assignment, ...]

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(s for stratum in self.strata for s in stratum.drawn)


def stratum_size(ratio: Decimal, population: int) -> int:
    """How many subjects a stratum of ``population`` draws at ``ratio`` (0–1): ⌈ratio × population⌉,
    at least 1 when the stratum is not empty and the ratio is positive, never more than the population.

    >>> stratum_size(Decimal("0.1"), 95), stratum_size(Decimal("0.05"), 3), stratum_size(Decimal("0.1"), 0)
    (10, 1, 0)
    >>> stratum_size(Decimal("0"), 40), stratum_size(Decimal("1"), 7)
    (0, 7)
    """
    if ratio < 0 or ratio > 1:
        raise DrawError("ratio_range", ratio=ratio)
    if population < 0:
        raise DrawError("population_negative", population=population)
    if population == 0 or ratio == 0:
        return 0
    return min(population, max(1, math.ceil(ratio * population)))


def population_hash(members: Mapping[str, Iterable[str]]) -> str:
    """SHA-256 (hex) of a stratified population: strata and their member ids, both sorted, one line each
    (``stratum<TAB>id``), so the same population always gives the same hash whatever its order.

    >>> population_hash({"B": ["2", "1"]}) == population_hash({"B": ["1", "2"]})
    True
    """
    lines = sorted(f"{stratum}\t{member}" for stratum, ids in members.items() for member in ids)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def rank_key(seed: str, *parts: str) -> str:
    """The ranking key of one member: SHA-256 hex of the seed and the parts joined by ``|``.

    >>> rank_key("2024-A", "B", "42")[:12]
    'bd68495971ef'
    """
    return hashlib.sha256("|".join((seed, *parts)).encode()).hexdigest()


def draw_subjects(
    *, strata: Mapping[str, Sequence[str]], ratios: Mapping[str, Decimal], seed: str
) -> tuple[StratumDraw, ...]:
    """Draw each stratum's ⌈ratio × population⌉ subjects: its members with the lowest ``rank_key(seed,
    stratum, id)``. A stratum without a ratio is an error (say 0 to draw none); duplicate ids are one.

    >>> draw = draw_subjects(strata={"A": ["1", "2", "3"]}, ratios={"A": Decimal("0.5")}, seed="s")
    >>> [d.drawn for d in draw]
    [('2', '1')]
    """
    if not seed:
        raise DrawError("seed_missing")
    result = []
    for stratum in sorted(strata):
        if stratum not in ratios:
            raise DrawError("ratio_missing", stratum=stratum)
        members = sorted(set(strata[stratum]))
        size = stratum_size(ratios[stratum], len(members))
        ranked = sorted(members, key=lambda m, s=stratum: rank_key(seed, s, m))  # type: ignore[misc]
        result.append(StratumDraw(stratum, len(members), ratios[stratum], size, tuple(ranked[:size])))
    return tuple(result)


def draw_inspectors(
    *,
    subjects: Sequence[str],
    inspectors: Sequence[str],
    conflicts: Mapping[str, frozenset[str]],
    seed: str,
    per_subject: int = MIN_INSPECTORS,
) -> tuple[Assignment, ...]:
    """For each subject, ``per_subject`` inspectors (at least two) in the order of ``rank_key(seed,
    "inspector", subject, inspector)``; an inspector in ``conflicts[subject]`` (same organization, a
    declared relation, an open case with the subject …) is recorded as recused and the next one is taken.

    >>> a = draw_inspectors(subjects=["S"], inspectors=["p", "q", "r"], conflicts={"S": frozenset({"r"})},
    ...                     seed="s")
    >>> a[0].inspectors, a[0].recused
    (('p', 'q'), ('r',))
    """
    if per_subject < MIN_INSPECTORS:
        raise DrawError("too_few_inspectors_per_subject", minimum=MIN_INSPECTORS, given=per_subject)
    pool = sorted(set(inspectors))
    assignments = []
    for subject in subjects:
        blocked = conflicts.get(subject, frozenset())
        chosen: list[str] = []
        recused: list[str] = []
        for inspector in sorted(pool, key=lambda i, s=subject: rank_key(seed, "inspector", s, i)):  # type: ignore[misc]
            if len(chosen) == per_subject:
                break
            (recused if inspector in blocked else chosen).append(inspector)
        if len(chosen) < per_subject:
            raise DrawError(
                "not_enough_inspectors", subject=subject, needed=per_subject, eligible=len(chosen)
            )
        assignments.append(Assignment(subject, tuple(chosen), tuple(recused)))
    return tuple(assignments)


def draw_run(
    *,
    strata: Mapping[str, Sequence[str]],
    ratios: Mapping[str, Decimal],
    inspectors: Sequence[str],
    conflicts: Mapping[str, frozenset[str]],
    seed: str,
    per_subject: int = MIN_INSPECTORS,
) -> DrawResult:
    """A whole draw — subjects by stratum, then their inspectors — with the algorithm, seed and population
    hash that let anyone re-run it from the public record and get the same list."""
    drawn = draw_subjects(strata=strata, ratios=ratios, seed=seed)
    subjects = [s for stratum in drawn for s in stratum.drawn]
    assignments = draw_inspectors(
        subjects=subjects, inspectors=inspectors, conflicts=conflicts, seed=seed, per_subject=per_subject
    )
    return DrawResult(ALGORITHM, seed, population_hash(strata), drawn, assignments)
