"""Background jobs of the statutory clocks (django-tasks; run by `jiliang db_worker`)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from jiliang.deadlines import services


@task()
def raise_clock_reminders(today: str | None = None) -> int:
    """The daily job: reminders for clocks due soon or overdue (idempotent per clock per day)."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return services.clock_reminders_raise(today=day)
