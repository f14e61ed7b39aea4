"""Standards services: who may write what, level rules, approval issue / renewal / revocation, checks that
suspend, status actions, calibration links, and the standard named on a verification."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from jiliang.core.models import AuditEntry
from jiliang.core.scoping import Role
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import Discipline
from jiliang.registry.selectors import SYSTEM
from jiliang.standards import selectors, services
from jiliang.standards.choices import ApprovalStatus, StandardLevel, StandardStatus
from jiliang.standards.models import ApprovalCertificate, MeasurementStandard, StandardSuspension
from tests.instruments.factories import qualified_verifier, register, verify
from tests.registry.factories import OrganizationFactory, UserFactory, region
from tests.standards.factories import institute, link, nim, standard

pytestmark = pytest.mark.django_db
D = dt.date


def _data(holder, **extra):  # type: ignore[no-untyped-def]
    return {
        "code": extra.pop("code", "S-1"),
        "name": "F2等级砝码标准装置",
        "holder": holder,
        "level": extra.pop("level", StandardLevel.COUNTY_PUBLIC),
        "discipline": Discipline.objects.get(code="mechanics"),
        "quantity": "质量",
        "uncertainty": "F2等级",
        **extra,
    }


def test_institute_registers_its_own_standard_audited_but_not_anothers(world) -> None:  # type: ignore[no-untyped-def]
    created = services.standard_create(actor=world.institute_user, data=_data(world.institute))
    assert created.status == StandardStatus.ACTIVE
    assert AuditEntry.objects.filter(
        object_id=str(created.pk), content_type__model="measurementstandard", action="create"
    ).exists()
    other = institute("410305")
    with pytest.raises(PermissionDenied):
        services.standard_create(actor=world.institute_user, data=_data(other, code="S-2"))
    with pytest.raises(PermissionDenied):
        services.standard_create(
            actor=world.county, data=_data(world.institute, code="S-3")
        )  # 洛龙, not 涧西
    mine = services.standard_create(actor=world.county, data=_data(other, code="S-4"))
    assert mine.holder == other


def test_enterprise_registers_its_highest_standard_but_no_public_one(world) -> None:  # type: ignore[no-untyped-def]
    own = services.standard_create(
        actor=world.enterprise,
        data=_data(world.jianxi_org, level=StandardLevel.ENTERPRISE_HIGHEST, code="E-1"),
    )
    assert own.level == StandardLevel.ENTERPRISE_HIGHEST
    with pytest.raises(ValidationError) as exc:
        services.standard_create(actor=world.enterprise, data=_data(world.jianxi_org, code="E-2"))
    assert "level" in exc.value.message_dict


def test_level_must_match_the_holder(world) -> None:  # type: ignore[no-untyped-def]
    city = institute("410300")
    with pytest.raises(ValidationError) as exc:
        services.standard_create(actor=SYSTEM, data=_data(city, level=StandardLevel.COUNTY_PUBLIC))
    assert "level" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.standard_create(actor=SYSTEM, data=_data(world.institute, level=StandardLevel.CITY_PUBLIC))
    with pytest.raises(ValidationError):
        services.standard_create(actor=SYSTEM, data=_data(world.institute, level=StandardLevel.AUTHORIZED))
    authorized = OrganizationFactory(kind=OrganizationKind.AUTHORIZED_INSTITUTE, region=region("410300"))
    assert services.standard_create(actor=SYSTEM, data=_data(authorized, level=StandardLevel.AUTHORIZED)).pk


def test_status_changes_only_through_their_actions(world) -> None:  # type: ignore[no-untyped-def]
    created = services.standard_create(actor=SYSTEM, data=_data(world.institute))
    with pytest.raises(ValidationError) as exc:
        services.standard_update(actor=SYSTEM, instance=created, data={"status": StandardStatus.RETIRED})
    assert "status" in exc.value.message_dict
    services.standard_update(
        actor=world.institute_user, instance=created, data={"measuring_range": "1 g ~ 5 kg"}
    )
    created.refresh_from_db()
    assert created.measuring_range == "1 g ~ 5 kg"


def test_approval_is_issued_by_the_examining_authority_with_the_default_validity(world, settings) -> None:  # type: ignore[no-untyped-def]
    created = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, approved=None)
    data = {"standard": created, "number": "[2024]豫洛量标证字第00001号", "issued_on": D(2024, 3, 1)}
    with pytest.raises(PermissionDenied):
        services.approval_certificate_issue(actor=world.institute_user, data=data)
    with pytest.raises(PermissionDenied):
        services.approval_certificate_issue(actor=world.county, data=data)  # 涧西 bureau, standard in 洛龙
    first = services.approval_certificate_issue(actor=world.bureau, data=data)
    assert first.valid_until == D(2028, 2, 29)  # 4 years (UNCONFIRMED default) less a day
    settings.JILIANG_STANDARD_APPROVAL_YEARS = 5
    renewal = services.approval_certificate_issue(
        actor=world.bureau, data={"standard": created, "number": "R-2", "issued_on": D(2027, 12, 1)}
    )
    assert renewal.valid_until == D(2032, 11, 30)
    assert renewal.renews == first
    first.refresh_from_db()
    assert first.status == ApprovalStatus.SUPERSEDED
    assert AuditEntry.objects.filter(
        object_id=str(first.pk), content_type__model="approvalcertificate", action="update"
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.approval_certificate_issue(
            actor=world.bureau, data={"standard": created, "number": "R-3", "issued_on": D(2027, 1, 1)}
        )
    assert "issued_on" in exc.value.message_dict


def test_revoked_approval_holds_until_the_day_before(world) -> None:  # type: ignore[no-untyped-def]
    created = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    certificate = created.approvals.get()
    with pytest.raises(PermissionDenied):
        services.approval_certificate_revoke(
            actor=world.institute_user, certificate=certificate, on=D(2025, 1, 1), reason="x"
        )
    services.approval_certificate_revoke(
        actor=world.bureau, certificate=certificate, on=D(2025, 1, 1), reason="伪造"
    )
    assert selectors.standard_is_valid(standard=created, day=D(2024, 12, 31))
    assert not selectors.standard_is_valid(standard=created, day=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.approval_certificate_revoke(
            actor=world.bureau, certificate=certificate, on=D(2025, 2, 1), reason="x"
        )


def test_failed_stability_check_suspends_the_standard_with_an_audit_entry(world) -> None:  # type: ignore[no-untyped-def]
    created = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    passed = services.standard_check_record(
        actor=world.institute_user,
        data={
            "standard": created,
            "kind": "stability",
            "performed_on": D(2025, 3, 1),
            "readings": [Decimal("100.000"), Decimal("100.004"), Decimal("100.002"), Decimal("100.001")],
            "limit": Decimal("0.005"),
            "unit": "g",
        },
    )
    assert passed.passed
    assert passed.observed == Decimal("0.004")
    created.refresh_from_db()
    assert created.status == StandardStatus.ACTIVE
    failed = services.standard_check_record(
        actor=world.institute_user,
        data={
            "standard": created,
            "kind": "stability",
            "performed_on": D(2025, 6, 1),
            "readings": ["100.000", "100.009"],
            "limit": Decimal("0.005"),
            "unit": "g",
        },
    )
    assert not failed.passed
    created.refresh_from_db()
    assert created.status == StandardStatus.SUSPENDED
    assert created.suspended_on == D(2025, 6, 1)
    period = StandardSuspension.objects.get(standard=created)
    assert period.check_record == failed
    entry = AuditEntry.objects.get(
        object_id=str(created.pk), content_type__model="measurementstandard", action="update"
    )
    assert entry.changes["status"] == ["active", "suspended"]
    assert "2025-06-01" in entry.note  # the reason names the failed check's day and value
    assert "0.009" in entry.note
    assert entry.actor == world.institute_user
    assert selectors.standard_is_valid(standard=created, day=D(2025, 5, 31))
    assert not selectors.standard_is_valid(standard=created, day=D(2025, 6, 1))


def test_check_needs_two_readings_and_a_positive_limit(world) -> None:  # type: ignore[no-untyped-def]
    created = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    base = {"standard": created, "kind": "repeatability", "performed_on": D(2025, 3, 1), "unit": "g"}
    with pytest.raises(ValidationError) as exc:
        services.standard_check_record(actor=SYSTEM, data={**base, "readings": ["1"], "limit": Decimal(1)})
    assert "readings" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.standard_check_record(
            actor=SYSTEM, data={**base, "readings": ["1", "2"], "limit": Decimal(0)}
        )
    assert "limit" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.standard_check_record(
            actor=world.enterprise, data={**base, "readings": ["1", "2"], "limit": Decimal(1)}
        )


def test_resume_closes_the_suspension_and_retire_ends_validity(world) -> None:  # type: ignore[no-untyped-def]
    created = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    services.standard_suspend(actor=world.institute_user, standard=created, on=D(2025, 1, 10), reason="送修")
    with pytest.raises(ValidationError):
        services.standard_suspend(actor=world.institute_user, standard=created, on=D(2025, 1, 11), reason="x")
    with pytest.raises(ValidationError) as exc:
        services.standard_resume(
            actor=world.institute_user, standard=created, on=D(2025, 1, 10), reason="修复"
        )
    assert "on" in exc.value.message_dict
    services.standard_resume(actor=world.institute_user, standard=created, on=D(2025, 2, 1), reason="修复")
    created.refresh_from_db()
    assert created.status == StandardStatus.ACTIVE
    assert not selectors.standard_is_valid(standard=created, day=D(2025, 1, 31))
    assert selectors.standard_is_valid(standard=created, day=D(2025, 2, 1))
    services.standard_retire(actor=world.bureau, standard=created, on=D(2025, 9, 1), reason="撤销")
    created.refresh_from_db()
    assert created.status == StandardStatus.RETIRED
    assert not selectors.standard_is_valid(standard=created, day=D(2025, 9, 1))
    with pytest.raises(PermissionDenied):
        services.standard_suspend(
            actor=world.other_enterprise, standard=created, on=D(2025, 9, 2), reason="x"
        )


def test_calibration_link_names_exactly_one_source(world) -> None:  # type: ignore[no-untyped-def]
    lower = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC)
    higher = standard(institute("410300"))
    root = nim()
    base = {
        "standard": lower,
        "certificate_number": "C-1",
        "calibrated_on": D(2025, 1, 1),
        "valid_until": D(2025, 12, 31),
    }
    with pytest.raises(ValidationError) as exc:
        services.calibration_link_create(actor=SYSTEM, data=base)
    assert "higher_standard" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.calibration_link_create(
            actor=SYSTEM, data={**base, "higher_standard": higher, "external": root}
        )
    with pytest.raises(ValidationError):
        services.calibration_link_create(actor=SYSTEM, data={**base, "higher_standard": lower})
    with pytest.raises(ValidationError):
        services.calibration_link_create(
            actor=SYSTEM, data={**base, "higher_standard": higher, "valid_until": D(2024, 12, 31)}
        )
    with pytest.raises(PermissionDenied):
        services.calibration_link_create(actor=world.enterprise, data={**base, "higher_standard": higher})
    made = link(lower, higher, on=D(2025, 1, 1), until=D(2025, 12, 31))
    assert made.source == higher
    assert AuditEntry.objects.filter(object_id=str(made.pk), content_type__model="calibrationlink").exists()


def test_external_references_are_added_by_any_role_but_changed_by_the_bureau(world) -> None:  # type: ignore[no-untyped-def]
    added = services.external_reference_create(
        actor=world.institute_user,
        data={"institution": "上海市计量测试技术研究院", "kind": "other", "certificate_number": "SH-1"},
    )
    with pytest.raises(PermissionDenied):
        services.external_reference_update(
            actor=world.institute_user, instance=added, data={"accepted_as_root": True}
        )
    services.external_reference_update(actor=world.bureau, instance=added, data={"accepted_as_root": True})
    added.refresh_from_db()
    assert added.accepted_as_root


# --- the standard named on a verification ----------------------------------------------------------


def _verification(world, instrument, verifier, used, on=None):  # type: ignore[no-untyped-def]
    from jiliang.instruments import services as instruments

    return instruments.verification_record_create(
        actor=world.institute_user,
        data={
            "instrument": instrument,
            "institution": world.institute,
            "verifier": verifier,
            "verified_on": on or D(2025, 3, 1),
            "standard": used,
            "result": "pass",
        },
    )


def test_verification_names_a_valid_standard_of_the_institution_covering_the_type(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.luolong_org, in_use=D(2025, 3, 5))
    verifier = qualified_verifier(world.institute)
    good = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, types=("SCALE-NAWI",))
    record = _verification(world, instrument, verifier, good)
    assert record.standard == good

    elsewhere = standard(institute("410311"), level=StandardLevel.COUNTY_PUBLIC, types=("SCALE-NAWI",))
    other_type = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, types=("TAXIMETER",))
    lapsed = standard(
        world.institute,
        level=StandardLevel.COUNTY_PUBLIC,
        types=("SCALE-NAWI",),
        approved=(D(2018, 1, 1), D(2021, 12, 31)),
    )
    for bad, words in ((elsewhere, "not held"), (other_type, "does not cover"), (lapsed, "not valid")):
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            _verification(world, instrument, verifier, bad, on=D(2025, 4, 1))
        assert words in exc.value.message_dict["standard"][0]
    assert instrument.verifications.count() == 1


def test_verification_with_a_suspended_standard_is_refused_from_the_suspension_day(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.luolong_org, in_use=D(2025, 3, 5))
    verifier = qualified_verifier(world.institute)
    used = standard(world.institute, level=StandardLevel.COUNTY_PUBLIC, types=("SCALE-NAWI",))
    services.standard_suspend(actor=SYSTEM, standard=used, on=D(2025, 3, 2), reason="稳定性不合格")
    assert _verification(world, instrument, verifier, used, on=D(2025, 3, 1)).standard == used
    with pytest.raises(ValidationError):
        _verification(world, instrument, verifier, used, on=D(2025, 3, 2))


def test_verification_without_a_standard_still_works(world) -> None:  # type: ignore[no-untyped-def]
    record = verify(register(world.jianxi_org), qualified_verifier(world.institute), D(2025, 1, 5))
    assert record.standard is None


def test_user_without_role_cannot_add_external_reference() -> None:
    user = UserFactory(role=Role.INSTITUTE)  # no organization: no scope
    with pytest.raises(PermissionDenied):
        services.external_reference_create(actor=user, data={"institution": "x", "kind": "other"})
    assert not MeasurementStandard.objects.exists()
    assert not ApprovalCertificate.objects.exists()
