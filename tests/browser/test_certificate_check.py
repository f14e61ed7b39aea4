"""The public certificate check on a phone (375 px): an expired certificate looks expired; a number alone
shows no owner."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache

from jiliang.instruments.models import Certificate
from jiliang.registry.choices import OrganizationKind
from tests.instruments.factories import qualified_verifier, register, verify
from tests.registry.factories import OrganizationFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMBER = "rgb(181, 71, 8)"  # --warn of portal/check.css
PHONE = {"width": 375, "height": 740}


def _no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_expired_certificate_and_number_only_on_a_phone(live_server: Any, browser: Any) -> None:
    cache.clear()  # the rate limit counts in the (in-process) cache
    owner = OrganizationFactory(name="手机查验超市", region=region("410305"))
    institute = OrganizationFactory(
        name="手机查验计量院", kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410300")
    )
    instrument = register(owner, in_use=dt.date(2015, 1, 1))
    verified_on = dt.date.today() - dt.timedelta(days=400)  # a 12-month scale: expired for a month
    certificate = Certificate.objects.get(
        verification=verify(instrument, qualified_verifier(institute), verified_on)
    )
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    # The QR code's link: the details, in the expired state and its amber colour, with an icon and words.
    page.goto(f"{base}/public/check/{certificate.check_code}/")
    result = page.locator("#check-result")
    assert result.get_attribute("data-state") == "expired"
    headline = page.locator("#check-result h2")
    assert headline.evaluate("e => getComputedStyle(e).color") == AMBER
    assert result.evaluate("e => getComputedStyle(e).borderLeftColor") == AMBER
    assert page.locator("#check-result h2 .icon").inner_text().strip() == "⚠"
    assert page.locator("#check-result h2.ok").count() == 0
    text = result.inner_text()
    assert owner.name in text
    assert instrument.serial_number in text
    valid_until = certificate.verification.valid_until
    assert valid_until is not None
    assert f"{valid_until:%Y-%m-%d}" in text
    _no_horizontal_scroll(page)
    # On a narrow screen each label sits above its value, inside the screen.
    box = page.locator("#check-result dl.fields").bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]

    # The number alone, typed into the form: exists, and nothing else.
    page.goto(f"{base}/public/check/")
    page.fill("#number", certificate.number)
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#check-result")
    assert page.locator("#check-result").get_attribute("data-state") == "exists"
    body = page.inner_text("body")
    assert owner.name not in body
    assert instrument.serial_number not in body
    assert f"{valid_until:%Y-%m-%d}" not in body
    assert page.locator("#check-result dl.fields").count() == 0
    _no_horizontal_scroll(page)

    # With the check code printed on the certificate, the same form gives the details.
    page.fill("#code", certificate.check_code.lower())
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#check-result[data-state=expired]")
    assert owner.name in page.inner_text("#check-result")
    context.close()
