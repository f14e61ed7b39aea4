"""Batched bulk writes: PostgreSQL COPY when available (20–60× faster than INSERT), else executemany.

Rows carry their own primary keys, so callers can link rows before writing them; after a COPY the
table's id sequence is moved past the largest id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 5000


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of ``model``'s table (for callers that assign ids themselves)."""
    largest = model._default_manager.aggregate(m=models.Max("pk"))["m"]
    return (largest or 0) + 1


def bulk_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, column names) into ``model``'s table."""
    table = model._meta.db_table
    columns = [str(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]
    count = 0
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM "
                    f"{connection.ops.quote_name(table)}), 1))",
                    [table],
                )
        return count

    def adapt(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(columns)}) VALUES ({placeholders})"
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, [tuple(adapt(v) for v in row) for row in batch])
            count += len(batch)
    return count
