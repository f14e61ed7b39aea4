"""The one ingest service behind ``POST /api/v1/metering/readings`` and ``jiliang ingest mqtt``.

Every reading is validated (meter code known and belonging to the unit, ISO-8601 timestamp with a UTC
offset between :data:`EARLIEST_READING` and a day ahead, a finite non-negative number within the meter's
physical limits); a bad reading goes to the dead-letter table with its raw text and the reason, never
silently dropped. A payload is bounded in size and JSON nesting depth before it is parsed, and whatever a
reading holds, reading it can raise nothing but a rejection: no message can stop a worker.
The good ones are written set-based in one transaction:

* PostgreSQL: ``COPY`` into a session-temporary staging table, then one
  ``INSERT … SELECT DISTINCT ON (meter_id, ts) … ON CONFLICT (meter_id, ts) DO NOTHING`` into the
  month-partitioned readings table (each month's partition is created first when missing);
* SQLite: ``executemany`` into a temporary staging table, then the same ``INSERT … SELECT … ON CONFLICT DO
  NOTHING``.

Then one join of the staging table with the stored readings tells duplicates (same value) from conflicts
(different value — kept in ``ReadingConflict`` for review), and the daily aggregates and quality flags of
the touched (meter, day)s are refreshed — all in the same transaction, so a caller that acknowledges only
after this returns (the MQTT worker) loses nothing on a crash.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from jiliang.metering.aggregates import aggregates_refresh
from jiliang.metering.models import DeadLetter, IngestBatch, Meter

#: The most readings one request or message may carry.
MAX_READINGS = 10_000
#: Readings stamped further ahead than this are refused as a broken clock; closer ones are flagged.
FUTURE_LIMIT = dt.timedelta(days=1)
#: Readings stamped before this are refused: no online metering system ran earlier (and a stray 1900 must not
#: create a partition for it).
EARLIEST_READING = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: No meter's register or interval value reaches this (15 significant digits); above it a value is refused
#: whatever the meter's own limits.
ABSOLUTE_MAX = 1e15
#: Dead letters keep at most this much of a payload.
MAX_PAYLOAD_CHARS = 1_000_000
#: A payload larger than this is refused before it is parsed (10 000 readings take about 1 MB).
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024
#: Readings are objects in an array: depth 2. Deeper nesting is refused before parsing (a parser's recursion
#: is the one thing a hostile payload could exhaust).
MAX_JSON_DEPTH = 8
CSV_COLUMNS = ("meter", "ts", "value")


class PayloadError(ValueError):
    """The payload as a whole cannot be read (not JSON / CSV, wrong shape, too deep, too large)."""


class PayloadTooLargeError(PayloadError):
    """The payload is above a size limit: too many bytes or readings (HTTP 413)."""


@dataclass(frozen=True)
class Part:
    """The readings of one request or message: for unit ``unit_id`` (None when the sender is unknown)."""

    unit_id: int | None
    rows: Sequence[Any]
    reference: str = ""


@dataclass
class IngestResult:
    """What became of a batch: counts, and for each rejected reading its index and the reason."""

    accepted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    batch_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "conflicts": self.conflicts,
            "rejected": [{"index": i, "reason": r} for i, r in self.rejected],
            "batch": self.batch_id,
        }


# --- payload parsing ------------------------------------------------------------------------------------


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
#: Everything but brackets, quotes and backslashes is deleted before the depth is counted.
_NOT_STRUCTURE = bytes(range(256)).translate(None, b'[]{}"\\')
_DEPTH_STEP = np.zeros(256, dtype=np.int64)
_DEPTH_STEP[list(b"[{")] = 1
_DEPTH_STEP[list(b"]}")] = -1
_QUOTE = ord('"')


def _depth(data: bytes) -> int:
    """The deepest bracket nesting of a JSON text outside its strings, counted with numpy, not parsed.

    Only brackets and quotes are kept; with no backslash every quote opens or closes a string, so the
    quotes' running parity marks the brackets inside strings. Escapes (rare in readings) need the regular
    expression that cuts whole strings out first.
    """
    kept = data.translate(None, _NOT_STRUCTURE)
    if b"\\" in kept:
        kept = _JSON_STRING.sub(b"", data).translate(None, _NOT_STRUCTURE)
    if not kept:
        return 0
    codes = np.frombuffer(kept, dtype=np.uint8)
    outside = np.cumsum(codes == _QUOTE) % 2 == 0
    return int(np.cumsum(_DEPTH_STEP[codes] * outside).max())


def check_payload_bounds(raw: bytes | str) -> bytes:
    """Refuse a payload above :data:`MAX_PAYLOAD_BYTES` or nested deeper than :data:`MAX_JSON_DEPTH`, without
    parsing it (see :func:`_depth`).

    >>> check_payload_bounds(b'[{"meter": "E1", "ts": "[[[", "value": 1}]')[:1]
    b'['
    >>> check_payload_bounds(b'[{"meter": "E\\\\\\"[[[[[[[[[[", "value": 1}]')[:1]
    b'['
    >>> check_payload_bounds(b"[" * 9)
    Traceback (most recent call last):
    ...
    jiliang.metering.ingest.PayloadError: JSON nested 9 levels deep; at most 8
    """
    data = raw.encode("utf-8", errors="surrogatepass") if isinstance(raw, str) else bytes(raw)
    if len(data) > MAX_PAYLOAD_BYTES:
        raise PayloadTooLargeError(f"payload of {len(data)} bytes; at most {MAX_PAYLOAD_BYTES} bytes")
    # Fewer opening brackets than the limit cannot nest deeper than it (most single-reading messages).
    if data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH:
        return data
    depth = _depth(data)
    if depth > MAX_JSON_DEPTH:
        raise PayloadError(f"JSON nested {depth} levels deep; at most {MAX_JSON_DEPTH}")
    return data


def parse_json_payload(raw: bytes | str) -> list[Any]:
    """One reading object or an array of them; anything else is a :class:`PayloadError`."""
    bounded = check_payload_bounds(raw)
    try:
        data = json.loads(bounded)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise PayloadError(f"not valid JSON: {exc}") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise PayloadError("expected a reading object or an array of readings")
    if len(data) > MAX_READINGS:
        raise PayloadTooLargeError(f"{len(data)} readings; at most {MAX_READINGS} per request or message")
    return data


def parse_csv_payload(raw: bytes | str) -> list[Any]:
    """CSV with the header ``meter,ts,value`` (UTF-8, optional BOM); rows become reading objects."""
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise PayloadTooLargeError(f"payload of {len(raw)} bytes; at most {MAX_PAYLOAD_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise PayloadError(f"not UTF-8 text: {exc}") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != CSV_COLUMNS:
        raise PayloadError(f"the first line must be the header {','.join(CSV_COLUMNS)}")
    rows: list[Any] = []
    for line in reader:
        if not line or all(not cell.strip() for cell in line):
            continue
        if len(rows) >= MAX_READINGS:
            raise PayloadTooLargeError(
                f"more than {MAX_READINGS} readings; at most {MAX_READINGS} per request"
            )
        rows.append(dict(zip(CSV_COLUMNS, (c.strip() for c in line), strict=False)) | {"_csv": line})
    return rows


# --- validation ---------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text any database can store: NUL (refused by PostgreSQL) shown as an escape."""
    return text.replace("\x00", "\\x00")


