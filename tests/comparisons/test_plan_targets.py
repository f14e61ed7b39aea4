"""The plan's comparison targets (F1: 2–3 provincial comparisons joined a year, F2: 1–2 city comparisons
organized a year) are computed from the rounds on record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiliang.comparisons import services
from jiliang.comparisons.choices import Level
from jiliang.plans import selectors as plan_selectors
from jiliang.plans import services as plan_services
from jiliang.plans.seeding import DATA
from jiliang.registry.selectors import SYSTEM
from tests.comparisons.factories import comparison_round, enrol, point
from tests.standards.factories import institute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _started(actor: Any, pilot: Any, day: dt.date) -> None:
    comparison = comparison_round(
        actor=actor, pilot=pilot, starts_on=day, submission_deadline=day + dt.timedelta(90)
    )
    point(comparison, actor=actor)
    enrol(comparison, actor=actor)
    services.round_open(actor=actor, comparison=comparison)


def test_dashboard_targets_f1_f2_from_records(world: Any) -> None:
    plan = plan_services.plan_load(
        actor=SYSTEM, text=(DATA / "luoyang-2015-2020.yaml").read_text(encoding="utf-8")
    )
    pilot = institute("410300")
    _started(world.bureau, pilot, dt.date(2020, 4, 1))
    _started(world.bureau, pilot, dt.date(2019, 4, 1))  # another year: not counted for 2020
    for month in (3, 7):
        comparison_round(
            actor=world.institute_user,
            pilot=None,
            level=Level.PROVINCIAL,
            starts_on=dt.date(2020, month, 1),
            submission_deadline=dt.date(2020, month + 2, 1),
        )
    states = {
        s.target.code: s
        for s in plan_selectors.plan_status(plan=plan, user=world.bureau, as_of=dt.date(2020, 12, 31))
    }
    assert states["F1"].value is not None
    assert states["F1"].value.value == 2
    assert states["F1"].status == "met"
    assert states["F2"].value is not None
    assert states["F2"].value.value == 1
    assert states["F2"].status == "met"
    assert "level=provincial" in states["F1"].value.link
