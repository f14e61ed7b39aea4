"""Stored hourly consumption: maintained incrementally by the ingest path and by corrections, equal to what a
recomputation from all readings gives (hours, days and flags), read by the API and the unit page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from jiliang.kernels import energy
from jiliang.metering import selectors, services
from jiliang.metering.aggregates import PER_READING, aggregates_rebuild
from jiliang.metering.ingest import Part, readings_ingest
from jiliang.metering.models import DailyConsumption, HourlyConsumption, QualityFlag, Reading
from jiliang.registry.selectors import SYSTEM
from tests.metering.factories import T0, meter, reading, unit

pytestmark = pytest.mark.django_db
NOW = T0 + dt.timedelta(days=10)
LOCAL = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2025, 3, 10)  # T0 is 08:00 on this local day


def _ingest(u, rows):  # type: ignore[no-untyped-def]
    return readings_ingest(parts=[Part(unit_id=u.pk, rows=rows, reference="test")], source="http", now=NOW)


def _hours(m) -> dict[int, tuple[float, int]]:  # type: ignore[no-untyped-def]
    """Local hour of day → (consumption, readings) of the stored hourly rows of ``m``."""
    return {
        h.astimezone(LOCAL).hour: (c, n)
        for h, c, n in HourlyConsumption.objects.filter(meter=m).values_list(
            "hour", "consumption", "readings"
        )
    }


def test_a_late_reading_of_a_cumulative_register_splits_the_step_between_its_hour_and_the_next() -> None:
    u = unit()
    m = meter(u, "E1", kind="cumulative", multiplier=2)
    _ingest(u, [reading("E1", 0, 100.0), reading("E1", 60, 160.0)])  # 08:00 and 09:00
    assert _hours(m) == {8: (0.0, 1), 9: (120.0, 1)}  # the first reading counts nothing
    _ingest(u, [reading("E1", 45, 150.0)])  # 08:45, late
    assert _hours(m) == {8: (100.0, 2), 9: (20.0, 1)}
    assert DailyConsumption.objects.get(meter=m, day=DAY).consumption == pytest.approx(120.0)


def test_a_late_interval_value_lands_in_its_own_hour_only() -> None:
    u = unit()
    m = meter(u, "E1", kind="interval")
    _ingest(u, [reading("E1", 0, 1.0), reading("E1", 15, 2.0), reading("E1", 60, 4.0)])
    _ingest(u, [reading("E1", 30, 8.0)])
    assert _hours(m) == {8: (11.0, 3), 9: (4.0, 1)}
    assert DailyConsumption.objects.get(meter=m, day=DAY).readings == 4


def test_a_correction_updates_the_hour_of_the_reading_and_of_the_step_after_it() -> None:
    u = unit()
    m = meter(u, "E1", kind="cumulative", max_per_hour=100)
    _ingest(u, [reading("E1", 50, 100.0), reading("E1", 60, 500.0), reading("E1", 120, 520.0)])
    assert _hours(m) == {8: (0.0, 1), 9: (400.0, 1), 10: (20.0, 1)}
    spike = QualityFlag.objects.get(meter=m, kind="spike")
    services.quality_flag_resolve(actor=SYSTEM, flag=spike, status="corrected", corrected_value=110.0)
    assert _hours(m) == {8: (0.0, 1), 9: (10.0, 1), 10: (410.0, 1)}
    assert DailyConsumption.objects.get(meter=m, day=DAY).consumption == pytest.approx(420.0)
    assert Reading.objects.get(meter=m, ts=spike.ts).value == 500.0  # the raw value stays


def test_days_are_the_sums_of_their_hours_and_months_of_their_days() -> None:
    u = unit()
    m = meter(u, "E1", kind="interval")
    # Every 15 minutes for two local days from 08:00 on the 10th: 1.0 each.
    _ingest(u, [reading("E1", 15 * i, 1.0) for i in range(192)])
    days = dict(DailyConsumption.objects.filter(meter=m).values_list("day", "consumption"))
    assert days == {DAY: 64.0, DAY + dt.timedelta(days=1): 96.0, DAY + dt.timedelta(days=2): 32.0}
    for day, total in days.items():
        hours = selectors.meter_hourly_series(meter=m, day=day)
        assert sum(h.consumption for h in hours) == pytest.approx(total)
    month = selectors.unit_monthly_series(unit=u, start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
    assert [p.quantity for p in month] == [pytest.approx(192.0)]


def test_rebuild_from_the_readings_reproduces_what_the_ingest_path_maintained() -> None:
    u = unit()
    m = meter(u, "E1", kind="cumulative", register_max=1000, max_per_hour=400)
    values = [990.0, 995.0, 5.0, 10.0, 200.0, 201.0, 150.0, 151.0]
    _ingest(u, [reading("E1", 15 * i, v) for i, v in enumerate(values) if i % 2])
    _ingest(u, [reading("E1", 15 * i, v) for i, v in enumerate(values) if not i % 2])
    maintained = (_hours(m), set(QualityFlag.objects.filter(meter=m).values_list("ts", "kind", "detail")))
    HourlyConsumption.objects.filter(meter=m).delete()
    QualityFlag.objects.filter(meter=m).delete()
    aggregates_rebuild(meter_ids=[m.pk])
    assert (
        _hours(m),
        set(QualityFlag.objects.filter(meter=m).values_list("ts", "kind", "detail")),
    ) == maintained


def test_a_late_reading_moves_the_flat_line_flag_to_the_twelfth_identical_value() -> None:
    u = unit()
    m = meter(u, "E1", kind="interval")
    _ingest(u, [reading("E1", 15 * i, 3.0) for i in range(1, 13)])
    assert list(QualityFlag.objects.filter(meter=m, kind="flat").values_list("ts", flat=True)) == [
        T0 + dt.timedelta(minutes=15 * 12)
    ]
    _ingest(u, [reading("E1", 0, 3.0)])  # the run now starts one reading earlier
    assert list(QualityFlag.objects.filter(meter=m, kind="flat").values_list("ts", flat=True)) == [
        T0 + dt.timedelta(minutes=15 * 11)
    ]


# --- the property: however the readings arrive, the stored aggregates equal a recomputation -------------

SLOT = dt.timedelta(minutes=15)


def _recomputed(kind: str, points: list[tuple[dt.datetime, float]], multiplier: float, **meter_fields):  # type: ignore[no-untyped-def]
    """Hours and flags from the whole series at once, straight from the kernel."""
    if kind == energy.CUMULATIVE:
        used = [
            0.0,
            *(d.delta for d in energy.register_deltas(points, register_max=meter_fields["register_max"])),
        ]
    else:
        used = [v for _, v in points]
    hours: dict[int, tuple[float, int]] = {}
    for (ts, _), step in zip(points, used, strict=True):
        key = ts.astimezone(LOCAL).replace(minute=0).hour + 24 * (ts.astimezone(LOCAL).date() - DAY).days
        total, count = hours.get(key, (0.0, 0))
        hours[key] = (total + step * multiplier, count + 1)
    issues = energy.check_series(
        points,
        kind=kind,
        step=SLOT,
        now=None,
        register_max=meter_fields["register_max"],
        max_per_hour=meter_fields["max_per_hour"] / multiplier,
    )
    return hours, {(i.ts, i.kind) for i in issues}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from([energy.CUMULATIVE, energy.INTERVAL]),
    slots=st.lists(st.integers(0, 300), min_size=1, max_size=60, unique=True),
    # Mostly one value, so that flat runs (12 identical values) form and break as readings arrive.
    values=st.lists(st.sampled_from([7.0, 7.0, 7.0, 0.0, 8.0, 995.0]), min_size=60, max_size=60),
    batches=st.lists(st.integers(0, 4), min_size=60, max_size=60),
)
def test_stored_hours_days_and_flags_equal_a_recomputation_from_all_readings(
    kind: str, slots: list[int], values: list[float], batches: list[int]
) -> None:
    fields = {"register_max": 1000.0, "max_per_hour": 2000.0}
    with transaction.atomic():
        u = unit()
        m = meter(u, "E1", kind=kind, multiplier=2, **fields)
        rows = [reading("E1", 15 * slot, values[i]) for i, slot in enumerate(slots)]
        for batch in range(5):  # out of order: readings go in by their batch number, not by time
            part = [row for i, row in enumerate(rows) if batches[i] == batch]
            if part:
                _ingest(u, part)
        points = sorted((T0 + slot * SLOT, values[i]) for i, slot in enumerate(slots))
        hours, flags = _recomputed(kind, points, 2.0, **fields)
        stored = {
            h.astimezone(LOCAL).hour + 24 * (h.astimezone(LOCAL).date() - DAY).days: (c, n)
            for h, c, n in HourlyConsumption.objects.filter(meter=m).values_list(
                "hour", "consumption", "readings"
            )
        }
        assert stored.keys() == hours.keys()
        for key, (total, count) in hours.items():
            assert stored[key] == (pytest.approx(total), count)
        days: dict[dt.date, float] = {}
        for key, (total, _count) in hours.items():
            days[DAY + dt.timedelta(days=key // 24)] = (
                days.get(DAY + dt.timedelta(days=key // 24), 0.0) + total
            )
        daily = dict(DailyConsumption.objects.filter(meter=m).values_list("day", "consumption"))
        assert daily == {day: pytest.approx(total) for day, total in days.items()}
        assert (
            set(QualityFlag.objects.filter(meter=m, kind__in=PER_READING).values_list("ts", "kind")) == flags
        )
        transaction.set_rollback(True)


# --- reads ---------------------------------------------------------------------------------------------


def _user(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_hourly_endpoint_reads_the_stored_hours_within_scope(
    world, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    m = meter(u, "E1", kind="interval", multiplier=10)
    _ingest(u, [reading("E1", 0, 1.0), reading("E1", 15, 2.0), reading("E1", 60, 4.0)])
    url = f"/api/v1/metering/meters/{m.pk}/hourly/?day={DAY.isoformat()}"
    with django_assert_max_num_queries(6):
        response = _user(world.enterprise).get(url)
    assert response.status_code == 200, response.json()
    assert response.json() == [
        {"hour": "2025-03-10T08:00:00+08:00", "consumption": 30.0, "readings": 2},
        {"hour": "2025-03-10T09:00:00+08:00", "consumption": 40.0, "readings": 1},
    ]
    assert _user(world.other_enterprise).get(url).status_code == 404
    assert _user(world.enterprise).get(f"/api/v1/metering/meters/{m.pk}/hourly/?day=10/3").status_code == 400


def test_the_unit_page_draws_the_hours_of_the_periods_last_day(client, world) -> None:  # type: ignore[no-untyped-def]
    u = unit(world.jianxi_org)
    meter(u, "E1", kind="interval")
    _ingest(u, [reading("E1", 0, 1.0), reading("E1", 60, 4.0)])
    points = selectors.unit_hourly_series(unit=u, day=DAY)
    assert [(p.period.hour, p.quantity) for p in points] == [(8, 1.0), (9, 4.0)]
    client.force_login(world.enterprise)
    response = client.get(f"/metering/units/{u.pk}/?start={DAY.isoformat()}&end={DAY.isoformat()}")
    assert response.status_code == 200
    assert 'id="hourly"' in response.content.decode()
