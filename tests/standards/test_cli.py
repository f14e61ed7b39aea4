"""``jiliang trace check``: exit 0 when every chain holds, 1 otherwise, 2 on bad input; the JSON names the
first broken link. The chain: a shop scale ← F2 (洛龙) ← F1 (city) ← E2 (city) ← 河南省院 ← NIM, with the
F1 ← E2 calibration lapsed on 2025-04-30."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from jiliang.instruments import services as instruments
from jiliang.registry.selectors import SYSTEM
from jiliang.standards.choices import StandardLevel
from tests.instruments.factories import qualified_verifier, register
from tests.standards.factories import institute, link, nim, province, standard

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def chain(world):  # type: ignore[no-untyped-def]
    city = institute("410300", "洛阳市计量测试院")
    root = nim()
    henan = province(root)
    e2 = standard(city, accuracy="0.0002", code="410300-001")
    f1 = standard(city, accuracy="0.001", code="410300-002")
    f2 = standard(
        world.institute, level=StandardLevel.COUNTY_PUBLIC, accuracy="0.005", verified_mpe="0.05",
        types=("SCALE-NAWI",), code="410311-001",
    )  # fmt: skip
    link(e2, henan, on=D(2024, 3, 1), until=D(2026, 2, 28), uncertainty="0.00005")
    link(f1, e2, on=D(2024, 5, 1), until=D(2025, 4, 30), number="LY2024-LAPSED", uncertainty="0.0002")
    link(f2, f1, on=D(2025, 1, 10), until=D(2026, 1, 9), uncertainty="0.001")
    scale = register(world.luolong_org, in_use=D(2025, 2, 5))
    instruments.verification_record_create(
        actor=SYSTEM,
        data={
            "instrument": scale,
            "institution": world.institute,
            "verifier": qualified_verifier(world.institute, "SCALE-NAWI"),
            "verified_on": D(2025, 2, 1),
            "standard": f2,
            "result": "pass",
        },
    )
    return {"scale": scale, "root": root, "f2": f2}


def _check(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("trace", "check", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_lapsed_link_in_the_middle_exits_1_and_is_named_exactly(chain) -> None:  # type: ignore[no-untyped-def]
    code, out = _check("--instrument", str(chain["scale"].pk), "--as-of", "2025-06-30", "--json")
    assert code == 1
    body = json.loads(out)
    assert body["holds"] is False
    broken = body["first_broken"]
    assert (broken["lower"], broken["higher"], broken["certificate"]) == (
        "standard:410300-002",
        "standard:410300-001",
        "LY2024-LAPSED",
    )
    assert [r["code"] for r in broken["reasons"]] == ["certificate_lapsed"]
    links = body["chains"][0]["links"]
    assert [link["broken"] for link in links] == [False, False, True, False, False]
    assert body["chains"][0]["root"] == f"external:{chain['root'].pk}"
    assert links[0]["ratio"] == pytest.approx(0.1)  # F2 0.005 % against the scales' 0.05 %


def test_the_chain_holds_before_the_lapse_exit_0(chain) -> None:  # type: ignore[no-untyped-def]
    code, out = _check("--instrument", str(chain["scale"].pk), "--as-of", "2025-04-30", "--json")
    assert code == 0
    assert json.loads(out)["holds"] is True
    code, text = _check("--instrument", str(chain["scale"].pk), "--as-of", "2025-04-30")
    assert code == 0
    assert "中国计量科学研究院" in text
    assert text.count("✓") == 5


def test_standard_check_and_the_ratio_option(chain) -> None:  # type: ignore[no-untyped-def]
    assert _check("--standard", "410311-001", "--as-of", "2025-04-30")[0] == 0
    assert _check("--standard", "410311-001", "--as-of", "2025-06-30")[0] == 1
    # Every calibration on this chain is at 1/5 or 1/4 of what it calibrates: above 1/6.
    assert _check("--standard", "410311-001", "--as-of", "2025-04-30", "--max-ratio", "1/6")[0] == 1


def test_instrument_without_a_named_standard_has_a_missing_link(world) -> None:  # type: ignore[no-untyped-def]
    scale = register(world.jianxi_org, in_use=D(2025, 2, 5))
    code, out = _check("--instrument", str(scale.pk), "--as-of", "2025-06-30", "--json")
    assert code == 1
    assert json.loads(out)["first_broken"]["reasons"][0]["code"] == "missing"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--standard", "410311-001", "--as-of", "2025-13-01"], "not a date"),
        (["--as-of", "2025-06-30"], "exactly one"),
        (["--standard", "NOPE", "--as-of", "2025-06-30"], "no measurement standard"),
        (["--instrument", "999999", "--as-of", "2025-06-30"], "no instrument"),
        (["--standard", "410311-001", "--as-of", "2025-06-30", "--max-ratio", "x"], "not a ratio"),
    ],
)
def test_bad_input_exits_2_naming_it(chain, args, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message) as exc:
        call_command("trace", "check", *args, stdout=io.StringIO())
    assert exc.value.returncode == 2


def test_api_check_returns_the_cli_document(world, chain) -> None:  # type: ignore[no-untyped-def]
    _code, out = _check("--instrument", str(chain["scale"].pk), "--as-of", "2025-06-30", "--json")
    api = APIClient()
    api.force_authenticate(world.bureau)
    body = api.get(
        "/api/v1/traceability/check/", {"instrument": chain["scale"].pk, "as_of": "2025-06-30"}
    ).json()
    assert body == json.loads(out)
    assert api.get("/api/v1/traceability/check/", {"as_of": "2025-06-30"}).status_code == 400
    other = APIClient()
    other.force_authenticate(world.other_enterprise)  # the scale belongs to 洛龙's enterprise: its own
    assert other.get("/api/v1/traceability/check/", {"instrument": chain["scale"].pk}).status_code == 200
    outsider = APIClient()
    outsider.force_authenticate(world.enterprise)
    assert outsider.get("/api/v1/traceability/check/", {"instrument": chain["scale"].pk}).status_code == 404
    assert outsider.get("/api/v1/traceability/check/", {"standard": "410311-001"}).status_code == 404
