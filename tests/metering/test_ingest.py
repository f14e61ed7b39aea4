"""The ingest service on the configured database: idempotence, conflicts, dead letters, aggregates."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from jiliang.metering.ingest import (
    MAX_PAYLOAD_BYTES,
    MAX_READINGS,
    Part,
    PayloadError,
    parse_csv_payload,
    parse_json_payload,
    readings_ingest,
)
from jiliang.metering.models import (
    DailyConsumption,
    DeadLetter,
    IngestBatch,
    QualityFlag,
    Reading,
    ReadingConflict,
)
from tests.metering.factories import T0, meter, reading, unit

pytestmark = pytest.mark.django_db
NOW = T0 + dt.timedelta(days=2)


def _ingest(u, rows, source="http"):  # type: ignore[no-untyped-def]
    return readings_ingest(parts=[Part(unit_id=u.pk, rows=rows, reference="test")], source=source, now=NOW)


def test_repeat_is_a_duplicate_and_a_different_value_a_conflict_kept_for_review() -> None:
    u = unit()
    m = meter(u, "E1")
    first = _ingest(u, [reading("E1", 0, 100.0), reading("E1", 15, 101.5)])
    assert (first.accepted, first.duplicates, first.conflicts, first.rejected) == (2, 0, 0, [])
    again = _ingest(u, [reading("E1", 0, 100.0), reading("E1", 15, 109.0), reading("E1", 30, 103.0)])
    assert (again.accepted, again.duplicates, again.conflicts) == (1, 1, 1)
    assert Reading.objects.filter(meter=m).count() == 3
    assert Reading.objects.get(meter=m, ts=T0 + dt.timedelta(minutes=15)).value == 101.5  # raw kept
    conflict = ReadingConflict.objects.get()
    assert (conflict.stored_value, conflict.value) == (101.5, 109.0)
    assert IngestBatch.objects.get(pk=again.batch_id).conflicts == 1


def test_repeats_inside_one_batch_keep_the_first_value() -> None:
    u = unit()
    m = meter(u, "E1")
    result = _ingest(u, [reading("E1", 0, 5.0), reading("E1", 0, 5.0), reading("E1", 0, 6.0)])
    assert (result.accepted, result.duplicates, result.conflicts) == (1, 1, 1)
    assert Reading.objects.get(meter=m).value == 5.0


def test_every_bad_reading_is_rejected_with_its_reason_and_dead_lettered() -> None:
    u = unit()
    meter(u, "E1")
    other = meter(unit(), "X9")
    rows = [
        reading("E1", 0, 1.0),
        {"meter": "NOPE", "ts": "2025-03-10T08:00:00+08:00", "value": 1},
        {"meter": "E1", "ts": "2025-03-10T08:00:00", "value": 1},
        {"meter": "E1", "ts": "yesterday", "value": 1},
        {"meter": "E1", "ts": "2025-03-10T08:30:00+08:00", "value": "12"},
        {"meter": "E1", "ts": "2025-03-10T08:45:00+08:00", "value": float("nan")},
        {"meter": "E1", "ts": "2025-03-10T09:00:00+08:00", "value": -3},
        {"meter": "E1", "value": 1},
        [1, 2, 3],
        {"meter": other.code, "ts": "2025-03-10T08:00:00+08:00", "value": 1},
    ]
    result = _ingest(u, rows)
    assert result.accepted == 1
    reasons = dict(result.rejected)
    assert sorted(reasons) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert "unknown meter 'NOPE'" in reasons[1]
    assert "no UTC offset" in reasons[2]
    assert "not an ISO-8601" in reasons[3]
    assert reasons[4] == "value must be a number"
    assert "finite" in reasons[5]
    assert reasons[6] == "value is negative"
    assert reasons[7] == "missing ts"
    assert "object" in reasons[8]
    assert "unknown meter 'X9'" in reasons[9]  # another unit's meter
    letters = DeadLetter.objects.order_by("index")
    assert [d.index for d in letters] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert '"NOPE"' in letters[0].payload
    assert letters[7].payload == "[1, 2, 3]"


def test_csv_rows_parse_and_report_by_position() -> None:
    u = unit()
    meter(u, "E1")
    rows = parse_csv_payload(
        b"meter,ts,value\nE1,2025-03-10T08:00:00+08:00,10\nE1,2025-03-10T08:15:00+08:00,abc\n"
    )
    result = _ingest(u, rows)
    assert result.accepted == 1
    assert result.rejected == [(1, "value 'abc' is not a number")]
    assert DeadLetter.objects.get().payload == "E1,2025-03-10T08:15:00+08:00,abc"


def test_csv_without_the_header_is_a_payload_error() -> None:
    with pytest.raises(PayloadError, match="header"):
        parse_csv_payload(b"E1,2025-03-10T08:00:00+08:00,10\n")


def test_a_reading_more_than_a_day_ahead_is_refused() -> None:
    u = unit()
    meter(u, "E1")
    result = _ingest(u, [reading("E1", 60 * 24 * 4, 1.0)])
    assert result.accepted == 0
    assert "more than a day in the future" in result.rejected[0][1]


def test_more_than_the_limit_is_refused_whole() -> None:
    u = unit()
    with pytest.raises(PayloadError, match="at most 10000"):
        _ingest(u, [reading("E1", i, 1.0) for i in range(MAX_READINGS + 1)])
    assert not IngestBatch.objects.exists()


def test_out_of_order_and_late_readings_are_accepted_and_the_daily_aggregate_follows() -> None:
    u = unit()
    m = meter(u, "E1", multiplier=100)
    # 2025-03-10 local day: readings every 15 min from 08:00, sent newest first, one late.
    rows = [reading("E1", 15 * i, 1000.0 + i) for i in range(8)]
    _ingest(u, list(reversed(rows[:4] + rows[5:])))
    day = dt.date(2025, 3, 10)
    assert DailyConsumption.objects.get(meter=m, day=day).consumption == pytest.approx(700.0)
    late = _ingest(u, [rows[4]])
    assert late.accepted == 1
    daily = DailyConsumption.objects.get(meter=m, day=day)
    assert (daily.readings, daily.expected, daily.consumption) == (8, 96, pytest.approx(700.0))


def test_quality_flags_follow_the_series() -> None:
    u = unit()
    m = meter(u, "E1", register_max=100000, max_per_hour=400)
    values = [99990.0, 99995.0, 5.0, 10.0, 1000.0, 1001.0]  # rollover, then a spike (990 in 15 min)
    rows = [reading("E1", 15 * i, v) for i, v in enumerate(values)]
    rows.append(reading("E1", 15 * 9, 1002.0))  # three readings missing
    _ingest(u, rows)
    kinds = dict(QualityFlag.objects.filter(meter=m).values_list("kind", "detail"))
    assert set(kinds) == {"rollover", "spike", "gap"}
    assert kinds["gap"].startswith("3 reading(s) missing")
    assert DailyConsumption.objects.get(meter=m).consumption == pytest.approx(
        99995 - 99990 + 100000 - 99995 + 5 + 5 + 990 + 1 + 1
    )


def test_postgres_writes_into_month_partitions() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("partitions exist on PostgreSQL only")
    u = unit()
    meter(u, "E1")
    _ingest(u, [reading("E1", 0, 1.0), reading("E1", -60 * 24 * 20, 2.0)])  # March and February
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'metering_reading' ORDER BY 1"
        )
        names = [r[0] for r in cursor.fetchall()]
    assert {"metering_reading_p2025_02", "metering_reading_p2025_03"} <= set(names)


def test_hostile_readings_are_rejected_with_a_reason_never_raised() -> None:
    """Issue #12 items 1 and 5: each of these raised (OverflowError) or was stored (1e300, 1900) before."""
    u = unit()
    meter(u, "E1")
    rows = [
        {"meter": "E1", "ts": "0001-01-01T00:00:00+08:00", "value": 1},
        {"meter": "E1", "ts": "9999-12-31T23:00-05:00", "value": 1},
        {"meter": "E1", "ts": "2025-03-10T08:00:00+08:00", "value": 10**400},
        {"meter": "E1", "ts": "2025-03-10T08:15:00+08:00", "value": 1e300},
        {"meter": "E1", "ts": "1900-01-01T00:00:00+08:00", "value": 1},
        {"meter": {"deep": [1]}, "ts": "2025-03-10T08:30:00+08:00", "value": 1},
        reading("E1", 0, 1.0),
    ]
    result = _ingest(u, rows)
    reasons = dict(result.rejected)
    assert result.accepted == 1
    assert "out of range" in reasons[0]
    assert "out of range" in reasons[1]
    assert reasons[2] == reasons[3] == "value is beyond any meter's range"
    assert "before 2000-01-01" in reasons[4]
    assert "unknown meter" in reasons[5]
    assert DeadLetter.objects.count() == 6


