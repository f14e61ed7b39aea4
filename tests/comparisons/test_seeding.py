"""The seeded comparison rounds: every year since 2015, the plan's annual counts, evaluated by the kernel,
and the outliers' corrective actions and flags."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from jiliang.comparisons import figures
from jiliang.comparisons.choices import ActionStatus, Level, Outcome, RoundStatus
from jiliang.comparisons.models import ComparisonRound, CorrectiveAction, Participant, PointEvaluation
from jiliang.comparisons.seeding import seed_comparisons
from jiliang.core.seeding import SeedContext
from jiliang.registry.seeding import seed_registry
from jiliang.registry.selectors import SYSTEM
from jiliang.standards.seeding import seed_standards

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def test_rounds_every_year_with_outliers_and_their_consequences() -> None:
    ctx = SeedContext(scale="demo", rng=random.Random(7), today=TODAY)
    seed_registry(ctx)
    seed_standards(ctx)
    counts = seed_comparisons(ctx)
    assert counts["rounds"] == ComparisonRound.objects.count()
    start, end = dt.date(2015, 1, 1), dt.date(2025, 12, 31)
    city = figures.by_year(figures.city_organized_rounds(user=SYSTEM, start=start, end=end))
    provincial = figures.by_year(figures.provincial_joined_rounds(user=SYSTEM, start=start, end=end))
    assert set(city) == set(range(2015, 2026))
    assert all(1 <= n <= 2 for n in city.values())
    assert all(2 <= n <= 3 for n in provincial.values())
    # Finished rounds are evaluated (a stored reference value per point); this year's are still open.
    evaluated = ComparisonRound.objects.filter(status=RoundStatus.EVALUATED)
    assert PointEvaluation.objects.filter(point__round__in=evaluated).count() == evaluated.count()
    assert ComparisonRound.objects.filter(status=RoundStatus.OPEN, starts_on__year=2026).exists()
    # Each seeded outlier is unsatisfactory and has its corrective action; recent ones still open and
    # flagging the standard used.
    unsatisfactory = Participant.objects.filter(outcome=Outcome.UNSATISFACTORY)
    assert unsatisfactory.count() >= 3
    assert CorrectiveAction.objects.count() == unsatisfactory.count() == counts["corrective_actions"]
    open_actions = CorrectiveAction.objects.filter(status=ActionStatus.OPEN)
    assert open_actions.exists()
    for action in open_actions.select_related("standard_flag"):
        assert action.standard_flag is not None
        assert action.standard_flag.closed_on is None
    assert CorrectiveAction.objects.filter(
        status=ActionStatus.CLOSED, standard_flag__closed_on__isnull=False
    ).exists()
    share = figures.satisfactory_share(user=SYSTEM, start=start, end=end)
    assert 0.8 < share.rate < 1.0  # type: ignore[operator]
    assert ComparisonRound.objects.filter(level=Level.NATIONAL).exists()
