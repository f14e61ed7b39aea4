"""Writes to the legal calendar and the statutory clocks. Each checks the actor, validates, audits.

The calendar is the bureau's (it edits it when the State Council publishes a notice); a change to an
in-use year recomputes the open clocks whose period it touches. Clocks are started, paused, resumed,
extended and stopped by the services of the apps that own the records (cases, complaints, sampling …),
inside their own transactions, or directly through the API and the clock pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.audit import audit_created
from jiliang.core.scoping import Role, ensure_in_scope, ensure_role
from jiliang.core.writes import object_create, object_update
from jiliang.deadlines.choices import OPEN_STATUSES, ClockStatus, ReminderKind
from jiliang.deadlines.models import (
    CalendarDay,
    Clock,
    ClockExtension,
    ClockPause,
    ClockReminder,
    ClockRule,
    HolidayYear,
)
from jiliang.deadlines.seeding import holiday_calendar_seed
from jiliang.deadlines.selectors import calendar_for, due_soon_horizon
from jiliang.kernels.deadlines import HolidayCalendar, YearNotInCalendar, period_due
from jiliang.registry.selectors import user_scope

# --- the calendar -------------------------------------------------------------------------------------


@transaction.atomic
def holiday_year_create(*, actor: Any, data: Mapping[str, Any]) -> HolidayYear:
    """Add a year to the calendar (bureau only). It is incomplete — deadlines do not count on it — until
    its days are entered and :func:`holiday_year_confirm` completes it."""
    ensure_role(user_scope(actor), Role.BUREAU)
    fields = {k: v for k, v in data.items() if k not in {"complete", "confirmed_by", "confirmed_on"}}
    return object_create(model=HolidayYear, actor=actor, data=fields)


@transaction.atomic
def holiday_year_update(*, actor: Any, instance: HolidayYear, data: Mapping[str, Any]) -> HolidayYear:
    """Change a year's source, notice number or notes (bureau only); the year itself is fixed."""
    ensure_role(user_scope(actor), Role.BUREAU)
    fields = {k: v for k, v in data.items() if k not in {"year", "complete", "confirmed_by", "confirmed_on"}}
    return object_update(instance=instance, actor=actor, data=fields)


@transaction.atomic
def holiday_year_confirm(
    *, actor: Any, instance: HolidayYear, notice: str = "", today: dt.date | None = None
) -> HolidayYear:
    """Record that an officer checked the year's days against the State Council notice, and make the year
    complete: deadlines count on it from now on, and clocks waiting for it get their due dates."""
    ensure_role(user_scope(actor), Role.BUREAU)
    data: dict[str, Any] = {
        "complete": True,
        "confirmed_by": actor if getattr(actor, "pk", None) else None,
        "confirmed_on": today or timezone.localdate(),
    }
    if notice:
        data["notice"] = notice
    year = object_update(instance=instance, actor=actor, data=data, note="confirmed against the notice")
    _recompute_open(actor=actor, clocks=Clock.objects.filter(waiting_for_year=year.year))
    return year


@transaction.atomic
def holiday_year_load_package(*, actor: Any, year: int) -> HolidayYear:
    """Load one year from the installed chinese-calendar package (after upgrading it to a version that
    holds the new notice), complete but unconfirmed. Refuses a year already held or not in the package."""
    ensure_role(user_scope(actor), Role.BUREAU)
    if HolidayYear.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The calendar already holds %(year)s.") % {"year": year}})
    created = holiday_calendar_seed(year_model=HolidayYear, day_model=CalendarDay, years=[year])
    if not created:
        raise ValidationError(
            {"year": _("The installed chinese-calendar package holds no year %(year)s.") % {"year": year}}
        )
    holder: HolidayYear = created[0]
    audit_created(actor=actor, instance=holder, note=f"loaded from {holder.source}")
    for day in holder.days.all():
        audit_created(actor=actor, instance=day, note=f"loaded from {holder.source}")
    _recompute_open(actor=actor, clocks=Clock.objects.filter(waiting_for_year=year))
    return holder


def _ensure_year_editable(day_year: Any) -> None:
    if not isinstance(day_year, HolidayYear):
        raise ValidationError({"year": _("Choose the year the day belongs to.")})


@transaction.atomic
def calendar_day_create(*, actor: Any, data: Mapping[str, Any]) -> CalendarDay:
    """Add a holiday or make-up working day (bureau only); open clocks it touches are recomputed."""
    ensure_role(user_scope(actor), Role.BUREAU)
    _ensure_year_editable(data.get("year"))
    day = object_create(model=CalendarDay, actor=actor, data=data)
    _recompute_touching(actor=actor, days=[day.date])
    return day


