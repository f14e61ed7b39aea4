"""The standards registry through the API and the pages: scope, permissions, errors, query bounds."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from jiliang.core.models import AuditEntry
from jiliang.instruments.models import VerificationRecord
from jiliang.standards.choices import StandardLevel, StandardStatus
from jiliang.standards.models import ApprovalCertificate, CalibrationLink, MeasurementStandard
from tests.instruments.factories import qualified_verifier, register
from tests.standards.factories import institute, link, nim, province, standard

pytestmark = pytest.mark.django_db
D = dt.date


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(holder, code="API-1", level="county_public"):  # type: ignore[no-untyped-def]
    return {
        "code": code,
        "name": "精密压力表标准装置",
        "holder": holder.uscc,
        "level": level,
        "discipline": "mechanics",
        "quantity": "压力",
        "uncertainty": "0.25级",
        "accuracy_kind": "mpe",
        "accuracy_value": "0.25",
        "accuracy_unit": "%",
        "instrument_types": ["PRESSURE-GAUGE"],
    }


def test_institute_registers_through_the_api_and_sees_only_its_own(world) -> None:  # type: ignore[no-untyped-def]
    other = standard(institute("410305"), level=StandardLevel.COUNTY_PUBLIC)
    api = _api(world.institute_user)
    created = api.post("/api/v1/measurement-standards/", _payload(world.institute), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["instrument_types"] == ["PRESSURE-GAUGE"]
    assert [s["code"] for s in api.get("/api/v1/measurement-standards/").json()["results"]] == ["API-1"]
    assert api.get(f"/api/v1/measurement-standards/{other.pk}/").status_code == 404
    refused = api.post("/api/v1/measurement-standards/", _payload(other.holder, code="API-2"), format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["status"] == 403
    bad = api.post(
        "/api/v1/measurement-standards/", _payload(world.institute, "API-3", "city_public"), format="json"
    )
    assert bad.status_code == 400
    assert "level" in bad.json()["error"]["fields"]
    assert not MeasurementStandard.objects.filter(code__in=["API-2", "API-3"]).exists()


def test_county_bureau_sees_its_region_and_enterprise_its_own(world) -> None:  # type: ignore[no-untyped-def]
    jianxi = standard(institute("410305"), level=StandardLevel.COUNTY_PUBLIC)
    luolong = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    mine = standard(world.jianxi_org, level=StandardLevel.ENTERPRISE_HIGHEST)
    county = {s["code"] for s in _api(world.county).get("/api/v1/measurement-standards/").json()["results"]}
    assert county == {jianxi.code, mine.code}
    own = {s["code"] for s in _api(world.enterprise).get("/api/v1/measurement-standards/").json()["results"]}
    assert own == {mine.code}
    assert _api(world.enterprise).get(f"/api/v1/measurement-standards/{luolong.pk}/chain/").status_code == 404
    assert _api(world.bureau).get("/api/v1/measurement-standards/?level=county_public").json()["count"] == 2


def test_approval_through_the_api_by_the_bureau_only(world) -> None:  # type: ignore[no-untyped-def]
    target = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, approved=None)
    body = {"standard": target.code, "number": "[2025]豫洛量标证字第09999号", "issued_on": "2025-03-01"}
    assert (
        _api(world.institute_user).post("/api/v1/approval-certificates/", body, format="json").status_code
        == 403
    )
    issued = _api(world.bureau).post("/api/v1/approval-certificates/", body, format="json")
    assert issued.status_code == 201, issued.json()
    assert issued.json()["valid_until"] == "2029-02-28"
    pk = issued.json()["id"]
    assert (
        _api(world.bureau).patch(f"/api/v1/approval-certificates/{pk}/", {"number": "x"}).status_code == 405
    )
    revoked = _api(world.bureau).post(
        f"/api/v1/approval-certificates/{pk}/revoke/", {"on": "2025-06-01", "reason": "撤销"}, format="json"
    )
    assert revoked.json()["status"] == "revoked"


def test_failed_check_through_the_api_suspends_and_status_actions(world) -> None:  # type: ignore[no-untyped-def]
    target = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    api = _api(world.institute_user)
    response = api.post(
        "/api/v1/standard-checks/",
        {
            "standard": target.code,
            "kind": "stability",
            "performed_on": "2025-06-01",
            "readings": ["10.0", "10.3"],
            "limit": "0.2",
            "unit": "kPa",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["passed"] is False
    assert api.get(f"/api/v1/measurement-standards/{target.pk}/").json()["status"] == "suspended"
    resumed = api.post(
        f"/api/v1/measurement-standards/{target.pk}/resume/",
        {"on": "2025-06-20", "reason": "已修复"},
        format="json",
    )
    assert resumed.status_code == 200
    assert resumed.json()["status"] == "active"
    again = api.post(
        f"/api/v1/measurement-standards/{target.pk}/resume/",
        {"on": "2025-06-21", "reason": "x"},
        format="json",
    )
    assert again.status_code == 400
    refused = _api(world.enterprise).post(
        f"/api/v1/measurement-standards/{target.pk}/suspend/",
        {"on": "2025-07-01", "reason": "x"},
        format="json",
    )
    assert refused.status_code == 404


def test_calibration_link_and_external_reference_through_the_api(world) -> None:  # type: ignore[no-untyped-def]
    lower = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    root = nim()
    api = _api(world.institute_user)
    body = {
        "standard": lower.code,
        "external": root.pk,
        "certificate_number": "NIM-2025-1",
        "calibrated_on": "2025-01-01",
        "valid_until": "2025-12-31",
    }
    assert api.post("/api/v1/calibration-links/", body, format="json").status_code == 201
    both = api.post(
        "/api/v1/calibration-links/",
        {**body, "higher_standard": standard(institute("410300")).code},
        format="json",
    )
    assert both.status_code == 400
    assert "higher_standard" in both.json()["error"]["fields"]
    assert CalibrationLink.objects.count() == 1
    chain = api.get(f"/api/v1/measurement-standards/{lower.pk}/chain/", {"as_of": "2025-06-30"}).json()
    assert chain["holds"] is True
    assert api.get("/api/v1/external-references/").json()["count"] == 1
    assert (
        api.patch(f"/api/v1/external-references/{root.pk}/", {"note": "x"}, format="json").status_code == 403
    )


def test_verification_names_its_standard_by_code_through_the_api(world) -> None:  # type: ignore[no-untyped-def]
    used = standard(
        world.institute, level=StandardLevel.COUNTY_PUBLIC, types=("SCALE-NAWI",), code="410311-007"
    )
    wrong = standard(
        world.institute, level=StandardLevel.COUNTY_PUBLIC, types=("TAXIMETER",), code="410311-008"
    )
    instrument = register(world.luolong_org, in_use=D(2025, 3, 5))
    verifier = qualified_verifier(world.institute)
    body = {
        "instrument": instrument.pk,
        "institution": world.institute.uscc,
        "verifier": verifier.pk,
        "verified_on": "2025-03-01",
        "result": "pass",
    }
    refused = _api(world.institute_user).post(
        "/api/v1/verifications/", {**body, "standard": wrong.code}, format="json"
    )
    assert refused.status_code == 400
    assert "standard" in refused.json()["error"]["fields"]
    made = _api(world.institute_user).post(
        "/api/v1/verifications/", {**body, "standard": used.code}, format="json"
    )
    assert made.status_code == 201, made.json()
    assert made.json()["standard"] == "410311-007"
    assert VerificationRecord.objects.get().standard == used


@pytest.fixture
def many(world):  # type: ignore[no-untyped-def]
    city = institute("410300")
    root = province(nim())
    top = standard(city, types=("SCALE-NAWI", "WEIGHT"))
    link(top, root, on=D(2025, 1, 1), until=D(2026, 12, 31))
    for n in range(25):
        lower = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, types=("SCALE-NAWI",))
        link(lower, top, on=D(2025, 1, 1) + dt.timedelta(days=n), until=D(2025, 12, 31))
        from jiliang.standards import services

        services.standard_check_record(
            actor=world.bureau,
            data={
                "standard": lower,
                "kind": "repeatability",
                "performed_on": D(2025, 2, 1),
                "readings": ["1", "1.1", "0.9"],
                "limit": 1,
                "unit": "g",
            },
        )
    return top


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/measurement-standards/",
        "/api/v1/approval-certificates/",
        "/api/v1/calibration-links/",
        "/api/v1/standard-checks/",
        "/api/v1/external-references/",
    ],
)
def test_list_endpoints_have_bounded_queries(world, many, django_assert_max_num_queries, url) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(8):
        assert _api(world.bureau).get(url).status_code == 200
    with django_assert_max_num_queries(8):
        assert _api(world.institute_user).get(url).status_code == 200


@pytest.mark.parametrize("prefix", ["standards", "approvals", "links", "checks", "externals"])
def test_every_standards_page_renders(client, world, many, django_assert_max_num_queries, prefix) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    with django_assert_max_num_queries(14):
        assert client.get(f"/standards/{prefix}/").status_code == 200
    assert client.get(f"/standards/{prefix}/add/").status_code == 200
    assert client.get(f"/standards/{prefix}/?export=xlsx").status_code == 200


def test_detail_page_shows_the_chain_tree_and_dependants(client, world, many) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    body = client.get(f"/standards/standards/{many.pk}/", {"as_of": "2025-06-30"}).content.decode()
    assert 'id="trace" data-holds="true"' in body
    assert "河南省计量测试科学研究院" in body
    assert body.count('<tr><td><a href="/standards/standards/') == 25  # the standards it calibrates
    chain = client.get(f"/standards/standards/{many.pk}/chain/", {"as_of": "2027-01-01"}).content.decode()
    assert 'data-holds="false"' in chain
    assert 'data-reason="certificate_lapsed"' in chain  # the provincial calibration ended 2026-12-31
    assert client.get(f"/standards/standards/{many.pk}/history/").status_code == 200
    assert client.get(f"/standards/standards/{many.pk}/edit/").status_code == 200
    assert client.get("/standards/standards/import/?template=csv").status_code == 200


def test_status_page_suspends_and_the_form_shows_refusals(client, world) -> None:  # type: ignore[no-untyped-def]
    target = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    client.force_login(world.institute_user)
    response = client.post(
        f"/standards/standards/{target.pk}/status/",
        {"action": "suspend", "on": "2025-06-01", "reason": "送检"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == StandardStatus.SUSPENDED
    again = client.post(
        f"/standards/standards/{target.pk}/status/", {"action": "suspend", "on": "2025-06-02", "reason": "x"}
    )
    assert again.status_code == 400
    assert (
        AuditEntry.objects.filter(object_id=str(target.pk), content_type__model="measurementstandard").count()
        == 2
    )


def test_approval_form_issues_and_the_page_says_the_default_is_unconfirmed(client, world) -> None:  # type: ignore[no-untyped-def]
    target = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, approved=None)
    client.force_login(world.bureau)
    form = client.get(f"/standards/approvals/add/?standard={target.pk}").content.decode()
    assert "JILIANG_STANDARD_APPROVAL_YEARS" in form  # the form says where the unconfirmed default is set
    response = client.post(
        "/standards/approvals/add/", {"standard": target.pk, "number": "P-1", "issued_on": "2025-01-10"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ApprovalCertificate.objects.get(number="P-1").valid_until == D(2029, 1, 9)
    client.force_login(world.institute_user)
    refused = client.post(
        "/standards/approvals/add/", {"standard": target.pk, "number": "P-2", "issued_on": "2025-01-10"}
    )
    assert refused.status_code == 400
    assert not ApprovalCertificate.objects.filter(number="P-2").exists()


def test_check_form_parses_readings_and_suspends_on_failure(client, world) -> None:  # type: ignore[no-untyped-def]
    target = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    client.force_login(world.institute_user)
    bad = client.post(
        "/standards/checks/add/",
        {
            "standard": target.pk,
            "kind": "stability",
            "performed_on": "2025-06-01",
            "readings": "1 x",
            "limit": "1",
            "unit": "g",
        },
    )
    assert bad.status_code == 400
    assert not target.checks.exists()
    response = client.post(
        "/standards/checks/add/",
        {
            "standard": target.pk,
            "kind": "stability",
            "performed_on": "2025-06-01",
            "readings": "1.0, 1.5 2.4",
            "limit": "1",
            "unit": "g",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == StandardStatus.SUSPENDED


def test_reexamination_page_lists_a_lapsing_standard(client, world) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    today = timezone.localdate()
    soon = standard(
        world.institute,
        level=StandardLevel.COUNTY_PUBLIC,
        approved=(D(2020, 1, 1), today + dt.timedelta(days=40)),
    )
    later = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    client.force_login(world.bureau)
    body = client.get("/standards/reexamination/").content.decode()
    assert soon.code in body
    assert later.code not in body
    assert ">40<" in body
    assert 'id="unconfirmed-defaults"' in body


def test_verification_form_offers_the_institutions_valid_standards(client, world) -> None:  # type: ignore[no-untyped-def]
    used = standard(
        world.institute, level=StandardLevel.COUNTY_PUBLIC, types=("SCALE-NAWI",), code="410311-021"
    )
    lapsed = standard(
        world.institute,
        level=StandardLevel.COUNTY_PUBLIC,
        approved=(D(2018, 1, 1), D(2020, 1, 1)),
        code="410311-022",
    )
    elsewhere = standard(institute("410305"), level=StandardLevel.COUNTY_PUBLIC, code="410305-023")
    client.force_login(world.institute_user)
    form = client.get("/instruments/verifications/add/").content.decode()
    assert used.code in form
    assert lapsed.code not in form
    assert elsewhere.code not in form


def test_instrument_chain_page(client, world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=D(2025, 3, 5))
    client.force_login(world.enterprise)
    body = client.get(f"/instruments/instruments/{instrument.pk}/chain/").content.decode()
    assert 'data-reason="missing"' in body
    assert 'data-holds="false"' in body
    client.force_login(world.other_enterprise)
    assert client.get(f"/instruments/instruments/{instrument.pk}/chain/").status_code == 404
