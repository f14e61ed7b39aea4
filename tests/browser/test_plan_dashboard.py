"""The plan dashboard in a real browser: switch county, follow a figure to its records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiliang.core.scoping import Role
from jiliang.plans import services
from jiliang.plans.seeding import DATA
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.selectors import SYSTEM
from tests.browser.conftest import login
from tests.instruments.factories import qualified_verifier, register, verify
from tests.registry.factories import OrganizationFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_switch_county_and_follow_a_figure(live_server: Any, page: Any) -> None:
    services.plan_load(actor=SYSTEM, text=(DATA / "luoyang-2015-2020.yaml").read_text(encoding="utf-8"))
    institute = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410300"))
    verifier = qualified_verifier(institute)
    jianxi = OrganizationFactory(name="涧西仪表用户", region=region("410305"))
    luolong = OrganizationFactory(name="洛龙仪表用户", region=region("410311"))
    for owner, verified in ((jianxi, True), (jianxi, False), (luolong, True)):
        instrument = register(owner, in_use=dt.date(2019, 3, 1), serial_number=f"DASH-{owner.pk}-{verified}")
        verify(instrument, verifier, dt.date(2019, 2, 20))
        if verified:
            verify(instrument, verifier, dt.date(2020, 2, 10))
    UserFactory(username="dash", role=Role.BUREAU)
    base = live_server.url
    login(page, base, "dash")

    page.goto(f"{base}/?as_of=2020-12-31")
    row = page.locator("#targets tr[data-code=B1]")
    assert "2 / 3" in row.inner_text()
    page.wait_for_selector("#targets tr[data-code=B1] .main-svg")  # the trend chart is drawn
    assert page.locator("#targets tr[data-code=E4] .value").inner_text().strip() != ""

    page.select_option("select[name=region]", "410305")
    page.click("#dashboard-form button[type=submit]")
    page.wait_for_url("**region=410305**")
    assert "1 / 2" in page.locator("#targets tr[data-code=B1]").inner_text()

    page.click("#targets tr[data-code=B1] td.value a")
    page.wait_for_url("**/instruments/instruments/?**")
    listed = page.inner_text("table.list tbody")
    assert listed.count("涧西仪表用户") == 2
    assert "洛龙仪表用户" not in listed
