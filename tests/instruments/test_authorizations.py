"""Institutes verify only what they may (issue #12 items 4 and 12): an authorization (授权) in force on the
verification date covering the instrument's region and type, and an instrument in use — through the
services, the API, the pages and the import; and an institute reads the instruments it verified or may
verify, nothing else."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.test import APIClient

from jiliang.core.scoping import Role
from jiliang.instruments import selectors, services
from jiliang.instruments.models import Certificate, VerificationRecord
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.selectors import SYSTEM
from tests.instruments.factories import qualified_verifier, register, verify
from tests.registry.factories import OrganizationFactory, UserFactory, authorize, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The refusals are compared in English (the services render them in the active language)."""
    with translation.override("en"):
        yield


D = dt.date


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def county(world: Any) -> Any:
    """The 涧西 county institute, authorized for its county and scales / taxi meters only, 2020–2029."""
    institute = OrganizationFactory(
        name="涧西区计量检定所", kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410305")
    )
    authorize(
        institute,
        "SCALE-NAWI",
        "TAXIMETER",
        regions=("410305",),
        valid_from=D(2020, 1, 1),
        valid_until=D(2029, 12, 31),
    )
    institute.user = UserFactory(username="jianxi-inst", role=Role.INSTITUTE, organization=institute)
    institute.verifier = qualified_verifier(institute)
    return institute


def _refusal(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.message_dict["instrument"])


def test_authorized_institute_verifies_in_its_county_and_a_certificate_is_issued(world, county) -> None:  # type: ignore[no-untyped-def]
    scale = register(world.jianxi_org)
    record = verify(scale, county.verifier, D(2025, 3, 1), actor=county.user)
    assert Certificate.objects.get(verification=record).status == "valid"


def test_an_instrument_in_another_county_is_refused_naming_the_rule_not_the_owner(
    world, county, english
) -> None:  # type: ignore[no-untyped-def]
    elsewhere = register(world.luolong_org)  # 洛龙区: outside the 涧西 institute's authorization
    with pytest.raises(ValidationError) as exc:
        verify(elsewhere, county.verifier, D(2025, 3, 1), actor=county.user)
    message = _refusal(exc)
    assert "no authorization in force on 2025-03-01" in message
    assert world.luolong_org.name not in message
    assert "洛龙" not in message
    assert not VerificationRecord.objects.exists()
    assert not Certificate.objects.exists()


def test_a_type_outside_the_authorization_is_refused(world, county) -> None:  # type: ignore[no-untyped-def]
    water = register(world.jianxi_org, code="WATER-DN25")
    with pytest.raises(ValidationError) as exc:
        verify(water, county.verifier, D(2025, 3, 1), actor=county.user)
    assert "instrument" in exc.value.message_dict


def test_the_bureau_cannot_record_for_an_institute_outside_its_authorization(world, county) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        verify(register(world.luolong_org), county.verifier, D(2025, 3, 1), actor=world.bureau)


@pytest.mark.parametrize(
    ("status", "valid_from", "valid_until", "day"),
    [
        ("active", D(2020, 1, 1), D(2024, 12, 31), D(2025, 1, 1)),  # expired the day before
        ("active", D(2025, 6, 1), D(2029, 12, 31), D(2025, 5, 31)),  # not yet in force
        ("revoked", D(2020, 1, 1), D(2029, 12, 31), D(2025, 3, 1)),
        ("suspended", D(2020, 1, 1), D(2029, 12, 31), D(2025, 3, 1)),
    ],
)
def test_only_an_authorization_in_force_on_the_verification_date_counts(  # type: ignore[no-untyped-def]
    world, status, valid_from, valid_until, day
) -> None:
    institute = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410305"))
    authorize(institute, regions=("410305",), valid_from=valid_from, valid_until=valid_until, status=status)
    verifier = qualified_verifier(institute)
    with pytest.raises(ValidationError) as exc:
        verify(register(world.jianxi_org, in_use=D(2020, 1, 10)), verifier, day)
    assert "authorization" in _refusal(exc)


