"""Registry pages through the Django test client: lists, filters, detail, create, edit, history."""

from __future__ import annotations

import pytest

from jiliang.core.models import AuditEntry
from jiliang.registry.models import Organization
from tests.registry.factories import valid_uscc

pytestmark = pytest.mark.django_db


def test_pages_require_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/registry/organizations/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_list_filters_by_region_subtree_and_search(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    body = client.get("/registry/organizations/?region=410311").content.decode()
    assert "洛龙测试企业" in body
    assert "涧西测试企业" not in body
    body = client.get("/registry/organizations/?q=涧西").content.decode()
    assert "涧西测试企业" in body
    assert "洛龙测试企业" not in body


def test_county_cannot_open_another_countys_record(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    assert client.get(f"/registry/organizations/{world.luolong_org.pk}/").status_code == 404
    assert client.get(f"/registry/organizations/{world.luolong_org.pk}/edit/").status_code == 404
    assert client.get(f"/registry/organizations/{world.luolong_org.pk}/history/").status_code == 404
    response = client.post(f"/registry/organizations/{world.luolong_org.pk}/edit/", {"name": "x"})
    assert response.status_code == 404


def test_create_edit_and_history(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    code = valid_uscc()
    region_pk = world.jianxi_org.region_id
    response = client.post(
        "/registry/organizations/add/",
        {"name": "页面企业", "uscc": code, "kind": "fuel_station", "region": region_pk},
    )
    assert response.status_code == 302
    org = Organization.objects.get(uscc=code)
    response = client.post(
        f"/registry/organizations/{org.pk}/edit/",
        {"name": "页面企业（改）", "uscc": code, "kind": "fuel_station", "region": region_pk},
    )
    assert response.status_code == 302
    history = client.get(f"/registry/organizations/{org.pk}/history/").content.decode()
    assert "页面企业（改）" in history
    assert "county" in history
    assert AuditEntry.objects.filter(object_id=str(org.pk), content_type__model="organization").count() == 2


def test_invalid_code_is_refused_on_the_form_with_the_rule(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    response = client.post(
        "/registry/organizations/add/",
        {
            "name": "表单坏码",
            "uscc": "91110108717809965C",
            "kind": "enterprise",
            "region": world.jianxi_org.region_id,
        },
    )
    assert response.status_code == 400
    assert "check_character" in response.content.decode()
    assert not Organization.objects.filter(name="表单坏码").exists()


def test_county_create_outside_scope_shows_the_refusal(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    response = client.post(
        "/registry/organizations/add/",
        {
            "name": "越界",
            "uscc": valid_uscc("410311"),
            "kind": "enterprise",
            "region": world.luolong_org.region_id,
        },
    )
    assert response.status_code == 400
    assert not Organization.objects.filter(name="越界").exists()


@pytest.mark.parametrize("prefix", ["regions", "organizations", "people", "qualifications", "experts"])
def test_every_registry_page_renders(client, world, prefix) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    assert client.get(f"/registry/{prefix}/").status_code == 200
    assert client.get(f"/registry/{prefix}/add/").status_code == 200
    assert client.get(f"/registry/{prefix}/import/").status_code == 200


def test_list_page_query_count_is_bounded(client, world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from tests.registry.factories import OrganizationFactory

    OrganizationFactory.create_batch(60)
    client.force_login(world.bureau)
    with django_assert_max_num_queries(12):
        assert client.get("/registry/organizations/").status_code == 200


def test_home_dashboard_and_offline_plotly(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    assert client.get("/")["Location"] == "/overview/"  # no plan loaded yet
    body = client.get("/overview/").content.decode()
    assert "/static/vendor/plotly/plotly.min.js" in body
    assert "cdn" not in body.lower()
    script = client.get("/static/vendor/plotly/plotly.min.js")
    assert script.status_code == 200
    assert b"plotly" in b"".join(script.streaming_content)[:2000].lower()
    script.close()
