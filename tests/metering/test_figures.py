"""Units online, the national-list share, tce and the plan's metrics on a hand-computed case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiliang.metering import figures, services
from jiliang.metering.ingest import Part, readings_ingest
from jiliang.metering.models import UnitCalorificValue
from jiliang.plans.metrics import MetricQuery, metric_get
from jiliang.registry.selectors import SYSTEM
from tests.metering.factories import meter, unit

pytestmark = pytest.mark.django_db


def _feed(u, code: str, count: int, end: dt.datetime, step: float = 1.0) -> None:  # type: ignore[no-untyped-def]
    """``count`` 15-minute interval readings of ``step`` each, the last just before ``end``."""
    rows = [
        {"meter": code, "ts": (end - dt.timedelta(minutes=15 * (i + 1))).isoformat(), "value": step}
        for i in range(count)
    ]
    readings_ingest(parts=[Part(u.pk, rows)], source="http", now=end)


def test_a_unit_is_online_at_ninety_percent_of_its_entering_meters() -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    full, edge, short, no_meter = (
        unit(list_membership=m) for m in ("national", "national", "city", "national")
    )
    for u, count in ((full, 96), (edge, 87), (short, 86)):  # 87/96 = 90.6 %, 86/96 = 89.6 %
        meter(u, "E1", kind="interval")
        meter(u, "X1", kind="interval", level="equipment")  # not an entering meter: never counted
        _feed(u, "E1", count, now)
    figure = figures.units_online(user=SYSTEM, at=now)
    assert figure.online_ids == {full.pk, edge.pk}
    assert (figure.online, figure.total) == (2, 4)
    assert (figure.national_online, figure.national_total) == (2, 3)
    assert no_meter.pk not in figure.online_ids


def test_extra_readings_of_one_meter_do_not_cover_another_silent_meter() -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    u = unit()
    meter(u, "E1", kind="interval", interval_minutes=5)  # owes 288 a day
    meter(u, "E2", kind="interval")  # owes 96, sends none
    _feed_5 = [
        {"meter": "E1", "ts": (now - dt.timedelta(minutes=5 * (i + 1))).isoformat(), "value": 1.0}
        for i in range(288)
    ]
    readings_ingest(parts=[Part(u.pk, _feed_5)], source="http", now=now)
    assert figures.units_online(user=SYSTEM, at=now).online == 0  # 288 / 384 = 75 %


def test_plan_metrics_are_computed_from_the_figures() -> None:
    now = timezone.now()
    on, off = unit(list_membership="national"), unit(list_membership="national")
    for u, count in ((on, 96), (off, 10)):
        meter(u, "E1", kind="interval")
        _feed(u, "E1", count, now)
    today = timezone.localdate()
    query = MetricQuery(user=SYSTEM, start=today.replace(month=1, day=1), end=today)
    assert metric_get("metering.units_online").compute(query).value == Decimal(1)  # type: ignore[misc]
    share = metric_get("metering.national_list_online_share").compute(query)  # type: ignore[misc]
    assert (share.value, share.numerator, share.denominator) == (Decimal("50.00"), 1, 2)


def test_past_days_read_the_daily_aggregate() -> None:
    u = unit()
    meter(u, "E1", kind="interval")
    day = timezone.localdate() - dt.timedelta(days=3)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone())
    _feed(u, "E1", 90, end)
    assert figures.units_online_on(user=SYSTEM, day=day).online == 1
    assert figures.units_online_on(user=SYSTEM, day=day - dt.timedelta(days=1)).online == 0


def test_ten_thousand_kwh_at_the_equivalent_value_is_1_229_tce_and_the_equal_value_differs() -> None:
    """GB/T 2589: electricity 当量值 0.1229 kgce/kWh → 1 万 kWh = 1.229 tce."""
    now = timezone.now().replace(second=0, microsecond=0)
    u = unit()
    meter(u, "E1", kind="interval", multiplier=100)  # 100 readings of 1 × CT ratio 100 = 10 000 kWh
    rows = [
        {"meter": "E1", "ts": (now - dt.timedelta(minutes=i + 1)).isoformat(), "value": 1.0}
        for i in range(100)
    ]
    readings_ingest(parts=[Part(u.pk, rows)], source="http", now=now)
    start = timezone.localdate() - dt.timedelta(days=1)
    used = figures.consumption(user=SYSTEM, start=start, end=timezone.localdate())
    assert used.total_tce == Decimal("1.2290")
    services.energy_unit_update(actor=SYSTEM, instance=u, data={"electricity_basis": "equal"})
    equal = figures.consumption(user=SYSTEM, start=start, end=timezone.localdate())
    assert equal.total_tce == Decimal("4.040")


def test_one_tonne_of_raw_coal_is_0_7143_tce_unless_the_unit_measured_its_coal() -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    u = unit()
    meter(u, "C1", energy_type="raw_coal", unit_of_measure="t", kind="interval")
    readings_ingest(
        parts=[
            Part(u.pk, [{"meter": "C1", "ts": (now - dt.timedelta(minutes=1)).isoformat(), "value": 1.0}])
        ],
        source="http",
        now=now,
    )
    start, end = timezone.localdate() - dt.timedelta(days=1), timezone.localdate()
    assert figures.consumption(user=SYSTEM, start=start, end=end).by_energy["raw_coal"] == Decimal("0.7143")
    UnitCalorificValue.objects.create(
        unit=u,
        energy_type="raw_coal",
        net_calorific_kj=Decimal("29307"),
        unit_of_measure="kg",
        valid_from=dt.date(2020, 1, 1),
    )
    assert figures.consumption(user=SYSTEM, start=start, end=end).by_energy["raw_coal"] == Decimal("1")


def test_top_consumers_rank_by_tce() -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    small, big = unit(), unit()
    for u, value in ((small, 1.0), (big, 50.0)):
        meter(u, "E1", kind="interval")
        _feed(u, "E1", 4, now, value)
    ranked = figures.top_consumers(
        user=SYSTEM, start=timezone.localdate() - dt.timedelta(days=1), end=timezone.localdate()
    )
    assert [u.pk for u, _ in ranked] == [big.pk, small.pk]
