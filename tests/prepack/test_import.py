"""Measurement files (CSV / XLSX) and the bulk lot import: a bad file is refused whole, row by row."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from jiliang.core.importing import import_rows, read_table
from jiliang.kernels.prepack import judge_lot
from jiliang.prepack.importers import LOT_IMPORT, read_measurement_file
from jiliang.prepack.models import Lot
from tests.prepack.factories import FAILING_50, PASSING_50, campaign, lot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def sampled(world):  # type: ignore[no-untyped-def]
    return lot(campaign(world.institute), world.jianxi_org)


def _upload(client, lot_pk: int, content: bytes, name: str, **form):  # type: ignore[no-untyped-def]
    return client.post(
        f"/prepack/lots/{lot_pk}/measurements/import/",
        {"file": io_file(content, name), "tare_mode": "none", "reason": "", **form},
    )


def io_file(content: bytes, name: str):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_a_bad_measurement_file_is_refused_whole_with_row_numbers_and_reasons(client, world, sampled) -> None:  # type: ignore[no-untyped-def]
    rows = [["序号", "净含量"], *[[str(i + 1), v] for i, v in enumerate(PASSING_50)]]
    rows[8][1] = "5O3.1"  # letter O, file row 9
    rows[20][1] = ""  # file row 21
    rows[33][1] = "-2"  # file row 34
    client.force_login(world.institute_user)
    response = _upload(client, sampled.pk, _csv(rows), "weights.csv")
    assert response.status_code == 400
    report = response.context["file_report"]
    assert [(e.row, e.column) for e in report.errors] == [(9, "net"), (21, "net"), (34, "net")]
    assert "5O3.1" in report.errors[0].reason
    html = response.content.decode()
    assert 'id="import-report"' in html
    sampled.refresh_from_db()
    assert (sampled.verdict, sampled.measurements) == ("pending", [])


def test_a_file_with_the_wrong_number_of_values_is_refused_and_says_how_many(client, world, sampled) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.institute_user)
    response = _upload(client, sampled.pk, _csv([["net"], *[[v] for v in PASSING_50[:48]]]), "w.csv")
    assert response.status_code == 400
    [error] = response.context["file_report"].errors
    assert (error.row, error.column) == (0, "measurements")
    assert "n = 50" in error.reason
    assert "48 entered" in error.reason
    assert Lot.objects.get(pk=sampled.pk).verdict == "pending"


def test_a_good_csv_file_is_recorded_and_judged(client, world, sampled) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.institute_user)
    response = _upload(client, sampled.pk, _csv([["net"], *[[v] for v in FAILING_50]]), "w.csv")
    assert response.status_code == 302
    sampled.refresh_from_db()
    assert sampled.measurements == FAILING_50
    assert sampled.verdict == judge_lot(500, "g", 300, FAILING_50).verdict == "fail"


def test_an_xlsx_file_of_gross_weights_and_individual_tares(client, world, sampled) -> None:  # type: ignore[no-untyped-def]
    rows: list[list[object]] = [["毛重", "皮重"], *[[float(v) + 10.5, 10.5] for v in PASSING_50]]
    client.force_login(world.institute_user)
    response = _upload(client, sampled.pk, _xlsx(rows), "w.xlsx", tare_mode="individual")
    assert response.status_code == 302, response.context["file_report"].errors
    sampled.refresh_from_db()
    assert sampled.tare_mode == "individual"
    assert sampled.tare_values == ["10.5"] * 50
    assert sampled.verdict == "pass"
    assert sampled.mean == judge_lot(500, "g", 300, PASSING_50).mean


def test_average_tare_file_takes_a_shorter_tare_column_but_no_gaps() -> None:
    good = _csv([["gross", "tare"], ["512", "12"], ["513", "12.2"], ["511", ""], ["510", ""]])
    read = read_measurement_file(good, "w.csv", tare_mode="average")
    assert read.ok
    assert (read.measurements, read.tare_values) == (["512", "513", "511", "510"], ["12", "12.2"])
    gap = _csv([["gross", "tare"], ["512", "12"], ["513", ""], ["511", "12.1"]])
    read = read_measurement_file(gap, "w.csv", tare_mode="average")
    assert [(e.row, e.column) for e in read.errors] == [(4, "tare")]


def test_individual_tares_are_checked_row_by_row() -> None:
    content = _csv([["gross", "tare"], ["512", "12"], ["513", ""], ["9", "12"], ["511", "x"]])
    read = read_measurement_file(content, "w.csv", tare_mode="individual")
    assert [(e.row, e.column) for e in read.errors] == [(3, "tare"), (4, "gross"), (5, "tare")]


def test_the_header_must_fit_the_tare_mode() -> None:
    read = read_measurement_file(_csv([["weight", "gross"], ["1", "2"]]), "w.csv", tare_mode="none")
    assert [(e.row, e.column) for e in read.errors] == [(1, "weight"), (1, "net"), (1, "gross")]
    read = read_measurement_file(b"\xff\xfe\x00garbage", "w.xlsx", tare_mode="none")
    assert read.errors[0].row == 0
    assert "XLSX" in read.errors[0].reason


def test_bulk_lot_import_is_all_or_nothing_naming_rows(world) -> None:  # type: ignore[no-untyped-def]
    c = campaign(world.institute)
    header = ["campaign", "producer", "product_name", "category", "nominal", "unit", "lot_size", "sampled_at"]
    header += ["sampled_on", "measurements"]
    rows = [
        header,
        [c.pk, world.jianxi_org.uscc, "挂面", "grain_oil", "500", "g", "20", "producer", "2024-03-01", ""],
        [
            c.pk,
            world.jianxi_org.uscc,
            "挂面",
            "grains",
            "500",
            "g",
            "20",
            "producer",
            "2024-03-01",
            "501 502",
        ],
        [c.pk, "91410305MA00000000", "挂面", "grain_oil", "500", "g", "20", "producer", "2025-13-01", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    report = import_rows(
        spec=LOT_IMPORT, actor=world.bureau, table=read_table(buffer.getvalue().encode(), "l.csv")
    )
    assert {(e.row, e.column) for e in report.errors} == {
        (3, "category"),
        (4, "producer"),
        (4, "sampled_on"),
    }
    assert not Lot.objects.exists()
    rows[2][3] = "grain_oil"
    rows[2][9] = " ".join(["501"] * 10)
    rows.pop()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    report = import_rows(
        spec=LOT_IMPORT, actor=world.bureau, table=read_table(buffer.getvalue().encode(), "l.csv")
    )
    assert report.ok, report.errors
    assert sorted(Lot.objects.values_list("verdict", flat=True)) == ["pass", "pending"]