def test_first_and_last_day_of_the_authorization_count(world, county) -> None:  # type: ignore[no-untyped-def]
    scale = register(world.jianxi_org, in_use=D(2019, 12, 1))
    verify(scale, county.verifier, D(2020, 1, 1))
    verify(scale, county.verifier, D(2021, 1, 1))
    with pytest.raises(ValidationError):
        verify(scale, county.verifier, D(2019, 12, 31))


@pytest.mark.parametrize("status", ["scrapped", "out_of_use"])
def test_an_instrument_not_in_use_is_refused_even_before_its_retirement_date(world, county, status) -> None:  # type: ignore[no-untyped-def]
    scale = register(world.jianxi_org, in_use=D(2020, 1, 10))
    services.instrument_retire(actor=SYSTEM, instance=scale, status=status, on=D(2025, 6, 1))
    scale.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        verify(scale, county.verifier, D(2025, 3, 1), actor=county.user)
    assert "in use" in _refusal(exc) or "使用" in _refusal(exc)
    assert not Certificate.objects.exists()


def test_a_region_covers_the_retired_divisions_it_succeeded(world) -> None:  # type: ignore[no-untyped-def]
    """偃师区 (410307, 2021) succeeded 偃师市 (410381): an instrument registered under 偃师市 is served."""
    institute = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410307"))
    authorize(institute, regions=("410307",))
    old = register(world.jianxi_org, site_region=region_old("410381"), in_use=D(2018, 1, 10))
    verify(old, qualified_verifier(institute), D(2018, 1, 5))
    assert VerificationRecord.objects.filter(instrument=old).count() == 1


def region_old(code: str) -> Any:
    from jiliang.registry.models import Region

    return Region.objects.filter(code=code).order_by("-valid_from").first()


# --- the API, the pages and the import go through the same rule ------------------------------------------


def _body(instrument: Any, institute: Any, verifier: Any, day: str = "2025-03-01") -> dict[str, Any]:
    return {
        "instrument": instrument.pk,
        "institution": institute.uscc,
        "verifier": verifier.pk,
        "verified_on": day,
        "result": "pass",
    }


def test_api_allows_the_authorized_case_and_refuses_the_others(world, county, english) -> None:  # type: ignore[no-untyped-def]
    api = _api(county.user)
    scale = register(world.jianxi_org)
    made = api.post("/api/v1/verifications/", _body(scale, county, county.verifier), format="json")
    assert made.status_code == 201, made.json()
    # Outside its authorization the instrument is one it cannot read: answered like one that does not exist.
    elsewhere = register(world.luolong_org)
    refused = api.post("/api/v1/verifications/", _body(elsewhere, county, county.verifier), format="json")
    assert refused.status_code == 400
    assert "instrument" in refused.json()["error"]["fields"]
    assert world.luolong_org.name not in refused.content.decode()
    # The bureau recording for the institute meets the rule itself, named.
    by_bureau = _api(world.bureau).post(
        "/api/v1/verifications/", _body(elsewhere, county, county.verifier), format="json"
    )
    assert by_bureau.status_code == 400
    assert "authorization" in by_bureau.json()["error"]["fields"]["instrument"][0]
    scrapped = register(world.jianxi_org, in_use=D(2020, 1, 10))
    services.instrument_retire(actor=SYSTEM, instance=scrapped, status="scrapped", on=D(2024, 1, 1))
    gone = api.post("/api/v1/verifications/", _body(scrapped, county, county.verifier), format="json")
    assert gone.status_code == 400
    assert "in use" in gone.json()["error"]["fields"]["instrument"][0]
    assert VerificationRecord.objects.count() == 1


def test_page_refuses_outside_the_authorization_and_allows_inside(client, world, county, english) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    elsewhere = register(world.luolong_org)
    form = {
        "institution": county.pk,
        "verifier": county.verifier.pk,
        "verified_on": "2025-03-01",
        "result": "pass",
    }
    refused = client.post("/instruments/verifications/add/", {**form, "instrument": elsewhere.pk})
    assert refused.status_code == 400
    assert "holds no authorization in force on 2025-03-01" in refused.content.decode()
    assert not VerificationRecord.objects.exists()
    scale = register(world.jianxi_org)
    client.force_login(county.user)
    made = client.post("/instruments/verifications/add/", {**form, "instrument": scale.pk})
    assert made.status_code == 302
    assert VerificationRecord.objects.filter(instrument=scale, institution=county).exists()


