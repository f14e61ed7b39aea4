"""Calendar and clock services: due dates from the rule, pauses and extensions, the bureau's calendar
edits moving open clocks, scoping, audit, refusals with named fields, and the daily reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiliang.core.models import AuditEntry
from jiliang.deadlines import selectors, services
from jiliang.deadlines.choices import ClockStatus, DayKind, PauseReason, ReminderKind
from jiliang.deadlines.models import CalendarDay, Clock, ClockReminder, HolidayYear
from jiliang.registry.selectors import SYSTEM

pytestmark = pytest.mark.django_db
d = dt.date


def start(world: Any, rule: str, on: dt.date, *, record: Any = None, actor: Any = None) -> Clock:
    return services.clock_start(
        actor=actor or world.county, record=record or world.jianxi_org, rule=rule, start_on=on
    )


def test_seeded_calendar_is_read_in_one_query(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        cal = selectors.calendar_for()
    assert cal.years == frozenset(range(2004, 2027))
    assert d(2024, 10, 12) in cal.makeup_workdays
    assert d(2025, 10, 8) in cal.holidays
    assert HolidayYear.objects.get(year=2025).source == "chinese-calendar 1.11.0"


def test_clock_start_computes_and_stores_the_due_date_with_its_rule(world: Any) -> None:
    clock = start(world, "lead-check", d(2025, 9, 26))
    assert (clock.due_on, clock.kind, clock.count, clock.status) == (
        d(2025, 10, 23),
        "working_days",
        15,
        "running",
    )
    assert clock.legal_basis == "市场监督管理行政处罚程序规定 第十八条"
    assert clock.region == world.jianxi_org.region
    assert AuditEntry.objects.filter(object_id=str(clock.pk), action="create", actor=world.county).exists()


def test_pause_and_resume_push_a_working_day_clock_by_the_working_days_paused(world: Any) -> None:
    clock = start(world, "lead-check", d(2025, 9, 26))
    clock = services.clock_pause(
        actor=world.county, clock=clock, start_on=d(2025, 10, 13), reason=PauseReason.TESTING
    )
    assert clock.status == ClockStatus.PAUSED
    clock = services.clock_resume(actor=world.county, clock=clock, end_on=d(2025, 10, 20))
    assert (clock.status, clock.due_on) == (ClockStatus.RUNNING, d(2025, 10, 30))
    changes = AuditEntry.objects.filter(object_id=str(clock.pk), note="resumed").values_list(
        "changes", flat=True
    )
    assert {"due_on": ["2025-10-23", "2025-10-30"]} in list(changes)


def test_day_clock_pause_pushes_by_calendar_days_then_moves(world: Any) -> None:
    clock = start(world, "penalty-decision", d(2025, 7, 3))
    assert clock.due_on == d(2025, 10, 9)
    clock = services.clock_pause(
        actor=world.county, clock=clock, start_on=d(2025, 8, 1), reason=PauseReason.HEARING
    )
    clock = services.clock_resume(actor=world.county, clock=clock, end_on=d(2025, 8, 21))
    assert clock.due_on == d(2025, 10, 21)  # 10-01 + 20 days


def test_extension_adds_in_the_rules_unit_with_approver_and_reason(world: Any) -> None:
    clock = start(world, "lead-check", d(2025, 9, 26))
    clock = services.clock_extend(
        actor=world.county,
        clock=clock,
        amount=15,
        unit="working_days",
        approved_by="张局长",
        approved_on=d(2025, 10, 20),
        reason="案情复杂，需补充检测",
    )
    assert clock.due_on == d(2025, 11, 13)
    extension = clock.extensions.get()
    assert (extension.approved_by, extension.recorded_by) == ("张局长", world.county)
    with pytest.raises(ValidationError) as exc:
        services.clock_extend(
            actor=world.county,
            clock=clock,
            amount=30,
            unit="days",
            approved_by="张局长",
            approved_on=d(2025, 10, 20),
            reason="x",
        )
    assert "unit" in exc.value.message_dict
    assert clock.extensions.count() == 1


def test_decision_extension_of_30_days(world: Any) -> None:
    clock = start(world, "penalty-decision", d(2025, 7, 3))
    clock = services.clock_extend(
        actor=world.county,
        clock=clock,
        amount=30,
        unit="days",
        approved_by="局长",
        approved_on=d(2025, 9, 1),
        reason="行政处罚法 第六十条 延长",
    )
    assert clock.due_on == d(2025, 10, 31)  # 120 days: Fri 10-31


@pytest.mark.parametrize(
    ("on", "done", "status"),
    [(d(2025, 10, 23), True, "met"), (d(2025, 10, 24), True, "overdue"), (d(2025, 10, 1), False, "stopped")],
)
def test_stop_records_met_overdue_or_stopped(world: Any, on: dt.date, done: bool, status: str) -> None:
    clock = start(world, "lead-check", d(2025, 9, 26))
    clock = services.clock_stop(actor=world.county, clock=clock, on=on, done=done)
    assert (clock.status, clock.completed_on) == (status, on)
    with pytest.raises(ValidationError):
        services.clock_pause(actor=world.county, clock=clock, start_on=on, reason=PauseReason.OTHER)


def test_stop_while_paused_ends_the_pause(world: Any) -> None:
    clock = start(world, "lead-check", d(2025, 9, 26))
    clock = services.clock_pause(
        actor=world.county, clock=clock, start_on=d(2025, 10, 13), reason=PauseReason.TESTING
    )
    clock = services.clock_stop(actor=world.county, clock=clock, on=d(2025, 10, 29), done=True)
    assert clock.pauses.get().end_on == d(2025, 10, 29)
    assert (clock.status, clock.due_on) == ("met", d(2025, 11, 10))  # 15 + 12 working days paused


def test_bad_pauses_are_refused_and_nothing_is_saved(world: Any) -> None:
    clock = start(world, "lead-check", d(2025, 9, 26))
    for day in (d(2025, 9, 1), d(2025, 10, 24)):  # before the start; after the due date
        with pytest.raises(ValidationError) as exc:
            services.clock_pause(actor=world.county, clock=clock, start_on=day, reason=PauseReason.TESTING)
        assert "start_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.clock_resume(actor=world.county, clock=clock, end_on=d(2025, 10, 1))  # not paused
    assert not clock.pauses.exists()
    clock = services.clock_pause(
        actor=world.county, clock=clock, start_on=d(2025, 10, 13), reason=PauseReason.TESTING
    )
    with pytest.raises(ValidationError) as exc:
        services.clock_resume(actor=world.county, clock=clock, end_on=d(2025, 10, 10))
    assert "end_on" in exc.value.message_dict


def test_one_clock_per_record_and_code(world: Any) -> None:
    start(world, "lead-check", d(2025, 9, 26))
    with pytest.raises(ValidationError) as exc:
        start(world, "lead-check", d(2025, 9, 27))
    assert "code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        start(world, "no-such-rule", d(2025, 9, 27))
    assert "rule" in exc.value.message_dict


def test_clock_writes_are_scoped(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        start(world, "lead-check", d(2025, 9, 26), record=world.luolong_org)  # another county
    with pytest.raises(PermissionDenied):
        start(world, "lead-check", d(2025, 9, 26), actor=world.enterprise)
    clock = start(world, "lead-check", d(2025, 9, 26), record=world.luolong_org, actor=world.bureau)
    with pytest.raises(PermissionDenied):
        services.clock_pause(
            actor=world.county, clock=clock, start_on=d(2025, 10, 1), reason=PauseReason.OTHER
        )
    assert list(selectors.clock_list(user=world.county)) == []
    assert list(selectors.clock_list(user=world.bureau)) == [clock]
    assert list(selectors.clock_list(user=world.other_enterprise)) == []  # its region is not its scope


def test_a_clock_reaching_a_year_not_held_waits_and_is_computed_when_the_bureau_completes_it(
    world: Any,
) -> None:
    clock = start(world, "lead-check", d(2026, 12, 28))
    assert (clock.due_on, clock.waiting_for_year) == (None, 2027)
    year = services.holiday_year_create(
        actor=world.bureau, data={"year": 2027, "source": "国务院办公厅通知", "notice": "", "notes": ""}
    )
    assert not year.complete
    services.calendar_day_create(
        actor=world.bureau,
        data={"year": year, "date": d(2027, 1, 1), "kind": DayKind.HOLIDAY, "name": "元旦"},
    )
    clock.refresh_from_db()
    assert clock.due_on is None  # an incomplete year is not counted on
    # Until the year is confirmed, "due soon" stops at the calendar's last held day (never a guess).
    assert selectors.due_soon_horizon(today=d(2026, 12, 31)) == selectors.DueSoonHorizon(
        d(2026, 12, 31), 2027
    )
    services.holiday_year_confirm(actor=world.bureau, instance=year, notice="国办发明电〔2026〕测试号")
    clock.refresh_from_db()
    assert (clock.due_on, clock.waiting_for_year) == (d(2027, 1, 19), None)  # 01-01 a holiday
    year.refresh_from_db()
    assert (year.complete, year.confirmed_by, year.notice) == (True, world.bureau, "国办发明电〔2026〕测试号")


def test_a_calendar_correction_moves_the_open_clocks_it_touches_only(world: Any) -> None:
    touched = start(world, "penalty-decision", d(2025, 7, 3))  # due 10-09
    finished = start(world, "lead-check", d(2025, 7, 3))
    services.clock_stop(actor=world.county, clock=finished, on=d(2025, 7, 10))
    untouched = start(world, "lead-check", d(2025, 11, 3), record=world.institute, actor=world.bureau)
    before = untouched.due_on
    services.calendar_day_create(
        actor=world.bureau,
        data={
            "year": HolidayYear.objects.get(year=2025),
            "date": d(2025, 10, 9),
            "kind": "holiday",
            "name": "更正",
        },
    )
    touched.refresh_from_db()
    untouched.refresh_from_db()
    assert touched.due_on == d(2025, 10, 10)
    assert untouched.due_on == before
    assert AuditEntry.objects.filter(object_id=str(touched.pk), note="holiday calendar changed").exists()


def test_only_the_bureau_edits_the_calendar(world: Any) -> None:
    year = HolidayYear.objects.get(year=2025)
    with pytest.raises(PermissionDenied):
        services.calendar_day_create(
            actor=world.county, data={"year": year, "date": d(2025, 3, 3), "kind": "holiday", "name": "x"}
        )
    with pytest.raises(PermissionDenied):
        services.holiday_year_update(actor=world.county, instance=year, data={"notes": "x"})


@pytest.mark.parametrize(
    ("day", "kind", "field"),
    [(d(2024, 3, 3), DayKind.HOLIDAY, "date"), (d(2025, 3, 3), DayKind.MAKEUP_WORKDAY, "kind")],
)
def test_calendar_day_rules_name_the_field(world: Any, day: dt.date, kind: str, field: str) -> None:
    year = HolidayYear.objects.get(year=2025)
    with pytest.raises(ValidationError) as exc:
        services.calendar_day_create(
            actor=world.bureau, data={"year": year, "date": day, "kind": kind, "name": "x"}
        )
    assert field in exc.value.message_dict
    assert not CalendarDay.objects.filter(date=day, name="x").exists()


def test_load_package_refuses_a_year_held_or_absent() -> None:
    with pytest.raises(ValidationError):
        services.holiday_year_load_package(actor=SYSTEM, year=2025)
    with pytest.raises(ValidationError):
        services.holiday_year_load_package(actor=SYSTEM, year=2031)


def test_load_package_adds_a_year_with_audit() -> None:
    HolidayYear.objects.get(year=2026).days.all().delete()
    HolidayYear.objects.filter(year=2026).delete()
    year = services.holiday_year_load_package(actor=SYSTEM, year=2026)
    assert (year.complete, year.days.count()) == (True, 39)
    assert AuditEntry.objects.filter(object_repr="2026", action="create").exists()


def test_state_filters_and_reminders_once_a_day(world: Any) -> None:
    today = d(2025, 10, 20)
    overdue = start(world, "complaint-accept", d(2025, 9, 26))  # due 10-13
    soon = start(world, "reporter-notice", d(2025, 10, 15))  # 5 wd → 10-22
    later = start(world, "penalty-decision", d(2025, 10, 1))  # 2025-12-30
    paused = start(world, "lead-check", d(2025, 9, 1))
    services.clock_pause(actor=world.county, clock=paused, start_on=d(2025, 9, 5), reason=PauseReason.TESTING)
    qs = selectors.clock_list(user=world.county)
    assert list(selectors.clock_state_filter(qs, state="overdue", today=today)) == [overdue]
    assert list(selectors.clock_state_filter(qs, state="soon", today=today)) == [soon]
    assert set(selectors.clock_state_filter(qs, state="due", today=today)) == {soon, later}
    assert services.clock_reminders_raise(today=today) == 2
    assert services.clock_reminders_raise(today=today) == 0  # idempotent per clock per day
    assert dict(ClockReminder.objects.values_list("clock_id", "kind")) == {
        overdue.pk: ReminderKind.OVERDUE,
        soon.pk: ReminderKind.DUE_SOON,
    }
    assert services.clock_reminders_raise(today=today + dt.timedelta(days=1)) == 2
    assert selectors.clock_reminder_list(user=world.county).count() == 4
    assert selectors.clock_reminder_list(user=world.enterprise).count() == 0


def test_late_december_reminders_run_up_to_the_last_held_day(world: Any, settings: Any) -> None:
    """Before the bureau enters the next year's notice the daily job used to fail every day from about
    24 December (YearNotInCalendar); it now raises every reminder the calendar can count."""
    settings.JILIANG_CLOCK_DUE_SOON_WORKING_DAYS = 5  # from Mon 12-28: into 2027
    overdue = start(world, "complaint-accept", d(2026, 12, 1))  # 7 wd → 12-10
    soon = start(world, "reporter-notice", d(2026, 12, 22))  # 5 wd → 12-29
    waiting = start(world, "lead-check", d(2026, 12, 28))  # needs 2027: no due date yet
    assert waiting.due_on is None
    today = d(2026, 12, 28)
    assert selectors.due_soon_horizon(today=today) == selectors.DueSoonHorizon(d(2026, 12, 31), 2027)
    assert services.clock_reminders_raise(today=today) == 2
    assert dict(ClockReminder.objects.values_list("clock_id", "kind")) == {
        overdue.pk: ReminderKind.OVERDUE,
        soon.pk: ReminderKind.DUE_SOON,
    }
    qs = selectors.clock_list(user=world.county)
    assert list(selectors.clock_state_filter(qs, state="soon", today=today)) == [soon]
    # On a day of a year not held at all, nothing is "soon"; overdue clocks still are.
    assert selectors.due_soon_horizon(today=d(2027, 1, 4)) == selectors.DueSoonHorizon(d(2027, 1, 3), 2027)
    assert list(selectors.clock_state_filter(qs, state="overdue", today=d(2027, 1, 4))) == [overdue, soon]
