"""The net-content API: scope and permissions, the one error shape, judge preview, query-count bounds."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from jiliang.kernels.prepack import judge_lot
from jiliang.prepack.judging import JUDGE_KEYS
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.registry.choices import OrganizationKind
from tests.prepack.factories import FAILING_50, PASSING_50, campaign, declaration, lot
from tests.registry.factories import OrganizationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _lot_body(of: Campaign, producer, **extra):  # type: ignore[no-untyped-def]
    return {
        "campaign": of.pk,
        "producer": producer.uscc,
        "product_name": "挂面",
        "category": "grain_oil",
        "nominal": "500",
        "unit": "g",
        "lot_size": 300,
        "sampled_at": "producer",
        "sampled_on": "2024-04-01",
        **extra,
    }


def test_anonymous_callers_are_refused() -> None:
    for url in ("/api/v1/prepack-lots/", "/api/v1/prepack-campaigns/", "/api/v1/capability-declarations/"):
        response = APIClient().get(url)
        assert response.status_code in (401, 403)
        assert response.json()["error"]["code"] == "not_authenticated"


def test_the_institute_records_a_lot_with_its_sample_and_corrects_it(world) -> None:  # type: ignore[no-untyped-def]
    c = campaign(world.institute)
    inspector = PersonFactory(organization=world.institute)
    api = _api(world.institute_user)
    created = api.post(
        "/api/v1/prepack-lots/",
        _lot_body(c, world.jianxi_org, inspectors=[inspector.pk], measurements=FAILING_50),
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["verdict"], body["t1_count"], body["region_code"]) == ("fail", 4, "410305")
    assert body["reasons"] == list(judge_lot(500, "g", 300, FAILING_50).reasons)
    assert body["inspectors"] == [inspector.pk]
    missing_reason = api.post(
        f"/api/v1/prepack-lots/{body['id']}/measurements/", {"measurements": PASSING_50}, format="json"
    )
    assert missing_reason.status_code == 400
    assert "reason" in missing_reason.json()["error"]["fields"]
    corrected = api.post(
        f"/api/v1/prepack-lots/{body['id']}/measurements/",
        {"measurements": [float(v) for v in PASSING_50], "reason": "复核"},
        format="json",
    )
    assert corrected.status_code == 200, corrected.json()
    assert corrected.json()["verdict"] == "pass"
    renamed = api.patch(f"/api/v1/prepack-lots/{body['id']}/", {"brand": "伊河"}, format="json")
    assert renamed.status_code == 200
    assert renamed.json()["brand"] == "伊河"
    locked = api.patch(f"/api/v1/prepack-lots/{body['id']}/", {"measurements": ["1"]}, format="json")
    assert locked.status_code == 400
    assert "measurements" in locked.json()["error"]["fields"]
    assert api.delete(f"/api/v1/prepack-lots/{body['id']}/").status_code == 405


def test_scope_refusals_through_the_api(world) -> None:  # type: ignore[no-untyped-def]
    c = campaign(world.institute)
    theirs = lot(c, world.luolong_org)
    refused = _api(world.enterprise).post(
        "/api/v1/prepack-lots/", _lot_body(c, world.jianxi_org), format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    outside = _api(world.county).post("/api/v1/prepack-lots/", _lot_body(c, world.luolong_org), format="json")
    assert outside.status_code == 403
    # Out of scope is not found, for reads and writes alike.
    assert _api(world.enterprise).get(f"/api/v1/prepack-lots/{theirs.pk}/").status_code == 404
    assert (
        _api(world.county)
        .post(f"/api/v1/prepack-lots/{theirs.pk}/measurements/", {"measurements": PASSING_50}, format="json")
        .status_code
        == 404
    )
    assert _api(world.other_enterprise).get(f"/api/v1/prepack-lots/{theirs.pk}/").status_code == 200
    # The producer may read its lot but not record its measurements.
    own = _api(world.other_enterprise).post(
        f"/api/v1/prepack-lots/{theirs.pk}/measurements/", {"measurements": PASSING_50}, format="json"
    )
    assert own.status_code == 403
    assert Lot.objects.get(pk=theirs.pk).verdict == "pending"


def test_judge_previews_the_kernels_verdict_and_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    response = _api(world.enterprise).post(
        "/api/v1/prepack-lots/judge/",
        {"nominal": "500", "unit": "g", "lot_size": 300, "measurements": FAILING_50},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {*JUDGE_KEYS, "rounding"}
    kernel = judge_lot(500, "g", 300, FAILING_50)
    assert (body["verdict"], body["t1_count"], body["reasons"]) == ("fail", 4, list(kernel.reasons))
    assert body["mean"] == 501.75
    assert body["rounding"] == "gb8170"
    assert not Lot.objects.exists()
    short = _api(world.enterprise).post(
        "/api/v1/prepack-lots/judge/",
        {"nominal": "500", "unit": "g", "lot_size": 300, "measurements": ["500", "abc"]},
        format="json",
    )
    assert short.status_code == 400
    assert short.json()["error"]["fields"]["measurements"] == ["#2 'abc' is not a non-negative number"]
    wrong_n = _api(world.enterprise).post(
        "/api/v1/prepack-lots/judge/",
        {"nominal": "500", "unit": "g", "lot_size": 300, "measurements": PASSING_50[:10]},
        format="json",
    )
    assert "n = 50" in wrong_n.json()["error"]["fields"]["measurements"][0]


def test_campaigns_through_the_api(world) -> None:  # type: ignore[no-untyped-def]
    body = {
        "title": "2025年涧西区净含量抽查",
        "organizer": "涧西区市场监督管理局",
        "inspecting_institution": world.institute.uscc,
        "region": "410305",
        "start_on": "2025-03-01",
        "end_on": "2025-10-31",
        "status": "in_progress",
    }
    created = _api(world.county).post("/api/v1/prepack-campaigns/", body, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["year"], created.json()["lot_count"]) == (2025, 0)
    refused = _api(world.county).post(
        "/api/v1/prepack-campaigns/", {**body, "region": "410311"}, format="json"
    )
    assert refused.status_code == 403
    assert (
        _api(world.institute_user).post("/api/v1/prepack-campaigns/", body, format="json").status_code == 403
    )
    listed = _api(world.institute_user).get("/api/v1/prepack-campaigns/").json()
    assert [c["title"] for c in listed["results"]] == ["2025年涧西区净含量抽查"]


def test_declarations_through_the_api(world) -> None:  # type: ignore[no-untyped-def]
    api = _api(world.enterprise)
    created = api.post(
        "/api/v1/capability-declarations/",
        {"producer": world.jianxi_org.uscc, "declared_on": "2024-02-01", "products": ["挂面 500 g"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "valid"
    twice = api.post(
        "/api/v1/capability-declarations/",
        {"producer": world.jianxi_org.uscc, "declared_on": "2024-03-01"},
        format="json",
    )
    assert twice.status_code == 400
    revoke = api.patch(
        f"/api/v1/capability-declarations/{created.json()['id']}/", {"status": "revoked"}, format="json"
    )
    assert revoke.status_code == 403
    assert CapabilityDeclaration.objects.get().status == "valid"
    assert _api(world.other_enterprise).get("/api/v1/capability-declarations/").json()["count"] == 0


@pytest.mark.parametrize(
    "url", ["/api/v1/prepack-lots/", "/api/v1/prepack-campaigns/", "/api/v1/capability-declarations/"]
)
def test_list_endpoints_have_bounded_queries(world, django_assert_max_num_queries, url) -> None:  # type: ignore[no-untyped-def]
    inspectors = [PersonFactory(organization=world.institute) for _ in range(3)]
    for year in (2022, 2023, 2024):
        c = campaign(world.institute, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        for n in range(10):
            producer = world.jianxi_org if n % 2 else world.luolong_org
            lot(c, producer, inspectors=inspectors[: n % 3 + 1], measurements=PASSING_50 if n % 3 else None)
    for _ in range(20):
        declaration(OrganizationFactory(kind=OrganizationKind.ENTERPRISE))
    for user in (world.bureau, world.county, world.institute_user, world.enterprise):
        with django_assert_max_num_queries(8):
            assert _api(user).get(url).status_code == 200