@transaction.atomic
def calendar_day_update(*, actor: Any, instance: CalendarDay, data: Mapping[str, Any]) -> CalendarDay:
    """Correct a day (bureau only); open clocks touched by the old or the new date are recomputed."""
    ensure_role(user_scope(actor), Role.BUREAU)
    before = instance.date
    _ensure_year_editable(data.get("year", instance.year))
    day = object_update(instance=instance, actor=actor, data=data)
    _recompute_touching(actor=actor, days=[before, day.date])
    return day


@transaction.atomic
def clock_rule_create(*, actor: Any, data: Mapping[str, Any]) -> ClockRule:
    """Add a statutory period as data (bureau only)."""
    ensure_role(user_scope(actor), Role.BUREAU)
    return object_create(model=ClockRule, actor=actor, data=data)


@transaction.atomic
def clock_rule_update(*, actor: Any, instance: ClockRule, data: Mapping[str, Any]) -> ClockRule:
    """Change a rule (bureau only). Clocks already started keep the rule they copied."""
    ensure_role(user_scope(actor), Role.BUREAU)
    fields = {k: v for k, v in data.items() if k != "code"}
    return object_update(instance=instance, actor=actor, data=fields)


# --- clocks -------------------------------------------------------------------------------------------


def _ensure_clock_writable(actor: Any, clock: Clock) -> None:
    scope = user_scope(actor)
    ensure_role(scope, Role.COUNTY)
    ensure_in_scope(
        scope,
        region_path=clock.region.path if clock.region is not None else None,
        organization_id=clock.organization_id,
        what=clock,
    )


def _ensure_open(clock: Clock, *statuses: str) -> None:
    if clock.status not in (statuses or OPEN_STATUSES):
        raise ValidationError(
            {
                "status": _("The clock is %(status)s; it cannot do this.")
                % {"status": clock.get_status_display()}
            }
        )


def _due(clock: Clock, cal: HolidayCalendar) -> tuple[dt.date | None, int | None]:
    """The due date of ``clock`` from its rule, extensions and closed pauses (an open pause counts as
    not yet ended: the stored date is the one if it ended today's way — see docs/deadlines.md)."""
    extra = clock.extensions.aggregate(total=Sum("amount"))["total"] if clock.pk else 0
    paused = [(p.start_on, p.end_on) for p in clock.pauses.all() if p.end_on is not None] if clock.pk else []
    try:
        due = period_due(
            cal, kind=clock.kind, count=clock.count + (extra or 0), start=clock.start_on, paused=paused
        )
    except YearNotInCalendar as missing:
        return None, missing.year
    return due, None


def _recompute(*, actor: Any, clock: Clock, cal: HolidayCalendar, note: str) -> Clock:
    due, waiting = _due(clock, cal)
    data: dict[str, Any] = {"due_on": due, "waiting_for_year": waiting}
    return object_update(instance=clock, actor=actor, data=data, note=note)


def _recompute_open(*, actor: Any, clocks: Any) -> int:
    cal = calendar_for()
    count = 0
    for clock in clocks.filter(status__in=OPEN_STATUSES).select_related("region"):
        before = (clock.due_on, clock.waiting_for_year)
        clock = _recompute(actor=actor, clock=clock, cal=cal, note="holiday calendar changed")
        count += before != (clock.due_on, clock.waiting_for_year)
    return count


def _recompute_touching(*, actor: Any, days: list[dt.date]) -> int:
    """Recompute the open clocks whose counting a change of these calendar days may move: those started
    before the day and due on or after it, and those waiting for its year."""
    touched = Q(waiting_for_year__in={d.year for d in days})
    for day in days:
        touched |= Q(start_on__lt=day, due_on__gte=day)
    return _recompute_open(actor=actor, clocks=Clock.objects.filter(touched))


def _rule(rule: ClockRule | str) -> ClockRule:
    if isinstance(rule, ClockRule):
        return rule
    try:
        return ClockRule.objects.get(code=rule)
    except ClockRule.DoesNotExist:
        raise ValidationError({"rule": _("No clock rule with the code %(code)s.") % {"code": rule}}) from None


