"""The energy-metering pages render for the bureau and respect scope; the simulator and the seed work."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiliang.core.seeding import SeedContext
from jiliang.metering import services
from jiliang.metering.ingest import Part, readings_ingest
from jiliang.metering.models import EnergyUnit, QualityFlag, Reading
from jiliang.registry.selectors import SYSTEM
from tests.metering.factories import meter, unit

pytestmark = pytest.mark.django_db


def _fed_unit(org):  # type: ignore[no-untyped-def]
    u = unit(org)
    meter(u, "E1", max_per_hour=10)
    now = timezone.now().replace(second=0, microsecond=0)
    rows = [
        {"meter": "E1", "ts": (now - dt.timedelta(minutes=15 * i)).isoformat(), "value": 1000.0 - i}
        for i in range(8)
    ]
    rows[3]["value"] = 5000.0
    readings_ingest(parts=[Part(u.pk, rows)], source="http", now=now)
    services.metering_requirement_set(
        actor=SYSTEM, unit=u, energy_type="electricity", level="unit", required=2
    )
    return u


def test_city_page_shows_the_online_figure_against_the_target(client, world) -> None:  # type: ignore[no-untyped-def]
    _fed_unit(world.jianxi_org)
    client.force_login(world.bureau)
    response = client.get("/metering/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/ 40" in text
    assert 'id="top-consumers"' in text


def test_unit_page_has_charts_flags_and_the_review(client, world) -> None:  # type: ignore[no-untyped-def]
    u = _fed_unit(world.jianxi_org)
    client.force_login(world.enterprise)
    response = client.get(f"/metering/units/{u.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="trend"' in text
    assert 'id="completeness"' in text
    assert "1 of 2 required meters installed" in text
    assert QualityFlag.objects.filter(meter__unit=u).exists()
    assert f"/metering/flags/{QualityFlag.objects.filter(meter__unit=u).first().pk}/" in text


def test_another_enterprise_cannot_open_the_unit(client, world) -> None:  # type: ignore[no-untyped-def]
    u = _fed_unit(world.jianxi_org)
    client.force_login(world.other_enterprise)
    assert client.get(f"/metering/units/{u.pk}/").status_code == 404


def test_reference_tables_say_which_cells_are_unconfirmed(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    for url in ("/metering/equipping/", "/metering/accuracy/", "/metering/coefficients/"):
        response = client.get(url)
        assert response.status_code == 200
        assert 'id="unconfirmed-note"' in response.content.decode()


def test_flag_resolution_page_corrects_and_redirects(client, world) -> None:  # type: ignore[no-untyped-def]
    u = _fed_unit(world.jianxi_org)
    flag = QualityFlag.objects.filter(meter__unit=u, kind="spike").first()
    client.force_login(world.enterprise)
    response = client.post(
        f"/metering/flags/{flag.pk}/resolve/",
        {"status": "corrected", "corrected_value": "997", "note": "typo"},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.corrected_value, flag.resolved_by) == ("corrected", 997.0, world.enterprise)


def test_issuing_a_token_shows_it_once(client, world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    client.force_login(world.enterprise)
    response = client.post(f"/metering/units/{u.pk}/tokens/", {"name": "DAS-1"})
    assert response.status_code == 200
    token = response.content.decode().split('<pre id="token">')[1].split("</pre>")[0]
    assert services.ingest_token_unit(token=token) == u


def test_simulator_posts_readings_with_faults_over_http(live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    u = unit()
    meter(u, "E1", register_max=1_000_000)
    meter(u, "E2", kind="interval")
    call_command(
        "simulate",
        "meters",
        "--units",
        "1",
        "--interval",
        "15m",
        "--history",
        "7d",
        "--faults",
        "--http",
        live_server.url,
    )
    stored = Reading.objects.filter(meter__unit=u).count()
    assert 2 * 7 * 96 * 0.95 < stored <= 2 * 7 * 96
    assert QualityFlag.objects.filter(meter__unit=u).exists()  # the injected faults were found


def test_demo_seed_puts_units_online() -> None:
    from jiliang.instruments.seeding import seed_instruments
    from jiliang.metering import figures, selectors
    from jiliang.metering.seeding import seed_metering
    from jiliang.registry.seeding import seed_registry

    ctx = SeedContext(scale="demo", rng=random.Random(7), today=timezone.localdate())
    seed_registry(ctx)
    seed_instruments(ctx)
    counts = seed_metering(ctx)
    assert counts["units"] == 60
    assert EnergyUnit.objects.filter(list_membership="national").count() == 45
    online = figures.units_online(user=SYSTEM)
    assert 40 <= online.online < 60  # a tenth went offline two days ago
    assert QualityFlag.objects.exists()
    # Monthly statements restate the daily data; a fifth of the units' electricity disagrees by > 5 %.
    today = timezone.localdate()
    rows = [
        row
        for u in EnergyUnit.objects.all()
        for row in selectors.consistency_report(unit=u, start=today - dt.timedelta(days=10), end=today)
    ]
    assert counts["statements"] == len(rows) > 0
    disagreeing = {r.statement.unit_id for r in rows if not r.result.ok}
    assert len(disagreeing) == 12
    assert all(r.statement.energy_type == "electricity" for r in rows if not r.result.ok)
    # Table 2 makes every unit's workshop and compressor major; some units have more than they meter.
    report = selectors.review_report(unit=EnergyUnit.objects.first())
    major = {row.verdict.consumer.name for row in report.consumers if row.verdict.major}
    assert major >= {"一车间", "空压机"}
    assert any(
        r.kind == "equipping" and r.level == "equipment"
        for u in EnergyUnit.objects.all()
        for r in selectors.review_report(unit=u).shortfalls
    )
