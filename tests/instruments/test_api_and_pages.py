"""Mandatory verification through the API and the pages: scope, errors, query bounds, certificates."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from rest_framework.test import APIClient

from jiliang.instruments.models import Certificate, Instrument, VerificationRecord
from tests.instruments.factories import qualified_verifier, register, verify

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_enterprise_registers_through_the_api_and_sees_only_its_own(world) -> None:  # type: ignore[no-untyped-def]
    register(world.luolong_org)
    response = _api(world.enterprise).post(
        "/api/v1/instruments/",
        {
            "owner": world.jianxi_org.uscc,
            "instrument_type": "TAXIMETER",
            "serial_number": "API-1",
            "use_domain": "trade_settlement",
            "put_into_use_on": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["region_code"] == "410305"
    listed = _api(world.enterprise).get("/api/v1/instruments/").json()
    assert [i["serial_number"] for i in listed["results"]] == ["API-1"]
    refused = _api(world.enterprise).post(
        "/api/v1/instruments/",
        {
            "owner": world.luolong_org.uscc,
            "instrument_type": "TAXIMETER",
            "serial_number": "API-2",
            "use_domain": "trade_settlement",
            "put_into_use_on": "2025-01-01",
        },
        format="json",
    )
    assert refused.status_code == 403


def test_unqualified_verification_is_refused_through_the_api_with_the_field(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, code="TAXIMETER")
    verifier = qualified_verifier(world.institute, "SCALE-NAWI")
    response = _api(world.institute_user).post(
        "/api/v1/verifications/",
        {
            "instrument": instrument.pk,
            "institution": world.institute.uscc,
            "verifier": verifier.pk,
            "verified_on": "2025-01-02",
            "result": "pass",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "verifier" in response.json()["error"]["fields"]
    assert not VerificationRecord.objects.exists()


def test_institute_verifies_then_revokes_and_reissues_through_the_api(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org)
    verifier = qualified_verifier(world.institute)
    api = _api(world.institute_user)
    response = api.post(
        "/api/v1/verifications/",
        {
            "instrument": instrument.pk,
            "institution": world.institute.uscc,
            "verifier": verifier.pk,
            "verified_on": "2025-01-02",
            "result": "pass",
        },
        format="json",
    )
    assert response.status_code == 201
    number = response.json()["certificates"][0]
    certificate = Certificate.objects.get(number=number)
    reissued = api.post(
        f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": "更正", "reissue": True}, format="json"
    )
    assert reissued.status_code == 200
    assert reissued.json()["replaces"] == number
    assert _api(world.enterprise).get(f"/api/v1/certificates/{certificate.pk}/").status_code == 200
    assert _api(world.other_enterprise).get(f"/api/v1/certificates/{certificate.pk}/").status_code == 404
    assert (
        _api(world.other_enterprise)
        .post(f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": "x"}, format="json")
        .status_code
        == 404
    )


@pytest.mark.parametrize("url", ["/api/v1/instruments/", "/api/v1/verifications/", "/api/v1/certificates/"])
def test_list_endpoints_have_bounded_queries(world, django_assert_max_num_queries, url) -> None:  # type: ignore[no-untyped-def]
    verifier = qualified_verifier(world.institute)
    for n in range(25):
        instrument = register(world.jianxi_org if n % 2 else world.luolong_org)
        verify(instrument, verifier, dt.date(2024, 1, 1) + dt.timedelta(days=n))
    with django_assert_max_num_queries(8):
        assert _api(world.bureau).get(url).status_code == 200
    with django_assert_max_num_queries(8):
        assert _api(world.institute_user).get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/instruments/instruments/", "/instruments/verifications/", "/instruments/certificates/"]
)
def test_list_pages_have_bounded_queries(client, world, django_assert_max_num_queries, url) -> None:  # type: ignore[no-untyped-def]
    verifier = qualified_verifier(world.institute)
    for _n in range(30):
        verify(register(world.jianxi_org), verifier, dt.date(2024, 1, 1))
    client.force_login(world.bureau)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_register_verify_and_check_the_certificate_publicly(client, world) -> None:  # type: ignore[no-untyped-def]
    from tests.registry.factories import region

    world.institute.region = region("410300")  # the city institute: its service area is the whole city
    world.institute.save()
    client.force_login(world.enterprise)
    response = client.post(
        "/instruments/instruments/add/",
        {
            "owner": world.jianxi_org.uscc,
            "instrument_type": Instrument._meta.get_field("instrument_type")
            .related_model.objects.get(code="SCALE-NAWI")
            .pk,
            "serial_number": "PAGE-1",
            "use_domain": "trade_settlement",
            "put_into_use_on": "2025-03-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    instrument = Instrument.objects.get(serial_number="PAGE-1")
    verifier = qualified_verifier(world.institute)
    client.force_login(world.institute_user)
    form = client.get(f"/instruments/verifications/add/?instrument={instrument.pk}")
    assert f'value="{instrument.pk}"' in form.content.decode()
    response = client.post(
        "/instruments/verifications/add/",
        {
            "instrument": instrument.pk,
            "institution": world.institute.pk,
            "verifier": verifier.pk,
            "verified_on": "2025-02-25",
            "result": "pass",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    certificate = Certificate.objects.get(verification__instrument=instrument)
    printed = client.get(f"/instruments/certificates/{certificate.pk}/print/").content.decode()
    assert "<svg" in printed
    assert certificate.check_code in printed
    assert "检定证书" in printed
    client.logout()
    public = client.get(f"/public/check/{certificate.check_code}/")
    assert public.status_code == 200
    assert certificate.number in public.content.decode()
    assert client.get("/public/check/NOSUCHCODE99/").status_code == 404


def test_page_refuses_an_unqualified_verifier_on_the_form(client, world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org, code="TAXIMETER")
    verifier = qualified_verifier(world.institute, "WATER-DN25")
    client.force_login(world.institute_user)
    response = client.post(
        "/instruments/verifications/add/",
        {
            "instrument": instrument.pk,
            "institution": world.institute.pk,
            "verifier": verifier.pk,
            "verified_on": "2025-02-25",
            "result": "pass",
        },
    )
    assert response.status_code == 400
    assert not VerificationRecord.objects.exists()


def test_verification_import_rejects_the_whole_file_naming_rows(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.core.importing import import_rows, read_table
    from jiliang.instruments.importers import VERIFICATION_IMPORT

    good = register(world.jianxi_org)
    taxi = register(world.jianxi_org, code="TAXIMETER")
    verifier = qualified_verifier(world.institute, "SCALE-NAWI")
    number = verifier.qualifications.get().number
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            ["instrument", "institution", "verifier", "verified_on", "result"],
            [good.pk, world.institute.uscc, number, "2025-01-02", "pass"],
            [taxi.pk, world.institute.uscc, number, "2025-01-02", "pass"],  # not qualified for taxi meters
            [good.pk, world.institute.uscc, number, "2025-01-02", "maybe"],
        ]
    )
    report = import_rows(
        spec=VERIFICATION_IMPORT,
        actor=world.institute_user,
        table=read_table(buffer.getvalue().encode(), "v.csv"),
    )
    assert {(e.row, e.column) for e in report.errors} == {(3, "verifier"), (4, "result")}
    assert not VerificationRecord.objects.exists()


def test_figures_page_and_home_panel_render(client, world) -> None:  # type: ignore[no-untyped-def]
    verify(
        register(world.jianxi_org, in_use=dt.date(2024, 1, 10)),
        qualified_verifier(world.institute),
        dt.date(2024, 1, 5),
    )
    client.force_login(world.bureau)
    page = client.get("/instruments/figures/?start=2024-01-01&end=2024-12-31")
    assert page.status_code == 200
    assert "涧西区" in page.content.decode()
    home = client.get("/overview/").content.decode()
    assert "rate-by-county" in home


def test_due_within_n_days_and_overdue_lists_per_owner(client, world) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    verifier = qualified_verifier(world.institute)
    soon = register(world.jianxi_org, in_use=today - dt.timedelta(days=300))
    verify(soon, verifier, today - dt.timedelta(days=350))  # 12 months: due in about 15 days
    later = register(world.jianxi_org, in_use=today - dt.timedelta(days=30))
    verify(later, verifier, today - dt.timedelta(days=31))  # due in about 11 months
    overdue = register(world.jianxi_org, in_use=today - dt.timedelta(days=10))  # never verified
    register(world.luolong_org, in_use=today - dt.timedelta(days=300))  # another owner
    client.force_login(world.bureau)
    listed = client.get("/instruments/instruments/", {"due_within": 30, "owner": world.jianxi_org.uscc})
    assert [o.pk for o in listed.context["page"].object_list] == [soon.pk]
    api = APIClient()
    api.force_authenticate(world.enterprise)
    body = api.get("/api/v1/instruments/", {"due_before": today.isoformat()}).json()
    assert [i["id"] for i in body["results"]] == [overdue.pk]
    assert later.pk not in {i["id"] for i in body["results"]}
