"""Registry services and the link to the verification register (untrustworthy readings)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiliang.core.models import AuditEntry
from jiliang.metering import services
from jiliang.metering.ingest import Part, readings_ingest
from jiliang.metering.models import DailyConsumption, QualityFlag, ReadingConflict
from jiliang.registry.selectors import SYSTEM
from tests.instruments.factories import qualified_verifier, register, verify
from tests.metering.factories import T0, meter, reading, unit
from tests.registry.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_only_flagged_organizations_become_units() -> None:
    org = OrganizationFactory()
    with pytest.raises(ValidationError) as exc:
        services.energy_unit_create(
            actor=SYSTEM, data={"organization": org, "list_membership": "city", "list_year": 2020}
        )
    assert "organization" in exc.value.message_dict


def test_enterprise_manages_only_its_own_unit(world) -> None:  # type: ignore[no-untyped-def]
    theirs = unit(world.luolong_org)
    with pytest.raises(PermissionDenied):
        meter(theirs, "E1", actor=world.enterprise)
    mine = unit(world.jianxi_org)
    created = meter(mine, "E1", actor=world.enterprise)
    assert AuditEntry.objects.filter(object_id=str(created.pk), actor=world.enterprise).exists()


def test_meter_code_cannot_change_once_readings_are_keyed_by_it() -> None:
    m = meter(unit(), "E1")
    with pytest.raises(ValidationError):
        services.meter_update(actor=SYSTEM, instance=m, data={"code": "E2"})


def test_readings_of_a_meter_whose_verification_expired_are_flagged_and_counted(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    verifier = qualified_verifier(world.institute)
    expired = register(world.jianxi_org, code="WATER-LARGE", in_use=dt.date(2022, 1, 1))
    record = verify(expired, verifier, dt.date(2022, 1, 2))
    assert record.valid_until is not None
    assert record.valid_until < T0.date()
    current = register(world.jianxi_org, code="WATER-LARGE", in_use=dt.date(2025, 1, 1))
    verify(current, verifier, dt.date(2025, 1, 2))
    stale = meter(u, "W1", energy_type="water", unit_of_measure="t", instrument=expired)
    fresh = meter(u, "W2", energy_type="water", unit_of_measure="t", instrument=current)
    rows = [reading(code, 15 * i, float(i)) for i in range(4) for code in ("W1", "W2")]
    readings_ingest(parts=[Part(u.pk, rows)], source="http")
    assert DailyConsumption.objects.get(meter=stale).untrusted == 4
    assert DailyConsumption.objects.get(meter=fresh).untrusted == 0
    flag = QualityFlag.objects.get(meter=stale, kind="unverified")
    assert flag.detail.startswith("4 reading(s)")
    assert not QualityFlag.objects.filter(meter=fresh).exists()


def test_a_meter_links_only_to_its_owners_instrument(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    foreign = register(world.luolong_org, code="WATER-LARGE")
    with pytest.raises(ValidationError) as exc:
        meter(u, "W1", energy_type="water", unit_of_measure="t", instrument=foreign)
    assert "instrument" in exc.value.message_dict


def test_adopting_a_conflicting_value_corrects_the_aggregate_and_keeps_both_values() -> None:
    u = unit()
    m = meter(u, "E1", kind="interval")
    readings_ingest(parts=[Part(u.pk, [reading("E1", 0, 10.0)])], source="http")
    readings_ingest(parts=[Part(u.pk, [reading("E1", 0, 12.0)])], source="http")
    conflict = ReadingConflict.objects.get()
    assert DailyConsumption.objects.get(meter=m).consumption == 10.0
    flag = services.conflict_resolve(actor=SYSTEM, conflict=conflict, adopt=True, note="meter re-read")
    assert (flag.kind, flag.status, flag.corrected_value) == ("conflict", "corrected", 12.0)
    assert DailyConsumption.objects.get(meter=m).consumption == 12.0
    assert m.readings.get().value == 10.0


def test_a_resolved_flag_survives_new_readings_of_its_day() -> None:
    u = unit()
    m = meter(u, "E1", max_per_hour=10)
    readings_ingest(parts=[Part(u.pk, [reading("E1", 0, 0.0), reading("E1", 15, 100.0)])], source="http")
    flag = QualityFlag.objects.get(meter=m, kind="spike")
    services.quality_flag_resolve(actor=SYSTEM, flag=flag, status="dismissed", note="known test load")
    readings_ingest(parts=[Part(u.pk, [reading("E1", 30, 101.0)])], source="http")
    assert QualityFlag.objects.get(pk=flag.pk).status == "dismissed"


def test_correction_needs_a_value() -> None:
    u = unit()
    m = meter(u, "E1", max_per_hour=10)
    readings_ingest(parts=[Part(u.pk, [reading("E1", 0, 0.0), reading("E1", 15, 100.0)])], source="http")
    with pytest.raises(ValidationError):
        services.quality_flag_resolve(actor=SYSTEM, flag=QualityFlag.objects.get(meter=m), status="corrected")


def test_tokens_are_stored_as_hashes_and_authenticate_until_revoked() -> None:
    u = unit()
    record, token = services.ingest_token_issue(actor=SYSTEM, unit=u, name="das")
    assert token not in (record.token_hash, record.prefix)
    assert token.startswith(record.prefix)
    assert services.ingest_token_unit(token=token) == u
    services.ingest_token_revoke(actor=SYSTEM, token=record)
    assert services.ingest_token_unit(token=token) is None
