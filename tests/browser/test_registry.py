"""The registry in a real browser: log in, create an organization, be refused a bad credit code."""

from __future__ import annotations

from typing import Any

import pytest

from jiliang.core.scoping import Role
from tests.browser.conftest import login
from tests.registry.factories import UserFactory, valid_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_organization_refuse_bad_code_and_find_it_in_the_list(live_server: Any, page: Any) -> None:
    UserFactory(username="browser-bureau", role=Role.BUREAU)
    base = live_server.url
    login(page, base, "browser-bureau")
    # The overview draws its chart with the plotly.js served locally.
    page.goto(f"{base}/overview/")
    page.wait_for_selector("#rate-by-county .main-svg")

    page.goto(f"{base}/registry/organizations/add/")
    page.fill("input[name=name]", "浏览器测试企业")
    page.fill("input[name=uscc]", "91110108717809965C")
    page.select_option("select[name=kind]", "enterprise")
    page.select_option("select[name=region]", label="涧西区 (410305)")
    page.click("form.edit button[type=submit]")
    error = page.locator(".errorlist").first
    assert "check_character" in error.inner_text()

    good = valid_uscc()
    page.fill("input[name=uscc]", good)
    page.click("form.edit button[type=submit]")
    page.wait_for_url(f"{base}/registry/organizations/*/")
    assert good in page.content()

    page.goto(f"{base}/registry/organizations/?q=浏览器")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1
    assert "浏览器测试企业" in rows.first.inner_text()
