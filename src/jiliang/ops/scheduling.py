"""The scheduled jobs (settings.JILIANG_SCHEDULE): when each is due, and firing it exactly once.

A fire enqueues the job's django-tasks task; `jiliang db_worker` (or `jiliang worker`, which runs the
scheduler and the task worker together) runs it. The crontab lines are parsed by APScheduler's
``CronTrigger``; the loop is ours because the rule we need is not APScheduler's: every worker may
check, a due time is enqueued once (a unique row per job and time), and a time missed while no worker
ran is fired once when one comes back (the latest missed time; older misses are coalesced — a daily
reminder refresh run twice in a row would do the same work twice).
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from jiliang.ops.models import ScheduledFire

#: How far back a job that has never fired looks for its latest due time (covers monthly jobs).
FIRST_LOOKBACK = dt.timedelta(days=32)
_TICK = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class ScheduledJob:
    """One entry of settings.JILIANG_SCHEDULE."""

    name: str
    task: str
    cron: str
    description: str = ""
    kwargs: dict[str, Any] = field(default_factory=dict)

    def trigger(self) -> CronTrigger:
        return CronTrigger.from_crontab(self.cron, timezone=settings.TIME_ZONE)


def scheduled_jobs() -> list[ScheduledJob]:
    """The configured jobs, in the order of the setting."""
    return [
        ScheduledJob(
            name=name,
            task=str(spec["task"]),
            cron=str(spec["cron"]),
            description=str(spec.get("description", "")),
            kwargs=dict(spec.get("kwargs", {})),
        )
        for name, spec in settings.JILIANG_SCHEDULE.items()
    ]


def _times(trigger: CronTrigger, after: dt.datetime, until: dt.datetime) -> Iterator[dt.datetime]:
    """The trigger's times in (after, until]."""
    previous = None
    current = trigger.get_next_fire_time(None, after + _TICK)
    while current is not None and current <= until:
        yield current
        previous = current
        current = trigger.get_next_fire_time(previous, current + _TICK)


def latest_due(job: ScheduledJob, *, now: dt.datetime, last: dt.datetime | None) -> dt.datetime | None:
    """The latest time ≤ ``now`` at which ``job`` was due and has not fired (``last``: its latest fire),
    or None when nothing is due."""
    start = last if last is not None else now - FIRST_LOOKBACK
    latest = deque(_times(job.trigger(), start, now), maxlen=1)
    return latest[0] if latest else None


def next_due(job: ScheduledJob, *, now: dt.datetime) -> dt.datetime | None:
    """When ``job`` is next due after ``now``."""
    result: dt.datetime | None = job.trigger().get_next_fire_time(None, now + _TICK)
    return result


def fire(job: ScheduledJob, *, scheduled_for: dt.datetime) -> ScheduledFire | None:
    """Enqueue ``job``'s task for ``scheduled_for`` unless that time was already enqueued (by this worker
    or another); returns the new record, or None."""
    try:
        with transaction.atomic():
            record = ScheduledFire.objects.create(job=job.name, scheduled_for=scheduled_for)
            result = import_string(job.task).enqueue(**job.kwargs)
            record.task_id = str(result.id)
            record.save(update_fields=["task_id"])
    except IntegrityError:
        return None
    return record


def fire_due(*, now: dt.datetime | None = None) -> list[ScheduledFire]:
    """Fire every job that is due (one query for the latest fires, one insert per fired job)."""
    now = now or timezone.now()
    jobs = scheduled_jobs()
    last = {
        row["job"]: row["latest"]
        for row in ScheduledFire.objects.filter(job__in=[j.name for j in jobs])
        .values("job")
        .annotate(latest=Max("scheduled_for"))
    }
    fired = []
    for job in jobs:
        due = latest_due(job, now=now, last=last.get(job.name))
        if due is not None and (record := fire(job, scheduled_for=due)) is not None:
            fired.append(record)
    return fired
