"""Register, verify, certify, revoke, retire: rules, scope, audit and the due chain."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiliang.core.models import AuditEntry
from jiliang.instruments import services
from jiliang.instruments.models import Certificate, Instrument, VerificationDue
from jiliang.registry.selectors import SYSTEM
from tests.instruments.factories import itype, qualified_verifier, register, verify
from tests.registry.factories import PersonFactory, QualificationFactory, authorize, region

pytestmark = pytest.mark.django_db


def test_enterprise_registers_its_own_instrument_but_not_anothers(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, actor=world.enterprise)
    assert instrument.region.code == "410305"
    assert instrument.next_due_on == dt.date(2020, 1, 10)  # verification before use
    assert AuditEntry.objects.filter(
        object_id=str(instrument.pk), action="create", actor=world.enterprise
    ).exists()
    with pytest.raises(PermissionDenied):
        register(world.luolong_org, actor=world.enterprise)
    with pytest.raises(PermissionDenied):
        register(world.jianxi_org, actor=world.institute_user)


def test_region_comes_from_the_site_when_given(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.luolong_org, actor=world.bureau, site_region=region("410305"))
    assert instrument.region.code == "410305"
    # …so the county bureau of the site sees it although the owner is elsewhere.
    from jiliang.instruments.selectors import instrument_list

    assert instrument in instrument_list(user=world.county)


def test_qualified_verifier_records_a_pass_and_a_certificate_is_issued(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=dt.date(2024, 3, 1))
    verifier = qualified_verifier(world.institute, "SCALE-NAWI")
    record = verify(instrument, verifier, dt.date(2024, 2, 20), actor=world.institute_user)
    assert record.valid_until == dt.date(2025, 2, 19)  # SCALE-NAWI: 12 months
    certificate = Certificate.objects.get(verification=record)
    assert certificate.kind == "certificate"
    assert re.fullmatch(rf"JD\d{{4}}-{world.institute.pk:04d}-000001", certificate.number)
    assert len(certificate.check_code) == 12
    instrument.refresh_from_db()
    assert instrument.next_due_on == dt.date(2025, 2, 20)
    second = verify(instrument, verifier, dt.date(2025, 2, 10), actor=world.institute_user)
    assert Certificate.objects.get(verification=second).number.endswith("-000002")


def test_failed_verification_issues_a_notice_and_the_instrument_is_due_at_once(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=dt.date(2024, 3, 1))
    verifier = qualified_verifier(world.institute)
    record = verify(instrument, verifier, dt.date(2024, 6, 1), result="fail")
    assert record.valid_until is None
    assert Certificate.objects.get(verification=record).kind == "notice"
    instrument.refresh_from_db()
    assert instrument.next_due_on == dt.date(2024, 6, 1)


def test_verifier_without_qualification_for_the_type_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, code="TAXIMETER")
    verifier = qualified_verifier(world.institute, "SCALE-NAWI")
    with pytest.raises(ValidationError) as exc:
        verify(instrument, verifier, dt.date(2024, 2, 20), actor=world.institute_user)
    assert "verifier" in exc.value.message_dict
    assert not Certificate.objects.exists()


def test_verifier_with_an_expired_qualification_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org)
    authorize(world.institute)
    person = PersonFactory(organization=world.institute)
    QualificationFactory(
        person=person,
        instrument_types=[itype("SCALE-NAWI")],
        valid_from=dt.date(2015, 1, 1),
        valid_until=dt.date(2019, 12, 31),
    )
    verify(instrument, person, dt.date(2019, 12, 31))
    with pytest.raises(ValidationError) as exc:
        verify(instrument, person, dt.date(2020, 1, 2))
    assert "verifier" in exc.value.message_dict


def test_verifier_of_another_institution_and_another_institutions_user_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.registry.choices import OrganizationKind
    from tests.registry.factories import OrganizationFactory

    other = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE)
    instrument = register(world.jianxi_org)
    outsider = qualified_verifier(other)
    with pytest.raises(PermissionDenied):
        verify(instrument, outsider, dt.date(2024, 1, 1), actor=world.institute_user)
    with pytest.raises(ValidationError) as exc:
        services.verification_record_create(
            actor=SYSTEM,
            data={
                "instrument": instrument,
                "institution": world.institute,
                "verifier": outsider,
                "verified_on": dt.date(2024, 1, 1),
                "result": "pass",
            },
        )
    assert "verifier" in exc.value.message_dict


def test_enterprise_cannot_record_verifications(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org)
    with pytest.raises(PermissionDenied):
        verify(instrument, qualified_verifier(world.institute), dt.date(2024, 1, 1), actor=world.enterprise)


def test_future_verification_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org)
    with pytest.raises(ValidationError) as exc:
        verify(instrument, qualified_verifier(world.institute), dt.date.today() + dt.timedelta(days=3))
    assert "verified_on" in exc.value.message_dict


def test_late_entered_verification_rebuilds_the_chain(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=dt.date(2020, 1, 10))
    verifier = qualified_verifier(world.institute)
    verify(instrument, verifier, dt.date(2022, 1, 5))
    verify(instrument, verifier, dt.date(2020, 1, 5))  # entered late
    dues = list(VerificationDue.objects.filter(instrument=instrument).order_by("opened_on", "id"))
    assert [(d.due_on, d.closed_on) for d in dues] == [
        (dt.date(2020, 1, 10), dt.date(2020, 1, 5)),
        (dt.date(2021, 1, 5), dt.date(2022, 1, 5)),
        (dt.date(2023, 1, 5), None),
    ]


def test_reissue_revokes_and_replaces_the_certificate_never_edits_it(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=dt.date(2024, 3, 1))
    record = verify(instrument, qualified_verifier(world.institute), dt.date(2024, 2, 20))
    old = Certificate.objects.get(verification=record)
    new = services.certificate_reissue(actor=world.institute_user, certificate=old, reason="拼写错误")
    old.refresh_from_db()
    assert old.status == "revoked"
    assert old.revoke_reason == "拼写错误"
    assert new.replaces == old
    assert new.number != old.number
    assert new.status == "valid"
    assert AuditEntry.objects.filter(object_id=str(old.pk), action="revoke", note="拼写错误").exists()
    instrument.refresh_from_db()
    assert instrument.next_due_on == dt.date(2025, 2, 20)  # the verification still counts
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=world.institute_user, certificate=old, reason="again")


def test_revoking_without_replacement_voids_the_verification(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=dt.date(2024, 3, 1))
    record = verify(instrument, qualified_verifier(world.institute), dt.date(2024, 2, 20))
    certificate = Certificate.objects.get(verification=record)
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(actor=world.enterprise, certificate=certificate, reason="x")
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=world.bureau, certificate=certificate, reason="  ")
    services.certificate_revoke(actor=world.bureau, certificate=certificate, reason="伪造数据")
    record.refresh_from_db()
    instrument.refresh_from_db()
    assert record.voided_at is not None
    assert instrument.next_due_on == dt.date(2024, 3, 1)  # back to owing its first verification


def test_retire_cancels_the_open_due(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=dt.date(2020, 1, 10))
    services.instrument_retire(
        actor=world.enterprise, instance=instrument, status="scrapped", on=dt.date(2021, 3, 1)
    )
    instrument.refresh_from_db()
    assert instrument.status == "scrapped"
    assert instrument.next_due_on is None
    assert VerificationDue.objects.get(instrument=instrument).cancelled_on == dt.date(2021, 3, 1)
    with pytest.raises(ValidationError):
        services.instrument_retire(
            actor=world.enterprise, instance=instrument, status="in_use", on=dt.date(2021, 3, 1)
        )


def test_update_cannot_touch_status_or_owner(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org)
    with pytest.raises(ValidationError):
        services.instrument_update(actor=world.bureau, instance=instrument, data={"status": "scrapped"})
    services.instrument_update(actor=world.enterprise, instance=instrument, data={"location": "二号摊位"})
    assert Instrument.objects.get(pk=instrument.pk).location == "二号摊位"


def test_duplicate_serial_of_the_same_owner_and_type_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org)
    with pytest.raises(ValidationError):
        register(world.jianxi_org, serial_number=instrument.serial_number)


def test_reminders_list_overdue_and_due_soon(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.instruments.models import Reminder

    overdue = register(world.jianxi_org, in_use=dt.date(2020, 1, 1))
    soon = register(world.jianxi_org, in_use=dt.date(2024, 1, 1))
    verify(soon, qualified_verifier(world.institute), dt.date(2024, 1, 10))  # due 2025-01-10
    later = register(world.luolong_org, in_use=dt.date.today() + dt.timedelta(days=300))
    count = services.reminders_refresh(today=dt.date(2025, 1, 1))
    kinds = dict(Reminder.objects.values_list("instrument_id", "kind"))
    assert count == 2
    assert kinds == {overdue.pk: "overdue", soon.pk: "due_soon"}
    assert later.pk not in kinds
    from jiliang.instruments.selectors import reminder_list

    assert {r.instrument_id for r in reminder_list(user=world.other_enterprise)} == set()


def test_reminder_job_runs_through_the_task_backend(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.instruments.tasks import refresh_reminders

    register(world.jianxi_org, in_use=dt.date(2020, 1, 1))
    result = refresh_reminders.enqueue(organization_id=world.jianxi_org.pk, today="2025-01-01")
    assert result.return_value == 1


def test_every_service_that_changes_dues_keeps_their_window_columns(world) -> None:  # type: ignore[no-untyped-def]
    """relevant_until (the figures' index key): a closed or cancelled due keeps the later of its due date
    and the day it stopped; an open due sits after every real date at due_on + OPEN_SHIFT."""
    from jiliang.kernels.verification import OPEN_SHIFT

    def keys(instrument: Instrument) -> list[tuple[dt.date | None, dt.date]]:
        rows = VerificationDue.objects.filter(instrument=instrument).order_by("opened_on", "id")
        return [(d.due_on, d.relevant_until) for d in rows]

    instrument = register(world.jianxi_org, in_use=dt.date(2024, 3, 1))
    assert keys(instrument) == [(dt.date(2024, 3, 1), dt.date(2024, 3, 1) + OPEN_SHIFT)]
    verifier = qualified_verifier(world.institute)
    record = verify(instrument, verifier, dt.date(2024, 3, 20))  # late: closed after its due date
    assert keys(instrument) == [
        (dt.date(2024, 3, 1), dt.date(2024, 3, 20)),
        (dt.date(2025, 3, 20), dt.date(2025, 3, 20) + OPEN_SHIFT),
    ]
    verify(instrument, verifier, dt.date(2025, 3, 1), result="fail")  # early: keyed by its due date
    assert keys(instrument) == [
        (dt.date(2024, 3, 1), dt.date(2024, 3, 20)),
        (dt.date(2025, 3, 20), dt.date(2025, 3, 20)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 1) + OPEN_SHIFT),
    ]
    services.certificate_revoke(
        actor=world.bureau, certificate=Certificate.objects.get(verification=record), reason="伪造数据"
    )
    assert keys(instrument) == [
        (dt.date(2024, 3, 1), dt.date(2025, 3, 1)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 1) + OPEN_SHIFT),
    ]
    instrument.refresh_from_db()
    services.instrument_retire(
        actor=world.enterprise, instance=instrument, status="scrapped", on=dt.date(2025, 6, 1)
    )
    assert keys(instrument)[-1] == (dt.date(2025, 3, 1), dt.date(2025, 6, 1))
    # …and each due carries the due date and closing date of the one before it (the figures' first-ness).
    previous = VerificationDue.objects.filter(instrument=instrument).order_by("opened_on", "id")
    assert [(d.prev_due_on, d.prev_closed_on) for d in previous] == [
        (None, None),
        (dt.date(2024, 3, 1), dt.date(2025, 3, 1)),
    ]
    passed_scrap = register(world.jianxi_org, code="THERMOMETER-CLINICAL", in_use=dt.date(2024, 3, 1))
    verify(passed_scrap, verifier, dt.date(2024, 2, 1))
    assert keys(passed_scrap)[-1] == (None, dt.date(9999, 12, 31))  # never due again
