"""The public certificate check's selector: the state of a certificate on a day, and what a question earns."""

from __future__ import annotations

import datetime as dt

import pytest

from jiliang.instruments import services
from jiliang.instruments.choices import CertificatePublicState
from jiliang.instruments.models import Certificate
from jiliang.instruments.selectors import (
    certificate_public_check,
    certificate_public_state,
    normalize_check_code,
)
from jiliang.registry.selectors import SYSTEM
from tests.instruments.factories import qualified_verifier, register, verify

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _certificate(world, on: dt.date = dt.date(2026, 3, 1), result: str = "pass", code: str = "SCALE-NAWI"):  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, code=code)
    record = verify(instrument, qualified_verifier(world.institute), on, result=result)
    return Certificate.objects.get(verification=record)


def _state(certificate: Certificate, today: dt.date = TODAY) -> CertificatePublicState:
    return certificate_public_state(certificate=Certificate.objects.get(pk=certificate.pk), today=today)


def test_a_pass_within_its_period_is_valid_through_its_last_day_and_expired_the_day_after(world) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world, on=dt.date(2025, 3, 1))  # SCALE-NAWI: 12 months → 2026-02-28
    assert certificate.verification.valid_until == dt.date(2026, 2, 28)
    assert _state(certificate, dt.date(2026, 2, 28)) == CertificatePublicState.VALID
    assert _state(certificate, dt.date(2026, 3, 1)) == CertificatePublicState.EXPIRED


def test_a_pass_without_an_end_date_never_expires(world) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world, on=dt.date(2012, 5, 1), code="THERMOMETER-CLINICAL")
    assert certificate.verification.valid_until is None
    assert _state(certificate, dt.date(2030, 1, 1)) == CertificatePublicState.VALID


def test_a_notice_of_non_conformity_is_its_own_state_even_years_later(world) -> None:  # type: ignore[no-untyped-def]
    notice = _certificate(world, result="fail")
    assert notice.kind == "notice"
    assert _state(notice) == CertificatePublicState.NONCONFORMING
    assert _state(notice, dt.date(2040, 1, 1)) == CertificatePublicState.NONCONFORMING


def test_revoked_beats_valid_and_expired(world) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    services.certificate_revoke(actor=SYSTEM, certificate=certificate, reason="wrong serial")
    assert _state(certificate, dt.date(2026, 3, 2)) == CertificatePublicState.REVOKED
    assert _state(certificate, dt.date(2030, 1, 1)) == CertificatePublicState.REVOKED


def test_a_reissued_certificate_is_superseded_and_names_its_replacement_only_with_the_code(world) -> None:  # type: ignore[no-untyped-def]
    first = _certificate(world)
    second = services.certificate_reissue(actor=SYSTEM, certificate=first, reason="typo in owner")
    third = services.certificate_reissue(actor=SYSTEM, certificate=second, reason="typo again")
    assert _state(first) == CertificatePublicState.SUPERSEDED
    assert _state(second) == CertificatePublicState.SUPERSEDED
    assert _state(third) == CertificatePublicState.VALID

    answer = certificate_public_check(check_code=first.check_code, today=TODAY)
    assert answer.state == CertificatePublicState.SUPERSEDED
    assert answer.replaced_by == second
    assert answer.current == third

    by_number = certificate_public_check(number=first.number, today=TODAY)
    assert by_number.exists
    assert (by_number.certificate, by_number.state, by_number.replaced_by, by_number.current) == (
        None,
        None,
        None,
        None,
    )


def test_the_number_alone_answers_only_whether_it_exists(world) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    found = certificate_public_check(number=f"  {certificate.number} ", today=TODAY)
    assert found.exists
    assert not found.by_code
    assert found.certificate is None
    assert found.state is None
    assert not certificate_public_check(number=certificate.number + "9", today=TODAY).exists


def test_the_check_code_alone_or_with_its_number_gives_the_details(world) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    typed = certificate.check_code.lower()[:4] + " " + certificate.check_code.lower()[4:]
    for answer in (
        certificate_public_check(check_code=certificate.check_code, today=TODAY),
        certificate_public_check(number=certificate.number, check_code=typed, today=TODAY),
    ):
        assert answer.exists
        assert answer.certificate == certificate
        assert answer.state == CertificatePublicState.VALID


def test_a_wrong_code_answers_like_an_unknown_number(world) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    other = _certificate(world)
    wrong = certificate_public_check(number=certificate.number, check_code="ABCDEFGHJKLM", today=TODAY)
    unknown = certificate_public_check(number="JD1900-0000-000000", check_code="ABCDEFGHJKLM", today=TODAY)
    # Another certificate's genuine code does not open this number either.
    crossed = certificate_public_check(number=certificate.number, check_code=other.check_code, today=TODAY)
    assert wrong == unknown == crossed
    assert not wrong.exists
    assert wrong.certificate is None


def test_asking_nothing_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="number or a check code"):
        certificate_public_check(number=" ", check_code=" - ", today=TODAY)


def test_check_codes_are_read_as_typed_or_scanned() -> None:
    assert normalize_check_code(" abcd-efgh jklm ") == "ABCDEFGHJKLM"
