"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser).

Without chromium these tests skip with the reason, or fail when JILIANG_REQUIRE_SERVICES=1 (CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from jiliang.config.env import read_env

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _reference_data(reference_data: None) -> None:
    """Browser tests run in transactions the live server can see (tests/conftest.py: reference_data)."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    env = read_env()
    if not os.path.exists(env.chromium_path):
        reason = f"no Chromium at {env.chromium_path} (apt-get install chromium)"
        if env.require_services:
            pytest.fail(f"{reason}; JILIANG_REQUIRE_SERVICES=1 forbids skipping")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=env.chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page: Any, base_url: str, username: str, password: str = "pw-123456") -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.edit button[type=submit]")
    page.wait_for_url(lambda url: url.startswith(base_url) and "/accounts/login/" not in url)
