"""The hourly and daily aggregates and the automatic quality flags, maintained incrementally in the ingest
transaction (and when a person corrects a reading) from the changed readings and their neighbours only.

Pages and figures read ``HourlyConsumption`` and ``DailyConsumption``, never the raw readings, so a city's
figures stay one aggregate query. How a set of changed readings (meter, ts) is folded in, with a bounded
number of queries whatever its size:

1. Each meter's changed timestamps are cut into windows (runs less than ``WINDOW_SPLIT`` apart). One
   set-based read (PostgreSQL: ``LATERAL`` over the windows) fetches for every window the readings of the
   hours it spans, the ``CONTEXT`` readings before them, and the readings after them: at least
   ``CONTEXT``, and all of the hour of the first one.
2. Hourly: every hour holding a changed reading, or the reading right after one (a cumulative register's
   step is taken from the previous reading), is recomputed from those readings and upserted.
3. Flags: each automatic flag depends only on its reading and the ``CONTEXT`` readings before it
   (``kernels.energy.check_series``), so the flags of the readings from the first changed one to
   ``CONTEXT`` readings after the last are recomputed: open ones are replaced, resolved ones stay.
4. Daily: the days of the recomputed hours are summed from the hourly table (one grouped query) with the
   readings owed and the readings taken while the meter's verification had lapsed, and upserted; such a
   day's ``unverified`` flag sits at its first reading.

A reading counts in the local hour (and day) its timestamp falls in: an interval value as it is, a
cumulative register's step from the meter's previous reading however long ago (a meter's first reading
counts nothing). A person's correction (a ``corrected`` flag) replaces the value everywhere here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from django.conf import settings
from django.db import connection
from django.db.models import Min, Q, Sum

from jiliang.instruments.choices import VerificationResult
from jiliang.instruments.selectors import verification_record_list
from jiliang.kernels import energy
from jiliang.metering.choices import FlagKind, FlagStatus, ReadingKind
from jiliang.metering.models import DailyConsumption, HourlyConsumption, Meter, QualityFlag, Reading
from jiliang.registry.selectors import SYSTEM

#: Flags computed from the readings (the conflict flag is a person's decision and never recomputed).
AUTOMATIC = [k for k in FlagKind.values if k != FlagKind.CONFLICT]
#: Flags at a reading, recomputed from it and the readings before it (``unverified`` is per day).
PER_READING = [k for k in AUTOMATIC if k != FlagKind.UNVERIFIED]
#: Readings a flag looks back over (the flat-line run) and the neighbours fetched around a window.
CONTEXT = 12
#: Changed readings of one meter further apart than this are read as separate windows.
WINDOW_SPLIT = dt.timedelta(days=1)
#: A timestamp this far after the time its reading was received is flagged ``future``.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
HOUR = dt.timedelta(hours=1)
#: Terms per OR-ed filter (SQLite nests OR chains and limits the depth of an expression to 1 000).
OR_CHUNK = 200


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local calendar day as aware datetimes."""
    zone = local_zone()
    start = dt.datetime.combine(day, dt.time(), zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)


def local_day(ts: dt.datetime) -> dt.date:
    return ts.astimezone(local_zone()).date()


def hour_start(ts: dt.datetime, zone: ZoneInfo | None = None) -> dt.datetime:
    """The start of the local hour ``ts`` falls in (aware, in the local zone)."""
    return ts.astimezone(zone or local_zone()).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class _MeterInfo:
    pk: int
    kind: str
    multiplier: float
    step: dt.timedelta
    register_max: float | None
    max_per_hour: float | None
    instrument_id: int | None


@dataclass
class _Window:
    """The changed readings of one meter in [first, last], and the readings read around them."""

    meter: _MeterInfo
    first: dt.datetime
    last: dt.datetime
    changed: set[dt.datetime]
    lo: dt.datetime = field(init=False)
    hi: dt.datetime = field(init=False)
    rows: dict[dt.datetime, tuple[float, dt.datetime]] = field(default_factory=dict)  # ts → value, received

    def __post_init__(self) -> None:
        self.lo = hour_start(self.first)
        self.hi = hour_start(self.last) + HOUR


