"""Traceability in a real browser: a scale's chain up to NIM from its page, a standard's chain tree, and the
coverage page's build-out planner."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from jiliang.core.scoping import Role
from jiliang.instruments import services as instruments
from jiliang.registry.selectors import SYSTEM
from jiliang.standards.choices import StandardLevel
from tests.instruments.factories import qualified_verifier, register
from tests.registry.factories import OrganizationFactory, UserFactory, region
from tests.standards.factories import institute, link, nim, province, standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-123456")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def test_chain_of_a_scale_up_to_nim_and_the_coverage_planner(live_server: Any, page: Any) -> None:
    today = dt.date.today()
    city = institute("410300", "洛阳市计量测试院")
    county = institute("410311", "洛龙区计量检定所")
    shop = OrganizationFactory(name="浏览器超市", region=region("410311"))
    root = nim()
    henan = province(root)
    e2 = standard(city, accuracy="0.0002", code="410300-001")
    f1 = standard(city, accuracy="0.001", code="410300-002")
    f2 = standard(
        county, level=StandardLevel.COUNTY_PUBLIC, accuracy="0.005", verified_mpe="0.05",
        types=("SCALE-NAWI",), code="410311-001",
    )  # fmt: skip
    start, end = today - dt.timedelta(days=100), today + dt.timedelta(days=265)
    link(e2, henan, on=start, until=end, uncertainty="0.00005")
    link(f1, e2, on=start, until=end + dt.timedelta(days=30), uncertainty="0.0002")
    link(f2, f1, on=start, until=end, uncertainty="0.001")
    scale = register(shop, in_use=today - dt.timedelta(days=5))
    instruments.verification_record_create(
        actor=SYSTEM,
        data={
            "instrument": scale,
            "institution": county,
            "verifier": qualified_verifier(county, "SCALE-NAWI"),
            "verified_on": today - dt.timedelta(days=7),
            "standard": f2,
            "result": "pass",
        },
    )
    for _ in range(3):
        register(shop, code="TAXIMETER", in_use=today - dt.timedelta(days=30))  # no standard covers these
    UserFactory(username="boss", role=Role.BUREAU)
    base = live_server.url
    _login(page, base, "boss")

    # The scale's page → its chain: five links, every one holding, up to 中国计量科学研究院.
    page.goto(f"{base}/instruments/instruments/{scale.pk}/")
    page.click("#show-chain")
    page.wait_for_url(re.compile(rf"/instruments/instruments/{scale.pk}/chain/"))
    assert page.get_attribute("#trace", "data-holds") == "true"
    assert page.locator("#trace li[data-broken=false]").count() == 5
    assert "中国计量科学研究院" in page.inner_text("#trace .tree")
    assert "410311-001" in page.inner_text("#trace .tree")

    # The F1 standard's chain as of the day after E2's calibration lapsed: exactly that link breaks.
    page.goto(f"{base}/standards/standards/{f1.pk}/")
    page.click("#show-chain")
    page.fill("input[name=as_of]", (end + dt.timedelta(days=1)).isoformat())
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"as_of="))
    assert page.get_attribute("#trace", "data-holds") == "false"
    assert page.locator("#trace [data-reason=certificate_lapsed]").count() == 1

    # Coverage: 1 of 4 in-use instruments covered; the planner suggests a taximeter standard in 洛龙.
    page.goto(f"{base}/instruments/traceability/coverage/")
    assert page.inner_text("#coverage .rate") == "25.0 %"
    page.fill("input[name=budget]", "1")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"budget=1"))
    rows = page.locator("#planner tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-type") == "TAXIMETER"
    assert rows.first.locator(".gain").inner_text() == "3"
    assert "洛龙区" in rows.first.inner_text()