def test_import_refuses_rows_outside_the_authorization_and_saves_nothing(world, county) -> None:  # type: ignore[no-untyped-def]
    from jiliang.core.importing import import_rows, read_table
    from jiliang.instruments.importers import VERIFICATION_IMPORT

    scale = register(world.jianxi_org)
    elsewhere = register(world.luolong_org)
    number = county.verifier.qualifications.get().number
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            ["instrument", "institution", "verifier", "verified_on", "result"],
            [scale.pk, county.uscc, number, "2025-03-01", "pass"],
            [elsewhere.pk, county.uscc, number, "2025-03-01", "pass"],
        ]
    )
    report = import_rows(
        spec=VERIFICATION_IMPORT, actor=county.user, table=read_table(buffer.getvalue().encode(), "v.csv")
    )
    assert {(e.row, e.column) for e in report.errors} == {(3, "instrument")}
    assert world.luolong_org.name not in " ".join(e.reason for e in report.errors)
    assert not VerificationRecord.objects.exists()


# --- what an institute reads -----------------------------------------------------------------------------


def test_institute_reads_what_it_verified_or_may_verify(world, county) -> None:  # type: ignore[no-untyped-def]
    city = OrganizationFactory(
        name="测试市计量院", kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410300")
    )
    authorize(city, "SCALE-NAWI", "TAXIMETER", "WATER-DN25")  # the whole city
    city_user = UserFactory(username="city-inst", role=Role.INSTITUTE, organization=city)
    jianxi_scale = register(world.jianxi_org)
    jianxi_water = register(world.jianxi_org, code="WATER-DN25")
    luolong_scale = register(world.luolong_org)
    electricity = register(world.luolong_org, code="ELEC-1P")
    assert set(selectors.instrument_list(user=city_user)) == {jianxi_scale, jianxi_water, luolong_scale}
    assert set(selectors.instrument_list(user=county.user)) == {jianxi_scale}
    # An instrument it verified stays readable after its authorization no longer covers it.
    verify(luolong_scale, qualified_verifier(world.institute), D(2025, 1, 5))  # another institute's record
    other = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410311"))
    authorization = authorize(other, "ELEC-1P", regions=("410311",))
    verify(electricity, qualified_verifier(other), D(2025, 1, 5))
    authorization.status = "revoked"
    authorization.save()
    other_user = UserFactory(username="other-inst", role=Role.INSTITUTE, organization=other)
    assert set(selectors.instrument_list(user=other_user)) == {electricity}
    assert set(selectors.instrument_list(user=county.user)) == {jianxi_scale}  # no other institute's record


def test_institute_instrument_scope_holds_on_the_api_lists_details_exports_and_figures(
    client, world, county
) -> None:  # type: ignore[no-untyped-def]
    from jiliang.instruments import figures

    inside = register(world.jianxi_org, in_use=D(2025, 1, 10))
    outside = register(world.luolong_org, in_use=D(2025, 1, 10))
    api = _api(county.user)
    listed = api.get("/api/v1/instruments/").json()
    assert [i["id"] for i in listed["results"]] == [inside.pk]
    assert api.get(f"/api/v1/instruments/{outside.pk}/").status_code == 404
    client.force_login(county.user)
    assert client.get(f"/instruments/instruments/{outside.pk}/").status_code == 404
    response = client.get("/instruments/instruments/?export=csv")
    exported = b"".join(response.streaming_content).decode()
    assert inside.serial_number in exported
    assert outside.serial_number not in exported
    rate = figures.inspection_rate(
        user=county.user, start=D(2025, 1, 1), end=D(2025, 12, 31), filters=figures.Filters()
    )
    assert rate.denominator == 1