def _meters(ids: Iterable[int]) -> dict[int, _MeterInfo]:
    return {
        pk: _MeterInfo(
            pk, kind, float(multiplier), dt.timedelta(minutes=interval), register_max, max_per_hour, inst
        )
        for pk, kind, multiplier, interval, register_max, max_per_hour, inst in Meter.objects.filter(
            pk__in=list(ids)
        ).values_list(
            "pk", "kind", "multiplier", "interval_minutes", "register_max", "max_per_hour", "instrument_id"
        )
    }


def _windows(keys: Iterable[tuple[int, dt.datetime]]) -> list[_Window]:
    by_meter: dict[int, set[dt.datetime]] = defaultdict(set)
    for meter_id, ts in keys:
        by_meter[meter_id].add(ts)
    meters = _meters(by_meter)
    windows: list[_Window] = []
    for meter_id, stamps in sorted(by_meter.items()):
        ordered = sorted(stamps)
        start = 0
        for i in range(1, len(ordered) + 1):
            if i == len(ordered) or ordered[i] - ordered[i - 1] > WINDOW_SPLIT:
                run = ordered[start:i]
                windows.append(_Window(meters[meter_id], run[0], run[-1], set(run)))
                start = i
    return windows


_PG_WINDOWS = f"""
SELECT w.i, r.ts, r.value, r.received_at
FROM unnest(%s::integer[], %s::bigint[], %s::timestamptz[], %s::timestamptz[]) AS w(i, meter_id, lo, hi)
CROSS JOIN LATERAL (
    (SELECT ts, value, received_at FROM metering_reading
     WHERE meter_id = w.meter_id AND ts < w.lo ORDER BY ts DESC LIMIT {CONTEXT})
    UNION ALL
    (SELECT ts, value, received_at FROM metering_reading
     WHERE meter_id = w.meter_id AND ts >= w.lo AND ts < w.hi)
    UNION ALL
    (SELECT ts, value, received_at FROM metering_reading
     WHERE meter_id = w.meter_id AND ts >= w.hi ORDER BY ts LIMIT {CONTEXT})
    UNION ALL
    (SELECT ts, value, received_at FROM metering_reading
     WHERE meter_id = w.meter_id AND ts >= w.hi AND ts < (
         SELECT min(ts) FROM metering_reading WHERE meter_id = w.meter_id AND ts >= w.hi
     ) + interval '1 hour')
) AS r
"""


def _lock_meters(meter_ids: list[int]) -> None:
    """Serialize the folds of the same meters until this transaction ends (PostgreSQL).

    Two workers of a shared subscription may store readings of one meter at once; each recomputes an hour
    from the readings it can see, so without this the later upsert could drop the other's readings. Taken
    after the readings are inserted and in meter order: a fold waiting here reads, once the other
    transaction has committed, that transaction's readings too. (SQLite runs one writer at a time.)
    """
    if connection.vendor != "postgresql":
        return
    with _pg_cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('metering_aggregates'), (m %% 2147483647)::integer) "
            "FROM unnest(%s::bigint[]) AS m",
            [meter_ids],
        )


def _read(windows: list[_Window]) -> None:
    """Fill each window's rows (see the module docstring, step 1)."""
    if connection.vendor == "postgresql":
        # Binary results: psycopg's C loader for timestamptz, not Django's text loader in Python.
        with _pg_cursor() as cursor:
            cursor.execute(
                _PG_WINDOWS,
                [
                    list(range(len(windows))),
                    [w.meter.pk for w in windows],
                    [w.lo for w in windows],
                    [w.hi for w in windows],
                ],
                binary=True,
            )
            for i, ts, value, received in cursor.fetchall():  # one C-level fetch, not a row at a time
                windows[i].rows[ts] = (value, received)
        return
    fields = ("ts", "value", "received_at")
    for w in windows:
        readings = Reading.objects.filter(meter_id=w.meter.pk).order_by("ts")
        after = readings.filter(ts__gte=w.hi)
        following = after.values_list("ts", flat=True).first()
        parts: list[Iterable[tuple[Any, ...]]] = [
            readings.filter(ts__lt=w.lo).order_by("-ts").values_list(*fields)[:CONTEXT],
            readings.filter(ts__gte=w.lo, ts__lt=w.hi).values_list(*fields),
            after.values_list(*fields)[:CONTEXT],
        ]
        if following is not None:
            parts.append(after.filter(ts__lt=following + HOUR).values_list(*fields))
        for part in parts:
            for ts, value, received in part:
                w.rows[ts] = (value, received)