def _raw_text(row: Any) -> str:
    if isinstance(row, dict) and "_csv" in row:
        return clean_text(",".join(row["_csv"]))
    try:
        return json.dumps(row, ensure_ascii=False, default=str)[:MAX_PAYLOAD_CHARS]
    except (TypeError, ValueError):
        return repr(row)[:MAX_PAYLOAD_CHARS]


def _parse_ts(value: Any, now: dt.datetime) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("ts must be an ISO-8601 string")
    try:
        ts = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"ts {value!r} is not an ISO-8601 timestamp") from None
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise ValueError(f"ts {value!r} has no UTC offset")
    try:
        ts = ts.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 west of it
        raise ValueError(f"ts {value!r} is out of range") from None
    if ts < EARLIEST_READING:
        raise ValueError(f"ts {value!r} is before {EARLIEST_READING:%Y-%m-%d}")
    if ts > now + FUTURE_LIMIT:
        raise ValueError(f"ts {value!r} is more than a day in the future")
    return ts


#: An interval value covers at most this long (a reading after a gap covers the gap; the online system's
#: coarsest item is daily), so its physical maximum is ``max_per_hour`` × this. Within it, a value too large
#: for the time since the previous reading is a spike, flagged by the aggregates, not refused here.
LONGEST_INTERVAL_HOURS = 24


