"""Field-level write rights (issue #12 item 3): declared once per model (core.rights), enforced by the
services for pages, the API and imports alike, and published in docs/roles.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import translation
from rest_framework.test import APIClient

from jiliang.core.models import AuditEntry
from jiliang.core.rights import ensure_fields_writable, rights_of, rights_table
from jiliang.instruments.models import Instrument
from jiliang.metering.models import EnergyUnit
from tests.instruments.factories import register
from tests.metering.factories import unit
from tests.registry.factories import region

ROLES_DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
SUPERVISORY = {"region": "410311", "kind": "market", "is_key_energy_unit": True, "industry": "fuel_station"}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _declared() -> list[type]:
    return [m for m in apps.get_models() if rights_of(m) is not None]


def test_docs_roles_publishes_exactly_the_declared_matrix() -> None:
    assert rights_table(_declared()) in ROLES_DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("role", ["bureau", "county", "institute", "enterprise"])
def test_every_declared_model_role_and_field_is_enforced_as_declared(role: str) -> None:
    """Walk the matrix: each field each role may not write is refused by name, each other one passes."""

    class Actor:
        is_superuser = False

    actor = Actor()
    actor.role = role  # type: ignore[attr-defined]
    checked = 0
    for model in _declared():
        rights = rights_of(model)
        assert rights is not None
        for creating in (False, True):
            allowed = rights.allowed(role, creating=creating)
            for name in rights.editable:
                checked += 1
                if name in allowed:
                    ensure_fields_writable(actor=actor, model=model, names=[name], creating=creating)
                else:
                    with pytest.raises(PermissionDenied, match="may not change"):
                        ensure_fields_writable(actor=actor, model=model, names=[name], creating=creating)
    assert checked > 100


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["region", "kind", "is_key_energy_unit", "uscc", "industry"])
def test_an_enterprise_cannot_patch_the_supervisory_fields_of_its_own_organization(world, field: str) -> None:  # type: ignore[no-untyped-def]
    """The outside run moved an enterprise out of its county's oversight with one PATCH."""
    org = world.jianxi_org
    before = {f: getattr(org, f) for f in ("region_id", "kind", "is_key_energy_unit", "uscc", "industry")}
    value = SUPERVISORY.get(field, "91410300MA44BBBBXN")
    response = _api(world.enterprise).patch(f"/api/v1/organizations/{org.pk}/", {field: value}, format="json")
    assert response.status_code in (400, 403), response.json()
    if response.status_code == 403:
        assert response.json()["error"]["code"] == "permission_denied"
    org.refresh_from_db()
    assert {f: getattr(org, f) for f in before} == before
    assert not AuditEntry.objects.filter(object_id=str(org.pk), action="update").exists()


@pytest.mark.django_db
def test_an_enterprise_keeps_its_contact_details_up_to_date(world) -> None:  # type: ignore[no-untyped-def]
    org = world.jianxi_org
    response = _api(world.enterprise).patch(
        f"/api/v1/organizations/{org.pk}/", {"contact_phone": "0379-6000000"}, format="json"
    )
    assert response.status_code == 200, response.json()
    org.refresh_from_db()
    assert org.contact_phone == "0379-6000000"


@pytest.mark.django_db
def test_the_county_changes_the_supervisory_fields_audited(world) -> None:  # type: ignore[no-untyped-def]
    org = world.jianxi_org
    response = _api(world.county).patch(
        f"/api/v1/organizations/{org.pk}/", {"is_key_energy_unit": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    entry = AuditEntry.objects.get(object_id=str(org.pk), action="update")
    assert entry.actor == world.county
    assert "is_key_energy_unit" in entry.changes


@pytest.mark.django_db
def test_the_edit_page_shows_the_supervisory_fields_read_only_and_keeps_them(client, world) -> None:  # type: ignore[no-untyped-def]
    org = world.jianxi_org
    client.force_login(world.enterprise)
    page = client.get(f"/registry/organizations/{org.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'<select name="region"[^>]*disabled', page)
    assert not re.search(r'<input type="text" name="address"[^>]*disabled', page)
    posted = {
        "name": org.name,
        "uscc": org.uscc,
        "kind": "market",
        "region": "410311",
        "address": "新地址",
        "industry": "",
        "is_key_energy_unit": "on",
        "contact_name": "",
        "contact_phone": "",
    }
    client.post(f"/registry/organizations/{org.pk}/edit/", posted)
    org.refresh_from_db()
    assert org.address == "新地址"
    assert (org.kind, org.region.code, org.is_key_energy_unit) == ("enterprise", "410305", False)


@pytest.mark.django_db
def test_an_enterprise_cannot_move_its_instrument_to_another_county(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, actor=world.enterprise)
    response = _api(world.enterprise).patch(
        f"/api/v1/instruments/{instrument.pk}/", {"site_region": "410311"}, format="json"
    )
    assert response.status_code in (400, 403)
    instrument.refresh_from_db()
    assert instrument.region.code == "410305"
    assert Instrument.objects.get(pk=instrument.pk).site_region is None


@pytest.mark.django_db
def test_an_enterprise_cannot_take_its_unit_off_the_key_unit_list(world) -> None:  # type: ignore[no-untyped-def]
    energy_unit = unit(world.jianxi_org)
    response = _api(world.enterprise).patch(
        f"/api/v1/metering/units/{energy_unit.pk}/", {"list_membership": "city"}, format="json"
    )
    assert response.status_code == 403, response.json()
    assert EnergyUnit.objects.get(pk=energy_unit.pk).list_membership == "national"
    ok = _api(world.enterprise).patch(
        f"/api/v1/metering/units/{energy_unit.pk}/", {"manager_name": "王工"}, format="json"
    )
    assert ok.status_code == 200, ok.json()


def test_region_fixture_is_the_county_of_the_enterprise(world) -> None:  # type: ignore[no-untyped-def]
    assert world.jianxi_org.region == region("410305")