def _corrections(windows: list[_Window]) -> dict[tuple[int, dt.datetime], float]:
    """The corrected values of the readings read (the latest correction of a reading wins)."""
    stamps = [ts for w in windows for ts in w.rows]
    if not stamps:
        return {}
    rows = (
        QualityFlag.objects.filter(
            status=FlagStatus.CORRECTED,
            meter_id__in={w.meter.pk for w in windows},
            ts__gte=min(stamps),
            ts__lte=max(stamps),
        )
        .order_by("resolved_at", "pk")
        .values_list("meter_id", "ts", "corrected_value")
    )
    return {(meter_id, ts): value for meter_id, ts, value in rows if value is not None}


def _validity(instrument_ids: Iterable[int]) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """The passing, non-voided verification windows of each instrument (from the register)."""
    windows: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    ids = list(instrument_ids)
    if not ids:
        return windows
    rows = (
        verification_record_list(user=SYSTEM)
        .filter(instrument_id__in=ids, result=VerificationResult.PASS)
        .filter(voided_at__isnull=True)
        .values_list("instrument_id", "verified_on", "valid_until")
    )
    for instrument_id, start, end in rows:
        windows[instrument_id].append((start, end))
    return windows


def trusted_on(windows: list[tuple[dt.date, dt.date | None]], day: dt.date) -> bool:
    """Whether a passing verification covers ``day``."""
    return any(start <= day and (end is None or day <= end) for start, end in windows)


def _any_of(terms: list[Q]) -> Iterable[Q]:
    for i in range(0, len(terms), OR_CHUNK):
        yield reduce(or_, terms[i : i + OR_CHUNK])


@dataclass
class _Result:
    hours: dict[tuple[int, dt.datetime], list[float]] = field(default_factory=dict)  # → [used, readings]
    flags: list[QualityFlag] = field(default_factory=list)
    flag_ranges: list[tuple[int, dt.datetime, dt.datetime]] = field(default_factory=list)  # meter, from, to
    hour_of: dict[dt.datetime, dt.datetime] = field(default_factory=dict)  # ts → its hour (shared stamps)


def _fold(window: _Window, corrections: dict[tuple[int, dt.datetime], float], result: _Result) -> None:
    """Recompute the window's hours and flags from its rows (steps 2 and 3)."""
    meter = window.meter
    stamps = sorted(window.rows)
    values = [corrections.get((meter.pk, ts), window.rows[ts][0]) for ts in stamps]
    points = list(zip(stamps, values, strict=True))
    changed = [i for i, ts in enumerate(stamps) if ts in window.changed]
    if not changed:
        return
    zone = local_zone()
    cache = result.hour_of
    hour_list = []
    for ts in stamps:
        hour = cache.get(ts)
        if hour is None:
            hour = cache[ts] = hour_start(ts, zone)
        hour_list.append(hour)
    if meter.kind == ReadingKind.CUMULATIVE:
        used = [0.0, *(d.delta for d in energy.register_deltas(points, register_max=meter.register_max))]
    else:
        used = values
    hours = {hour_list[i] for i in changed}
    hours |= {hour_list[i + 1] for i in changed if i + 1 < len(stamps)}
    cells: dict[dt.datetime, list[float]] = {}
    for hour, step in zip(hour_list, used, strict=True):
        if hour in hours:
            cell = cells.setdefault(hour, [0.0, 0])
            cell[0] += step * meter.multiplier
            cell[1] += 1
    # Every hour recomputed is read whole, so windows that overlap give it the same value.
    result.hours.update(((meter.pk, hour), cell) for hour, cell in cells.items())
    first, last = changed[0], min(changed[-1] + CONTEXT, len(stamps) - 1)
    issues = energy.check_series(
        points[first : last + 1],
        kind=meter.kind,
        step=meter.step,
        now=None,
        register_max=meter.register_max,
        max_per_hour=meter.max_per_hour / meter.multiplier if meter.max_per_hour else None,
        flat_run=CONTEXT,
        history=points[max(0, first - CONTEXT) : first],
    )
    result.flags += [
        QualityFlag(meter_id=meter.pk, ts=i.ts, kind=i.kind, detail=i.detail[:255]) for i in issues
    ]
    for ts in stamps[first : last + 1]:
        received = window.rows[ts][1]
        if ts > received + FUTURE_TOLERANCE:
            detail = f"timestamp is later than {received.isoformat(timespec='seconds')}, when it was received"
            result.flags.append(QualityFlag(meter_id=meter.pk, ts=ts, kind=FlagKind.FUTURE, detail=detail))
    result.flag_ranges.append((meter.pk, stamps[first], stamps[last]))


