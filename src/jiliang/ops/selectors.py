"""Reads for the home dashboard (each one aggregate query over the user's scope) and the operations page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django_tasks_db.models import DBTaskResult

from jiliang.core.scoping import ensure_role
from jiliang.ops import scheduling
from jiliang.ops.models import ScheduledFire
from jiliang.registry import selectors as registry
from jiliang.registry.selectors import user_scope


def home_figures(*, user: Any, today: dt.date) -> dict[str, int]:
    """Headline counts of the registry within the user's scope."""
    return {
        "organizations": registry.organization_list(user=user).count(),
        "key_energy_units": registry.organization_list(user=user).filter(is_key_energy_unit=True).count(),
        "people": registry.person_list(user=user).count(),
        "qualifications_in_force": registry.qualification_list(user=user)
        .filter(valid_from__lte=today, valid_until__gte=today)
        .count(),
        "experts": registry.expert_list(user=user).filter(active=True).count(),
    }


def organizations_by_region(*, user: Any) -> list[dict[str, Any]]:
    """Organizations per region (district / county), for the dashboard chart."""
    return list(
        registry.organization_list(user=user)
        .values("region__code", "region__name")
        .annotate(count=Count("id"))
        .order_by("region__code")
    )


@dataclass(frozen=True)
class JobRun:
    """One fire of a scheduled job with its task's outcome (None while the task is unknown or queued)."""

    fire: ScheduledFire
    task: Any

    @property
    def duration(self) -> dt.timedelta | None:
        if self.task is None or self.task.started_at is None or self.task.finished_at is None:
            return None
        result: dt.timedelta = self.task.finished_at - self.task.started_at
        return result


@dataclass(frozen=True)
class JobStatus:
    """A scheduled job as the operations page shows it."""

    job: scheduling.ScheduledJob
    next_due: dt.datetime | None
    last: JobRun | None


def _runs(fires: list[ScheduledFire]) -> list[JobRun]:
    tasks = DBTaskResult.objects.in_bulk([f.task_id for f in fires if f.task_id])
    by_text = {str(key): value for key, value in tasks.items()}
    return [JobRun(fire=f, task=by_text.get(f.task_id)) for f in fires]


def scheduled_job_list(*, user: Any, now: dt.datetime) -> list[JobStatus]:
    """Every configured job with its next due time and its latest run (bureau only; three queries)."""
    ensure_role(user_scope(user))
    jobs = scheduling.scheduled_jobs()
    latest_ids = (
        ScheduledFire.objects.filter(job__in=[j.name for j in jobs]).values("job").annotate(last=Max("id"))
    )
    runs = {
        run.fire.job: run
        for run in _runs(list(ScheduledFire.objects.filter(id__in=[r["last"] for r in latest_ids])))
    }
    return [JobStatus(job=j, next_due=scheduling.next_due(j, now=now), last=runs.get(j.name)) for j in jobs]


def scheduled_run_list(*, user: Any, limit: int = 50) -> list[JobRun]:
    """The latest fires of all jobs with their outcomes (bureau only; two queries)."""
    ensure_role(user_scope(user))
    return _runs(list(ScheduledFire.objects.all()[:limit]))
