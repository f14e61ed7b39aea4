"""Plans as data: loading and refusing plan files, metric values, status, dashboard, API, report."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from jiliang.plans import report, selectors, services
from jiliang.plans.models import EvidenceItem, Plan
from jiliang.plans.schema import PlanFileError
from jiliang.plans.seeding import DATA
from jiliang.registry.selectors import SYSTEM
from tests.instruments.factories import qualified_verifier, register, verify
from tests.registry.factories import region

pytestmark = pytest.mark.django_db
LUOYANG = (DATA / "luoyang-2015-2020.yaml").read_text(encoding="utf-8")


@pytest.fixture
def plan(db):  # type: ignore[no-untyped-def]
    return services.plan_load(actor=SYSTEM, text=LUOYANG)


def test_luoyang_plan_loads_every_quantified_target(plan) -> None:  # type: ignore[no-untyped-def]
    codes = set(plan.targets.values_list("metric", flat=True))
    assert plan.is_default
    assert plan.document_number == "洛政〔2015〕59号"
    assert plan.targets.count() == 24
    for metric in (
        "standards.public_coverage",
        "standards.city_public_count",
        "standards.county_public_average",
        "standards.public_total",
        "instruments.inspection_rate.key_managed",
        "instruments.inspection_rate.household_four",
        "prepack.pass_rate",
        "supervision.product_sampling_pass_rate",
        "integrity.demonstration_units",
        "integrity.commitment_units",
        "metering.units_online",
        "metering.national_list_online_share",
        "evidence.research_project",
        "evidence.award",
        "evidence.specification",
        "evidence.energy_label_lab",
        "evidence.type_evaluation_lab",
        "evidence.industry_test_centre",
        "evidence.energy_platform",
        "evidence.city_energy_centre",
        "comparisons.provincial_joined",
        "comparisons.city_organized",
    ):
        assert metric in codes
    household = plan.targets.get(code="B2")
    assert household.value == Decimal("98")
    assert "民用四表" in household.text


def test_second_plan_file_loads_and_reloading_replaces(plan) -> None:  # type: ignore[no-untyped-def]
    other = services.plan_load(
        actor=SYSTEM, text=(DATA / "yichuan-2024-example.yaml").read_text(encoding="utf-8")
    )
    assert other.region.code == "410329"
    assert other.targets.count() == 3
    again = services.plan_load(actor=SYSTEM, text=LUOYANG)
    assert again.pk == plan.pk
    assert again.targets.count() == 24
    assert Plan.objects.filter(is_default=True).count() == 1


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["targets"][3].__setitem__("comparator", "gte"), "targets[3].comparator"),
        (lambda d: d["targets"][0].pop("deadline"), "targets[0]"),
        (lambda d: d["targets"][2].__setitem__("metric", "no.such.metric"), "targets[2].metric"),
        (lambda d: d["targets"][1].pop("value"), "targets[1].value"),
        (lambda d: d.__setitem__("starts_on", "2015-13-01"), "starts_on"),
        (lambda d: d.__setitem__("region", "999999"), "region"),
        (lambda d: d["targets"][5].__setitem__("code", "A1"), "targets[5].code"),
        (lambda d: d.__setitem__("colour", "red"), "(file)"),
    ],
)
def test_malformed_plan_file_names_the_bad_field(db, mutate, path) -> None:  # type: ignore[no-untyped-def]
    document = yaml.safe_load(LUOYANG)
    mutate(document)
    with pytest.raises(PlanFileError) as exc:
        services.plan_load(actor=SYSTEM, text=yaml.safe_dump(document, allow_unicode=True))
    assert exc.value.path.startswith(path)
    assert not Plan.objects.exists()


def test_cli_load_refuses_with_the_path_and_exit_2(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    document = yaml.safe_load(LUOYANG)
    document["targets"][3]["comparator"] = "gte"
    bad.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("plan", "load", str(bad))
    assert exc.value.returncode == 2
    assert "targets[3].comparator" in str(exc.value)
    good = tmp_path / "good.yaml"
    good.write_text(LUOYANG, encoding="utf-8")
    call_command("plan", "load", str(good), stdout=io.StringIO())
    out = io.StringIO()
    call_command("plan", "export", stdout=out)
    exported = yaml.safe_load(out.getvalue())
    assert exported["code"] == "luoyang-2015-2020"
    assert len(exported["targets"]) == 24


def test_inspection_targets_equal_the_kpi_cli(world, plan) -> None:  # type: ignore[no-untyped-def]
    v = qualified_verifier(world.institute)
    for n in range(4):
        instrument = register(world.jianxi_org, in_use=dt.date(2019, 6, 1))
        verify(instrument, v, dt.date(2019, 5, 20))
        if n % 2:
            verify(instrument, v, dt.date(2020, 5, 10))
    states = {
        s.target.code: s
        for s in selectors.plan_status(plan=plan, user=world.bureau, as_of=dt.date(2020, 12, 31))
    }
    b1 = states["B1"]
    out = io.StringIO()
    call_command(
        "kpi",
        "inspection-rate",
        "--from",
        "2020-01-01",
        "--to",
        "2020-12-31",
        "--types",
        "key-managed",
        "--json",
        stdout=out,
    )
    import json

    cli = json.loads(out.getvalue())
    assert (b1.value.numerator, b1.value.denominator) == (cli["numerator"], cli["denominator"]) == (2, 4)
    assert b1.value.value == Decimal("50.00")
    assert b1.status == "behind"
    county = selectors.plan_status(
        plan=plan, user=world.bureau, as_of=dt.date(2020, 12, 31), region=region("410311")
    )
    assert next(s for s in county if s.target.code == "B1").value.denominator == 0


def test_metrics_without_records_say_no_data_source(world, plan) -> None:  # type: ignore[no-untyped-def]
    states = {
        s.target.code: s
        for s in selectors.plan_status(plan=plan, user=world.bureau, as_of=dt.date(2020, 6, 30))
    }
    assert states["E1"].status == "no_data"  # instrument product sampling: not held by the platform
    assert not states["E1"].has_source
    assert states["E1"].value is None


def test_prepack_target_reads_the_inspections(world, plan) -> None:  # type: ignore[no-untyped-def]
    from jiliang.prepack import figures as prepack_figures
    from tests.prepack import factories as prepack

    drive = prepack.campaign(world.institute, start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    prepack.lot(drive, world.jianxi_org, measurements=prepack.PASSING_50)
    prepack.lot(drive, world.jianxi_org, measurements=prepack.PASSING_50)
    prepack.lot(drive, world.luolong_org, measurements=prepack.FAILING_50)
    states = {
        s.target.code: s
        for s in selectors.plan_status(plan=plan, user=world.bureau, as_of=dt.date(2020, 12, 31))
    }
    b3 = states["B3"]
    assert b3.has_source
    figure = prepack_figures.pass_rate(
        user=world.bureau, start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)
    )
    assert (b3.value.numerator, b3.value.denominator) == (figure.numerator, figure.denominator) == (2, 3)
    assert b3.value.value == Decimal("66.67")
    assert b3.status == "behind"
    assert "/prepack/lots/" in b3.value.link


def test_evidence_counts_only_once_confirmed(world, plan) -> None:  # type: ignore[no-untyped-def]
    item = services.evidence_create(
        actor=world.county,
        data={
            "kind": "research_project",
            "title": "研究",
            "level": "city",
            "achieved_on": dt.date(2017, 3, 1),
            "region": region("410305"),
        },
    )

    def c1() -> str:
        state = {
            s.target.code: s
            for s in selectors.plan_status(plan=plan, user=world.bureau, as_of=dt.date(2017, 12, 31))
        }["C1"]
        return f"{state.value.value}:{state.status}"

    assert c1() == "0:behind"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.evidence_confirm(actor=world.county, instance=item)
    services.evidence_confirm(actor=world.bureau, instance=item)
    assert c1() == "1:on_track"  # 1 of 2 by 2020-12-31: ahead of the straight line (0.85) on 2017-12-31
    services.evidence_update(actor=world.bureau, instance=item, data={"title": "研究（改）"})
    assert EvidenceItem.objects.get(pk=item.pk).confirmed_at is None  # a change needs a new confirmation


def test_county_bureau_sees_its_county_only(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    body = client.get("/", {"region": "410311"}).content.decode()
    assert "涧西区" in body
    assert "洛龙区" not in body
    api = APIClient()
    api.force_authenticate(world.county)
    status = api.get(f"/api/v1/plans/{plan.pk}/status/", {"as_of": "2020-12-31", "region": "410311"}).json()
    assert status["region"] == "410305"
    assert len(status["targets"]) == 24


def test_dashboard_and_target_pages(client, world, plan) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    body = client.get("/", {"as_of": "2020-12-31"}).content.decode()
    assert "民用四表" in body
    assert body.count('data-status="no_data"') >= 5
    detail = client.get(f"/plans/targets/{plan.targets.get(code='B2').pk}/", {"as_of": "2020-12-31"})
    assert detail.status_code == 200
    assert "孟津县" in detail.content.decode()


def test_api_status_shape(world, plan) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(world.bureau)
    body = api.get(f"/api/v1/plans/{plan.pk}/status/", {"as_of": "2020-12-31", "region": "410300"}).json()
    row = next(t for t in body["targets"] if t["code"] == "B2")
    assert set(row) >= {
        "code",
        "text",
        "metric",
        "target",
        "value",
        "numerator",
        "denominator",
        "status",
        "has_source",
    }
    assert api.get("/api/v1/plans/").status_code == 200


def test_assessment_report_pdf_contains_the_chinese_target_texts(world, plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not report.cjk_font_available():
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    call_command(
        "report", "assessment", "--year", "2020", "--format", "pdf", "-o", str(out), stdout=io.StringIO()
    )
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    compact = "".join(text.split())
    assert "民用四表" in compact
    assert "受检率达到98%以上" in compact
    assert "洛阳市计量发展规划" in compact


def test_assessment_report_xlsx_and_html(world, plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    call_command(
        "report",
        "assessment",
        "--year",
        "2020",
        "--region",
        "410305",
        "--format",
        "xlsx",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(out)["targets"]
    texts = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert any("民用四表" in (t or "") for t in texts)
    built = report.assessment_build(plan=plan, user=world.bureau, year=2020)
    assert "一、目标完成情况" in report.render_html(built)


def test_pdf_refuses_without_a_cjk_font(world, plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(report, "cjk_font_available", lambda: False)
    built = report.assessment_build(plan=plan, user=world.bureau, year=2020)
    with pytest.raises(report.ReportError, match="fonts-noto-cjk"):
        report.render_pdf(built)


def test_standards_targets_read_the_standards_registry(world, plan) -> None:  # type: ignore[no-untyped-def]
    from tests.standards import factories as std

    city_institute = std.institute("410300")
    county_institute = std.institute("410305")
    for _ in range(3):
        std.standard(city_institute, types=("SCALE-NAWI",))
    std.standard(county_institute, level="county_public", types=("TAXIMETER",))
    std.standard(city_institute, approved=(dt.date(2015, 1, 1), dt.date(2019, 1, 1)))  # lapsed by 2020
    register(world.jianxi_org, in_use=dt.date(2019, 6, 1))  # a scale: covered by the city standards
    register(world.jianxi_org, code="WATER-DN25", in_use=dt.date(2019, 6, 1))  # no standard covers it
    states = {
        s.target.code: s
        for s in selectors.plan_status(plan=plan, user=world.bureau, as_of=dt.date(2020, 12, 31))
    }
    assert states["A2"].value.value == Decimal(3)
    assert states["D1"].value.value == Decimal(4)
    assert states["A3"].value.value == Decimal(
        "0.07"
    )  # 1 county standard over the 15 divisions in force on 2020-12-31
    assert (states["A1"].value.numerator, states["A1"].value.denominator) == (1, 2)
    assert all(states[c].has_source for c in ("A1", "A2", "A3", "D1"))


def test_api_serves_the_assessment_report(world, plan) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(world.bureau)
    xlsx = api.get(f"/api/v1/plans/{plan.pk}/report/", {"year": 2020, "output": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('2020-410300.xlsx"')
    assert xlsx.content[:2] == b"PK"
    html = api.get(f"/api/v1/plans/{plan.pk}/report/", {"year": 2020, "output": "html"})
    assert "民用四表" in html.content.decode()
    bad = api.get(f"/api/v1/plans/{plan.pk}/report/", {"year": "x"})
    assert bad.status_code == 400
    assert "year" in bad.json()["error"]["fields"]