def aggregates_refresh(*, keys: Iterable[tuple[int, dt.datetime]]) -> int:
    """Fold the changed readings ``keys`` (meter id, ts) into the hourly and daily aggregates and the
    automatic flags (see the module docstring). Returns the number of hourly rows written."""
    windows = _windows(keys)
    if not windows:
        return 0
    _lock_meters(sorted({w.meter.pk for w in windows}))
    _read(windows)
    corrections = _corrections(windows)
    result = _Result()
    for window in windows:
        _fold(window, corrections, result)
    _flags_replace(result)
    _write_hours(result.hours)
    meters = {w.meter.pk: w.meter for w in windows}
    _days_refresh({(m, hour.date()) for m, hour in result.hours}, meters)
    return len(result.hours)


def _pg_cursor() -> psycopg.Cursor[Any]:
    """A cursor on Django's PostgreSQL connection (same transaction) binding parameters server-side:
    arrays are sent in binary instead of being quoted into the SQL text in Python."""
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    return psycopg.Cursor(raw)


def _flags_replace(result: _Result) -> None:
    """Drop the open per-reading flags of the refolded ranges and store the new findings."""
    if connection.vendor == "postgresql" and result.flag_ranges:
        with _pg_cursor() as cursor:
            cursor.execute(
                "DELETE FROM metering_qualityflag f "
                "USING unnest(%s::bigint[], %s::timestamptz[], %s::timestamptz[]) AS r(meter_id, lo, hi) "
                "WHERE f.meter_id = r.meter_id AND f.ts >= r.lo AND f.ts <= r.hi "
                "AND f.status = %s AND f.kind = ANY(%s)",
                [
                    [m for m, _, _ in result.flag_ranges],
                    [lo for _, lo, _ in result.flag_ranges],
                    [hi for _, _, hi in result.flag_ranges],
                    FlagStatus.OPEN.value,
                    list(PER_READING),
                ],
            )
    else:
        terms = [Q(meter_id=m, ts__gte=lo, ts__lte=hi) for m, lo, hi in result.flag_ranges]
        for q in _any_of(terms):
            QualityFlag.objects.filter(q, status=FlagStatus.OPEN, kind__in=PER_READING).delete()
    QualityFlag.objects.bulk_create(result.flags, ignore_conflicts=True)


def _write_hours(hours: dict[tuple[int, dt.datetime], list[float]]) -> None:
    if not hours:
        return
    if connection.vendor == "postgresql":
        keys = list(hours)
        with _pg_cursor() as cursor:
            cursor.execute(
                "INSERT INTO metering_hourlyconsumption (meter_id, hour, day, consumption, readings) "
                "SELECT * FROM unnest(%s::bigint[], %s::timestamptz[], %s::date[], %s::float8[], %s::int[]) "
                "ON CONFLICT (meter_id, hour) DO UPDATE SET day = EXCLUDED.day, "
                "consumption = EXCLUDED.consumption, readings = EXCLUDED.readings",
                [
                    [m for m, _ in keys],
                    [h for _, h in keys],
                    [h.date() for _, h in keys],
                    [hours[k][0] for k in keys],
                    [int(hours[k][1]) for k in keys],
                ],
            )
        return
    HourlyConsumption.objects.bulk_create(
        [
            HourlyConsumption(meter_id=m, hour=h, day=h.date(), consumption=used, readings=int(count))
            for (m, h), (used, count) in hours.items()
        ],
        update_conflicts=True,
        unique_fields=["meter", "hour"],
        update_fields=["day", "consumption", "readings"],
    )


