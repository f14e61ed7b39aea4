"""GB/T 2260 codes are validated, one division is in force per code, and every lookup by code is safe
(issue #12 item 6: a second in-force 410303, codes like ``.exe`` and ``0``, then ``?region=410303``
answered 500 with MultipleObjectsReturned)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from jiliang.registry import services
from jiliang.registry.models import Region
from tests.core.factories import token_client
from tests.registry.factories import region

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(APIClient(), user)


def _post(world, **fields):  # type: ignore[no-untyped-def]
    data = {"name": "测试区", "level": "district", "parent": region("410300").pk, "valid_from": "2024-01-01"}
    data.update(fields)
    return _api(world.bureau).post("/api/v1/regions/", data, format="json")


def test_a_second_in_force_code_is_refused_naming_the_code(world) -> None:  # type: ignore[no-untyped-def]
    response = _post(world, code="410303")
    assert response.status_code == 400
    assert "code" in str(response.json()["error"]) or "__all__" in str(response.json()["error"])
    assert Region.objects.filter(code="410303", valid_to__isnull=True).count() == 1


@pytest.mark.parametrize(("code", "level"), [(".exe", "district"), ("0", "district"), ("410300", "district")])
def test_malformed_codes_are_refused_on_the_code_field(world, code: str, level: str) -> None:  # type: ignore[no-untyped-def]
    response = _post(world, code=code, level=level)
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    assert not Region.objects.filter(code=code, name="测试区").exists()


def test_the_service_refuses_a_code_outside_its_parent(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as raised:
        services.region_create(
            actor=world.bureau,
            data={
                "code": "410105",
                "name": "金水区",
                "level": "district",
                "parent": region("410300"),
                "valid_from": dt.date(2024, 1, 1),
            },
        )
    assert raised.value.error_dict["code"][0].code == "parent"


@pytest.fixture
def old_version_of_410303() -> Region:
    """An earlier, retired record of 西工区's code beside the one in force: legitimate history that made
    every ``?region=410303`` lookup ambiguous."""
    current = region("410303")
    return Region.objects.create(
        code="410303",
        name="西工区（旧）",
        level="district",
        parent=current.parent,
        path=current.path,
        valid_from=dt.date(1990, 1, 1),
        valid_to=dt.date(2000, 1, 1),
    )


@pytest.mark.parametrize(
    "url",
    [
        "/registry/organizations/?region=410303",
        "/instruments/instruments/?region=410303",
        "/instruments/figures/?region=410303&start=2024-01-01&end=2024-12-31",
        "/overview/?region=410303",
        "/standards/standards/?region=410303",
        "/prepack/lots/?region=410303",
        "/prepack/campaigns/?region=410303",
        "/metering/units/?region=410303",
        "/api/v1/organizations/?region=410303",
        "/api/v1/instruments/?region=410303",
        "/api/v1/measurement-standards/?region=410303",
        "/api/v1/metering/units/?region=410303",
        "/api/v1/organizations/?region=.exe",
        "/instruments/instruments/?region=0",
    ],
)
def test_every_region_filter_answers_with_two_records_of_a_code(
    client, world, old_version_of_410303, url: str
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    response = client.get(url)
    assert response.status_code in (200, 400), response.content[:300]


def test_the_region_filter_means_the_division_in_force(world, old_version_of_410303) -> None:  # type: ignore[no-untyped-def]
    from jiliang.registry.fields import region_by_code

    assert region_by_code(Region.objects.all(), "410303") == region("410303")
    assert region_by_code(Region.objects.all(), "41030") is None
    assert region_by_code(Region.objects.all(), ["410303"]) is None
