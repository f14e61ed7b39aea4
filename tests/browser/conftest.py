"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser).

Without chromium these tests skip with the reason, or fail when JILIANG_REQUIRE_SERVICES=1 (CI).
"""

from __future__ import annotations

import importlib
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


#: The data migrations that load reference data (regions, disciplines, the catalogue).
REFERENCE_MIGRATIONS = (
    "jiliang.registry.migrations.0002_luoyang_regions_and_disciplines",
    "jiliang.registry.migrations.0003_catalogue_2020",
)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """Browser tests run in transactions the live server can see; each ends with a flush that also
    empties the reference tables, so load them again from their data migrations when they are gone.

    (Serialized rollback cannot be used: its saved contents are lost once Playwright's event loop runs.)
    """
    from django.apps import apps

    from jiliang.registry.models import Region

    if not Region.objects.exists():
        for name in REFERENCE_MIGRATIONS:
            importlib.import_module(name).load(apps, None)


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
