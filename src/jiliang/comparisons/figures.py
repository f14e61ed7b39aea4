"""The plan's comparison figures, each one aggregate query.

For a period [start, end] (by the day a round starts), in the user's scope, optionally within a region
subtree (with the retired divisions the region succeeded):

* **provincial comparisons joined** — provincial rounds with at least one participant (in the region);
* **city comparisons organized** — city rounds piloted (in the region) that have started, i.e. were
  opened for results (a round still being planned is not organized yet);
* **share of satisfactory results** — participants with an outcome (evaluated rounds) whose outcome is
  satisfactory ÷ all participants with an outcome (in the region).

``by_year`` gives each count per calendar year, the form of the plan's annual targets (2–3 provincial,
1–2 city comparisons a year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from jiliang.comparisons.choices import Level, Outcome, RoundStatus
from jiliang.comparisons.models import ComparisonRound, Participant
from jiliang.comparisons.selectors import round_scope_q
from jiliang.kernels.verification import rate
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_subtree_q

STARTED = (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.EVALUATED)


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return rate(self.numerator, self.denominator)


def provincial_joined_rounds(
    *, user: Any, start: dt.date, end: dt.date, region: Region | None = None
) -> QuerySet[ComparisonRound]:
    participants = Participant.objects.all()
    if region is not None:
        participants = participants.filter(region_subtree_q(region, "organization__region"))
    return ComparisonRound.objects.filter(
        round_scope_q(user),
        level=Level.PROVINCIAL,
        starts_on__range=(start, end),
        pk__in=participants.values("round_id"),
    )


def city_organized_rounds(
    *, user: Any, start: dt.date, end: dt.date, region: Region | None = None
) -> QuerySet[ComparisonRound]:
    rounds = ComparisonRound.objects.filter(
        round_scope_q(user), level=Level.CITY, status__in=STARTED, starts_on__range=(start, end)
    )
    return rounds if region is None else rounds.filter(region_subtree_q(region, "pilot__region"))


def satisfactory_share(*, user: Any, start: dt.date, end: dt.date, region: Region | None = None) -> Share:
    participants = Participant.objects.filter(
        round_scope_q(user, prefix="round__"), round__starts_on__range=(start, end)
    ).exclude(outcome="")
    if region is not None:
        participants = participants.filter(region_subtree_q(region, "organization__region"))
    counts = participants.aggregate(
        judged=Count("pk"), satisfactory=Count("pk", filter=Q(outcome=Outcome.SATISFACTORY))
    )
    return Share(numerator=counts["satisfactory"], denominator=counts["judged"])


def by_year(rounds: QuerySet[ComparisonRound]) -> dict[int, int]:
    """Rounds counted per year they start (years without a round are absent)."""
    per_year = rounds.order_by().values(started=ExtractYear("starts_on")).annotate(n=Count("pk"))
    return {row["started"]: row["n"] for row in per_year}
