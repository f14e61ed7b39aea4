"""An inspector pastes the 50 weights of a lot of 300 packages of 500 g, sees the verdict live, saves it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from jiliang.core.scoping import Role
from jiliang.prepack.models import Lot
from jiliang.registry.choices import OrganizationKind
from tests.prepack.factories import FAILING_50, PASSING_50, campaign, lot
from tests.registry.factories import OrganizationFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inspector_pastes_50_weights_sees_the_live_verdict_and_saves(live_server: Any, page: Any) -> None:
    producer = OrganizationFactory(name="浏览器面业有限公司", region=region("410305"))
    institute = OrganizationFactory(
        name="浏览器计量院", kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410300")
    )
    UserFactory(username="inspector", role=Role.INSTITUTE, organization=institute)
    sampled = lot(campaign(institute), producer, nominal="500", unit="g", lot_size=300)
    base = live_server.url
    # Log in (wherever the home page sends us next).
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "inspector")
    page.fill("input[name=password]", "pw-123456")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{base}/prepack/lots/{sampled.pk}/")
    page.click("#enter-measurements")
    page.wait_for_url(re.compile(rf"/prepack/lots/{sampled.pk}/measurements/$"))
    assert page.inner_text("#required-n") == "50"

    # Half the sample: the panel counts, no verdict yet.
    page.fill("textarea[name=measurements]", "\n".join(FAILING_50[:25]))
    expect(page.locator("#progress")).to_contain_text("25")
    assert page.locator("#judgement [data-verdict]").count() == 0

    # The whole column pasted: four units are 16 g short (T1, at most 3 allowed) → fail, with the reason.
    page.fill("textarea[name=measurements]", "\n".join(FAILING_50))
    page.wait_for_selector("#judgement [data-verdict=fail]")
    assert page.inner_text("#t1-count") == "4"
    assert "#7, #19, #30, #44" in page.inner_text("#reasons")

    # Correct the four values as typed on the balance: the verdict turns to pass before anything is saved.
    page.fill("textarea[name=measurements]", ", ".join(PASSING_50))
    page.wait_for_selector("#judgement [data-verdict=pass]")
    assert Lot.objects.get(pk=sampled.pk).verdict == "pending"

    page.fill("textarea[name=measurements]", "\n".join(FAILING_50))
    page.wait_for_selector("#judgement [data-verdict=fail]")
    page.click("#save-measurements")
    page.wait_for_url(re.compile(rf"/prepack/lots/{sampled.pk}/$"))
    assert page.locator("[data-verdict=fail]").count() == 1
    stored = Lot.objects.get(pk=sampled.pk)
    assert (stored.verdict, stored.t1_count, stored.measurements) == ("fail", 4, FAILING_50)

    page.click("#print-report")
    assert "该批定量包装商品净含量不合格" in page.inner_text("#report-verdict")
