"""The readings endpoint (token, JSON, CSV, limits, dead letters) and the metering resources (scope,
query bounds, review, figures)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from jiliang.metering import services
from jiliang.metering.ingest import MAX_READINGS
from jiliang.metering.models import DeadLetter, Reading
from jiliang.registry.selectors import SYSTEM
from tests.metering.factories import meter, reading, stamp, unit

pytestmark = pytest.mark.django_db
URL = "/api/v1/metering/readings"


def _token(u) -> APIClient:  # type: ignore[no-untyped-def]
    _, token = services.ingest_token_issue(actor=SYSTEM, unit=u, name="das")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _user(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _recent(minutes: int) -> str:
    """A timestamp ``minutes`` after the last quarter hour before now."""
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    return stamp(minutes, now - dt.timedelta(minutes=now.minute % 15 + 120))


def test_json_readings_are_counted_and_each_rejection_named() -> None:
    u = unit()
    meter(u, "E1")
    client = _token(u)
    body = [
        {"meter": "E1", "ts": _recent(0), "value": 10},
        {"meter": "E1", "ts": _recent(15), "value": 11},
        {"meter": "E9", "ts": _recent(30), "value": 12},
    ]
    response = client.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() | {"batch": None} == {
        "accepted": 2,
        "duplicates": 0,
        "conflicts": 0,
        "rejected": [{"index": 2, "reason": "unknown meter 'E9' for this unit"}],
        "batch": None,
    }
    again = client.post(URL, json.dumps(body[0]), content_type="application/json")
    assert again.json()["duplicates"] == 1


def test_csv_readings_are_accepted() -> None:
    u = unit()
    meter(u, "E1")
    body = f"meter,ts,value\nE1,{_recent(0)},1.5\nE1,{_recent(15)},2.5\n"
    response = _token(u).post(URL, body, content_type="text/csv")
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 2
    assert Reading.objects.count() == 2


def test_a_unit_token_cannot_write_another_units_meters() -> None:
    mine, other = unit(), unit()
    meter(other, "E1")
    response = _token(mine).post(URL, json.dumps(reading("E1", 0, 1.0)), content_type="application/json")
    assert response.json()["rejected"][0]["reason"] == "unknown meter 'E1' for this unit"
    assert not Reading.objects.exists()


def test_missing_unknown_and_revoked_tokens_are_refused_with_the_error_shape() -> None:
    u = unit()
    assert APIClient().post(URL, "[]", content_type="application/json").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Bearer nope")
    response = bad.post(URL, "[]", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    record, token = services.ingest_token_issue(actor=SYSTEM, unit=u, name="old")
    services.ingest_token_revoke(actor=SYSTEM, token=record)
    revoked = APIClient()
    revoked.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert revoked.post(URL, "[]", content_type="application/json").status_code == 401


def test_a_user_login_is_not_an_ingest_credential(world) -> None:  # type: ignore[no-untyped-def]
    response = _user(world.bureau).post(URL, "[]", content_type="application/json")
    assert response.status_code in (401, 403)


def test_an_unreadable_payload_is_refused_and_dead_lettered() -> None:
    u = unit()
    response = _token(u).post(URL, "{broken", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["payload"][0].startswith("not valid JSON")
    letter = DeadLetter.objects.get()
    assert (letter.payload, letter.unit_id) == ("{broken", u.pk)


def test_more_than_ten_thousand_readings_is_413_and_nothing_is_stored() -> None:
    u = unit()
    meter(u, "E1")
    body = json.dumps([{"meter": "E1", "ts": _recent(0), "value": 1}] * (MAX_READINGS + 1))
    response = _token(u).post(URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_many_readings"
    assert not Reading.objects.exists()
    assert DeadLetter.objects.count() == 1


def test_an_unsupported_content_type_is_415() -> None:
    u = unit()
    response = _token(u).post(URL, "<xml/>", content_type="application/xml")
    assert response.status_code == 415


def test_units_and_meters_are_scoped(world) -> None:  # type: ignore[no-untyped-def]
    mine = unit(world.jianxi_org)
    theirs = unit(world.luolong_org)
    meter(mine, "E1")
    meter(theirs, "E2")
    as_enterprise = _user(world.enterprise)
    assert [u["id"] for u in as_enterprise.get("/api/v1/metering/units/").json()["results"]] == [mine.pk]
    assert [m["code"] for m in as_enterprise.get("/api/v1/metering/meters/").json()["results"]] == ["E1"]
    assert as_enterprise.get(f"/api/v1/metering/units/{theirs.pk}/").status_code == 404
    as_county = _user(world.county)  # 涧西区: only the 涧西 unit
    assert [u["id"] for u in as_county.get("/api/v1/metering/units/").json()["results"]] == [mine.pk]
    assert _user(world.institute_user).get("/api/v1/metering/units/").json()["results"] == []
    refused = as_enterprise.post(
        "/api/v1/metering/meters/",
        {
            "unit": theirs.pk,
            "code": "X",
            "name": "x",
            "energy_type": "electricity",
            "level": "unit",
            "unit_of_measure": "kWh",
            "kind": "cumulative",
        },
        format="json",
    )
    assert refused.status_code == 403


def test_meter_with_a_unit_of_the_wrong_kind_is_refused_on_the_field(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    response = _user(world.bureau).post(
        "/api/v1/metering/meters/",
        {
            "unit": u.pk,
            "code": "C1",
            "name": "coal",
            "energy_type": "raw_coal",
            "level": "unit",
            "unit_of_measure": "m3",
            "kind": "interval",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "unit_of_measure" in response.json()["error"]["fields"]


def test_meter_list_query_count_is_bounded(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    for i in range(30):
        meter(u, f"E{i:02d}")
    client = _user(world.bureau)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/metering/meters/")
    assert response.status_code == 200
    assert response.json()["count"] == 30


def test_flag_resolution_through_the_api_keeps_the_reading_and_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.core.models import AuditEntry
    from jiliang.metering.ingest import Part, readings_ingest
    from jiliang.metering.models import DailyConsumption, QualityFlag

    u = unit(world.jianxi_org)
    m = meter(u, "E1", max_per_hour=100)
    readings_ingest(
        parts=[Part(u.pk, [reading("E1", 0, 0.0), reading("E1", 15, 500.0), reading("E1", 30, 501.0)])],
        source="http",
    )
    flag = QualityFlag.objects.get(kind="spike")
    response = _user(world.enterprise).post(
        f"/api/v1/metering/flags/{flag.pk}/resolve/",
        {"status": "corrected", "corrected_value": 5.0, "note": "CT swapped"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert Reading.objects.get(meter=m, ts=flag.ts).value == 500.0  # raw value never overwritten
    assert DailyConsumption.objects.get(meter=m).consumption == pytest.approx(5.0 + 496.0)
    entry = AuditEntry.objects.filter(object_id=str(flag.pk)).latest("at")
    assert entry.changes["corrected_value"] == [None, 5.0]
    assert entry.actor == world.enterprise


def test_review_lists_every_shortfall(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    meter(u, "E1", accuracy_class="1.0")
    services.metering_requirement_set(
        actor=SYSTEM, unit=u, energy_type="electricity", level="unit", required=2
    )
    data = _user(world.bureau).get(f"/api/v1/metering/units/{u.pk}/review/").json()
    assert data["rates"][0]["installed"] == 1
    assert data["rates"][0]["rate"] == "50"
    assert data["unconfirmed_cells"] == 1
    assert {s["kind"] for s in data["shortfalls"]} == {"equipping", "accuracy"}


def test_reference_tables_are_editable_by_the_bureau_only(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.metering.models import EquippingRequirement

    row = EquippingRequirement.objects.get(energy_type="electricity", level="equipment")
    url = f"/api/v1/metering/equipping-requirements/{row.pk}/"
    assert _user(world.enterprise).patch(url, {"rate": "90"}, format="json").status_code == 403
    response = _user(world.bureau).patch(url, {"rate": "90", "confirmed": True}, format="json")
    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    assert (row.rate, row.confirmed) == (90, True)


def test_openapi_documents_the_unit_actions_and_the_new_resources(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import yaml
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    paths = yaml.safe_load(out.read_text())["paths"]

    def ok(path: str, method: str, code: str = "200") -> dict:  # type: ignore[type-arg]
        return paths[path][method]["responses"][code]["content"]["application/json"]["schema"]

    unit_path = "/api/v1/metering/units/{id}/"
    assert ok(unit_path + "review/", "get") == {"$ref": "#/components/schemas/Review"}
    assert ok(unit_path + "series/", "get")["items"] == {"$ref": "#/components/schemas/SeriesPoint"}
    assert ok(unit_path + "consistency/", "get")["items"] == {"$ref": "#/components/schemas/ConsistencyRow"}
    assert ok(unit_path + "tokens/", "post", "201") == {"$ref": "#/components/schemas/TokenIssued"}
    series_params = {p["name"] for p in paths[unit_path + "series/"]["get"]["parameters"]}
    assert {"start", "end", "granularity"} <= series_params
    assert "page" not in series_params
    for route in ("statements", "consumers", "major-thresholds"):
        assert "delete" not in paths[f"/api/v1/metering/{route}/{{id}}/"]
        assert "post" in paths[f"/api/v1/metering/{route}/"]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"meter": "E1", "ts": "0001-01-01T00:00:00+08:00", "value": 1}', "out of range"),
        (b'{"meter": "E1", "ts": "9999-12-31T23:00-05:00", "value": 1}', "out of range"),
        (b'[{"meter": "E1", "ts": "2025-03-01T00:00:00+08:00", "value": ' + b"9" * 400 + b"}]", "beyond any"),
        (b'{"meter": "E1", "ts": "2025-03-01T00:00:00+08:00", "value": 1e300}', "beyond any"),
    ],
)
def test_a_poison_reading_answers_400_with_its_index_and_is_dead_lettered(
    payload: bytes, reason: str
) -> None:
    """Issue #12 item 1: each of these answered 500 before."""
    u = unit()
    meter(u, "E1")
    response = _token(u).post(URL, payload, content_type="application/json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["rejected"][0]["index"] == 0
    assert reason in body["rejected"][0]["reason"]
    assert reason in body["error"]["fields"]["readings[0]"][0]
    assert DeadLetter.objects.filter(unit=u, index=0).count() == 1
    assert not Reading.objects.exists()


def test_a_payload_nested_too_deep_answers_400_and_is_dead_lettered() -> None:
    u = unit()
    response = _token(u).post(URL, b"[" * 100_000 + b"]" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["error"]["fields"]["payload"][0]
    assert DeadLetter.objects.get().unit_id == u.pk
