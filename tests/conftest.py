"""Shared fixtures: one user per role with records inside and outside each scope."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    """Two counties, an institute and two enterprises, and a user of every role (model instances)."""

    jianxi_org: Any
    luolong_org: Any
    institute: Any
    bureau: Any
    county: Any
    institute_user: Any
    enterprise: Any
    other_enterprise: Any


@pytest.fixture
def world(db: None) -> World:
    from jiliang.core.scoping import Role
    from jiliang.registry.choices import OrganizationKind
    from tests.registry.factories import OrganizationFactory, UserFactory, region

    jianxi_org = OrganizationFactory(name="涧西测试企业", region=region("410305"))
    luolong_org = OrganizationFactory(name="洛龙测试企业", region=region("410311"))
    institute = OrganizationFactory(
        name="测试计量所", kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410311")
    )
    return World(
        jianxi_org=jianxi_org,
        luolong_org=luolong_org,
        institute=institute,
        bureau=UserFactory(username="bureau", role=Role.BUREAU),
        county=UserFactory(username="county", role=Role.COUNTY, region=region("410305")),
        institute_user=UserFactory(username="inst", role=Role.INSTITUTE, organization=institute),
        enterprise=UserFactory(username="ent", role=Role.ENTERPRISE, organization=jianxi_org),
        other_enterprise=UserFactory(username="ent2", role=Role.ENTERPRISE, organization=luolong_org),
    )


@pytest.fixture
def english(settings: Any) -> Iterator[None]:
    """Read messages as written in the code (English msgids). Pages use the Simplified-Chinese catalogue
    by default; the catalogue as a whole is checked in tests/ops/test_i18n.py."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"  # pages: what LocaleMiddleware falls back to without a cookie
    with translation.override("en"):  # services called directly
        yield


#: The data migrations that load reference data: (module, function, a model that is empty without it).
REFERENCE_MIGRATIONS = (
    ("jiliang.registry.migrations.0002_luoyang_regions_and_disciplines", "load", "registry.Region"),
    ("jiliang.registry.migrations.0003_catalogue_2020", "load", "registry.InstrumentType"),
    ("jiliang.deadlines.migrations.0002_seed_holiday_calendar", "seed", "deadlines.HolidayYear"),
)


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """For tests in real transactions (browser tests, workers that close their connection): each such test
    ends with a flush that also empties the reference tables (regions, the catalogue, the holiday calendar
    and clock rules), so load them again from their data migrations when they are gone.

    (Serialized rollback cannot be used: its saved contents are lost once Playwright's event loop runs.)
    """
    from django.apps import apps

    for module, function, model in REFERENCE_MIGRATIONS:
        if not apps.get_model(model).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)
