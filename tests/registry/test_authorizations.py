"""Institute authorizations (授权) in the registry: granted and changed by the bureau only (audited), through
the service, the API /api/v1/institute-authorizations/ and the pages; read by the bureau, the county of the
institute and the institute itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from jiliang.core.models import AuditEntry
from jiliang.registry import selectors, services
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import InstituteAuthorization, InstrumentType
from tests.registry.factories import OrganizationFactory, authorize, region

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(institute: Any, **extra: Any) -> dict[str, Any]:
    return {
        "institute": institute.uscc,
        "number": "(豫)法计(2025)0001号",
        "regions": ["410305", "410311"],
        "instrument_types": ["SCALE-NAWI", "TAXIMETER"],
        "issued_by": "洛阳市市场监督管理局",
        "valid_from": "2025-01-01",
        "valid_until": "2029-12-31",
        **extra,
    }


def test_bureau_grants_an_authorization_through_the_api_and_it_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    response = _api(world.bureau).post(
        "/api/v1/institute-authorizations/", _body(world.institute), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["institute_uscc"] == world.institute.uscc
    assert sorted(data["regions"]) == ["410305", "410311"]
    assert sorted(data["instrument_types"]) == ["SCALE-NAWI", "TAXIMETER"]
    assert data["status"] == "active"
    authorization = InstituteAuthorization.objects.get(pk=data["id"])
    assert AuditEntry.objects.filter(
        object_id=str(authorization.pk), content_type__model="instituteauthorization", action="create"
    ).exists()
    revoked = _api(world.bureau).patch(
        f"/api/v1/institute-authorizations/{authorization.pk}/", {"status": "revoked"}, format="json"
    )
    assert revoked.status_code == 200, revoked.json()
    assert AuditEntry.objects.filter(object_id=str(authorization.pk), action="update").exists()
    assert not selectors.institute_covers(institute_id=world.institute.pk, day=dt.date(2026, 1, 1))


@pytest.mark.parametrize("user_attr", ["county", "institute_user", "enterprise"])
def test_only_the_bureau_grants_or_changes_an_authorization(world, user_attr) -> None:  # type: ignore[no-untyped-def]
    user = getattr(world, user_attr)
    response = _api(user).post("/api/v1/institute-authorizations/", _body(world.institute), format="json")
    assert response.status_code == 403
    assert not InstituteAuthorization.objects.exists()
    authorization = authorize(world.institute)
    with pytest.raises(PermissionDenied):
        services.authorization_update(actor=user, instance=authorization, data={"status": "active"})
    patched = _api(user).patch(
        f"/api/v1/institute-authorizations/{authorization.pk}/",
        {"valid_until": "2099-12-31"},
        format="json",
    )
    assert patched.status_code in (403, 404)  # the county may not read it at all (another county's)
    authorization.refresh_from_db()
    assert authorization.valid_until == dt.date(2030, 12, 31)


def test_bad_input_names_the_field_and_saves_nothing(world, english) -> None:  # type: ignore[no-untyped-def]
    api = _api(world.bureau)
    empty = api.post(
        "/api/v1/institute-authorizations/", _body(world.institute, regions=[]), format="json"
    ).json()
    assert "regions" in empty["error"]["fields"]
    reversed_dates = api.post(
        "/api/v1/institute-authorizations/",
        _body(world.institute, valid_from="2025-01-01", valid_until="2024-12-31"),
        format="json",
    ).json()
    assert "valid_until" in reversed_dates["error"]["fields"]
    not_an_institute = api.post(
        "/api/v1/institute-authorizations/", _body(world.jianxi_org), format="json"
    ).json()
    assert "institute" in not_an_institute["error"]["fields"]
    bad_region = api.post(
        "/api/v1/institute-authorizations/", _body(world.institute, regions=["41030X"]), format="json"
    ).json()
    assert "regions" in bad_region["error"]["fields"]
    assert not InstituteAuthorization.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.authorization_create(
            actor=world.bureau,
            data={
                "institute": world.jianxi_org,
                "number": "X-1",
                "regions": [region("410305")],
                "instrument_types": list(InstrumentType.objects.filter(code="SCALE-NAWI")),
                "valid_from": dt.date(2025, 1, 1),
                "valid_until": dt.date(2029, 12, 31),
            },
        )
    assert "institute" in exc.value.message_dict


def test_the_institute_of_an_authorization_is_fixed(world) -> None:  # type: ignore[no-untyped-def]
    authorization = authorize(world.institute)
    other = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE)
    with pytest.raises(ValidationError):
        services.authorization_update(actor=world.bureau, instance=authorization, data={"institute": other})


def test_who_reads_which_authorizations(world) -> None:  # type: ignore[no-untyped-def]
    own = authorize(world.institute)  # the world's institute sits in 洛龙区 (410311)
    jianxi = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410305"))
    theirs = authorize(jianxi, regions=("410305",))
    assert set(selectors.authorization_list(user=world.bureau)) == {own, theirs}
    assert set(selectors.authorization_list(user=world.county)) == {theirs}  # the 涧西 county bureau
    assert set(selectors.authorization_list(user=world.institute_user)) == {own}
    assert not selectors.authorization_list(user=world.enterprise).exists()


def test_pages_list_add_edit_and_history_for_the_bureau(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    assert client.get("/registry/authorizations/").status_code == 200
    assert client.get("/registry/authorizations/add/").status_code == 200
    scale = InstrumentType.objects.get(code="SCALE-NAWI", valid_to__isnull=True)
    form = {
        "institute": world.institute.uscc,
        "number": "(豫)法计(2025)0002号",
        "regions": [region("410311").pk],
        "instrument_types": [scale.pk],
        "valid_from": "2025-01-01",
        "valid_until": "2029-12-31",
        "status": "active",
    }
    assert client.post("/registry/authorizations/add/", form).status_code == 302
    authorization = InstituteAuthorization.objects.get(number="(豫)法计(2025)0002号")
    edited = client.post(
        f"/registry/authorizations/{authorization.pk}/edit/", {**form, "status": "suspended"}
    )
    assert edited.status_code == 302
    authorization.refresh_from_db()
    assert authorization.status == "suspended"
    detail = client.get(f"/registry/authorizations/{authorization.pk}/").content.decode()
    assert "(豫)法计(2025)0002号" in detail
    assert client.get(f"/registry/authorizations/{authorization.pk}/history/").status_code == 200
    client.force_login(world.institute_user)
    assert client.get(f"/registry/authorizations/{authorization.pk}/").status_code == 200  # its own
    refused = client.post("/registry/authorizations/add/", {**form, "number": "(豫)法计(2025)0003号"})
    assert refused.status_code in (400, 403)
    assert not InstituteAuthorization.objects.filter(number="(豫)法计(2025)0003号").exists()


def test_api_list_query_count_is_bounded(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(20):
        authorize(OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE), "SCALE-NAWI", "TAXIMETER")
    with django_assert_max_num_queries(8):
        response = _api(world.bureau).get("/api/v1/institute-authorizations/")
    assert response.status_code == 200
    assert response.json()["count"] == 20