def _days_refresh(days: set[tuple[int, dt.date]], meters: dict[int, _MeterInfo]) -> None:
    """Step 4: sum the hours of each (meter, day) into the daily aggregate; the unverified flags."""
    if not days:
        return
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    for meter_id, day in days:
        by_day[day].add(meter_id)
    bounds = {day: day_bounds(day) for day in by_day}
    terms = [Q(meter_id__in=ids, hour__gte=bounds[d][0], hour__lt=bounds[d][1]) for d, ids in by_day.items()]
    totals: dict[tuple[int, dt.date], tuple[float, int]] = {}
    for q in _any_of(terms):
        for row in (
            HourlyConsumption.objects.filter(q)
            .values("meter_id", "day")
            .annotate(used=Sum("consumption"), count=Sum("readings"))
            .order_by()
        ):
            totals[(row["meter_id"], row["day"])] = (row["used"], row["count"])
    windows = _validity({m.instrument_id for m in meters.values() if m.instrument_id})
    expected: dict[tuple[dt.date, dt.timedelta], int] = {}
    rows: list[DailyConsumption] = []
    untrusted: list[tuple[int, dt.date, int]] = []
    for meter_id, day in sorted(days):
        meter = meters[meter_id]
        if (meter_id, day) not in totals:
            continue
        used, count = totals[(meter_id, day)]
        if (day, meter.step) not in expected:
            expected[(day, meter.step)] = energy.expected_count(*bounds[day], meter.step)
        lapsed = bool(meter.instrument_id) and not trusted_on(windows.get(meter.instrument_id or 0, []), day)
        if lapsed:
            untrusted.append((meter_id, day, count))
        rows.append(
            DailyConsumption(
                meter_id=meter_id,
                day=day,
                consumption=used,
                readings=count,
                expected=expected[(day, meter.step)],
                untrusted=count if lapsed else 0,
            )
        )
    DailyConsumption.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["meter", "day"],
        update_fields=["consumption", "readings", "expected", "untrusted", "updated_at"],
    )
    _unverified_flags(days, meters, bounds, untrusted)


def _unverified_flags(
    days: set[tuple[int, dt.date]],
    meters: dict[int, _MeterInfo],
    bounds: dict[dt.date, tuple[dt.datetime, dt.datetime]],
    untrusted: list[tuple[int, dt.date, int]],
) -> None:
    """One ``unverified`` flag per (meter, day) read while the verification had lapsed, at its first
    reading, counting the day's readings."""
    linked = [(m, d) for m, d in days if meters[m].instrument_id]
    terms = [Q(meter_id=m, ts__gte=bounds[d][0], ts__lt=bounds[d][1]) for m, d in linked]
    for q in _any_of(terms):
        QualityFlag.objects.filter(q, kind=FlagKind.UNVERIFIED, status=FlagStatus.OPEN).delete()
    if not untrusted:
        return
    by_day: dict[dt.date, dict[int, int]] = defaultdict(dict)
    for meter_id, day, count in untrusted:
        by_day[day][meter_id] = count
    flags = []
    for day, counts in by_day.items():
        firsts = (
            Reading.objects.filter(meter_id__in=list(counts), ts__gte=bounds[day][0], ts__lt=bounds[day][1])
            .values("meter_id")
            .annotate(first=Min("ts"))
            .order_by()
        )
        flags += [
            QualityFlag(
                meter_id=row["meter_id"],
                ts=row["first"],
                kind=FlagKind.UNVERIFIED,
                detail=f"{counts[row['meter_id']]} reading(s) taken without a valid verification",
            )
            for row in firsts
        ]
    QualityFlag.objects.bulk_create(flags, ignore_conflicts=True)


def aggregates_rebuild(*, meter_ids: Iterable[int] | None = None) -> int:
    """Recompute the hourly and daily aggregates and automatic flags of ``meter_ids`` (all meters when
    None) from all their readings: a repair, and the backfill of migration 0004. Returns hourly rows."""
    meters = Meter.objects.order_by("pk").values_list("pk", flat=True)
    if meter_ids is not None:
        meters = meters.filter(pk__in=list(meter_ids))
    written = 0
    for meter_id in meters:
        stamps = Reading.objects.filter(meter_id=meter_id).values_list("ts", flat=True)
        written += aggregates_refresh(keys=((meter_id, ts) for ts in stamps.iterator()))
    return written
