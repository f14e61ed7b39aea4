"""Register → verify → certificate with QR → public check, in a real browser; the county's rate moves."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import segno

from jiliang.core.scoping import Role
from jiliang.registry.choices import OrganizationKind
from tests.browser.conftest import login
from tests.instruments.factories import qualified_verifier
from tests.registry.factories import OrganizationFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_verify_certificate_and_public_check(live_server: Any, browser: Any) -> None:
    owner = OrganizationFactory(name="浏览器超市", region=region("410305"))
    institute = OrganizationFactory(
        name="浏览器计量院", kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410300")
    )
    UserFactory(username="shop", role=Role.ENTERPRISE, organization=owner)
    UserFactory(username="lab", role=Role.INSTITUTE, organization=institute)
    UserFactory(username="boss", role=Role.BUREAU)
    verifier = qualified_verifier(institute, "SCALE-NAWI")
    base = live_server.url
    today = dt.date.today()

    # The enterprise registers its scale.
    shop = browser.new_context(locale="zh-CN").new_page()
    login(shop, base, "shop")
    shop.goto(f"{base}/instruments/instruments/add/")
    assert shop.input_value("input[name=owner]") == owner.uscc
    shop.select_option("select[name=instrument_type]", label="非自动衡器 (电子计价秤、台案秤)")
    shop.fill("input[name=serial_number]", "BROWSER-001")
    shop.select_option("select[name=use_domain]", "trade_settlement")
    shop.fill("input[name=put_into_use_on]", today.isoformat())
    shop.click("form.edit button[type=submit]")
    shop.wait_for_url(re.compile(r"/instruments/instruments/\d+/$"))
    instrument_url = shop.url
    shop.context.close()

    # The county's rate for this year: the new scale is due and not verified yet.
    boss = browser.new_context(locale="zh-CN").new_page()
    login(boss, base, "boss")
    figures_url = (
        f"{base}/instruments/figures/?start={today.year}-01-01&end={today.isoformat()}&region=410305"
    )
    boss.goto(figures_url)
    assert boss.inner_text("#figures tr[data-types=all] .rate") == "0.0 %"

    # The institute records a pass; the certificate carries a QR code of its public check page.
    lab = browser.new_context(locale="zh-CN").new_page()
    login(lab, base, "lab")
    lab.goto(instrument_url)
    lab.click("#record-verification")
    lab.select_option("select[name=verifier]", str(verifier.pk))
    lab.fill("input[name=verified_on]", today.isoformat())
    lab.select_option("select[name=result]", "pass")
    lab.click("form.edit button[type=submit]")
    lab.wait_for_url(re.compile(r"/instruments/verifications/\d+/$"))
    lab.click("ul >> a")  # the certificate
    lab.click("#print-certificate")
    check_url = re.search(r"https?://\S+/public/check/[A-Z0-9]+/", lab.content()).group(0)  # type: ignore[union-attr]
    drawn = lab.get_attribute(".qr svg path", "d")
    expected = re.search(r' d="([^"]+)"', segno.make(check_url, error="m").svg_inline(scale=3)).group(1)  # type: ignore[union-attr]
    assert drawn == expected  # the QR code encodes exactly the public check URL
    lab.context.close()

    # Anyone can follow the QR code.
    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(check_url)
    assert "BROWSER-001" in public.inner_text("#check-result")
    assert public.locator("#check-result h2.ok").count() == 1
    public.context.close()

    boss.goto(figures_url)
    assert boss.inner_text("#figures tr[data-types=all] .rate") == "100.0 %"
    boss.click("#figures tr[data-types=all] a.num")
    assert "BROWSER-001" in boss.inner_text("table.list tbody")
    boss.context.close()
