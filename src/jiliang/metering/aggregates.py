"""The daily aggregate and the automatic quality flags, refreshed for the (meter, day)s a batch touched.

Pages and figures read ``DailyConsumption`` (one row per meter and local day), never the raw readings, so
a city's figures stay one aggregate query. A late reading changes its own day and — through the first
step of a cumulative register — the next one, so both are refreshed. Flags a person has resolved are
kept; open automatic flags of the refreshed days are replaced by the new findings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from jiliang.instruments.choices import VerificationResult
from jiliang.instruments.selectors import verification_record_list
from jiliang.kernels import energy
from jiliang.metering.choices import FlagKind, FlagStatus, ReadingKind
from jiliang.metering.models import DailyConsumption, Meter, QualityFlag, Reading
from jiliang.registry.selectors import SYSTEM

#: Flags computed from the readings (the conflict flag is a person's decision and never recomputed).
AUTOMATIC = [k for k in FlagKind.values if k != FlagKind.CONFLICT]


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local calendar day as aware datetimes."""
    zone = local_zone()
    start = dt.datetime.combine(day, dt.time(), zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)


def local_day(ts: dt.datetime) -> dt.date:
    return ts.astimezone(local_zone()).date()


@dataclass(frozen=True)
class _MeterInfo:
    pk: int
    kind: str
    multiplier: float
    step: dt.timedelta
    register_max: float | None
    max_per_hour: float | None
    instrument_id: int | None


def _validity(instrument_ids: Iterable[int]) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """The passing, non-voided verification windows of each instrument (from the register)."""
    windows: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    rows = (
        verification_record_list(user=SYSTEM)
        .filter(instrument_id__in=list(instrument_ids), result=VerificationResult.PASS)
        .filter(voided_at__isnull=True)
        .values_list("instrument_id", "verified_on", "valid_until")
    )
    for instrument_id, start, end in rows:
        windows[instrument_id].append((start, end))
    return windows


def trusted_on(windows: list[tuple[dt.date, dt.date | None]], day: dt.date) -> bool:
    """Whether a passing verification covers ``day``."""
    return any(start <= day and (end is None or day <= end) for start, end in windows)


def aggregates_refresh(*, keys: set[tuple[int, dt.datetime]], now: dt.datetime | None = None) -> int:
    """Recompute the daily aggregate and automatic flags of the (meter, day)s of ``keys`` (meter id, ts).

    Returns the number of (meter, day) rows written. Runs a bounded number of queries per distinct day.
    """
    now = now or timezone.now()
    today = local_day(now)
    meter_ids = {m for m, _ in keys}
    meters = {
        pk: _MeterInfo(
            pk, kind, float(multiplier), dt.timedelta(minutes=interval), register_max, max_per_hour, inst
        )
        for pk, kind, multiplier, interval, register_max, max_per_hour, inst in Meter.objects.filter(
            pk__in=meter_ids
        ).values_list(
            "pk", "kind", "multiplier", "interval_minutes", "register_max", "max_per_hour", "instrument_id"
        )
    }
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    for meter_id, ts in keys:
        day = local_day(ts)
        by_day[day].add(meter_id)
        following = day + dt.timedelta(days=1)
        if meters[meter_id].kind == ReadingKind.CUMULATIVE and following <= today:
            by_day[following].add(meter_id)
    windows = _validity({m.instrument_id for m in meters.values() if m.instrument_id})
    written = 0
    for day, ids in sorted(by_day.items()):
        written += _refresh_day(day, [meters[i] for i in sorted(ids)], windows, now)
    return written


def _refresh_day(
    day: dt.date,
    meters: list[_MeterInfo],
    windows: dict[int, list[tuple[dt.date, dt.date | None]]],
    now: dt.datetime,
) -> int:
    start, end = day_bounds(day)
    lookback = start - dt.timedelta(days=1)
    ids = [m.pk for m in meters]
    series: dict[int, list[tuple[dt.datetime, float]]] = defaultdict(list)
    previous: dict[int, tuple[dt.datetime, float]] = {}
    corrections = {
        (meter_id, ts): value
        for meter_id, ts, value in QualityFlag.objects.filter(
            meter_id__in=ids, ts__gte=lookback, ts__lt=end, status=FlagStatus.CORRECTED
        ).values_list("meter_id", "ts", "corrected_value")
    }
    rows = (
        Reading.objects.filter(meter_id__in=ids, ts__gte=lookback, ts__lt=end)
        .order_by("meter_id", "ts")
        .values_list("meter_id", "ts", "value")
    )
    for meter_id, ts, stored in rows:
        corrected = corrections.get((meter_id, ts))
        value = stored if corrected is None else corrected
        if ts < start:
            previous[meter_id] = (ts, value)
        else:
            series[meter_id].append((ts, value))
    aggregates: list[DailyConsumption] = []
    flags: list[QualityFlag] = []
    expected_cache: dict[dt.timedelta, int] = {}
    for meter in meters:
        points = series.get(meter.pk, [])
        prev = previous.get(meter.pk)
        if not points:
            continue
        if meter.kind == ReadingKind.CUMULATIVE:
            chain = [prev, *points] if prev is not None else points
            used = sum(d.delta for d in energy.register_deltas(chain, register_max=meter.register_max))
        else:
            used = sum(v for _, v in points)
        untrusted_ts = (
            [ts for ts, _ in points if not trusted_on(windows.get(meter.instrument_id, []), local_day(ts))]
            if meter.instrument_id
            else []
        )
        if meter.step not in expected_cache:
            expected_cache[meter.step] = energy.expected_count(start, end, meter.step)
        aggregates.append(
            DailyConsumption(
                meter_id=meter.pk,
                day=day,
                consumption=used * meter.multiplier,
                readings=len(points),
                expected=expected_cache[meter.step],
                untrusted=len(untrusted_ts),
            )
        )
        issues = energy.check_series(
            points,
            kind=meter.kind,
            step=meter.step,
            now=now,
            register_max=meter.register_max,
            max_per_hour=meter.max_per_hour / meter.multiplier if meter.max_per_hour else None,
            previous=prev,
        )
        flags += [QualityFlag(meter_id=meter.pk, ts=i.ts, kind=i.kind, detail=i.detail[:255]) for i in issues]
        if untrusted_ts:
            flags.append(
                QualityFlag(
                    meter_id=meter.pk,
                    ts=untrusted_ts[0],
                    kind=FlagKind.UNVERIFIED,
                    detail=f"{len(untrusted_ts)} reading(s) taken without a valid verification",
                )
            )
    QualityFlag.objects.filter(
        Q(meter_id__in=ids, ts__gte=start, ts__lt=end, status=FlagStatus.OPEN, kind__in=AUTOMATIC)
    ).delete()
    QualityFlag.objects.bulk_create(flags, ignore_conflicts=True)
    DailyConsumption.objects.bulk_create(
        aggregates,
        update_conflicts=True,
        unique_fields=["meter", "day"],
        update_fields=["consumption", "readings", "expected", "untrusted", "updated_at"],
    )
    return len(aggregates)
