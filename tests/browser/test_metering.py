"""Energy metering in a real browser: the city page's and a unit page's plotly charts carry data, the
completeness heat map, a quality flag resolved through the pages, and a monthly statement entered through
the pages showing up in the unit's daily-vs-monthly table."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from typing import Any

import pytest
from django.utils import timezone

from jiliang.core.scoping import Role
from jiliang.metering.ingest import Part, readings_ingest
from jiliang.metering.models import MonthlyStatement, QualityFlag
from tests.browser.conftest import login
from tests.metering.factories import meter, unit
from tests.registry.factories import OrganizationFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def coefficients(reference_data: None) -> None:
    """The standard-coal coefficients (a data migration) are flushed with the rest by an earlier
    transactional test; load them again, as the conftest does for the regions."""
    from django.apps import apps

    from jiliang.metering.models import ConversionCoefficient

    if not ConversionCoefficient.objects.exists():
        importlib.import_module("jiliang.metering.migrations.0003_reference_tables").load(apps, None)


def _plot(page: Any, element_id: str) -> Any:
    """The traces plotly drew into ``#element_id`` (type, x length, y length, z)."""
    page.wait_for_selector(f"#{element_id} .main-svg")
    return page.evaluate(
        """id => document.getElementById(id).data.map(t => ({
               type: t.type || "scatter", x: (t.x || []).length, y: (t.y || []).length, z: t.z || null}))""",
        element_id,
    )


def test_city_and_unit_pages_flag_resolution_and_a_monthly_statement(live_server: Any, page: Any) -> None:
    org = OrganizationFactory(name="浏览器能耗企业", region=region("410305"), is_key_energy_unit=True)
    u = unit(org)
    meter(u, "E1", kind="interval", max_per_hour=10)
    # Eight quarter-hours from today's local midnight: 2 kWh each, one of 100 (a spike over 10 kWh/h;
    # above 240, a whole day of it, the ingest would refuse it).
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
    values = [2.0, 2.0, 2.0, 100.0, 2.0, 2.0, 2.0, 2.0]
    rows = [
        {"meter": "E1", "ts": (midnight + dt.timedelta(minutes=15 * i)).isoformat(), "value": v}
        for i, v in enumerate(values)
    ]
    readings_ingest(parts=[Part(u.pk, rows)], source="http")
    spike = QualityFlag.objects.get(meter__unit=u, kind="spike")
    UserFactory(username="county-e", role=Role.COUNTY, region=region("410305"))
    base = live_server.url
    login(page, base, "county-e")

    # City page: consumption by energy type drawn, with electricity in it.
    page.goto(f"{base}/metering/")
    [bars] = _plot(page, "by-energy")
    assert bars["type"] == "bar"
    assert bars["y"] == 1
    assert page.evaluate("() => document.getElementById('by-energy').data[0].y[0]") > 0

    # Unit page: the trend has today's point; the heat map one row (E1) with today's completeness 8/96.
    page.goto(f"{base}/metering/units/{u.pk}/")
    [trend] = _plot(page, "trend")
    assert trend["x"] == trend["y"] == 1
    [heat] = _plot(page, "completeness")
    assert heat["type"] == "heatmap"
    today = page.evaluate("() => document.getElementById('completeness').data[0].z[0].at(-1)")
    assert today == pytest.approx(8 / 96)

    # The spike is listed; resolve it (dismiss) through its page; it leaves the unit's open flags.
    page.click(f"#flags a[href$='/metering/flags/{spike.pk}/']")
    page.wait_for_url(re.compile(rf"/metering/flags/{spike.pk}/$"))
    page.click(f"a[href$='/metering/flags/{spike.pk}/resolve/']")
    page.select_option("select[name=status]", "dismissed")
    page.fill("input[name=note]", "test load, known")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(re.compile(rf"/metering/flags/{spike.pk}/$"))
    spike.refresh_from_db()
    assert (spike.status, spike.note) == ("dismissed", "test load, known")
    page.goto(f"{base}/metering/units/{u.pk}/")
    assert page.locator(f"#flags a[href$='/metering/flags/{spike.pk}/']").count() == 0

    # Enter this month's statement (1 000 kWh) from the unit page; the daily data say 114 kWh.
    page.click("#consistency a[href*='/metering/statements/add/']")
    page.wait_for_url(re.compile(r"/metering/statements/add/\?unit="))
    assert page.input_value("select[name=unit]") == str(u.pk)
    month = timezone.localdate().strftime("%Y-%m")
    page.select_option("select[name=energy_type]", "electricity")
    page.fill("input[name=month]", month)
    page.fill("input[name=quantity]", "1000")
    page.select_option("select[name=unit_of_measure]", "kWh")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(re.compile(r"/metering/statements/\d+/$"))
    saved = MonthlyStatement.objects.get(unit=u)
    assert (saved.month, saved.quantity) == (timezone.localdate().replace(day=1), 1000)
    page.click("a[href*='#consistency']")
    page.wait_for_url(re.compile(rf"/metering/units/{u.pk}/"))
    row = page.locator(f"#consistency tr[data-month='{month}'][data-energy=electricity]")
    assert row.get_attribute("data-ok") == "false"
    cells = row.locator("td").all_inner_texts()
    assert cells[3] == "114.00"  # sum of daily data
    assert cells[4] == "-886.00"  # difference
    assert cells[5] == "88.6 %"
