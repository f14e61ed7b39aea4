"""The pass rate on a hand-computed case: "two producers in 2024, one predecessor division".

Campaign 2024 (city, 2024-01-01 … 2024-12-31), Qn 500 g, N 20 (n 10); 2023 and 2020–2021 campaigns:

    #  producer (region)        sampled      where             category   verdict
    1  A 涧西 (410305)           2024-03-05   producer          dairy      pass
    2  A                        2024-04-05   producer          dairy      pass
    3  A                        2024-05-05   producer          snacks     fail
    4  B 洛龙 (410311)           2024-03-05   producer          dairy      pass
    5  B                        2024-06-05   producer          snacks     fail
    6  B                        2024-07-05   market in 涧西    dairy      pass   → region 涧西
    7  A                        2024-08-05   producer          dairy      not judged
    8  A                        2023-06-01   producer          dairy      fail   (outside 2024)
    9  Y 偃师市 (410381, retired) 2020-05-05   producer          grain_oil  pass
   10  Y                        2021-05-05   producer          grain_oil  fail

2024: overall 4 / 6; 涧西 3 / 4 (1, 2, 3, 6), 洛龙 1 / 2 (4, 5); dairy 4 / 4, snacks 0 / 2; A 2 / 3, B 2 / 3;
涧西 dairy 3 / 3. 2020–2021 by county (divisions of 2021-12-31): 偃师区 takes 偃师市's lots, 1 / 2.
Scopes in 2024: the enterprise A 2 / 3, the 涧西 county 3 / 4, the inspecting institute 4 / 6,
another institute 0 / 0 (no rate, not 0 %).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from jiliang.prepack import figures
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_get
from tests.prepack.factories import campaign, failing, lot, passing
from tests.registry.factories import OrganizationFactory, UserFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = dt.date
START, END = D(2024, 1, 1), D(2024, 12, 31)


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    a, b = world.jianxi_org, world.luolong_org
    y = OrganizationFactory(name="偃师老企业", region=Region.objects.get(code="410381"))
    shop = OrganizationFactory(name="涧西商场", kind=OrganizationKind.MARKET, region=region("410305"))
    c2024 = campaign(world.institute)
    c2023 = campaign(world.institute, start=D(2023, 1, 1), end=D(2023, 12, 31))
    c2020 = campaign(world.institute, start=D(2020, 1, 1), end=D(2021, 12, 31))

    def judged(of, producer, day, category, ok, **extra):  # type: ignore[no-untyped-def]
        values = passing(10) if ok else failing(10)
        return lot(of, producer, sampled_on=day, category=category, lot_size=20, measurements=values, **extra)

    lots = {
        1: judged(c2024, a, D(2024, 3, 5), "dairy", True),
        2: judged(c2024, a, D(2024, 4, 5), "dairy", True),
        3: judged(c2024, a, D(2024, 5, 5), "snacks", False),
        4: judged(c2024, b, D(2024, 3, 5), "dairy", True),
        5: judged(c2024, b, D(2024, 6, 5), "snacks", False),
        6: judged(c2024, b, D(2024, 7, 5), "dairy", True, market=shop),
        7: lot(c2024, a, sampled_on=D(2024, 8, 5), category="dairy", lot_size=20),
        8: judged(c2023, a, D(2023, 6, 1), "dairy", False),
        9: judged(c2020, y, D(2020, 5, 5), "grain_oil", True),
        10: judged(c2020, y, D(2021, 5, 5), "grain_oil", False),
    }
    return lots


def counts(figure: figures.Figure) -> tuple[int, int]:
    return figure.numerator, figure.denominator


def test_pass_rate_of_the_hand_computed_case(world, case) -> None:  # type: ignore[no-untyped-def]
    figure = figures.pass_rate(user=world.bureau, start=START, end=END)
    assert counts(figure) == (4, 6)
    assert figure.rate == pytest.approx(4 / 6)
    assert figure.failed == 2


def test_pass_rate_by_county_category_and_producer(world, case) -> None:  # type: ignore[no-untyped-def]
    city = region_get(code="410300")
    by_county = {
        r.region.code: counts(r.figure)
        for r in figures.pass_rate_by_county(user=world.bureau, start=START, end=END, root=city)
    }
    assert by_county["410305"] == (3, 4)
    assert by_county["410311"] == (1, 2)
    assert sum(d for _, d in by_county.values()) == 6
    by_category = {
        r.category: counts(r.figure)
        for r in figures.pass_rate_by_category(user=world.bureau, start=START, end=END)
    }
    assert by_category == {"dairy": (4, 4), "snacks": (0, 2)}
    by_producer = [
        (r.name, counts(r.figure))
        for r in figures.pass_rate_by_producer(user=world.bureau, start=START, end=END)
    ]
    assert sorted(by_producer) == [("洛龙测试企业", (2, 3)), ("涧西测试企业", (2, 3))]
    narrowed = figures.pass_rate(
        user=world.bureau, start=START, end=END, region=region("410305"), category="dairy"
    )
    assert counts(narrowed) == (3, 3)
    assert counts(figures.pass_rate(user=world.bureau, start=START, end=END, producer=world.jianxi_org)) == (
        2,
        3,
    )


def test_retired_divisions_fold_into_their_successor(world, case) -> None:  # type: ignore[no-untyped-def]
    rows = figures.pass_rate_by_county(
        user=world.bureau, start=D(2020, 1, 1), end=D(2021, 12, 31), root=region_get(code="410300")
    )
    by_county = {r.region.code: counts(r.figure) for r in rows}
    assert by_county["410307"] == (1, 2)
    assert "410381" not in by_county  # not a division in force at the end of 2021
    assert counts(
        figures.pass_rate(
            user=world.bureau, start=D(2020, 1, 1), end=D(2021, 12, 31), region=region("410307")
        )
    ) == (1, 2)


def test_pass_rate_by_year(world, case) -> None:  # type: ignore[no-untyped-def]
    rows = figures.pass_rate_by_year(user=world.bureau, start=D(2015, 1, 1), end=END)
    assert [(r.year, counts(r.figure)) for r in rows] == [
        (2020, (1, 1)),
        (2021, (0, 1)),
        (2023, (0, 1)),
        (2024, (4, 6)),
    ]


def test_each_role_sees_the_rate_of_its_own_scope(world, case) -> None:  # type: ignore[no-untyped-def]
    assert counts(figures.pass_rate(user=world.enterprise, start=START, end=END)) == (2, 3)
    assert counts(figures.pass_rate(user=world.county, start=START, end=END)) == (3, 4)
    assert counts(figures.pass_rate(user=world.institute_user, start=START, end=END)) == (4, 6)
    stranger = UserFactory(
        role="institute", organization=OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE)
    )
    nothing = figures.pass_rate(user=stranger, start=START, end=END)
    assert counts(nothing) == (0, 0)
    assert nothing.rate is None


def test_each_figure_is_one_query(world, case, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        figures.pass_rate(user=world.bureau, start=START, end=END, category="dairy")
    with django_assert_num_queries(1):
        figures.pass_rate_by_category(user=world.bureau, start=START, end=END)
    with django_assert_num_queries(1):
        figures.pass_rate_by_producer(user=world.bureau, start=START, end=END, limit=10)


def test_drill_down_lists_the_lots_behind_each_figure(client, world, case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    base = "/prepack/lots/?start=2024-01-01&end=2024-12-31"
    listed = client.get(f"{base}&figure=passed&region=410305")
    assert {o.pk for o in listed.context["page"].object_list} == {case[1].pk, case[2].pk, case[6].pk}
    listed = client.get(f"{base}&figure=inspected&category=snacks")
    assert {o.pk for o in listed.context["page"].object_list} == {case[3].pk, case[5].pk}
    api = APIClient()
    api.force_authenticate(world.bureau)
    failed = api.get("/api/v1/prepack-lots/?figure=failed&start=2024-01-01&end=2024-12-31").json()
    assert {r["id"] for r in failed["results"]} == {case[3].pk, case[5].pk}


def test_pass_rate_through_the_api_and_the_cli(world, case) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(world.county)
    body = api.get("/api/v1/prepack-figures/pass-rate/?start=2024-01-01&end=2024-12-31").json()
    assert body == {"numerator": 3, "denominator": 4, "rate": 0.75}
    refused = api.get("/api/v1/prepack-figures/pass-rate/?start=2024-12-31&end=2024-01-01")
    assert refused.status_code == 400
    out = io.StringIO()
    call_command(
        "prepack",
        "pass-rate",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--category",
        "dairy",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert (data["numerator"], data["denominator"], data["rate"]) == (4, 4, 1.0)
    out = io.StringIO()
    call_command(
        "prepack", "pass-rate", "--from", "2024-01-01", "--to", "2024-12-31", "--region", "410305", stdout=out
    )
    assert out.getvalue().strip() == "pass rate 2024-01-01 … 2024-12-31: 3 / 4 = 75.00%"


def test_the_figures_page_shows_the_case(client, world, case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    page = client.get("/prepack/figures/?start=2024-01-01&end=2024-12-31")
    assert page.status_code == 200
    assert counts(page.context["overall"]) == (4, 6)
    html = page.content.decode()
    assert "66.7 %" in html
    assert "/prepack/lots/?figure=passed&start=2024-01-01&end=2024-12-31&region=&category=" in html
