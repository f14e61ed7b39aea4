"""The registry under /api/v1/: token auth, scoping, one error shape, query-count bounds."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jiliang.registry.models import Organization
from tests.core.factories import token_client
from tests.registry.factories import OrganizationFactory, PersonFactory, region, valid_uscc

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(APIClient(), user)


def test_anonymous_is_refused_with_the_error_shape(world) -> None:  # type: ignore[no-untyped-def]
    response = APIClient().get("/api/v1/organizations/")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_token_auth_lists_only_the_callers_scope(world) -> None:  # type: ignore[no-untyped-def]
    names = {o["name"] for o in _client(world.county).get("/api/v1/organizations/").json()["results"]}
    assert names == {"涧西测试企业"}
    assert _client(world.county).get(f"/api/v1/organizations/{world.luolong_org.pk}/").status_code == 404


def test_create_with_invalid_code_names_the_field_and_rule(world) -> None:  # type: ignore[no-untyped-def]
    response = _client(world.bureau).post(
        "/api/v1/organizations/",
        {"name": "API坏码", "uscc": "91110108717809965C", "kind": "enterprise", "region": "410305"},
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "uscc" in error["fields"]
    assert "check_character" in error["fields"]["uscc"][0]
    assert not Organization.objects.filter(name="API坏码").exists()


def test_create_outside_scope_is_forbidden(world) -> None:  # type: ignore[no-untyped-def]
    response = _client(world.county).post(
        "/api/v1/organizations/",
        {"name": "API越界", "uscc": valid_uscc("410311"), "kind": "enterprise", "region": "410311"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403


def test_create_and_patch_through_services(world) -> None:  # type: ignore[no-untyped-def]
    client = _client(world.county)
    response = client.post(
        "/api/v1/organizations/",
        {"name": "API企业", "uscc": valid_uscc(), "kind": "market", "region": "410305"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["region_code"] == "410305"
    response = client.patch(f"/api/v1/organizations/{pk}/", {"address": "API路1号"}, format="json")
    assert response.status_code == 200
    assert Organization.objects.get(pk=pk).address == "API路1号"
    from jiliang.core.models import AuditEntry

    assert AuditEntry.objects.filter(object_id=str(pk), actor=world.county).count() == 2


def test_delete_is_not_offered(world) -> None:  # type: ignore[no-untyped-def]
    assert _client(world.bureau).delete(f"/api/v1/organizations/{world.jianxi_org.pk}/").status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations/",
        "/api/v1/people/",
        "/api/v1/qualifications/",
        "/api/v1/experts/",
        "/api/v1/regions/",
    ],
)
def test_list_query_count_is_bounded(world, django_assert_max_num_queries, url) -> None:  # type: ignore[no-untyped-def]
    from tests.registry.factories import ExpertFactory, QualificationFactory

    for i in range(30):
        org = OrganizationFactory(region=region("410305"))
        person = PersonFactory(organization=org)
        QualificationFactory(person=person)
        if i % 3 == 0:
            ExpertFactory(person=PersonFactory(organization=org))
    client = _client(world.bureau)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200


def test_openapi_schema_is_valid(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/organizations/" in text


def test_docs_and_schema_are_served(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
