"""The public certificate check page: what a number alone, a check code, and a wrong code each show."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from jiliang.instruments import services
from jiliang.instruments.models import Certificate
from jiliang.registry.selectors import SYSTEM
from tests.instruments.factories import qualified_verifier, register, verify

pytestmark = pytest.mark.django_db

CHECK = "/public/check/"


def _certificate(world, *, days_ago: int = 10, result: str = "pass") -> Certificate:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, in_use=dt.date(2015, 1, 1))
    on = timezone.localdate() - dt.timedelta(days=days_ago)
    return Certificate.objects.get(
        verification=verify(instrument, qualified_verifier(world.institute), on, result=result)
    )


def _result(response) -> str:  # type: ignore[no-untyped-def]
    """The text of the answer panel (the form above it echoes what was typed)."""
    html = response.content.decode()
    match = re.search(r'<div class="panel state[^"]*" id="check-result".*?</div>', html, re.S)
    assert match, html[-2000:]
    return match.group(0)


def _state(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'data-state="([^"]+)"', _result(response)).group(1)  # type: ignore[union-attr]


def _details_shown(response, certificate: Certificate) -> bool:  # type: ignore[no-untyped-def]
    instrument = certificate.verification.instrument
    body = response.content.decode()
    return instrument.owner.name in body or instrument.serial_number in body


def test_the_empty_form_answers_nothing() -> None:
    response = Client().get(CHECK)
    assert response.status_code == 200
    assert 'id="check-result"' not in response.content.decode()


def test_a_certificate_in_its_period_is_genuine_and_valid_in_green(world, english) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    response = Client().get(f"{CHECK}{certificate.check_code}/")
    assert response.status_code == 200
    assert _state(response) == "valid"
    panel = _result(response)
    assert '<h2 class="ok">' in panel
    assert "This certificate is genuine and valid." in panel
    assert _details_shown(response, certificate)


def test_a_certificate_past_its_end_date_says_expired_in_amber_not_valid(world, english) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world, days_ago=400)  # SCALE-NAWI holds 12 months
    valid_until = certificate.verification.valid_until
    assert valid_until is not None
    assert valid_until < timezone.localdate()
    response = Client().get(f"{CHECK}{certificate.check_code}/")
    assert response.status_code == 200
    assert _state(response) == "expired"
    panel = _result(response)
    assert '<h2 class="warn">' in panel
    assert '<h2 class="ok">' not in panel
    assert "genuine but has expired" in panel
    assert "genuine and valid" not in panel
    assert f"Its validity ended on {valid_until:%Y-%m-%d}" in panel


def test_a_revoked_certificate_says_revoked_in_red(world, english) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    services.certificate_revoke(actor=SYSTEM, certificate=certificate, reason="wrong instrument")
    response = Client().get(f"{CHECK}{certificate.check_code}/")
    assert _state(response) == "revoked"
    panel = _result(response)
    assert '<h2 class="bad">' in panel
    assert "has been revoked" in panel
    assert "wrong instrument" not in panel  # the internal reason stays internal


def test_a_reissued_certificate_is_superseded_and_names_the_new_number_only_with_the_code(
    world, english
) -> None:  # type: ignore[no-untyped-def]
    old = _certificate(world)
    new = services.certificate_reissue(actor=SYSTEM, certificate=old, reason="typo")
    latest = services.certificate_reissue(actor=SYSTEM, certificate=new, reason="typo again")
    with_code = Client().get(f"{CHECK}?number={old.number}&code={old.check_code}")
    assert with_code.status_code == 200
    assert _state(with_code) == "superseded"
    panel = _result(with_code)
    assert '<h2 class="superseded">' in panel
    assert f"Replaced by certificate {new.number}." in panel
    assert f"the latest certificate is {latest.number}" in panel

    number_only = Client().get(f"{CHECK}?number={old.number}")
    assert _state(number_only) == "exists"
    assert new.number not in number_only.content.decode()
    assert latest.number not in number_only.content.decode()


def test_a_notice_of_non_conformity_says_the_instrument_failed(world, english) -> None:  # type: ignore[no-untyped-def]
    notice = _certificate(world, result="fail")
    response = Client().get(f"{CHECK}{notice.check_code}/")
    assert _state(response) == "nonconforming"
    assert "the instrument failed verification and must not be used" in _result(response)
    assert '<h2 class="ok">' not in _result(response)


def test_the_number_alone_says_only_that_it_exists(world, english) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world, days_ago=400)
    response = Client().get(f"{CHECK}?number={certificate.number}")
    assert response.status_code == 200
    assert _state(response) == "exists"
    assert "A certificate with this number exists." in _result(response)
    assert "Enter the check code" in _result(response)
    assert not _details_shown(response, certificate)
    body = response.content.decode()
    assert certificate.verification.institution.name not in body
    assert f"{certificate.verification.verified_on:%Y-%m-%d}" not in body
    assert "expired" not in _result(response)


def test_sequential_numbers_give_no_owner_or_serial(world) -> None:  # type: ignore[no-untyped-def]
    certificates = [_certificate(world) for _ in range(3)]
    client = Client()
    for certificate in certificates:
        response = client.get(CHECK, {"number": certificate.number})
        assert response.status_code == 200
        assert not _details_shown(response, certificate)


def test_an_unknown_number_is_not_found(world, english) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(CHECK, {"number": "JD2026-9999-000001"})
    assert response.status_code == 404
    assert _state(response) == "not-found"
    assert "No certificate with this number exists." in _result(response)


def test_a_wrong_code_for_an_existing_number_answers_like_an_unknown_number(world, english) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    client = Client()
    wrong = client.get(CHECK, {"number": certificate.number, "code": "ABCDEFGHJKLM"})
    unknown = client.get(CHECK, {"number": "JD2026-9999-000001", "code": "ABCDEFGHJKLM"})
    assert wrong.status_code == unknown.status_code == 404
    assert _result(wrong) == _result(unknown)
    assert not _details_shown(wrong, certificate)
    assert client.get("/public/check/NOSUCHCODE99/").status_code == 404


def test_number_and_its_own_code_give_the_details(world, english) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    response = Client().get(CHECK, {"number": certificate.number, "code": certificate.check_code.lower()})
    assert response.status_code == 200
    assert _state(response) == "valid"
    assert _details_shown(response, certificate)


def test_the_printed_certificate_carries_the_code_the_page_asks_for(world, client, english) -> None:  # type: ignore[no-untyped-def]
    certificate = _certificate(world)
    client.force_login(world.institute_user)
    printed = client.get(f"/instruments/certificates/{certificate.pk}/print/").content.decode()
    assert certificate.check_code in printed
    assert f"/public/check/{certificate.check_code}/" in printed