def test_a_value_beyond_the_meters_physical_maximum_is_refused() -> None:
    u = unit()
    register = meter(u, "C1", kind="cumulative", register_max=99_999.0)
    interval = meter(u, "I1", kind="interval", max_per_hour=40.0, multiplier=2, interval_minutes=15)
    result = _ingest(
        u,
        [
            reading("C1", 0, 99_999.5),  # a register that shows more than it can hold
            reading("C1", 15, 99_998.0),
            reading("I1", 0, 480.5),  # 40 per hour after the multiplier: 480 raw in a day at most
            reading("I1", 15, 480.0),  # a spike for 15 minutes (flagged), not impossible after a gap
        ],
    )
    assert result.accepted == 2
    reasons = dict(result.rejected)
    assert "physical maximum 99999" in reasons[0]
    assert "physical maximum 480" in reasons[2]
    assert (
        Reading.objects.filter(meter=register).count() == Reading.objects.filter(meter=interval).count() == 1
    )


def test_a_reading_before_2000_creates_no_partition() -> None:
    u = unit()
    meter(u, "E1")
    _ingest(u, [{"meter": "E1", "ts": "1900-01-01T00:00:00+08:00", "value": 1}])
    assert not Reading.objects.exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('metering_reading_p1899_12')")
            assert cursor.fetchone()[0] is None


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested 100000 levels deep"),
        (b'[{"a": ' * 9 + b"1" + b"}]" * 9, "nested 18 levels deep"),
        (b" " * (MAX_PAYLOAD_BYTES + 1), "at most"),
    ],
)
def test_payloads_too_deep_or_too_large_are_refused_before_parsing(payload: bytes, reason: str) -> None:
    with pytest.raises(PayloadError, match=reason):
        parse_json_payload(payload)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps([{"meter": "[" * 50, "ts": '"]{', "value": 1}])
    assert parse_json_payload(text.encode())[0]["meter"] == "[" * 50
