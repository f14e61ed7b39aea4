"""Coverage by local public standards and the build-out planner on a hand-computed case (2025-06-30).

Standards: city public for SCALE-NAWI (valid); city public for BP-MONITOR (approval lapsed: no); 涧西
county public for TAXIMETER (valid, covers 涧西 only); 洛龙 county public for PRESSURE-GAUGE (suspended:
no); an enterprise's highest standard for PRESSURE-GAUGE (not public: no).

In-use instruments on the day (one retired scale and one put into use later do not count):

    涧西  SCALE 3 (city) · TAXI 2 (涧西 county) · PRESSURE 1 · BP 1        covered 5 / 7
    洛龙  SCALE 2 (city) · TAXI 3 · PRESSURE 2                            covered 2 / 7
    → 7 / 14 = 50 %

Planner, budget 3 (county candidates listed first, so a county standard wins a tie):
    1. TAXIMETER county public in 洛龙: +3 → 10 / 14   (ties with a city TAXIMETER standard)
    2. PRESSURE-GAUGE city public:       +3 → 13 / 14   (a 洛龙 county one would add 2)
    3. BP-MONITOR county public in 涧西:  +1 → 14 / 14
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from jiliang.instruments import services as instruments
from jiliang.instruments.traceability import coverage, coverage_by_type, coverage_plan
from jiliang.registry.selectors import SYSTEM
from jiliang.standards import services
from jiliang.standards.choices import StandardLevel
from tests.instruments.factories import register
from tests.registry.factories import region
from tests.standards.factories import institute, standard

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2025, 6, 30)


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    city = institute("410300", "洛阳市计量测试院")
    jianxi = institute("410305", "涧西区计量检定所")
    C = StandardLevel.COUNTY_PUBLIC
    standard(city, types=("SCALE-NAWI",))
    standard(city, types=("BP-MONITOR",), approved=(D(2020, 1, 1), D(2024, 12, 31)))
    standard(jianxi, level=C, types=("TAXIMETER",))
    suspended = standard(world.institute, level=C, types=("PRESSURE-GAUGE",))
    services.standard_suspend(actor=SYSTEM, standard=suspended, on=D(2025, 5, 1), reason="稳定性不合格")
    standard(world.jianxi_org, level=StandardLevel.ENTERPRISE_HIGHEST, types=("PRESSURE-GAUGE",))
    jx, ll = world.jianxi_org, world.luolong_org
    for owner, code, n in (
        (jx, "SCALE-NAWI", 3),
        (jx, "TAXIMETER", 2),
        (jx, "PRESSURE-GAUGE", 1),
        (jx, "BP-MONITOR", 1),
        (ll, "SCALE-NAWI", 2),
        (ll, "TAXIMETER", 3),
        (ll, "PRESSURE-GAUGE", 2),
    ):
        for _ in range(n):
            register(owner, code=code, in_use=D(2024, 1, 10))
    retired = register(jx, code="SCALE-NAWI", in_use=D(2024, 1, 10))
    instruments.instrument_retire(actor=SYSTEM, instance=retired, status="scrapped", on=D(2025, 1, 1))
    register(ll, code="TAXIMETER", in_use=D(2025, 7, 1))


def test_coverage_of_the_hand_computed_case(world, case) -> None:  # type: ignore[no-untyped-def]
    figure = coverage(user=world.bureau, day=DAY)
    assert (figure.numerator, figure.denominator) == (7, 14)
    assert figure.rate == 0.5
    by_type = {t.type_code: t for t in coverage_by_type(user=world.bureau, day=DAY)}
    assert {c: (t.in_use, t.covered) for c, t in by_type.items()} == {
        "SCALE-NAWI": (5, 5),
        "TAXIMETER": (5, 2),
        "PRESSURE-GAUGE": (3, 0),
        "BP-MONITOR": (1, 0),
    }
    assert [(r.code if r else None, n) for r, n in by_type["TAXIMETER"].uncovered] == [("410311", 3)]
    assert [(r.code if r else None, n) for r, n in by_type["PRESSURE-GAUGE"].uncovered] == [
        ("410311", 2),
        ("410305", 1),
    ]


def test_coverage_by_region_and_scope(world, case) -> None:  # type: ignore[no-untyped-def]
    luolong = coverage(user=world.bureau, day=DAY, region=region("410311"))
    assert (luolong.numerator, luolong.denominator) == (2, 7)
    jianxi = coverage(user=world.county, day=DAY)  # the 涧西 bureau sees its own instruments
    assert (jianxi.numerator, jianxi.denominator) == (5, 7)
    # Before the suspension and the lapse: the BP monitor and 洛龙's pressure gauges were covered too.
    before = coverage(user=world.bureau, day=D(2024, 12, 31))
    assert (before.numerator, before.denominator) == (11, 15)  # the scrapped scale still in use then


def test_planner_agrees_with_the_hand_computed_greedy_choice(world, case) -> None:  # type: ignore[no-untyped-def]
    plan = coverage_plan(user=world.bureau, day=DAY, budget=3)
    assert [(p.type_code, p.level, p.county.code if p.county else None, p.gain, p.covered) for p in plan] == [
        ("TAXIMETER", StandardLevel.COUNTY_PUBLIC, "410311", 3, 10),
        ("PRESSURE-GAUGE", StandardLevel.CITY_PUBLIC, None, 3, 13),
        ("BP-MONITOR", StandardLevel.COUNTY_PUBLIC, "410305", 1, 14),
    ]
    assert plan[-1].rate == 1.0
    assert len(coverage_plan(user=world.bureau, day=DAY, budget=10)) == 3  # nothing more to gain
    assert coverage_plan(user=world.bureau, day=DAY, budget=0) == []


def test_coverage_api_and_page_show_the_same_figures(client, world, case) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(world.bureau)
    body = api.get("/api/v1/traceability/coverage/", {"as_of": "2025-06-30", "budget": 2}).json()
    assert (body["numerator"], body["denominator"], body["rate"]) == (7, 14, 0.5)
    assert [(p["type"], p["county"], p["gain"]) for p in body["plan"]] == [
        ("TAXIMETER", "410311", 3),
        ("PRESSURE-GAUGE", None, 3),
    ]
    client.force_login(world.bureau)
    page = client.get("/instruments/traceability/coverage/", {"as_of": "2025-06-30", "budget": 3})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<b class="rate">50.0 %</b>' in html
    assert html.count('<tr data-type="TAXIMETER">') == 2  # planner row and type row
