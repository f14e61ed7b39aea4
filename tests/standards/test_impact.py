"""Reverse trace (impact) of a suspended standard over a window, through the selector, the CLI, the API and
the page — all four list the same certificates.

Window 2025-01-01 … 2025-06-30; S (city, suspended 2025-06-01) verified scales and calibrated standards:

    T  calibrated by S on 2025-02-01 (in the window)             suspect from 2025-02-01, depth 1
    U  calibrated by T on 2025-03-01 (after T became suspect)     suspect from 2025-03-01, depth 2
    V  calibrated by T on 2025-01-15 (before T became suspect)    not affected
    W  calibrated by S on 2024-12-01 (before the window)          not affected
    S  calibrated by U on 2025-05-01 (a cycle in the data)        not listed as its own dependant

    verifications with S on 2025-03-10 ✓, 2024-12-20 ✗ (before), 2025-07-05 ✗ (after), 2025-04-20 ✗ (voided)
    with T on 2025-02-10 ✓ and 2025-01-20 ✗ (before T was suspect); with U on 2025-04-01 ✓; with V ✗
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from jiliang.instruments import services as instruments
from jiliang.instruments.models import Certificate
from jiliang.instruments.traceability import impact_certificates, standard_impact
from jiliang.registry.selectors import SYSTEM
from jiliang.standards import services
from jiliang.standards.choices import StandardLevel
from tests.instruments.factories import qualified_verifier, register
from tests.standards.factories import institute, link, standard

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2025, 1, 1), D(2025, 6, 30)


def _verify(instrument, used, on):  # type: ignore[no-untyped-def]
    verifier = qualified_verifier(used.holder, "SCALE-NAWI")
    return instruments.verification_record_create(
        actor=SYSTEM,
        data={
            "instrument": instrument,
            "institution": used.holder,
            "verifier": verifier,
            "verified_on": on,
            "standard": used,
            "result": "pass",
        },
    )


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    city = institute("410300", "洛阳市计量测试院")
    jianxi = institute("410305", "涧西区计量检定所")
    county = StandardLevel.COUNTY_PUBLIC
    s = standard(city, types=("SCALE-NAWI",), code="S")
    t = standard(world.institute, level=county, types=("SCALE-NAWI",), code="T")
    u = standard(jianxi, level=county, types=("SCALE-NAWI",), code="U")
    v = standard(jianxi, level=county, types=("SCALE-NAWI",), code="V")
    w = standard(jianxi, level=county, types=("SCALE-NAWI",), code="W")
    link(t, s, on=D(2025, 2, 1), until=D(2026, 1, 31))
    link(u, t, on=D(2025, 3, 1), until=D(2026, 2, 28))
    link(v, t, on=D(2025, 1, 15), until=D(2026, 1, 14))
    link(w, s, on=D(2024, 12, 1), until=D(2025, 11, 30))
    link(s, u, on=D(2025, 5, 1), until=D(2026, 4, 30))
    owner = world.jianxi_org
    records = {
        "S-in": _verify(register(owner, in_use=D(2025, 3, 12)), s, D(2025, 3, 10)),
        "S-before": _verify(register(owner, in_use=D(2024, 12, 22)), s, D(2024, 12, 20)),
        "S-after": _verify(register(owner, in_use=D(2025, 7, 6)), s, D(2025, 7, 5)),
        "S-voided": _verify(register(owner, in_use=D(2025, 4, 22)), s, D(2025, 4, 20)),
        "T-in": _verify(register(world.luolong_org, in_use=D(2025, 2, 12)), t, D(2025, 2, 10)),
        "T-before": _verify(register(owner, in_use=D(2025, 1, 22)), t, D(2025, 1, 20)),
        "U-in": _verify(register(owner, in_use=D(2025, 4, 2)), u, D(2025, 4, 1)),
        "V-in": _verify(register(owner, in_use=D(2025, 4, 2)), v, D(2025, 4, 1)),
    }
    instruments.certificate_revoke(
        actor=SYSTEM, certificate=records["S-voided"].certificates.get(), reason="录入错误"
    )
    services.standard_suspend(actor=SYSTEM, standard=s, on=D(2025, 6, 1), reason="超差")
    return {"S": s, "T": t, "U": u, "records": records}


def _numbers(case, *names: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(case["records"][n].certificates.get().number for n in names)


def test_impact_lists_the_certificates_issued_with_the_suspended_standard(world, case) -> None:  # type: ignore[no-untyped-def]
    impact = standard_impact(user=world.bureau, standard=case["S"], start=START, end=END)
    assert [(d.standard.code, d.suspect_from, d.depth) for d in impact.dependants] == [
        ("T", D(2025, 2, 1), 1),
        ("U", D(2025, 3, 1), 2),
    ]
    expected = _numbers(case, "S-in", "T-in", "U-in")
    assert sorted(r.certificates.get().number for r in impact.records) == expected
    certificates = impact_certificates(user=world.bureau, standard=case["S"], start=START, end=END)
    assert sorted(c.number for c in certificates) == expected
    assert (impact.summary.records, impact.summary.certificates) == (3, 3)
    assert (impact.summary.instruments, impact.summary.owners) == (3, 2)


def test_impact_is_scoped_to_the_user(world, case) -> None:  # type: ignore[no-untyped-def]
    mine = standard_impact(user=world.enterprise, standard=case["S"], start=START, end=END)
    assert mine.summary.records == 2  # the 涧西 enterprise's own instruments (S-in, U-in)
    assert mine.dependants == []  # it sees none of the institutes' standards


def test_cli_impact_json_lists_the_same_certificates(case) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command(
        "trace",
        "impact",
        "--standard",
        "S",
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--json",
        stdout=out,
    )
    body = json.loads(out.getvalue())
    assert sorted(c["number"] for c in body["certificates"]) == _numbers(case, "S-in", "T-in", "U-in")
    assert body["summary"] == {"records": 3, "certificates": 3, "instruments": 3, "owners": 2}
    assert [(s["code"], s["depth"]) for s in body["standards"]] == [("T", 1), ("U", 2)]
    text = io.StringIO()
    call_command(
        "trace", "impact", "--standard", "S", "--from", "2025-01-01", "--to", "2025-06-30", stdout=text
    )
    assert "3 certificates" in text.getvalue()


def test_api_impact_and_page_export_list_the_same_certificates(client, world, case) -> None:  # type: ignore[no-untyped-def]
    expected = _numbers(case, "S-in", "T-in", "U-in")
    api = APIClient()
    api.force_authenticate(world.bureau)
    body = api.get(
        "/api/v1/traceability/impact/", {"standard": "S", "start": "2025-01-01", "end": "2025-06-30"}
    )
    assert body.status_code == 200
    data = body.json()
    assert data["count"] == 3
    assert sorted(n for r in data["results"] for n in r["certificates"]) == expected
    assert [s["code"] for s in data["standards"]] == ["T", "U"]
    bad = api.get(
        "/api/v1/traceability/impact/", {"standard": "S", "start": "2025-07-01", "end": "2025-06-30"}
    )
    assert bad.status_code == 400
    assert "end" in bad.json()["error"]["fields"]

    client.force_login(world.bureau)
    params = {"standard": "S", "start": "2025-01-01", "end": "2025-06-30"}
    page = client.get("/instruments/traceability/impact/", params).content.decode()
    for number in expected:
        assert number in page
    assert case["records"]["S-before"].certificates.get().number not in page
    export = client.get("/instruments/traceability/impact/", {**params, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert sorted(r[3] for r in rows[1:]) == expected
    assert Certificate.objects.count() == 8
