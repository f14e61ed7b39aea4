"""Background jobs of mandatory verification (django-tasks; run by `jiliang db_worker`)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from jiliang.instruments import services
from jiliang.instruments.mailing import reminder_mail_send
from jiliang.registry.models import Organization


@task()
def refresh_reminders(organization_id: int | None = None, today: str | None = None) -> int:
    """Rebuild the reminders of one owner (or all); returns how many reminders there are now."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    organization = Organization.objects.get(pk=organization_id) if organization_id else None
    return services.reminders_refresh(today=day, organization=organization)


@task()
def mail_reminders(today: str | None = None) -> int:
    """The weekly job: e-mail each owner's users how many instruments are overdue or due soon."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return reminder_mail_send(today=day)
