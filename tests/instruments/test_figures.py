"""The mandatory-verification figures on a hand-computed case (docs/figures.md gives the definitions).

Ten instruments, period 2024-01-01 … 2024-12-31 (SCALE-NAWI: periodic 12 months; WATER-DN25: first
verification only, 72-month life):

    A 涧西 periodic, overdue since 2023-01-03, never verified again    due ✓ verified ✗
    B 涧西 periodic, due 2024-03-01, verified 2024-02-20                due ✓ verified ✓
    C 洛龙 periodic, due 2024-05-25, verified late 2024-06-30 (fail)    due ✓ verified ✓
    D 洛龙 periodic, new: verified 2024-03-01, in use 2024-03-05        due ✓ verified ✓
    E 涧西 periodic, verified 2023-12-20, in use 2024-01-05, verified 2024-12-15   due ✓ verified ✓
    F 涧西 water meter put into use 2024-04-01, verified 2024-03-20     due ✓ verified ✓
    G 洛龙 water meter put into use 2024-05-01, never verified          due ✓ verified ✗
    H 涧西 water meter in use since 2019 (life ends 2024-12-19)         not due in 2024
    I 涧西 periodic, due 2023-12-01 but retired 2023-06-01              not due
    J 涧西 periodic, due 2023-06-01, retired 2024-03-01 unverified      due ✓ verified ✗

→ all: 5 / 8; household meters: 1 / 2; 涧西: 3 / 5; 洛龙: 2 / 3.
Coverage on 2024-12-31: in use A B C D E F G H (8), valid B D E F (4); overdue A C G H (4).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from jiliang.instruments import figures, services
from jiliang.instruments.choices import TypeSet
from jiliang.registry.selectors import SYSTEM, region_get
from tests.instruments.factories import qualified_verifier, register, verify

pytestmark = pytest.mark.django_db

START, END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
D = dt.date


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    v = qualified_verifier(world.institute)
    jx, ll = world.jianxi_org, world.luolong_org
    a = register(jx, in_use=D(2020, 1, 10))
    for day in (D(2020, 1, 5), D(2021, 1, 4), D(2022, 1, 3)):
        verify(a, v, day)
    b = register(jx, in_use=D(2023, 3, 5))
    verify(b, v, D(2023, 3, 1))
    verify(b, v, D(2024, 2, 20))
    c = register(ll, in_use=D(2023, 6, 1))
    verify(c, v, D(2023, 5, 25))
    verify(c, v, D(2024, 6, 30), result="fail")
    d = register(ll, in_use=D(2024, 3, 5))
    verify(d, v, D(2024, 3, 1))
    e = register(jx, in_use=D(2024, 1, 5))
    verify(e, v, D(2023, 12, 20))
    verify(e, v, D(2024, 12, 15))
    f = register(jx, code="WATER-DN25", in_use=D(2024, 4, 1))
    verify(f, v, D(2024, 3, 20))
    g = register(ll, code="WATER-DN25", in_use=D(2024, 5, 1))
    h = register(jx, code="WATER-DN25", in_use=D(2019, 1, 1))
    verify(h, v, D(2018, 12, 20))
    i = register(jx, in_use=D(2022, 12, 5))
    verify(i, v, D(2022, 12, 1))
    services.instrument_retire(actor=SYSTEM, instance=i, status="out_of_use", on=D(2023, 6, 1))
    j = register(jx, in_use=D(2022, 6, 5))
    verify(j, v, D(2022, 6, 1))
    services.instrument_retire(actor=SYSTEM, instance=j, status="scrapped", on=D(2024, 3, 1))
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g, "H": h, "I": i, "J": j}


def _ids(case, names: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {case[n].pk for n in names}


def test_inspection_rate_of_the_hand_computed_case(world, case) -> None:  # type: ignore[no-untyped-def]
    figure = figures.inspection_rate(user=world.bureau, start=START, end=END)
    assert (figure.numerator, figure.denominator) == (5, 8)
    assert figure.rate == 5 / 8
    household = figures.inspection_rate(
        user=world.bureau, start=START, end=END, filters=figures.Filters(types=TypeSet.HOUSEHOLD_FOUR)
    )
    assert (household.numerator, household.denominator) == (1, 2)


def test_by_county_and_the_county_users_own_view(world, case) -> None:  # type: ignore[no-untyped-def]
    rows = figures.inspection_rate_by_county(
        user=world.bureau, start=START, end=END, root=region_get(code="410300")
    )
    by_code = {r.region.code: (r.figure.numerator, r.figure.denominator) for r in rows}
    assert by_code["410305"] == (3, 5)
    assert by_code["410311"] == (2, 3)
    assert len(rows) == 14  # the divisions in force at the end of 2024
    own = figures.inspection_rate(user=world.county, start=START, end=END)
    assert (own.numerator, own.denominator) == (3, 5)


def test_coverage_and_overdue_of_the_hand_computed_case(world, case) -> None:  # type: ignore[no-untyped-def]
    coverage = figures.valid_coverage(user=world.bureau, day=END)
    assert (coverage.numerator, coverage.denominator) == (4, 8)
    assert figures.overdue_count(user=world.bureau, day=END) == 4


@pytest.mark.parametrize(
    ("figure", "params", "expected"),
    [
        ("inspection-due", {"from": START, "to": END}, "ABCDEFGJ"),
        ("inspection-verified", {"from": START, "to": END}, "BCDEF"),
        ("inspection-missed", {"from": START, "to": END}, "AGJ"),
        ("in-use", {"as_of": END}, "ABCDEFGH"),
        ("valid", {"as_of": END}, "BDEF"),
        ("not-valid", {"as_of": END}, "ACGH"),
        ("overdue", {"as_of": END}, "ACGH"),
    ],
)
def test_drill_down_lists_exactly_the_instruments_behind_each_figure(
    world, case, figure, params, expected
) -> None:  # type: ignore[no-untyped-def]
    from jiliang.instruments.models import Instrument

    behind = figures.instruments_behind(Instrument.objects.all(), figure, params)
    assert set(behind.values_list("pk", flat=True)) == _ids(case, expected)


def test_cli_api_and_page_agree(client, world, case) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command(
        "kpi",
        "inspection-rate",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--region",
        "410305",
        "--json",
        stdout=out,
    )
    cli = json.loads(out.getvalue())
    assert (cli["numerator"], cli["denominator"], cli["rate"]) == (3, 5, 0.6)

    api = APIClient()
    api.force_authenticate(world.bureau)
    body = api.get(
        "/api/v1/figures/inspection-rate/", {"start": "2024-01-01", "end": "2024-12-31", "region": "410305"}
    ).json()
    assert body == {"numerator": 3, "denominator": 5, "rate": 0.6}

    client.force_login(world.bureau)
    page = client.get(
        "/instruments/figures/", {"start": "2024-01-01", "end": "2024-12-31", "region": "410305"}
    )
    html = page.content.decode()
    assert "60.0 %" in html
    listing = client.get(
        "/instruments/instruments/",
        {"figure": "inspection-due", "start": "2024-01-01", "end": "2024-12-31", "region": "410305"},
    )
    assert listing.context["page"].paginator.count == 5


def test_cli_refuses_bad_input_with_exit_2() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("kpi", "inspection-rate", "--from", "2024-13-01", "--to", "2024-12-31")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        call_command(
            "kpi", "inspection-rate", "--from", "2024-01-01", "--to", "2024-12-31", "--region", "999999"
        )
    assert exc.value.returncode == 2


def test_as_of_2018_groups_by_the_2018_divisions(world) -> None:  # type: ignore[no-untyped-def]
    """An instrument registered under 孟津县 (410322) counts for 孟津县 in 2018 and for 孟津区 today."""
    from jiliang.registry.models import Region
    from tests.registry.factories import OrganizationFactory

    owner = OrganizationFactory(region=Region.objects.get(code="410322"))
    v = qualified_verifier(world.institute)
    instrument = register(owner, in_use=D(2017, 3, 1))
    verify(instrument, v, D(2017, 2, 20))
    verify(instrument, v, D(2018, 2, 10))
    rows_2018 = figures.inspection_rate_by_county(
        user=world.bureau, start=D(2018, 1, 1), end=D(2018, 12, 31), root=region_get(code="410300")
    )
    codes = {r.region.code: r.figure.denominator for r in rows_2018}
    assert codes["410322"] == 1
    assert "410308" not in codes
    rows_now = figures.valid_coverage_by_county(
        user=world.bureau, day=D(2019, 1, 1), root=region_get(code="410300")
    )
    assert {r.region.code for r in rows_now} >= {"410322", "410306", "410381"}
    later = figures.inspection_rate_by_county(
        user=world.bureau, start=D(2018, 1, 1), end=D(2022, 12, 31), root=region_get(code="410300")
    )
    assert {r.region.code: r.figure.denominator for r in later}["410308"] == 1


def test_an_instrument_with_several_counting_dues_counts_once(world) -> None:  # type: ignore[no-untyped-def]
    """Each instrument counts once, found at its first counting due from the due before it: the figures
    agree with the drill-down (a set of instruments) on chains where several dues count in 2024.

    K half-yearly: due 2024-01-10 (verified 2024-01-05), 2024-07-05 (verified 2024-07-01): two dues.
    L yearly: due 2024-01-10 verified; the next (due 2025-01-05) verified early 2024-06-01 and failed,
      so a third due 2024-06-01 counts again after one that does not (verified 2024-06-10).
    M 24-month: the due before (2025-06-01) does not count; it failed early on 2024-05-01, and the due
      of that failure is the first counting due of M (never verified again).
    N yearly: failed 2024-02-01 and passed 2024-02-05: two counting dues, the second still in 2024.
    """
    from jiliang.instruments.models import Instrument
    from tests.registry.factories import OrganizationFactory

    owner = OrganizationFactory(region=world.jianxi_org.region)
    v = qualified_verifier(world.institute)
    k = register(owner, code="PRESSURE-GAUGE", in_use=D(2024, 1, 10))
    verify(k, v, D(2024, 1, 5))
    verify(k, v, D(2024, 7, 1))
    ell = register(owner, in_use=D(2024, 1, 10))
    verify(ell, v, D(2024, 1, 5))
    verify(ell, v, D(2024, 6, 1), result="fail")
    verify(ell, v, D(2024, 6, 10))
    m = register(owner, code="FLOWMETER", in_use=D(2023, 6, 5))
    verify(m, v, D(2023, 6, 1))
    verify(m, v, D(2024, 5, 1), result="fail")
    n = register(owner, in_use=D(2023, 2, 5))
    verify(n, v, D(2023, 2, 1))
    verify(n, v, D(2024, 2, 1), result="fail")
    verify(n, v, D(2024, 2, 5))
    mine = Instrument.objects.filter(owner=owner)
    params = {"from": START, "to": END}
    due = set(figures.instruments_behind(mine, "inspection-due", params).values_list("pk", flat=True))
    done = set(figures.instruments_behind(mine, "inspection-verified", params).values_list("pk", flat=True))
    assert due == {k.pk, ell.pk, m.pk, n.pk}
    assert done == {k.pk, ell.pk, n.pk}
    filters = figures.Filters(owner=owner)
    figure = figures.inspection_rate(user=world.bureau, start=START, end=END, filters=filters)
    assert (figure.numerator, figure.denominator) == (3, 4)
    by_type = figures.inspection_rate_by_type(user=world.bureau, start=START, end=END, filters=filters)
    assert sum(r["figure"].denominator for r in by_type) == 4
    assert sum(r["figure"].numerator for r in by_type) == 3
    (jianxi,) = [
        r
        for r in figures.inspection_rate_by_county(
            user=world.bureau, start=START, end=END, root=region_get(code="410300"), filters=filters
        )
        if r.region.code == "410305"
    ]
    assert (jianxi.figure.numerator, jianxi.figure.denominator) == (3, 4)
