"""Meter import (CSV / XLSX): all or nothing, each bad row named by row, column and reason; templates."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from jiliang.core.importing import import_rows, read_table
from jiliang.core.models import AuditEntry
from jiliang.metering.importers import METER_IMPORT
from jiliang.metering.models import Meter
from tests.instruments.factories import register
from tests.metering.factories import meter, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
HEADER = [
    "unit",
    "code",
    "name",
    "energy_type",
    "level",
    "unit_of_measure",
    "kind",
    "multiplier",
    "instrument",
]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_a_good_file_creates_every_meter_through_the_service(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    water = register(world.jianxi_org, code="WATER-LARGE")
    uscc = world.jianxi_org.uscc
    rows = [
        HEADER,
        [uscc, "E01", "总进线", "electricity", "unit", "kWh", "cumulative", "200", ""],
        [uscc, "W01", "新水总表", "水", "进出用能单位", "t", "interval value", "", str(water.pk)],
    ]
    report = import_rows(spec=METER_IMPORT, actor=world.enterprise, table=read_table(_csv(rows), "m.csv"))
    assert report.ok, report.errors
    assert report.created == 2
    e01 = Meter.objects.get(unit=u, code="E01")
    w01 = Meter.objects.get(unit=u, code="W01")
    assert (e01.multiplier, e01.kind, e01.level) == (Decimal(200), "cumulative", "unit")
    assert (w01.energy_type, w01.kind, w01.instrument, w01.multiplier) == ("water", "interval", water, 1)
    assert (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Meter), actor=world.enterprise
        ).count()
        == 2
    )


def test_a_bad_file_is_refused_whole_naming_each_row_column_and_reason(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    unit(world.luolong_org)
    meter(u, "E09")
    foreign = register(world.luolong_org, code="WATER-LARGE")
    uscc = world.jianxi_org.uscc
    good = [uscc, "E01", "总进线", "electricity", "unit", "kWh", "cumulative", "1", ""]
    rows = [
        HEADER,
        good,
        [
            uscc,
            "E02",
            "进线",
            "electricity",
            "building",
            "kWh",
            "cumulative",
            "x",
            "",
        ],  # 3: level, multiplier
        ["91410300XXXXXXXXXX", "E03", "进线", "electricity", "unit", "kWh", "cumulative", "1", ""],  # 4: unit
        [uscc, "C01", "原煤", "raw_coal", "unit", "m3", "interval", "1", ""],  # 5: coal is not in m³
        [
            world.luolong_org.uscc,
            "E04",
            "进线",
            "electricity",
            "unit",
            "kWh",
            "cumulative",
            "1",
            "",
        ],  # 6: scope
        [
            uscc,
            "W01",
            "水",
            "water",
            "unit",
            "t",
            "interval",
            "1",
            str(foreign.pk),
        ],  # 7: another owner's entry
        [uscc, "E09", "进线", "electricity", "unit", "kWh", "cumulative", "1", ""],  # 8: code taken
        [uscc, "", "进线", "electricity", "unit", "kWh", "cumulative", "1", ""],  # 9: code missing
        good[:],  # 10: E01 twice in one file
    ]
    report = import_rows(spec=METER_IMPORT, actor=world.enterprise, table=read_table(_csv(rows), "m.csv"))
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "level"),
        (3, "multiplier"),
        (4, "unit"),
        (5, "unit_of_measure"),
        (6, ""),
        (7, "instrument"),
        (8, ""),
        (9, "code"),
        (10, ""),
    }
    reasons = {(e.row, e.column): e.reason for e in report.errors}
    assert "building" in reasons[(3, "level")]
    assert "outside your scope" in reasons[(6, "")]
    assert report.created == 0
    assert list(Meter.objects.values_list("code", flat=True)) == ["E09"]


def test_a_file_with_an_unknown_or_missing_column_is_refused_at_the_header(world) -> None:  # type: ignore[no-untyped-def]
    table = read_table(_csv([["unit", "code", "colour"], ["x", "y", "z"]]), "m.csv")
    report = import_rows(spec=METER_IMPORT, actor=world.bureau, table=table)
    assert {(e.row, e.column) for e in report.errors} == {
        (1, "colour"),
        (1, "name"),
        (1, "energy_type"),
        (1, "level"),
        (1, "unit_of_measure"),
        (1, "kind"),
    }


def test_import_page_takes_xlsx_shows_the_report_and_offers_templates(client, world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    client.force_login(world.enterprise)
    assert "/metering/meters/import/" in client.get("/metering/meters/").content.decode()
    template = load_workbook(io.BytesIO(client.get("/metering/meters/import/?template=xlsx").content))
    assert [c.value for c in template.worksheets[0][1]][:3] == ["unit", "code", "name"]
    assert [c.value for c in template.worksheets[0][2]][:2] == ["91410305MA44K7Q289", "E01"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([*HEADER[:7], "interval_minutes"])
    sheet.append([world.jianxi_org.uscc, "E01", "总进线", "electricity", "unit", "kWh", "cumulative", 5])
    sheet.append([world.jianxi_org.uscc, "E02", "进线", "electricity", "unit", "kWh", "cumulative", "five"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    bad = client.post("/metering/meters/import/", {"file": SimpleUploadedFile("m.xlsx", buffer.getvalue())})
    assert bad.status_code == 400
    assert [(e.row, e.column) for e in bad.context["report"].errors] == [(3, "interval_minutes")]
    assert not Meter.objects.exists()
    sheet.delete_rows(3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    good = client.post("/metering/meters/import/", {"file": SimpleUploadedFile("m.xlsx", buffer.getvalue())})
    assert good.status_code == 302
    assert Meter.objects.get(unit=u).interval_minutes == 5
