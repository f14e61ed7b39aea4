"""Reads of the legal calendar and the statutory clocks, scoped to the acting user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jiliang.core.scoping import scope_filter
from jiliang.deadlines.choices import ClockStatus, DayKind
from jiliang.deadlines.models import CalendarDay, Clock, ClockReminder, ClockRule, HolidayYear
from jiliang.kernels.deadlines import HolidayCalendar, YearNotInCalendar, add_working_days
from jiliang.registry.selectors import user_scope


def calendar_for(years: Iterable[int] | None = None) -> HolidayCalendar:
    """The kernel's calendar value for ``years`` (default: every year held), read in one query.

    A year appears in ``HolidayCalendar.years`` only if the bureau holds it complete, so a
    deadline reaching any other year raises ``YearNotInCalendar``. The make-up-day policy comes from
    ``settings.JILIANG_MAKEUP_DAYS_WORK``.
    """
    qs = HolidayYear.objects.filter(complete=True)
    if years is not None:
        qs = qs.filter(year__in=list(years))
    covered: set[int] = set()
    holidays: set[dt.date] = set()
    makeup: set[dt.date] = set()
    # One LEFT JOIN: a held year with no days yet still counts as covered.
    for year, day, kind in qs.values_list("year", "days__date", "days__kind"):
        covered.add(year)
        if day is None:
            continue
        (makeup if kind == DayKind.MAKEUP_WORKDAY else holidays).add(day)
    return HolidayCalendar(
        years=frozenset(covered),
        holidays=frozenset(holidays),
        makeup_workdays=frozenset(makeup),
        makeup_days_work=settings.JILIANG_MAKEUP_DAYS_WORK,
    )


def holiday_year_list(*, user: Any) -> QuerySet[HolidayYear]:
    """Every year the calendar holds (reference data, readable by every role), with its day counts."""
    return (
        HolidayYear.objects.select_related("confirmed_by")
        .annotate(
            holiday_count=models.Count("days", filter=models.Q(days__kind=DayKind.HOLIDAY)),
            makeup_count=models.Count("days", filter=models.Q(days__kind=DayKind.MAKEUP_WORKDAY)),
        )
        .order_by("-year")
    )


def holiday_year_get(*, user: Any, pk: int) -> HolidayYear:
    return get_object_or_404(holiday_year_list(user=user), pk=pk)


def calendar_day_list(*, user: Any) -> QuerySet[CalendarDay]:
    """Every holiday and make-up working day held (reference data)."""
    return CalendarDay.objects.select_related("year")


def calendar_day_get(*, user: Any, pk: int) -> CalendarDay:
    return get_object_or_404(calendar_day_list(user=user), pk=pk)


def clock_rule_list(*, user: Any) -> QuerySet[ClockRule]:
    """The statutory periods as data (reference data)."""
    return ClockRule.objects.all()


def clock_rule_get(*, user: Any, pk: int) -> ClockRule:
    return get_object_or_404(ClockRule, pk=pk)


def clock_list(*, user: Any) -> QuerySet[Clock]:
    """The clocks the user may see: by the region or organization their record gave them."""
    qs = Clock.objects.select_related("content_type", "rule", "region", "organization")
    return scope_filter(qs, user_scope(user), region="region", organization="organization_id")


def clock_get(*, user: Any, pk: int) -> Clock:
    """One clock in the user's scope, with its pauses and extensions."""
    return get_object_or_404(
        clock_list(user=user).prefetch_related("pauses__recorded_by", "extensions__recorded_by"), pk=pk
    )


def clocks_of(*, user: Any, record: models.Model) -> QuerySet[Clock]:
    """The clocks of one record (a case page shows them all), in the user's scope."""
    return clock_list(user=user).filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


@dataclass(frozen=True)
class DueSoonHorizon:
    """The last due date that counts as "due soon" today, and the year the holiday calendar lacks when
    the horizon had to stop short of it (``None`` when it did not)."""

    last_day: dt.date
    missing_year: int | None = None


def due_soon_horizon(*, today: dt.date) -> DueSoonHorizon:
    """``JILIANG_CLOCK_DUE_SOON_WORKING_DAYS`` working days ahead of ``today``.

    Where that reaches a year the calendar does not hold (every late December until the bureau enters
    the State Council's notice), the horizon stops at the last day the calendar holds: no guess is made
    about the missing year, and nothing is lost — a clock that needs that year to be counted has no due
    date yet (it waits for the year), so no counted clock falls beyond the stop.
    """
    cal = calendar_for([today.year, today.year + 1])
    try:
        return DueSoonHorizon(add_working_days(cal, today, settings.JILIANG_CLOCK_DUE_SOON_WORKING_DAYS))
    except YearNotInCalendar as missing:
        held_until = dt.date(missing.year - 1, 12, 31)
        return DueSoonHorizon(max(held_until, today - dt.timedelta(days=1)), missing.year)


def clock_state_filter(qs: QuerySet[Clock], *, state: str, today: dt.date) -> QuerySet[Clock]:
    """Open clocks ``due`` (running, not overdue), ``soon`` (due within the due-soon horizon) or
    ``overdue`` (running past the due date). Paused clocks are in none: their due date is not running."""
    running = qs.filter(status=ClockStatus.RUNNING, due_on__isnull=False)
    if state == "overdue":
        return running.filter(due_on__lt=today)
    if state == "soon":
        return running.filter(due_on__gte=today, due_on__lte=due_soon_horizon(today=today).last_day)
    if state == "due":
        return running.filter(due_on__gte=today)
    raise ValueError(state)


def clock_reminder_list(*, user: Any) -> QuerySet[ClockReminder]:
    """The reminders the daily job raised, for the clocks the user may see."""
    qs = ClockReminder.objects.select_related("clock", "clock__region", "clock__organization")
    return scope_filter(qs, user_scope(user), region="clock__region", organization="clock__organization_id")