@transaction.atomic
def clock_start(
    *,
    actor: Any,
    record: Any,
    rule: ClockRule | str,
    start_on: dt.date,
    region: Any = None,
    organization: Any = None,
    code: str = "",
    note: str = "",
) -> Clock:
    """Start a statutory clock on ``record`` by ``rule`` (a ClockRule or its code) from ``start_on`` (the
    day of the triggering event; it is not counted). The due date is computed now and stored.

    ``region`` / ``organization`` scope the clock; by default the record's own ``region`` and
    ``organization`` attributes. ``code`` (default: the rule's code) names the deadline on the record: a
    record has at most one clock per code.
    """
    rule_obj = _rule(rule)
    if region is None:
        region = getattr(record, "region", None)
    if organization is None:
        organization = getattr(record, "organization", None)
    scope = user_scope(actor)
    ensure_role(scope, Role.COUNTY)
    ensure_in_scope(
        scope,
        region_path=getattr(region, "path", None),
        organization_id=getattr(organization, "pk", None),
        what=record,
    )
    if getattr(record, "pk", None) is None:
        raise ValidationError({"record": _("Save the record before starting its clock.")})
    content_type = ContentType.objects.get_for_model(record)
    code = code or rule_obj.code
    if Clock.objects.filter(content_type=content_type, object_id=record.pk, code=code).exists():
        raise ValidationError({"code": _("This record already has a clock %(code)s.") % {"code": code}})
    clock = Clock(
        content_type=content_type,
        object_id=record.pk,
        code=code,
        rule=rule_obj,
        name=rule_obj.name,
        kind=rule_obj.kind,
        count=rule_obj.count,
        legal_basis=rule_obj.legal_basis,
        confidence=rule_obj.confidence,
        start_on=start_on,
    )
    due, waiting = _due(clock, calendar_for())
    data = {
        "content_type": content_type,
        "object_id": record.pk,
        "code": code,
        "rule": rule_obj,
        "name": rule_obj.name,
        "kind": rule_obj.kind,
        "count": rule_obj.count,
        "legal_basis": rule_obj.legal_basis,
        "confidence": rule_obj.confidence,
        "start_on": start_on,
        "due_on": due,
        "waiting_for_year": waiting,
        "status": ClockStatus.RUNNING,
        "region": region,
        "organization": organization,
        "note": note,
    }
    try:
        with transaction.atomic():
            return object_create(model=Clock, actor=actor, data=data)
    except IntegrityError:  # a concurrent start of the same clock
        raise ValidationError(
            {"code": _("This record already has a clock %(code)s.") % {"code": code}}
        ) from None


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update(of=("self",)).select_related("region").get(pk=clock.pk)


