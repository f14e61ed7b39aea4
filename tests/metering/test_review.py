"""GB 17167 Table 2 in the equipment review: the loaded defaults, declared sub-units and equipment, the
requirement derived from the major ones next to the declared counts, and the pages and API of both."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from jiliang.metering import selectors, services
from jiliang.metering.models import EnergyConsumer, MajorThreshold
from jiliang.registry.selectors import SYSTEM
from tests.metering.factories import consumer, meter, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rates(report) -> dict[tuple[str, str], tuple[int | None, int, int, int]]:  # type: ignore[no-untyped-def]
    return {
        (str(r["energy_type"]), str(r["level"])): (r["declared"], r["major"], r["required"], r["installed"])
        for r in report.rates
    }


def test_table_2_defaults_are_loaded_and_marked_unconfirmed() -> None:
    cells = {(t.level, t.energy_type): (t.threshold, t.size_unit) for t in MajorThreshold.objects.all()}
    assert cells[("equipment", "electricity")] == (Decimal(100), "kW")
    assert cells[("equipment", "coke")] == (Decimal(40), "t/a")
    assert cells[("equipment", "natural_gas")] == (Decimal(10000), "m3/a")
    assert cells[("equipment", "steam")] == (Decimal(5000), "GJ/a")
    assert cells[("equipment", "water")] == (Decimal(5000), "t/a")
    assert cells[("equipment", "diesel")] == (Decimal(2926), "GJ/a")
    assert cells[("sub_unit", "electricity")] == (Decimal(10), "kW")
    assert ("sub_unit", "water") not in cells  # not reliable from memory: left for the bureau
    assert not MajorThreshold.objects.filter(confirmed=True).exists()


def test_equipment_exactly_at_the_threshold_requires_a_meter() -> None:
    u = unit()
    consumer(u, "循环水泵", "100")  # = 100 kW: major
    consumer(u, "照明", "99.9")
    report = selectors.review_report(unit=u)
    assert _rates(report) == {("electricity", "major equipment"): (None, 1, 1, 0)}
    [shortfall] = report.shortfalls
    assert (shortfall.kind, shortfall.level) == ("equipping", "equipment")
    assert "0 of 1" in shortfall.detail
    assert [(row.verdict.consumer.name, row.verdict.major) for row in report.consumers] == [
        ("循环水泵", True),
        ("照明", False),
    ]
    meter(u, "E21", level="equipment")
    assert selectors.review_report(unit=u).shortfalls == []


def test_the_requirement_is_the_larger_of_declared_and_table_2() -> None:
    u = unit()
    meter(u, "E11", level="sub_unit")
    consumer(u, "一车间", "800", level="sub_unit")
    consumer(u, "二车间", "12", level="sub_unit")
    services.metering_requirement_set(
        actor=SYSTEM, unit=u, energy_type="electricity", level="sub_unit", required=1
    )
    services.metering_requirement_set(actor=SYSTEM, unit=u, energy_type="water", level="unit", required=3)
    rates = _rates(selectors.review_report(unit=u))
    assert rates[("electricity", "major sub-unit")] == (1, 2, 2, 1)  # Table 2 raises the declared 1
    assert rates[("water", "entering / leaving the unit")] == (3, 0, 3, 0)  # declared alone still counts
    services.metering_requirement_set(
        actor=SYSTEM, unit=u, energy_type="electricity", level="sub_unit", required=4
    )
    assert _rates(selectors.review_report(unit=u))[("electricity", "major sub-unit")] == (4, 2, 4, 1)


def test_a_flow_table_2_cannot_judge_is_a_shortfall_of_its_own_kind() -> None:
    u = unit()
    consumer(u, "一车间", "20000", level="sub_unit", energy_type="water", size_unit="t/a")
    report = selectors.review_report(unit=u)
    assert [(s.kind, s.energy, s.level) for s in report.shortfalls] == [("threshold", "water", "sub_unit")]
    assert "no threshold" in report.shortfalls[0].detail
    services.major_threshold_create(
        actor=SYSTEM,
        data={"level": "sub_unit", "energy_type": "water", "threshold": Decimal(5000), "size_unit": "t/a"},
    )
    report = selectors.review_report(unit=u)
    assert [(s.kind, s.energy, s.level) for s in report.shortfalls] == [("equipping", "water", "sub_unit")]


def test_inactive_declarations_do_not_count() -> None:
    u = unit()
    c = consumer(u, "旧空压机", "160")
    services.energy_consumer_update(actor=SYSTEM, instance=c, data={"active": False})
    assert selectors.review_report(unit=u).rates == []


def test_a_size_must_be_in_the_unit_of_its_table_2_row() -> None:
    u = unit()
    with pytest.raises(ValidationError) as exc:
        consumer(u, "空压机", "160", size_unit="t/a")
    assert "size_unit" in exc.value.message_dict
    consumer(u, "空压机", "160", level="sub_unit", energy_type="oxygen", size_unit="t/a")  # no row: taken
    assert EnergyConsumer.objects.count() == 1


def test_declarations_are_scoped_to_the_unit(world) -> None:  # type: ignore[no-untyped-def]
    theirs = unit(world.luolong_org)
    with pytest.raises(PermissionDenied):
        consumer(theirs, "空压机", "160", actor=world.enterprise)
    mine = unit(world.jianxi_org)
    own = consumer(mine, "空压机", "160", actor=world.enterprise)
    consumer(theirs, "空压机", "160")
    assert list(selectors.energy_consumer_list(user=world.enterprise)) == [own]
    assert list(selectors.energy_consumer_list(user=world.county)) == [own]


def test_only_the_bureau_edits_table_2(world) -> None:  # type: ignore[no-untyped-def]
    cell = MajorThreshold.objects.get(level="equipment", energy_type="electricity")
    url = f"/api/v1/metering/major-thresholds/{cell.pk}/"
    assert _client(world.enterprise).patch(url, {"threshold": "50"}, format="json").status_code == 403
    assert _client(world.county).patch(url, {"threshold": "50"}, format="json").status_code == 403
    response = _client(world.bureau).patch(url, {"threshold": "90", "confirmed": True}, format="json")
    assert response.status_code == 200, response.json()
    cell.refresh_from_db()
    assert (cell.threshold, cell.confirmed) == (Decimal(90), True)
    with pytest.raises(PermissionDenied):
        services.major_threshold_create(
            actor=world.enterprise,
            data={"level": "sub_unit", "energy_type": "water", "threshold": Decimal(1), "size_unit": "t/a"},
        )


def test_review_api_returns_declared_major_and_each_consumer(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    client = _client(world.enterprise)
    body = {"unit": u.pk, "level": "equipment", "name": "空压机", "energy_type": "electricity"}
    created = client.post(
        "/api/v1/metering/consumers/", {**body, "size": "100", "size_unit": "kW"}, format="json"
    )
    assert created.status_code == 201, created.json()
    data = client.get(f"/api/v1/metering/units/{u.pk}/review/").json()
    [rate] = data["rates"]
    assert {k: rate[k] for k in ("installed", "declared", "major", "required", "rate", "table_rate")} == {
        "installed": 0,
        "declared": None,
        "major": 1,
        "required": 1,
        "rate": "0",
        "table_rate": "95.0",
    }
    assert data["consumers"] == [
        {
            "id": created.json()["id"],
            "name": "空压机",
            "level": "equipment",
            "energy_type": "electricity",
            "size": "100.000",
            "size_unit": "kW",
            "threshold": "100.000",
            "threshold_unit": "kW",
            "reaches": True,
            "major": True,
            "needs_meter": True,
        }
    ]
    assert data["unconfirmed_thresholds"] == 1
    assert [s["kind"] for s in data["shortfalls"]] == ["equipping"]
    other = _client(world.other_enterprise)
    assert other.get("/api/v1/metering/consumers/").json()["results"] == []
    assert other.get(f"/api/v1/metering/units/{u.pk}/review/").status_code == 404


def test_unit_page_lists_the_consumers_with_table_2s_verdict(client, world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    consumer(u, "循环水泵", "100")
    consumer(u, "照明", "30")
    client.force_login(world.enterprise)
    html = client.get(f"/metering/units/{u.pk}/").content.decode()
    assert html.count('data-major="true"') == 1
    assert html.count('data-major="false"') == 1
    assert 'id="unconfirmed-thresholds"' in html
    assert 'data-kind="equipping"' in html


def test_table_2_page_says_it_is_unconfirmed_and_the_bureau_edits_it(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    page = client.get("/metering/thresholds/").content.decode()
    assert 'id="unconfirmed-note"' in page
    assert "/metering/thresholds/add/" in page
    cell = MajorThreshold.objects.get(level="equipment", energy_type="water")
    response = client.post(
        f"/metering/thresholds/{cell.pk}/edit/",
        {"level": "equipment", "energy_type": "water", "threshold": "6000", "size_unit": "t/a", "note": "x"},
    )
    assert response.status_code == 302
    cell.refresh_from_db()
    assert cell.threshold == Decimal(6000)
    client.force_login(world.enterprise)
    assert "/metering/thresholds/add/" not in client.get("/metering/thresholds/").content.decode()
    refused = client.post(
        f"/metering/thresholds/{cell.pk}/edit/",
        {"level": "equipment", "energy_type": "water", "threshold": "1", "size_unit": "t/a"},
    )
    assert refused.status_code == 400
    cell.refresh_from_db()
    assert cell.threshold == Decimal(6000)


def test_a_consumer_is_declared_through_the_page(client, world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    client.force_login(world.enterprise)
    data = {
        "unit": u.pk,
        "level": "equipment",
        "name": "空压机",
        "energy_type": "electricity",
        "active": "on",
    }
    response = client.post("/metering/consumers/add/", {**data, "size": "132", "size_unit": "kW"})
    assert response.status_code == 302
    assert EnergyConsumer.objects.get().size == Decimal(132)
    wrong = client.post(
        "/metering/consumers/add/", {**data, "name": "泵", "size": "132", "size_unit": "GJ/a"}
    )
    assert wrong.status_code == 400
    assert EnergyConsumer.objects.count() == 1
