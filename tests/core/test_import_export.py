"""Bulk import (all or nothing, with a row-level report) and list export, through the registry's specs."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from jiliang.core.importing import import_rows, read_table
from jiliang.registry.importers import ORGANIZATION_IMPORT
from jiliang.registry.models import Organization
from tests.registry.factories import valid_uscc

pytestmark = pytest.mark.django_db

HEADER = ["name", "uscc", "kind", "region", "industry", "is_key_energy_unit"]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)  # type: ignore[union-attr]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_good_file_imports_every_row_with_audit(world) -> None:  # type: ignore[no-untyped-def]
    rows = [
        HEADER,
        ["导入甲", valid_uscc(), "enterprise", "410305", "C", "否"],
        ["导入乙", valid_uscc("410311"), "医院", "410311", "Q", "yes"],
    ]
    report = import_rows(
        spec=ORGANIZATION_IMPORT, actor=world.bureau, table=read_table(_csv(rows), "orgs.csv")
    )
    assert report.ok
    assert report.created == 2
    assert Organization.objects.get(name="导入乙").kind == "hospital"  # accepted by its Chinese label
    assert Organization.objects.get(name="导入乙").is_key_energy_unit


def test_one_bad_row_rejects_the_whole_file_and_names_row_column_reason(world) -> None:  # type: ignore[no-untyped-def]
    dup = valid_uscc()
    rows = [
        HEADER,
        ["好行", valid_uscc(), "enterprise", "410305", "C", "no"],
        ["坏码", "91110108717809965C", "enterprise", "410305", "C", "no"],
        ["坏类型", valid_uscc(), "spaceship", "410305", "C", "no"],
        ["坏地区", valid_uscc(), "enterprise", "999999", "", ""],
        ["重复一", dup, "enterprise", "410305", "", ""],
        ["重复二", dup, "enterprise", "410305", "", ""],
        ["", valid_uscc(), "enterprise", "410305", "", ""],
    ]
    report = import_rows(
        spec=ORGANIZATION_IMPORT, actor=world.bureau, table=read_table(_xlsx(rows), "orgs.xlsx")
    )
    assert not report.ok
    assert report.created == 0
    by_row = {(e.row, e.column) for e in report.errors}
    assert (3, "uscc") in by_row
    assert (4, "kind") in by_row
    assert (5, "region") in by_row
    assert (7, "uscc") in by_row  # duplicate inside the file
    assert (8, "name") in by_row
    assert any("check_character" in e.reason for e in report.errors if e.row == 3)
    assert not Organization.objects.filter(name__in=["好行", "重复一"]).exists()


def test_rows_outside_the_importers_scope_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    rows = [
        HEADER,
        ["县内", valid_uscc(), "enterprise", "410305", "", ""],
        ["县外", valid_uscc("410311"), "enterprise", "410311", "", ""],
    ]
    report = import_rows(spec=ORGANIZATION_IMPORT, actor=world.county, table=read_table(_csv(rows), "o.csv"))
    assert [(e.row, e.column) for e in report.errors] == [(3, "")]
    assert not Organization.objects.filter(name="县内").exists()


def test_unknown_and_missing_columns_are_reported(world) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        report = import_rows(
            spec=ORGANIZATION_IMPORT, actor=world.bureau, table=[["name", "colour"], ["x", "red"]]
        )
    reasons = {(e.column, e.reason) for e in report.errors}
    assert ("colour", "unknown column") in reasons
    assert any(column == "uscc" for column, _ in reasons)


def test_gb18030_csv_is_read() -> None:
    table = read_table("name,uscc\n洛阳,1\n".encode("gb18030"), "x.csv")
    assert table[1][0] == "洛阳"


def test_export_obeys_filters_and_scope(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    response = client.get("/registry/organizations/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert names == ["涧西测试企业"]
    client.force_login(world.bureau)
    response = client.get("/registry/organizations/?export=xlsx&kind=legal_institute")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]  # type: ignore[union-attr]
    assert values == ["测试计量所"]


def test_import_page_rejects_bad_file_and_offers_templates(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    template = client.get("/registry/organizations/import/?template=xlsx")
    header = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows())]  # type: ignore[union-attr]
    assert header[:2] == ["name", "uscc"]
    upload = io.BytesIO(_csv([HEADER, ["页面坏码", "91110108717809965C", "enterprise", "410305", "", ""]]))
    upload.name = "bad.csv"
    response = client.post("/registry/organizations/import/", {"file": upload})
    assert response.status_code == 400
    assert "91110108717809965C" not in set(Organization.objects.values_list("uscc", flat=True))
    assert "check_character" in response.content.decode()


def test_exports_neutralise_cells_a_spreadsheet_would_run_as_formulas(client, world) -> None:  # type: ignore[no-untyped-def]
    """OWASP CSV injection: text beginning with = + - @ tab or CR is written with a leading apostrophe in
    CSV and XLSX (never a formula cell); the database keeps the raw value."""
    for name in ["=IMPF-4", "+1+1 cmd", "@SUM(A1)", "-2+3", "\tTAB", "\rCR"]:
        Organization.objects.create(
            name=name, uscc=valid_uscc(), kind="enterprise", region=world.jianxi_org.region
        )
    client.force_login(world.bureau)
    text = b"".join(client.get("/registry/organizations/?export=csv").streaming_content).decode("utf-8-sig")
    names = {row[0] for row in csv.reader(io.StringIO(text))}
    assert {"'=IMPF-4", "'+1+1 cmd", "'@SUM(A1)", "'-2+3", "'\tTAB", "'\rCR"} <= names
    assert not {"=IMPF-4", "@SUM(A1)"} & names
    response = client.get("/registry/organizations/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]  # type: ignore[union-attr]
    assert all(c.data_type != "f" for c in cells)
    assert "'=IMPF-4" in {c.value for c in cells}
    assert Organization.objects.filter(name="=IMPF-4").exists()


def test_cell_safe_keeps_numbers_as_numbers() -> None:
    from jiliang.core.exporting import cell_safe

    assert cell_safe(-3) == -3
    assert cell_safe(-0.5) == -0.5
    assert cell_safe("-1.25") == "-1.25"
    assert cell_safe("-1e-3") == "-1e-3"
    assert cell_safe("-1-1") == "'-1-1"
    assert cell_safe(None) is None