@dataclass(frozen=True)
class _MeterLimits:
    """What a reading of one meter may be: ``ceiling`` is the register's wrap value (cumulative) or the
    physical maximum over the longest interval a value covers (interval values), raw (before the
    multiplier)."""

    pk: int
    active: bool
    ceiling: float | None


def _limits(
    pk: int, active: bool, kind: str, register_max: Any, max_per_hour: Any, multiplier: Any
) -> _MeterLimits:
    if kind == "cumulative":
        ceiling = float(register_max) if register_max else None
    else:
        ceiling = float(max_per_hour) / float(multiplier) * LONGEST_INTERVAL_HOURS if max_per_hour else None
    return _MeterLimits(pk, active, ceiling)


def _parse_value(value: Any, from_csv: bool, meter: _MeterLimits) -> float:
    numeric = isinstance(value, int | float) or (from_csv and isinstance(value, str))
    if isinstance(value, bool) or not numeric:
        raise ValueError("value must be a number")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"value {str(value)[:40]!r} is not a number") from None
    except OverflowError:  # an integer of hundreds of digits
        raise ValueError("value is beyond any meter's range") from None
    if not math.isfinite(number):
        raise ValueError("value must be a finite number")
    if number < 0:
        raise ValueError("value is negative")
    if number >= ABSOLUTE_MAX:
        raise ValueError("value is beyond any meter's range")
    if meter.ceiling is not None and number > meter.ceiling:
        raise ValueError(f"value {number:g} is beyond the meter's physical maximum {meter.ceiling:g}")
    return number


@dataclass
class _Staged:
    # ord, meter, ts, value, ts as COPY text
    rows: list[tuple[int, int, dt.datetime, float, str]] = field(default_factory=list)
    dead: list[tuple[Part, int | None, str, str]] = field(default_factory=list)  # part, index, reason, raw
    stamps: set[dt.datetime] = field(default_factory=set)  # the distinct timestamps of ``rows``


def _validate(parts: Sequence[Part], now: dt.datetime) -> tuple[_Staged, list[list[tuple[int, str]]]]:
    unit_ids = {p.unit_id for p in parts if p.unit_id is not None}
    meters = {
        (unit_id, code): _limits(pk, active, kind, register_max, max_per_hour, multiplier)
        for pk, unit_id, code, active, kind, register_max, max_per_hour, multiplier in (
            Meter.objects.filter(unit_id__in=unit_ids).values_list(
                "pk",
                "unit_id",
                "code",
                "active",
                "kind",
                "register_max",
                "max_per_hour",
                "multiplier",
            )
        )
    }
    staged = _Staged()
    rows = staged.rows
    rejected: list[list[tuple[int, str]]] = []
    # Readings of many meters share their timestamps: each distinct text is read once per batch.
    stamps: dict[str, tuple[dt.datetime, str] | str] = {}
    order = 0
    for part in parts:
        part_rejected: list[tuple[int, str]] = []
        rejected.append(part_rejected)
        for index, row in enumerate(part.rows):
            try:
                if part.unit_id is None:
                    raise ValueError("unknown unit")
                if not isinstance(row, dict):
                    raise ValueError("a reading must be an object with meter, ts and value")
                missing = [k for k in CSV_COLUMNS if row.get(k) in (None, "")]
                if missing:
                    raise ValueError(f"missing {', '.join(missing)}")
                code = row["meter"]
                meter = meters.get((part.unit_id, str(code))) if isinstance(code, str | int) else None
                if meter is None:
                    raise ValueError(f"unknown meter {code!r} for this unit")
                if not meter.active:
                    raise ValueError(f"meter {code!r} is not active")
                raw_ts = row["ts"]
                stamp = stamps.get(raw_ts) if isinstance(raw_ts, str) else None
                if stamp is None:
                    try:
                        ts = _parse_ts(raw_ts, now)
                        stamp = (ts, ts.isoformat())
                    except ValueError as exc:
                        stamp = str(exc)
                    if isinstance(raw_ts, str):
                        stamps[raw_ts] = stamp
                if isinstance(stamp, str):
                    raise ValueError(stamp)
                value = _parse_value(row["value"], "_csv" in row, meter)
            except ValueError as exc:
                reason = str(exc)
            except Exception as exc:  # whatever a hostile reading holds, it is rejected, never a crash
                reason = f"could not be read ({type(exc).__name__})"
            else:
                rows.append((order, meter.pk, stamp[0], value, stamp[1]))
                order += 1
                continue
            part_rejected.append((index, reason))
            staged.dead.append((part, index, reason, _raw_text(row)))
    staged.stamps = {stamp[0] for stamp in stamps.values() if not isinstance(stamp, str)}
    return staged, rejected


