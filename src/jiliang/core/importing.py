"""Bulk import of any registry from CSV or XLSX, all or nothing.

A spec declares the columns (name, label, whether required, how to parse the cell) and the create
service each row goes through, so an import obeys exactly the rules, scoping and auditing of a form.
Every row is tried inside one transaction (each in its own savepoint, so one bad row does not hide the
next); if any row fails, everything is rolled back and the report names each bad row, column and reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

MAX_ROWS = 100_000


class CellError(ValueError):
    """A cell that cannot be parsed; the message is shown to the user."""


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import file: ``parse`` turns the cell text into the service's value."""

    name: str
    label: str | Promise
    required: bool = False
    parse: Callable[[str], Any] = str
    example: str = ""


@dataclass(frozen=True)
class ImportSpec:
    """What one import does: its columns and the create service called with ``actor`` and ``data``."""

    name: str
    columns: Sequence[ImportColumn]
    service: Callable[..., Any]


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based file row, the header being row 1
    column: str
    reason: str


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    """Raised inside the import's transaction to undo every row once any row has failed."""


# --- cell parsers ---------------------------------------------------------------------------------


def parse_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CellError(_("not a whole number: %s") % text) from None


def parse_decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("not a number: %s") % text) from None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> dt.date:
    """Exactly ``YYYY-MM-DD`` (an XLSX date cell arrives so): trailing text is refused, never cut off."""
    try:
        if not _ISO_DATE.fullmatch(text.strip()):
            raise ValueError(text)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CellError(_("not a date (YYYY-MM-DD): %s") % text[:40]) from None


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "y", "是", "√", "✓"}:
        return True
    if lowered in {"0", "false", "no", "n", "否", ""}:
        return False
    raise CellError(_("not yes/no: %s") % text)


def parse_choice(choices: type[models.Choices]) -> Callable[[str], Any]:
    """Accept a choice by its value or by its (translated) label."""

    def parse(text: str) -> Any:
        for value, label in choices.choices:
            names = {str(value), str(label)}
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    names.add(str(label))
            if text in names:
                return value
        allowed = ", ".join(str(v) for v in choices.values)
        raise CellError(
            _("unknown value %(text)s; allowed: %(allowed)s") % {"text": text, "allowed": allowed}
        )

    return parse


def parse_lookup(
    queryset_factory: Callable[[], models.QuerySet[Any]], field_name: str
) -> Callable[[str], Any]:
    """Resolve a cell to one object by a unique field (e.g. an organization by its credit code)."""

    def parse(text: str) -> Any:
        try:
            return queryset_factory().get(**{field_name: text})
        except ObjectDoesNotExist:
            raise CellError(
                _("no record with %(field)s = %(text)s") % {"field": field_name, "text": text}
            ) from None

    return parse


def parse_many(queryset_factory: Callable[[], models.QuerySet[Any]], field_name: str) -> Callable[[str], Any]:
    """Resolve a ';'-separated list of keys to objects, naming any that do not exist."""

    def parse(text: str) -> list[Any]:
        keys = [k.strip() for k in text.replace("；", ";").split(";") if k.strip()]
        found = {
            str(getattr(o, field_name)): o for o in queryset_factory().filter(**{f"{field_name}__in": keys})
        }
        missing = [k for k in keys if k not in found]
        if missing:
            raise CellError(_("unknown: %s") % ", ".join(missing))
        return [found[k] for k in keys]

    return parse


# --- reading files --------------------------------------------------------------------------------


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """The rows of a CSV (UTF-8, with or without BOM; GB18030 accepted) or XLSX file as text cells."""
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise CellError(_("not a readable XLSX file: %s") % exc) from exc
        sheet = workbook.worksheets[0]
        rows = []
        for raw in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in raw])
        workbook.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CellError(_("the file is neither UTF-8 nor GB18030 text"))
    return list(csv.reader(io.StringIO(text)))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- running an import ----------------------------------------------------------------------------


def _header_map(spec: ImportSpec, header: list[str]) -> tuple[dict[int, ImportColumn], list[RowError]]:
    by_key: dict[str, ImportColumn] = {}
    for column in spec.columns:
        by_key[column.name] = column
        by_key[str(column.label)] = column
    mapping: dict[int, ImportColumn] = {}
    errors = []
    for index, title in enumerate(header):
        title = title.strip()
        if not title:
            continue
        if title not in by_key:
            errors.append(RowError(1, title, _("unknown column")))
        else:
            mapping[index] = by_key[title]
    present = {c.name for c in mapping.values()}
    for column in spec.columns:
        if column.required and column.name not in present:
            errors.append(RowError(1, column.name, _("required column is missing")))
    return mapping, errors


def _parse_row(
    mapping: Mapping[int, ImportColumn], cells: list[str], row_number: int
) -> tuple[dict[str, Any], list[RowError]]:
    data: dict[str, Any] = {}
    errors = []
    for index, column in mapping.items():
        text = cells[index].strip() if index < len(cells) and cells[index] is not None else ""
        if not text:
            if column.required:
                errors.append(RowError(row_number, column.name, _("this field is required")))
            continue
        try:
            data[column.name] = column.parse(text)
        except (CellError, ValidationError, ValueError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            errors.append(RowError(row_number, column.name, message))
    return data, errors


def _service_errors(exc: Exception, row_number: int) -> list[RowError]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [
                RowError(row_number, "" if name == "__all__" else name, message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        return [RowError(row_number, "", m) for m in exc.messages]
    return [RowError(row_number, "", str(exc) or _("permission denied"))]


def import_rows(*, spec: ImportSpec, actor: Any, table: list[list[str]]) -> ImportReport:
    """Import ``table`` (header row first) through ``spec``: everything, or nothing and a full report."""
    report = ImportReport()
    if not table:
        report.errors.append(RowError(1, "", _("the file is empty")))
        return report
    mapping, header_errors = _header_map(spec, table[0])
    if header_errors:
        report.errors.extend(header_errors)
        return report
    body = [(n, row) for n, row in enumerate(table[1:], start=2) if any(c.strip() for c in row if c)]
    if len(body) > MAX_ROWS:
        report.errors.append(RowError(1, "", _("at most %d rows per file") % MAX_ROWS))
        return report
    report.total = len(body)
    try:
        with transaction.atomic():
            for row_number, cells in body:
                data, errors = _parse_row(mapping, cells, row_number)
                if errors:
                    report.errors.extend(errors)
                    continue
                try:
                    with transaction.atomic():
                        spec.service(actor=actor, data=data)
                    report.created += 1
                except (ValidationError, PermissionDenied) as exc:
                    report.errors.extend(_service_errors(exc, row_number))
            if report.errors:
                raise _Rollback
    except _Rollback:
        report.created = 0
    return report


def template_rows(spec: ImportSpec) -> Iterable[list[str]]:
    """Header and one example row: the downloadable template of an import."""
    yield [c.name for c in spec.columns]
    yield [c.example for c in spec.columns]


def template_xlsx(spec: ImportSpec) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = spec.name[:31]
    for row in template_rows(spec):
        sheet.append(row)
    help_sheet = workbook.create_sheet("help")
    help_sheet.append(["column", "label", "required"])
    for column in spec.columns:
        help_sheet.append([column.name, str(column.label), "yes" if column.required else ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
