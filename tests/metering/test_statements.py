"""Monthly statements: audited services, role scope, the daily-vs-monthly check (≤ 5 %), the list page with
filters and export, add / edit pages, the API (no delete) and the all-or-nothing import."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from jiliang.core.importing import import_rows, read_table
from jiliang.core.models import AuditEntry
from jiliang.metering import selectors, services
from jiliang.metering.importers import STATEMENT_IMPORT
from jiliang.metering.ingest import Part, readings_ingest
from jiliang.metering.models import MonthlyStatement
from jiliang.registry.selectors import SYSTEM
from tests.metering.factories import meter, reading, statement, unit

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 1)


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def _fed(org=None):  # type: ignore[no-untyped-def]
    """A unit whose entering meter used 1 000 kWh on 2025-03-10 (four interval values of 250)."""
    u = unit(org)
    meter(u, "E1", kind="interval")
    readings_ingest(parts=[Part(u.pk, [reading("E1", 15 * i, 250.0) for i in range(4)])], source="http")
    return u


# --- services -----------------------------------------------------------------------------------------


def test_a_statement_is_created_and_corrected_with_an_audit_trail(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    s = statement(u, quantity="1000", actor=world.enterprise)
    services.monthly_statement_update(actor=world.enterprise, instance=s, data={"quantity": Decimal("1100")})
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MonthlyStatement), object_id=str(s.pk)
    ).order_by("at", "id")
    assert [e.action for e in entries] == ["create", "update"]
    assert list(entries[1].changes) == ["quantity"]
    assert [Decimal(v) for v in entries[1].changes["quantity"]] == [1000, 1100]
    assert entries[1].actor == world.enterprise


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("month", {"month": dt.date(2025, 3, 15)}),
        ("month", {"month": dt.date.today().replace(day=1) + dt.timedelta(days=40)}),
        ("unit_of_measure", {"unit_of_measure": "m3"}),
    ],
)
def test_a_statement_must_cover_a_begun_month_in_a_unit_of_its_energy(field, data) -> None:  # type: ignore[no-untyped-def]
    u = unit()
    with pytest.raises(ValidationError) as exc:
        statement(u, **data)
    assert field in exc.value.message_dict
    assert not MonthlyStatement.objects.exists()


def test_one_statement_per_unit_energy_and_month() -> None:
    u = unit()
    statement(u)
    with pytest.raises(ValidationError):
        statement(u, quantity="5")


def test_a_statements_unit_cannot_change() -> None:
    s = statement(unit())
    with pytest.raises(ValidationError) as exc:
        services.monthly_statement_update(actor=SYSTEM, instance=s, data={"unit": unit()})
    assert "unit" in exc.value.message_dict


def test_statements_are_written_and_read_within_the_role_scope(world) -> None:  # type: ignore[no-untyped-def]
    mine = unit(world.jianxi_org)
    theirs = unit(world.luolong_org)
    with pytest.raises(PermissionDenied):
        statement(theirs, actor=world.enterprise)
    with pytest.raises(PermissionDenied):
        statement(theirs, actor=world.county)  # 涧西 county staff, 洛龙 unit
    with pytest.raises(PermissionDenied):
        statement(mine, actor=world.institute_user)
    own = statement(mine, actor=world.county)
    other = statement(theirs)
    assert list(selectors.monthly_statement_list(user=world.enterprise)) == [own]
    assert list(selectors.monthly_statement_list(user=world.other_enterprise)) == [other]
    assert list(selectors.monthly_statement_list(user=world.county)) == [own]
    assert not selectors.monthly_statement_list(user=world.institute_user).exists()
    assert set(selectors.monthly_statement_list(user=world.bureau)) == {own, other}


# --- the daily-vs-monthly check -----------------------------------------------------------------------


def test_consistency_agrees_within_five_percent_and_names_the_difference() -> None:
    u = _fed()
    statement(u, quantity="1050")  # |1000 − 1050| / 1050 = 4.8 %: agrees
    statement(u, quantity="1060", energy_type="natural_gas", unit_of_measure="m3")  # no gas data: 100 %
    rows = selectors.consistency_report(unit=u, start=MARCH, end=MARCH)
    by_energy = {r.statement.energy_type: r for r in rows}
    electricity = by_energy["electricity"]
    assert electricity.daily_total == Decimal(1000)
    assert electricity.difference == Decimal(-50)
    assert electricity.result.ok
    assert (electricity.days_with_data, electricity.days_in_month) == (1, 31)
    gas = by_energy["natural_gas"]
    assert (gas.daily_total, gas.result.ok, gas.days_with_data) == (Decimal(0), False, 0)


def test_consistency_disagrees_beyond_five_percent_and_converts_units() -> None:
    u = _fed()
    s = statement(u, quantity="1.06", unit_of_measure="MWh")  # 1 000 kWh = 1 MWh vs 1.06: 5.7 %
    [row] = selectors.consistency_report(unit=u, start=MARCH, end=MARCH)
    assert row.daily_total == Decimal(1)
    assert row.difference == Decimal("-0.06")
    assert not row.result.ok
    services.monthly_statement_update(actor=SYSTEM, instance=s, data={"quantity": Decimal("1.04")})
    [row] = selectors.consistency_report(unit=u, start=MARCH, end=MARCH)
    assert row.result.ok


def test_consistency_covers_only_the_months_asked_for() -> None:
    u = _fed()
    statement(u)
    statement(u, month=dt.date(2025, 1, 1))
    assert [r.statement.month for r in selectors.consistency_report(unit=u, start=MARCH, end=MARCH)] == [
        MARCH
    ]
    months = [
        r.statement.month for r in selectors.consistency_report(unit=u, start=dt.date(2025, 1, 9), end=MARCH)
    ]
    assert months == [MARCH, dt.date(2025, 1, 1)]


# --- pages --------------------------------------------------------------------------------------------


def test_the_unit_page_shows_agreement_and_disagreement(client, world) -> None:  # type: ignore[no-untyped-def]
    u = _fed(world.jianxi_org)
    statement(u, quantity="1200")
    statement(u, month=dt.date(2025, 2, 1), quantity="0")
    client.force_login(world.enterprise)
    html = client.get(f"/metering/units/{u.pk}/?start=2025-03-01&end=2025-03-31").content.decode()
    assert 'data-month="2025-03" data-energy="electricity" data-ok="false"' in html
    assert 'data-month="2025-02" data-energy="electricity" data-ok="true"' in html  # nothing used, 0 stated
    assert "-200.00" in html  # the difference, daily minus statement
    assert "16.7 %" in html


def test_the_list_page_filters_and_exports_within_scope(client, world) -> None:  # type: ignore[no-untyped-def]
    mine = unit(world.jianxi_org)
    statement(mine, quantity="111")
    statement(mine, quantity="222", energy_type="water", unit_of_measure="t")
    statement(unit(world.luolong_org), quantity="333")
    client.force_login(world.enterprise)
    html = client.get("/metering/statements/?energy_type=water").content.decode()
    assert "222" in html
    assert "111" not in html
    assert "333" not in html
    export = client.get("/metering/statements/?export=csv")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(_body(export).decode("utf-8-sig"))))
    assert len(rows) == 3  # header and the unit's own two statements
    sheet = load_workbook(io.BytesIO(client.get("/metering/statements/?export=xlsx").content)).active
    assert sheet is not None
    assert sheet.max_row == 3


def test_a_statement_is_entered_and_edited_through_the_pages(client, world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    client.force_login(world.enterprise)
    form = client.get(f"/metering/statements/add/?unit={u.pk}")
    assert form.status_code == 200
    assert 'type="month"' in form.content.decode()
    data = {"unit": u.pk, "energy_type": "electricity", "month": "2025-03", "quantity": "1234.5"}
    response = client.post("/metering/statements/add/", {**data, "unit_of_measure": "kWh"})
    assert response.status_code == 302
    s = MonthlyStatement.objects.get()
    assert (s.month, s.quantity) == (MARCH, Decimal("1234.5"))
    edit = client.post(
        f"/metering/statements/{s.pk}/edit/", {**data, "quantity": "1300", "unit_of_measure": "kWh"}
    )
    assert edit.status_code == 302
    s.refresh_from_db()
    assert s.quantity == Decimal(1300)
    refused = client.post("/metering/statements/add/", {**data, "unit_of_measure": "t"})
    assert refused.status_code == 400
    assert MonthlyStatement.objects.count() == 1


def test_another_enterprise_cannot_open_or_edit_a_statement(client, world) -> None:  # type: ignore[no-untyped-def]
    s = statement(unit(world.jianxi_org))
    client.force_login(world.other_enterprise)
    assert client.get(f"/metering/statements/{s.pk}/").status_code == 404
    assert client.get(f"/metering/statements/{s.pk}/edit/").status_code == 404


# --- API ----------------------------------------------------------------------------------------------


def test_api_lists_creates_and_updates_but_never_deletes(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    client = _client(world.enterprise)
    body = {
        "unit": u.pk,
        "energy_type": "electricity",
        "month": "2025-03-01",
        "quantity": "10",
        "unit_of_measure": "kWh",
    }
    created = client.post("/api/v1/metering/statements/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(f"/api/v1/metering/statements/{pk}/", {"quantity": "12.5"}, format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["quantity"] == "12.5000"
    listed = client.get("/api/v1/metering/statements/?energy_type=electricity").json()
    assert [r["id"] for r in listed["results"]] == [pk]
    assert client.delete(f"/api/v1/metering/statements/{pk}/").status_code == 405
    assert MonthlyStatement.objects.filter(pk=pk).exists()


def test_api_refuses_another_units_statement_and_names_a_bad_month(world) -> None:  # type: ignore[no-untyped-def]
    theirs = unit(world.luolong_org)
    mine = unit(world.jianxi_org)
    client = _client(world.enterprise)
    body = {"energy_type": "electricity", "month": "2025-03-01", "quantity": "10", "unit_of_measure": "kWh"}
    assert (
        client.post("/api/v1/metering/statements/", {**body, "unit": theirs.pk}, format="json").status_code
        == 403
    )
    bad = client.post(
        "/api/v1/metering/statements/", {**body, "unit": mine.pk, "month": "2025-03-15"}, format="json"
    )
    assert bad.status_code == 400
    assert "month" in bad.json()["error"]["fields"]
    assert _client(world.other_enterprise).get("/api/v1/metering/statements/").json()["results"] == []


def test_api_statement_list_query_count_is_bounded(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    units = [unit(world.jianxi_org), unit(world.luolong_org)]
    for i in range(12):
        statement(units[i % 2], month=dt.date(2024, i + 1, 1))
    with django_assert_max_num_queries(6):
        response = _client(world.bureau).get("/api/v1/metering/statements/")
    assert response.json()["count"] == 12


def test_api_consistency_of_a_unit(world) -> None:  # type: ignore[no-untyped-def]
    u = _fed(world.jianxi_org)
    s = statement(u, quantity="1100")
    data = (
        _client(world.enterprise)
        .get(f"/api/v1/metering/units/{u.pk}/consistency/?start=2025-03-01&end=2025-03-31")
        .json()
    )
    assert data == [
        {
            "statement": s.pk,
            "month": "2025-03-01",
            "energy_type": "electricity",
            "statement_quantity": "1100.0000",
            "daily_total": "1000.0",
            "unit_of_measure": "kWh",
            "difference": "-100.0000",
            "deviation": str(Decimal(100) / Decimal("1100.0000")),
            "ok": False,
            "days_with_data": 1,
            "days_in_month": 31,
        }
    ]


# --- import -------------------------------------------------------------------------------------------


def test_statement_import_is_all_or_nothing_naming_rows_and_columns(world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    unit(world.luolong_org)
    header = ["unit", "energy_type", "month", "quantity", "unit_of_measure"]
    good = [world.jianxi_org.uscc, "electricity", "2025-01", "100", "kWh"]
    rows = [
        header,
        good,
        [world.jianxi_org.uscc, "electricity", "2025-02-03", "100", "kWh"],  # row 3: not a month
        [world.jianxi_org.uscc, "coal", "2025-02", "x", "kWh"],  # row 4: energy type, quantity
        [world.luolong_org.uscc, "electricity", "2025-02", "100", "kWh"],  # row 5: another unit
        [world.jianxi_org.uscc, "water", "2025-02", "100", "kWh"],  # row 6: water is not in kWh
        good,  # row 7: the same month again
    ]
    report = import_rows(spec=STATEMENT_IMPORT, actor=world.enterprise, table=read_table(_csv(rows), "s.csv"))
    assert {(e.row, e.column) for e in report.errors} == {
        (3, "month"),
        (4, "energy_type"),
        (4, "quantity"),
        (5, ""),
        (6, "unit_of_measure"),
        (7, ""),
    }
    assert not MonthlyStatement.objects.exists()
    report = import_rows(
        spec=STATEMENT_IMPORT, actor=world.enterprise, table=read_table(_csv(rows[:2]), "s.csv")
    )
    assert report.ok, report.errors
    assert MonthlyStatement.objects.get().unit == u


def test_statement_import_page_takes_xlsx_and_offers_templates(client, world) -> None:  # type: ignore[no-untyped-def]
    unit(world.jianxi_org)
    client.force_login(world.enterprise)
    template = client.get("/metering/statements/import/?template=csv")
    assert (
        _body(template).decode("utf-8-sig").splitlines()[0]
        == "unit,energy_type,month,quantity,unit_of_measure"
    )
    xlsx = load_workbook(io.BytesIO(client.get("/metering/statements/import/?template=xlsx").content))
    assert [c.value for c in xlsx.worksheets[0][1]] == [
        "unit",
        "energy_type",
        "month",
        "quantity",
        "unit_of_measure",
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["unit", "energy_type", "month", "quantity", "unit_of_measure"])
    sheet.append([world.jianxi_org.uscc, "电力", dt.datetime(2025, 3, 1), 1500.5, "kWh"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        "/metering/statements/import/", {"file": SimpleUploadedFile("s.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302
    s = MonthlyStatement.objects.get()
    assert (s.month, s.quantity, s.energy_type) == (MARCH, Decimal("1500.5"), "electricity")
