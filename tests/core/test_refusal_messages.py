"""Refusals name nothing the actor cannot read (issue #12 item 12): a credit code typed into a form, an API
body or an import file is never turned into the name of an organization outside the actor's scope."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from jiliang.core.scoping import Scope, ensure_in_scope
from jiliang.instruments.models import Instrument

pytestmark = pytest.mark.django_db


def test_a_record_outside_the_scope_is_named_by_its_kind_only(world, english) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied) as exc:
        ensure_in_scope(
            Scope(role="enterprise", organization_id=world.jianxi_org.pk),
            region_path=world.luolong_org.region.path,
            organization_id=world.luolong_org.pk,
            what=world.luolong_org,
        )
    assert str(exc.value) == "This organization is outside your scope."


def test_api_refusal_of_another_organizations_credit_code_does_not_reveal_its_name(world) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(world.enterprise)
    response = client.post(
        "/api/v1/instruments/",
        {
            "owner": world.luolong_org.uscc,
            "instrument_type": "TAXIMETER",
            "serial_number": "LEAK-1",
            "use_domain": "trade_settlement",
            "put_into_use_on": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 403
    assert world.luolong_org.name not in response.content.decode("unicode_escape")
    assert world.luolong_org.name not in response.content.decode()
    assert not Instrument.objects.exists()


def test_page_refusal_of_another_organizations_credit_code_does_not_reveal_its_name(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)  # 涧西区; the owner is registered in 洛龙区
    response = client.post(
        "/instruments/instruments/add/",
        {
            "owner": world.luolong_org.uscc,
            "instrument_type": "",
            "serial_number": "LEAK-2",
            "use_domain": "trade_settlement",
            "put_into_use_on": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert world.luolong_org.name not in response.content.decode()


def test_import_refusal_of_another_organizations_credit_code_does_not_reveal_its_name(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.core.importing import import_rows, read_table
    from jiliang.instruments.importers import INSTRUMENT_IMPORT

    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            ["owner", "instrument_type", "serial_number", "use_domain", "put_into_use_on"],
            [world.luolong_org.uscc, "TAXIMETER", "LEAK-3", "trade_settlement", "2025-01-01"],
        ]
    )
    report = import_rows(
        spec=INSTRUMENT_IMPORT, actor=world.enterprise, table=read_table(buffer.getvalue().encode(), "i.csv")
    )
    assert report.errors
    assert all(world.luolong_org.name not in e.reason for e in report.errors)
    assert not Instrument.objects.exists()
