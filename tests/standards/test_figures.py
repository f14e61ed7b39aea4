"""The plan's standards figures from records, the re-examination list, and a chain checked from the database.

Hand-computed case on 2025-06-30 (counties in force: the 14 districts and counties of 2021 →):

    city institute   C1 city public, valid                                   counts
                     C2 city public, approval lapsed 2025-03-31               no
                     C3 city public, suspended 2025-06-01                     no
                     C4 city public, approval from 2025-07-01 only            no
    涧西 institute   J1 J2 county public, valid                                yes
    涧西 enterprise  J3 enterprise highest, valid                            no (not public)
    洛龙 institute   L1 county public, valid                                  yes
                     L2 county public, retired 2025-05-01                     no

→ city public 1; county public 3 over 14 counties (0.214…); public total 4.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jiliang.registry.selectors import SYSTEM
from jiliang.standards import selectors, services
from jiliang.standards.choices import StandardLevel
from jiliang.standards.selectors import (
    city_public_standard_count,
    county_public_standard_average,
    public_standard_total,
)
from tests.registry.factories import region
from tests.standards.factories import institute, link, nim, province, standard

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2025, 6, 30)


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    city = institute("410300", "洛阳市计量测试院")
    jianxi = institute("410305", "涧西区计量检定所")
    C = StandardLevel.COUNTY_PUBLIC
    made = {
        "C1": standard(city),
        "C2": standard(city, approved=(D(2021, 4, 1), D(2025, 3, 31))),
        "C3": standard(city),
        "C4": standard(city, approved=(D(2025, 7, 1), D(2029, 6, 30))),
        "J1": standard(jianxi, level=C),
        "J2": standard(jianxi, level=C),
        "J3": standard(world.jianxi_org, level=StandardLevel.ENTERPRISE_HIGHEST),
        "L1": standard(world.institute, level=C),
        "L2": standard(world.institute, level=C),
    }
    services.standard_suspend(actor=SYSTEM, standard=made["C3"], on=D(2025, 6, 1), reason="稳定性不合格")
    services.standard_retire(actor=SYSTEM, standard=made["L2"], on=D(2025, 5, 1), reason="撤销")
    return made


def test_the_four_standards_figures_of_the_hand_computed_case(world, case) -> None:  # type: ignore[no-untyped-def]
    assert city_public_standard_count(user=world.bureau, day=DAY) == 1
    average = county_public_standard_average(user=world.bureau, day=DAY)
    assert (average.total, average.counties) == (3, 14)
    assert average.value == pytest.approx(3 / 14)
    assert public_standard_total(user=world.bureau, day=DAY) == 4
    # Before the suspension and the lapse: C1 C2 C3 and all four county standards.
    assert city_public_standard_count(user=world.bureau, day=D(2025, 3, 31)) == 3
    assert public_standard_total(user=world.bureau, day=D(2025, 3, 31)) == 7


def test_figures_follow_scope_and_region(world, case) -> None:  # type: ignore[no-untyped-def]
    county = county_public_standard_average(user=world.county, day=DAY)  # 涧西区 bureau
    assert (county.total, county.counties) == (2, 1)
    assert public_standard_total(user=world.county, day=DAY) == 2
    assert city_public_standard_count(user=world.county, day=DAY) == 0
    luolong = county_public_standard_average(user=world.bureau, day=DAY, region=region("410311"))
    assert (luolong.total, luolong.counties) == (1, 1)
    assert public_standard_total(user=world.bureau, day=DAY, region=region("410300")) == 4
    assert public_standard_total(user=world.institute_user, day=DAY) == 1  # its own L1


def test_counties_in_force_follow_the_redivision(world, case) -> None:  # type: ignore[no-untyped-def]
    # 2020: 偃师市, 孟津县 and 吉利区 instead of 偃师区 and 孟津区 — 15 divisions.
    assert county_public_standard_average(user=world.bureau, day=D(2020, 6, 30)).counties == 15


def test_reexamination_list_holds_standards_lapsing_within_the_lead_time(world, case, settings) -> None:  # type: ignore[no-untyped-def]
    soon = standard(case["C1"].holder, approved=(D(2021, 10, 1), D(2025, 9, 30)))
    listed = list(selectors.approval_expiry_list(user=world.bureau, today=DAY))
    assert soon in listed
    assert case["C2"] in listed  # lapsed already, not renewed
    assert case["C1"] not in listed  # valid until 2030
    assert listed.index(case["C2"]) < listed.index(soon)
    settings.JILIANG_STANDARD_REEXAM_LEAD_MONTHS = 2
    assert soon not in list(selectors.approval_expiry_list(user=world.bureau, today=DAY))
    assert list(selectors.approval_expiry_list(user=world.enterprise, today=DAY)) == []


def test_standard_chain_from_the_database_names_the_lapsed_link(world) -> None:  # type: ignore[no-untyped-def]
    city = institute("410300")
    root = nim()
    henan = province(root)
    e2 = standard(city, accuracy="0.0002")
    f1 = standard(city, accuracy="0.001")
    f2 = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, accuracy="0.005")
    link(e2, henan, on=D(2024, 3, 1), until=D(2026, 2, 28), uncertainty="0.00005")
    lapsed = link(f1, e2, on=D(2024, 5, 1), until=D(2025, 4, 30), number="LY-LAPSED", uncertainty="0.0002")
    link(f2, f1, on=D(2025, 1, 10), until=D(2026, 1, 9), uncertainty="0.001")
    result = selectors.standard_trace(standard=f2, day=DAY)
    assert not result.holds
    broken = result.first_broken
    assert broken is not None
    assert broken.edge is not None
    assert broken.edge.certificate == "LY-LAPSED"
    assert broken.edge.ref == str(lapsed.pk)
    assert [link.higher for link in result.chains[0].links][-1] == f"external:{root.pk}"
    assert selectors.standard_trace(standard=f2, day=D(2025, 4, 30)).holds
