"""Export of any list view (with its filters) to CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from openpyxl import Workbook

from jiliang.core.tables import Column

EXPORT_FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(columns: Sequence[Column], objects: Iterable[Any]) -> Iterable[list[Any]]:
    yield [str(c.label) for c in columns]
    for obj in objects:
        yield [c.export_value(obj) for c in columns]


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
