"""The pages work under the Content-Security-Policy (scripts from our static files only): charts are
drawn, the language selector and the print link act, and the browser reports no violation."""

from __future__ import annotations

from typing import Any

import pytest

from jiliang.core.scoping import Role
from jiliang.plans import services
from jiliang.plans.seeding import DATA
from jiliang.registry.selectors import SYSTEM
from tests.browser.conftest import login
from tests.registry.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_csp_with_no_violation(live_server: Any, page: Any) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    services.plan_load(actor=SYSTEM, text=(DATA / "luoyang-2015-2020.yaml").read_text(encoding="utf-8"))
    UserFactory(username="csp", role=Role.BUREAU)
    base = live_server.url
    login(page, base, "csp")

    response = page.goto(f"{base}/instruments/figures/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#rate-by-county .main-svg")  # plotly drew the chart (site.js, no inline script)

    page.goto(f"{base}/?as_of=2020-12-31")
    page.wait_for_selector("#targets .main-svg")

    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # Swagger UI started from its script file

    page.goto(f"{base}/accounts/")
    page.select_option("select[name=language]", "en")  # data-autosubmit
    page.wait_for_selector("h1:has-text('Account')")
    assert violations == []
