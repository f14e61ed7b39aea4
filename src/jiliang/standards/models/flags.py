"""Flags on a measurement standard raised by findings elsewhere (e.g. an unsatisfactory comparison result).

A flag does not suspend the standard: it warns everyone who relies on it until the finding's owner
closes it. The finding itself lives in the app that raised it; ``source`` and ``reference`` name it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.standards.models.standards import MeasurementStandard


class StandardFlag(models.Model):
    standard = models.ForeignKey(
        MeasurementStandard, verbose_name=_("standard"), related_name="flags", on_delete=models.PROTECT
    )
    source = models.CharField(_("raised by"), max_length=32, help_text=_('e.g. "comparison"'))
    reference = models.CharField(_("reference"), max_length=64)
    reason = models.CharField(_("reason"), max_length=255)
    opened_on = models.DateField(_("raised on"))
    closed_on = models.DateField(_("cleared on"), null=True, blank=True)
    closing_note = models.CharField(_("how it was cleared"), max_length=255, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="standard_flag_period_ordered",
            )
        ]
        indexes = [
            models.Index(fields=["standard"], condition=Q(closed_on__isnull=True), name="standard_flag_open")
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.reason}"
