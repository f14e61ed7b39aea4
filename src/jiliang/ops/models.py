"""Records of the platform's operation: the fires of the scheduled jobs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledFire(models.Model):
    """One time a scheduled job was due and its task was enqueued (settings.JILIANG_SCHEDULE).

    Unique per (job, scheduled time): several workers, or a worker catching up after a stop, enqueue a
    due time at most once. The run itself (start, end, result, error) is the task's own record, found
    by ``task_id``.
    """

    job = models.CharField(_("job"), max_length=64)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    fired_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-scheduled_for"]
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "scheduled_for"], name="scheduled_fire_once"),
        ]
        indexes = [models.Index(fields=["job", "-scheduled_for"], name="scheduled_fire_job_idx")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.scheduled_for:%Y-%m-%d %H:%M}"
