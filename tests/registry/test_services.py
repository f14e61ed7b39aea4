"""Registry services: validation with named rules, audit entries, nothing partial saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jiliang.core.models import AuditEntry
from jiliang.registry import selectors, services
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import InstrumentType, Organization, Region
from tests.registry.factories import PersonFactory, QualificationFactory, region, valid_uscc

pytestmark = pytest.mark.django_db


def test_invalid_credit_code_is_refused_with_the_rule(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.organization_create(
            actor=world.bureau,
            data={
                "name": "坏码企业",
                "uscc": "91110108717809965C",
                "kind": OrganizationKind.ENTERPRISE,
                "region": region("410305"),
            },
        )
    message = " ".join(exc.value.message_dict["uscc"])
    assert "check_character" in message
    assert "expected J" in message
    assert not Organization.objects.filter(name="坏码企业").exists()
    assert not AuditEntry.objects.filter(object_repr="坏码企业").exists()


def test_duplicate_credit_code_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.organization_create(
            actor=world.bureau,
            data={
                "name": "重复",
                "uscc": world.jianxi_org.uscc,
                "kind": OrganizationKind.ENTERPRISE,
                "region": region("410305"),
            },
        )
    assert "uscc" in exc.value.message_dict


def test_create_and_update_are_audited_with_changed_fields(world) -> None:  # type: ignore[no-untyped-def]
    org = services.organization_create(
        actor=world.bureau,
        data={
            "name": "审计企业",
            "uscc": valid_uscc(),
            "kind": OrganizationKind.MARKET,
            "region": region("410305"),
        },
    )
    services.organization_update(
        actor=world.county, instance=org, data={"address": "涧西区1号", "name": "审计企业"}
    )
    entries = list(
        AuditEntry.objects.filter(object_id=str(org.pk), content_type__model="organization").order_by(
            "at", "id"
        )
    )
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].actor == world.bureau
    assert entries[0].changes["name"] == [None, "审计企业"]
    assert entries[1].actor == world.county
    assert entries[1].changes == {"address": ["", "涧西区1号"]}  # the unchanged name is not listed


def test_update_without_changes_writes_no_entry(world) -> None:  # type: ignore[no-untyped-def]
    before = AuditEntry.objects.count()
    services.organization_update(
        actor=world.bureau, instance=world.jianxi_org, data={"name": world.jianxi_org.name}
    )
    assert AuditEntry.objects.count() == before


def test_many_to_many_changes_are_audited(world) -> None:  # type: ignore[no-untyped-def]
    water, gas = InstrumentType.objects.filter(code__in=["WATER-DN25", "GAS-MEMBRANE"]).order_by("code")
    person = PersonFactory(organization=world.institute)
    q = services.qualification_create(
        actor=world.bureau,
        data={
            "person": person,
            "number": "Q-1",
            "instrument_types": [water],
            "valid_from": dt.date(2020, 1, 1),
            "valid_until": dt.date(2024, 12, 31),
        },
    )
    services.qualification_update(actor=world.bureau, instance=q, data={"instrument_types": [water, gas]})
    entry = AuditEntry.objects.filter(content_type__model="verifierqualification", action="update").get()
    assert entry.changes["instrument_types"] == [[str(water.pk)], sorted([str(water.pk), str(gas.pk)])]


def test_qualification_validity_must_be_ordered(world) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(organization=world.institute)
    with pytest.raises(ValidationError):
        services.qualification_create(
            actor=world.bureau,
            data={
                "person": person,
                "number": "Q-2",
                "valid_from": dt.date(2024, 1, 1),
                "valid_until": dt.date(2023, 1, 1),
            },
        )


def test_qualification_holds_only_for_its_types_and_dates(world) -> None:  # type: ignore[no-untyped-def]
    water = InstrumentType.objects.get(code="WATER-DN25")
    taxi = InstrumentType.objects.get(code="TAXIMETER")
    q = QualificationFactory(
        instrument_types=[water], valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2024, 12, 31)
    )
    assert selectors.qualification_holds(person=q.person, instrument_type=water, on=dt.date(2022, 6, 1))
    assert not selectors.qualification_holds(person=q.person, instrument_type=taxi, on=dt.date(2022, 6, 1))
    assert not selectors.qualification_holds(person=q.person, instrument_type=water, on=dt.date(2025, 1, 1))


def test_regions_as_of_a_date_use_that_dates_divisions() -> None:
    in_2018 = set(
        selectors.region_counties(root=region("410300"), as_of=dt.date(2018, 6, 30)).values_list(
            "code", flat=True
        )
    )
    today = set(
        selectors.region_counties(root=region("410300"), as_of=dt.date(2025, 6, 30)).values_list(
            "code", flat=True
        )
    )
    assert {"410306", "410322", "410381"} <= in_2018
    assert not {"410307", "410308"} & in_2018
    assert {"410307", "410308"} <= today
    assert not {"410306", "410322", "410381"} & today
    assert len(in_2018) == 15
    assert len(today) == 14
    assert Region.objects.get(code="410381").successor.code == "410307"


def test_region_create_builds_its_path(world) -> None:  # type: ignore[no-untyped-def]
    new = services.region_create(
        actor=world.bureau,
        data={
            "code": "410399",
            "name": "新区",
            "level": "district",
            "parent": region("410300"),
            "valid_from": dt.date(2026, 1, 1),
        },
    )
    assert new.path == "410000/410300/410399/"