# --- the write path -----------------------------------------------------------------------------------

_PG_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS metering_staging "
    "(ord integer, meter_id bigint, ts timestamptz, value double precision) ON COMMIT DELETE ROWS"
)
_SQLITE_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS metering_staging (ord integer, meter_id integer, ts text, value real)"
)
_COUNT_CONFLICTS = (
    "SELECT count(*) FROM metering_staging s JOIN metering_reading r "
    "ON r.meter_id = s.meter_id AND r.ts = s.ts WHERE r.value <> s.value"
)
_INSERT_CONFLICTS = (
    "INSERT INTO metering_readingconflict (meter_id, ts, stored_value, value, received_at, source, batch_id) "
    "SELECT s.meter_id, s.ts, r.value, s.value, %s, %s, %s FROM metering_staging s JOIN metering_reading r "
    "ON r.meter_id = s.meter_id AND r.ts = s.ts WHERE r.value <> s.value "
    "ON CONFLICT (meter_id, ts, value) DO NOTHING"
)


def _count_conflicts(cursor: Any) -> int:
    cursor.execute(_COUNT_CONFLICTS)
    return int(cursor.fetchone()[0])


#: Month partitions this process has seen committed (PostgreSQL).
_known_partitions: set[str] = set()


def _month_start(ts: dt.datetime) -> dt.datetime:
    return ts.astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def partition_name(ts: dt.datetime) -> str:
    """The name of the PostgreSQL partition holding readings of ``ts``'s UTC month."""
    return f"metering_reading_p{_month_start(ts):%Y_%m}"


def ensure_partitions(timestamps: Sequence[dt.datetime]) -> None:
    """Create the month partitions ``timestamps`` fall in, when missing (PostgreSQL; call in a transaction).

    Creation is serialized by an advisory lock, so concurrent workers never race on the same month.
    """
    if connection.vendor != "postgresql":
        return
    months = {_month_start(ts) for ts in timestamps}
    wanted = {partition_name(m): m for m in months if partition_name(m) not in _known_partitions}
    if not wanted:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('metering_reading_partitions'))")
        for name, start in sorted(wanted.items()):
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0] is None:
                end = (start + dt.timedelta(days=32)).replace(day=1)
                cursor.execute(
                    f"CREATE TABLE {name} PARTITION OF metering_reading FOR VALUES FROM (%s) TO (%s)",
                    [start, end],
                )
    transaction.on_commit(lambda: _known_partitions.update(wanted))


def _stage(rows: list[tuple[int, int, dt.datetime, float, str]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_STAGING)
            cursor.execute("TRUNCATE metering_staging")
            # COPY text built in one go (ints, ISO timestamps and float reprs need no escaping).
            data = "".join([f"{o}\t{m}\t{text}\t{v!r}\n" for o, m, _, v, text in rows])
            with cursor.cursor.copy("COPY metering_staging (ord, meter_id, ts, value) FROM STDIN") as copy:
                copy.write(data.encode())
        else:
            cursor.execute(_SQLITE_STAGING)
            cursor.execute("DELETE FROM metering_staging")
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                "INSERT INTO metering_staging (ord, meter_id, ts, value) VALUES (%s, %s, %s, %s)",
                [(o, m, adapt(ts), v) for o, m, ts, v, _ in rows],
            )


