"""Export of any list view (with its filters) to CSV or XLSX.

Every text cell goes through ``cell_safe`` (OWASP "CSV injection"): a value that a spreadsheet would read
as a formula is written with a leading apostrophe. The database keeps the raw value; only the file differs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from openpyxl import Workbook

from jiliang.core.tables import Column

EXPORT_FORMATS = ("csv", "xlsx")

#: What a spreadsheet may start a formula with (OWASP CSV injection guidance), tab and CR included.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def cell_safe(value: Any) -> Any:
    """``value`` as a spreadsheet cell that cannot run as a formula: text beginning with ``= + - @``, a tab
    or a carriage return gets a leading apostrophe; numbers, and text that is a plain number such as
    ``-1.5``, are left as they are.

    >>> cell_safe("=IMPF-4"), cell_safe("-1.5"), cell_safe(-2), cell_safe("普通")
    ("'=IMPF-4", '-1.5', -2, '普通')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """A row of cells, each through ``cell_safe``: for every sheet or CSV the platform writes."""
    return [cell_safe(v) for v in row]


def put_row(sheet: Any, row: Iterable[Any]) -> None:
    """Append ``row`` to an openpyxl ``sheet`` through ``safe_row`` (the reports' sheets use this)."""
    sheet.append(safe_row(row))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(columns: Sequence[Column], objects: Iterable[Any]) -> Iterable[list[Any]]:
    yield safe_row(str(c.label) for c in columns)
    for obj in objects:
        yield safe_row(c.export_value(obj) for c in columns)


def export_response(
    *, columns: Sequence[Column], objects: Iterable[Any], fmt: str, filename: str
) -> HttpResponseBase:
    """A download of ``objects`` as CSV (streamed, UTF-8 with BOM for Excel) or XLSX (write-only)."""
    if fmt == "csv":
        writer = csv.writer(_Echo())
        stream = (writer.writerow(row) for row in _rows(columns, objects))
        response: Any = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        for row in _rows(columns, objects):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response  # type: ignore[no-any-return]


def _with_bom(stream: Iterable[str]) -> Iterable[str]:
    yield "\ufeff"
    yield from stream
