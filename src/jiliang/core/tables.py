"""Column declarations shared by HTML lists and CSV / XLSX exports, so both always show the same data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise


@dataclass(frozen=True)
class Column:
    """One column: ``accessor`` is a Django-style lookup path ("region__name") or a callable."""

    accessor: str | Callable[[Any], Any]
    label: str | Promise
    link: bool = False

    def value(self, obj: Any) -> Any:
        """The display value of this column for ``obj`` (choices shown by label, None as blank)."""
        if callable(self.accessor):
            return self.accessor(obj)
        *path, last = self.accessor.split("__")
        for part in path:
            obj = getattr(obj, part, None)
            if obj is None:
                return ""
        display = getattr(obj, f"get_{last}_display", None)
        if display is not None:
            return display()
        value = getattr(obj, last, "")
        if isinstance(value, models.Manager):
            return ", ".join(str(v) for v in value.all())
        if value is None:
            return ""
        if isinstance(value, bool):
            return "✓" if value else ""
        return value

    def export_value(self, obj: Any) -> Any:
        """The value written to CSV / XLSX: plain text, numbers and dates."""
        value = self.value(obj)
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, Promise):
            return str(value)
        if isinstance(value, str | int | float | dt.date):
            return value
        return str(value)


def prefetch_paths(columns: list[Column]) -> list[str]:
    """The relation paths the columns walk, to select_related them in one query."""
    paths = []
    for column in columns:
        if isinstance(column.accessor, str) and "__" in column.accessor:
            paths.append(column.accessor.rsplit("__", 1)[0])
    return paths