def _write(staged: _Staged, *, batch: IngestBatch) -> tuple[int, int]:
    """Stage, insert the new readings, record conflicts; returns (accepted, conflicts)."""
    rows = staged.rows
    ensure_partitions(list(staged.stamps))
    _stage(rows)
    params: list[Any] = [batch.received_at, batch.source, batch.pk]
    if connection.vendor == "postgresql":
        insert = (
            "INSERT INTO metering_reading (meter_id, ts, value, received_at, source, batch_id) "
            "SELECT DISTINCT ON (meter_id, ts) meter_id, ts, value, %s, %s, %s FROM metering_staging "
            "ORDER BY meter_id, ts, ord ON CONFLICT (meter_id, ts) DO NOTHING"
        )
    else:
        # SQLite inserts in ORDER BY order, so the first of several rows for one key wins.
        insert = (
            "INSERT INTO metering_reading (meter_id, ts, value, received_at, source, batch_id) "
            "SELECT meter_id, ts, value, %s, %s, %s FROM metering_staging WHERE true ORDER BY ord "
            "ON CONFLICT (meter_id, ts) DO NOTHING"
        )
    with connection.cursor() as cursor:
        cursor.execute(insert, params)
        accepted = cursor.rowcount
        # Every staged reading went in: none repeats a stored one, so there is no conflict to look for.
        conflicts = 0 if accepted == len(rows) else _count_conflicts(cursor)
        if conflicts:
            cursor.execute(_INSERT_CONFLICTS, params)
        if connection.vendor != "postgresql":
            cursor.execute("DELETE FROM metering_staging")
    return accepted, conflicts


@transaction.atomic
def readings_ingest(*, parts: Sequence[Part], source: str, now: dt.datetime | None = None) -> IngestResult:
    """Validate, store, dead-letter and aggregate the readings of ``parts`` in one transaction.

    Idempotent on (meter, ts): a repeat with the same value counts as a duplicate, with a different value
    as a conflict (the stored reading stays; the new value is kept for review). Out-of-order and late
    readings are accepted. ``IngestResult.rejected`` indexes readings within their part.
    """
    now = now or timezone.now()
    for part in parts:
        if len(part.rows) > MAX_READINGS:
            raise PayloadTooLargeError(
                f"{len(part.rows)} readings; at most {MAX_READINGS} per request or message"
            )
    staged, rejected = _validate(parts, now)
    single_unit = {p.unit_id for p in parts}
    batch = IngestBatch.objects.create(
        unit_id=next(iter(single_unit)) if len(single_unit) == 1 else None,
        source=source,
        received_at=now,
        reference=(parts[0].reference if len(parts) == 1 else f"{len(parts)} messages")[:255],
    )
    result = IngestResult(batch_id=batch.pk)
    if staged.rows:
        result.accepted, result.conflicts = _write(staged, batch=batch)
        result.duplicates = len(staged.rows) - result.accepted - result.conflicts
        if result.accepted:
            aggregates_refresh(keys=((m, ts) for _, m, ts, _, _ in staged.rows))
    if staged.dead:
        DeadLetter.objects.bulk_create(
            DeadLetter(
                received_at=now,
                source=source,
                unit_id=part.unit_id,
                reference=part.reference[:255],
                index=index,
                reason=clean_text(reason),
                payload=raw,
                batch_id=batch.pk,
            )
            for part, index, reason, raw in staged.dead
        )
    result.rejected = [item for part_rejected in rejected for item in part_rejected]
    IngestBatch.objects.filter(pk=batch.pk).update(
        accepted=result.accepted,
        duplicates=result.duplicates,
        conflicts=result.conflicts,
        rejected=len(result.rejected),
    )
    return result


@transaction.atomic
def payload_dead_letter(
    *, source: str, unit_id: int | None, reference: str, payload: bytes | str, reason: str
) -> DeadLetter:
    """Keep a payload that could not be read at all, with the reason."""
    text = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else payload
    text = clean_text(text)
    if len(text) > MAX_PAYLOAD_CHARS:
        reason = f"{reason} (payload truncated to {MAX_PAYLOAD_CHARS} characters)"
        text = text[:MAX_PAYLOAD_CHARS]
    return DeadLetter.objects.create(
        received_at=timezone.now(),
        source=source,
        unit_id=unit_id,
        reference=clean_text(reference)[:255],
        reason=clean_text(reason),
        payload=text,
    )
