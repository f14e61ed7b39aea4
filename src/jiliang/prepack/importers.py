"""Imports of the net-content inspections: lots in bulk (an ImportSpec), and one lot's measured sample.

A measurement file (CSV or XLSX, read by ``core.importing.read_table``) has a header row and one row per
unit of the sample:

* ``net`` (净含量) — net contents measured directly (tare mode "none");
* ``gross`` (毛重) and ``tare`` (皮重) — gross weights and the tares of the empty packages: with tare mode
  "individual" every row has both; with "average" the tare column holds the tare sample, usually shorter
  than the gross column (blank cells below it);
* an optional ``no`` (序号) column is ignored.

Any bad cell rejects the whole file: the report names each row (the header is row 1), column and reason,
and the lot is not changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiliang.core.importing import (
    CellError,
    ImportColumn,
    ImportSpec,
    RowError,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_lookup,
    parse_many,
    read_table,
)
from jiliang.prepack import services
from jiliang.prepack.choices import ProductCategory, QuantityUnit, SamplingPlace, TareMode
from jiliang.prepack.judging import VALUE, split_values
from jiliang.prepack.models import Campaign
from jiliang.registry.models import Organization, Person

# --- lots in bulk ---------------------------------------------------------------------------------


def _campaigns():  # type: ignore[no-untyped-def]
    return Campaign.objects.select_related("region")


def _people():  # type: ignore[no-untyped-def]
    return Person.objects.all()


def _organizations():  # type: ignore[no-untyped-def]
    return Organization.objects.select_related("region")


def _values(text: str) -> list[str]:
    values = split_values(text)
    bad = [v for v in values if not VALUE.match(v)]
    if bad:
        raise CellError(_("not a number: %s") % ", ".join(bad[:5]))
    return values


LOT_IMPORT = ImportSpec(
    name="prepack-lots",
    service=services.lot_create,
    columns=[
        ImportColumn(
            "campaign",
            gettext_lazy("campaign id"),
            required=True,
            parse=parse_lookup(_campaigns, "pk"),
            example="1",
        ),
        ImportColumn(
            "producer",
            gettext_lazy("producer credit code"),
            required=True,
            parse=parse_lookup(_organizations, "uscc"),
            example="91410305MA00000073",
        ),
        ImportColumn("product_name", gettext_lazy("product"), required=True, example="纯牛奶"),
        ImportColumn(
            "category",
            gettext_lazy("product category"),
            required=True,
            parse=parse_choice(ProductCategory),
            example="dairy",
        ),
        ImportColumn("brand", gettext_lazy("brand"), example="牡丹"),
        ImportColumn(
            "nominal", gettext_lazy("nominal quantity"), required=True, parse=parse_decimal, example="250"
        ),
        ImportColumn(
            "unit", gettext_lazy("unit"), required=True, parse=parse_choice(QuantityUnit), example="mL"
        ),
        ImportColumn("production_lot", gettext_lazy("production lot / date code"), example="20250301"),
        ImportColumn(
            "lot_size", gettext_lazy("lot size (units)"), required=True, parse=parse_int, example="300"
        ),
        ImportColumn(
            "sampled_at",
            gettext_lazy("sampled"),
            required=True,
            parse=parse_choice(SamplingPlace),
            example="producer",
        ),
        ImportColumn(
            "market", gettext_lazy("market credit code"), parse=parse_lookup(_organizations, "uscc")
        ),
        ImportColumn(
            "sampled_on", gettext_lazy("sampled on"), required=True, parse=parse_date, example="2025-03-05"
        ),
        ImportColumn(
            "inspectors", gettext_lazy("inspector ids (;-separated)"), parse=parse_many(_people, "pk")
        ),
        ImportColumn(
            "measurements",
            gettext_lazy("net contents (space- or ;-separated)"),
            parse=_values,
            example="250.3 251.0 249.8",
        ),
    ],
)

# --- one lot's measured sample ------------------------------------------------------------------------

#: column key → the header titles accepted for it.
MEASUREMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "no": ("no", "序号", "#"),
    "net": ("net", "净含量", "net content"),
    "gross": ("gross", "毛重", "gross weight"),
    "tare": ("tare", "皮重"),
}
MAX_ROWS = 1000


@dataclass
class MeasurementFile:
    """The sample read from a file, or the reasons it was refused (``errors``: nothing may be saved)."""

    measurements: list[str] = field(default_factory=list)
    tare_values: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header(cells: list[str], tare_mode: str) -> tuple[dict[str, int], list[RowError]]:
    by_title = {title.lower(): key for key, titles in MEASUREMENT_COLUMNS.items() for title in titles}
    columns: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(cells):
        title = cell.strip()
        if not title:
            continue
        key = by_title.get(title.lower())
        if key is None:
            errors.append(RowError(1, title, _("unknown column")))
        elif key in columns:
            errors.append(RowError(1, title, _("column given twice")))
        else:
            columns[key] = index
    wanted = ("net",) if tare_mode == TareMode.NONE else ("gross", "tare")
    unwanted = ("gross", "tare") if tare_mode == TareMode.NONE else ("net",)
    for key in wanted:
        if key not in columns:
            errors.append(RowError(1, key, _("required column is missing")))
    for key in unwanted:
        if key in columns:
            errors.append(
                RowError(
                    1, key, _("not used with the tare mode “%(mode)s”") % {"mode": TareMode(tare_mode).label}
                )
            )
    return columns, errors


def read_measurement_file(content: bytes, filename: str, *, tare_mode: str) -> MeasurementFile:
    """Read a sample from a CSV / XLSX file, checking every cell; see the module docstring for the format."""
    result = MeasurementFile()
    try:
        table = read_table(content, filename)
    except CellError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    if not table or not any(c.strip() for c in table[0] if c):
        result.errors.append(RowError(1, "", _("the file is empty")))
        return result
    columns, header_errors = _header(table[0], tare_mode)
    if header_errors:
        result.errors.extend(header_errors)
        return result
    body = [(n, row) for n, row in enumerate(table[1:], start=2) if any(c.strip() for c in row if c)]
    if len(body) > MAX_ROWS:
        result.errors.append(RowError(0, "", _("at most %d rows per file") % MAX_ROWS))
        return result
    value_key = "net" if tare_mode == TareMode.NONE else "gross"
    tare_ended_at: int | None = None
    for row_number, cells in body:

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) and cells[index] else ""

        value = cell(value_key)
        if not value:
            result.errors.append(RowError(row_number, value_key, _("this field is required")))
        elif not VALUE.match(value):
            result.errors.append(RowError(row_number, value_key, _("not a non-negative number: %s") % value))
        else:
            result.measurements.append(value)
        if tare_mode == TareMode.NONE:
            continue
        tare = cell("tare")
        if not tare:
            if tare_mode == TareMode.INDIVIDUAL:
                result.errors.append(RowError(row_number, "tare", _("each package needs its own tare")))
            elif tare_ended_at is None:
                tare_ended_at = row_number
            continue
        if tare_ended_at is not None:
            result.errors.append(
                RowError(row_number, "tare", _("the tare sample must be one block from row 2, without gaps"))
            )
        if not VALUE.match(tare):
            result.errors.append(RowError(row_number, "tare", _("not a non-negative number: %s") % tare))
            continue
        result.tare_values.append(tare)
        if tare_mode == TareMode.INDIVIDUAL and VALUE.match(value) and Decimal(value) < Decimal(tare):
            result.errors.append(RowError(row_number, "gross", _("less than its tare %s") % tare))
    if not result.errors and not result.measurements:
        result.errors.append(RowError(0, value_key, _("the file holds no values")))
    return result