@transaction.atomic
def clock_pause(*, actor: Any, clock: Clock, start_on: dt.date, reason: str, note: str = "") -> Clock:
    """Pause a running clock from ``start_on`` (testing, appraisal, a hearing, suspension …): the days
    from then until it resumes are not counted."""
    clock = _locked(clock)
    _ensure_clock_writable(actor, clock)
    _ensure_open(clock, ClockStatus.RUNNING)
    if start_on < clock.start_on:
        raise ValidationError(
            {
                "start_on": _("A pause cannot begin before the clock starts (%(day)s).")
                % {"day": clock.start_on}
            }
        )
    if clock.due_on is not None and start_on > clock.due_on:
        raise ValidationError(
            {
                "start_on": _("The clock was already due on %(day)s: a pause cannot begin after that.")
                % {"day": clock.due_on}
            }
        )
    last = clock.pauses.order_by("-end_on").values_list("end_on", flat=True).first()
    if last is not None and start_on < last:
        raise ValidationError(
            {"start_on": _("A pause cannot begin before the previous one ended (%(day)s).") % {"day": last}}
        )
    object_create(
        model=ClockPause,
        actor=actor,
        data={
            "clock": clock,
            "start_on": start_on,
            "reason": reason,
            "note": note,
            "recorded_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return object_update(instance=clock, actor=actor, data={"status": ClockStatus.PAUSED}, note="paused")


@transaction.atomic
def clock_resume(*, actor: Any, clock: Clock, end_on: dt.date) -> Clock:
    """Resume a paused clock on ``end_on`` (counting again from that day); its due date moves by the
    paused days (working days for a working-day rule, calendar days otherwise)."""
    clock = _locked(clock)
    _ensure_clock_writable(actor, clock)
    _ensure_open(clock, ClockStatus.PAUSED)
    pause = clock.pauses.get(end_on__isnull=True)
    if end_on < pause.start_on:
        raise ValidationError(
            {
                "end_on": _("The clock was paused on %(day)s; it cannot resume before that.")
                % {"day": pause.start_on}
            }
        )
    object_update(instance=pause, actor=actor, data={"end_on": end_on})
    clock = object_update(instance=clock, actor=actor, data={"status": ClockStatus.RUNNING}, note="resumed")
    return _recompute(actor=actor, clock=clock, cal=calendar_for(), note="resumed")


@transaction.atomic
def clock_extend(
    *,
    actor: Any,
    clock: Clock,
    amount: int,
    unit: str,
    approved_by: str,
    approved_on: dt.date,
    reason: str,
) -> Clock:
    """Extend an open clock by ``amount`` ``unit`` (the unit of its rule: +15 working days on a lead
    check, +30 days on a decision), approved by ``approved_by`` on ``approved_on`` for ``reason``."""
    clock = _locked(clock)
    _ensure_clock_writable(actor, clock)
    _ensure_open(clock)
    if unit != clock.kind:
        raise ValidationError(
            {
                "unit": _("Extend this clock in %(unit)s, the unit of its rule.")
                % {"unit": clock.get_kind_display()}
            }
        )
    if not reason or not str(reason).strip():
        raise ValidationError({"reason": _("Say why the extension was approved.")})
    object_create(
        model=ClockExtension,
        actor=actor,
        data={
            "clock": clock,
            "amount": amount,
            "unit": unit,
            "approved_by": approved_by,
            "approved_on": approved_on,
            "reason": reason,
            "recorded_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return _recompute(actor=actor, clock=clock, cal=calendar_for(), note=f"extended +{amount} {unit}")


@transaction.atomic
def clock_stop(*, actor: Any, clock: Clock, on: dt.date, done: bool = True, note: str = "") -> Clock:
    """Stop an open clock on ``on``: ``done`` — the act the deadline asks for was done that day (status
    *met* if on or before the due date, else *overdue*); not ``done`` — the deadline no longer applies
    (a case not filed, a complaint withdrawn): *stopped*. An open pause ends that day."""
    clock = _locked(clock)
    _ensure_clock_writable(actor, clock)
    _ensure_open(clock)
    if on < clock.start_on:
        raise ValidationError({"on": _("The clock started on %(day)s.") % {"day": clock.start_on}})
    pause = clock.pauses.filter(end_on__isnull=True).first()
    if pause is not None:
        object_update(instance=pause, actor=actor, data={"end_on": max(on, pause.start_on)})
        clock = _recompute(actor=actor, clock=clock, cal=calendar_for(), note="pause ended by stop")
    if not done:
        status = ClockStatus.STOPPED
    elif clock.due_on is None:
        assert clock.waiting_for_year is not None
        if on.year >= clock.waiting_for_year:
            raise ValidationError(
                {
                    "on": _("The due date lies in %(year)s, which the holiday calendar does not hold yet.")
                    % {"year": clock.waiting_for_year}
                }
            )
        status = ClockStatus.MET  # due in a later year than ``on``
    else:
        status = ClockStatus.MET if on <= clock.due_on else ClockStatus.OVERDUE
    return object_update(
        instance=clock,
        actor=actor,
        data={"status": status, "completed_on": on, "note": note or clock.note},
        note="stopped",
    )


# --- reminders ----------------------------------------------------------------------------------------


@transaction.atomic
def clock_reminders_raise(*, today: dt.date) -> int:
    """Raise today's reminders: one per running clock due within the due-soon horizon or overdue, at most
    one per clock per day (running it twice a day adds nothing). Returns how many were created.

    In the days before a year the calendar does not hold, the horizon stops at its last held day (see
    ``due_soon_horizon``): the job still runs and raises every reminder it can count."""
    horizon = due_soon_horizon(today=today).last_day
    rows = Clock.objects.filter(
        status=ClockStatus.RUNNING, due_on__isnull=False, due_on__lte=horizon
    ).values_list("pk", "due_on")
    already = set(ClockReminder.objects.filter(day=today).values_list("clock_id", flat=True))
    new = [
        ClockReminder(
            clock_id=pk,
            day=today,
            kind=ReminderKind.OVERDUE if due_on < today else ReminderKind.DUE_SOON,
            due_on=due_on,
        )
        for pk, due_on in rows.iterator(chunk_size=5000)
        if pk not in already and due_on is not None
    ]
    ClockReminder.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)
    return len(new)
