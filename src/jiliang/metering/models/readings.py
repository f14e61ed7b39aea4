"""Readings (append-only), ingest batches, conflicts, the dead-letter table, quality flags and the hourly
and daily aggregates maintained by every ingest batch."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.metering.choices import BrokerAlertKind, FlagKind, FlagStatus, ReadingSource


class IngestBatch(models.Model):
    """One HTTP request or one MQTT message: where it came from and what became of its readings."""

    unit = models.ForeignKey(
        "metering.EnergyUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField(_("source"), max_length=8, choices=ReadingSource.choices)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    conflicts = models.PositiveIntegerField(_("conflicts"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("ingest batch")
        verbose_name_plural = _("ingest batches")

    def __str__(self) -> str:
        return f"{self.source} {self.received_at:%Y-%m-%d %H:%M:%S} #{self.pk}"


class Reading(models.Model):
    """One value of a meter at a time, exactly as received: never updated, never deleted.

    The primary key is (meter, ts), which makes a repeat a no-op; on PostgreSQL the table is partitioned
    by month of ``ts`` (migration 0002). ``batch`` is kept without a foreign-key constraint to keep the
    table narrow and the insert path cheap. Corrections live in :class:`QualityFlag`.
    """

    pk = models.CompositePrimaryKey("meter", "ts")
    # The primary key (meter, ts) indexes the meter; no index on batch keeps the insert path cheap.
    meter = models.ForeignKey(
        "metering.Meter", related_name="readings", db_index=False, on_delete=models.PROTECT
    )
    ts = models.DateTimeField(_("time"))
    value = models.FloatField(_("value"))
    received_at = models.DateTimeField(_("received at"))
    source = models.CharField(_("source"), max_length=8, choices=ReadingSource.choices)
    batch = models.ForeignKey(
        IngestBatch,
        null=True,
        blank=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
        on_delete=models.DO_NOTHING,
    )

    class Meta:
        ordering = ["meter", "ts"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self) -> str:
        return f"{self.meter_id} {self.ts.isoformat()} {self.value:g}"


class ReadingConflict(models.Model):
    """A reading repeated with a value different from the stored one, kept for a person to review."""

    meter = models.ForeignKey(
        "metering.Meter", verbose_name=_("meter"), related_name="conflicts", on_delete=models.PROTECT
    )
    ts = models.DateTimeField(_("time"))
    stored_value = models.FloatField(_("stored value"))
    value = models.FloatField(_("value received"))
    received_at = models.DateTimeField(_("received at"))
    source = models.CharField(_("source"), max_length=8, choices=ReadingSource.choices)
    batch = models.ForeignKey(
        IngestBatch, null=True, blank=True, db_constraint=False, related_name="+", on_delete=models.DO_NOTHING
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("reading conflict")
        verbose_name_plural = _("reading conflicts")
        constraints = [
            models.UniqueConstraint(fields=["meter", "ts", "value"], name="reading_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meter_id} {self.ts.isoformat()}: {self.stored_value:g} ≠ {self.value:g}"


class DeadLetter(models.Model):
    """Input that could not be taken in: the raw payload (or the one bad reading) and why."""

    received_at = models.DateTimeField(_("received at"), db_index=True)
    source = models.CharField(_("source"), max_length=8, choices=ReadingSource.choices)
    unit = models.ForeignKey(
        "metering.EnergyUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reference = models.CharField(_("topic / endpoint"), max_length=255, blank=True)
    index = models.PositiveIntegerField(_("position in the payload"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    payload = models.TextField(_("raw payload"))
    batch = models.ForeignKey(
        IngestBatch, null=True, blank=True, db_constraint=False, related_name="+", on_delete=models.DO_NOTHING
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("dead letter")
        verbose_name_plural = _("dead letters")

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.reason[:60]}"


class BrokerAlert(models.Model):
    """Something the MQTT broker did, or is set to do, that loses readings without anyone being told: a rise
    of its dropped-message counter, or queue limits found at a worker's start that a day of readings would
    overflow. Raised by the ingest workers (``metering.broker``); the bureau sees them on the ingest pages."""

    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=BrokerAlertKind.choices)
    broker = models.CharField(_("broker"), max_length=255)
    worker = models.CharField(_("worker"), max_length=128, blank=True)
    dropped = models.BigIntegerField(_("messages dropped since the broker started"), null=True, blank=True)
    detail = models.TextField(_("detail"))

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("broker alert")
        verbose_name_plural = _("broker alerts")

    def __str__(self) -> str:
        return f"{self.raised_at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()}"


class QualityFlag(models.Model):
    """A data-quality finding at one reading (or the start of a gap) that a person can see and resolve.

    Automatic flags are recomputed when readings arrive; once a person has resolved a flag it is kept.
    ``corrected_value`` replaces the reading in the aggregates without touching the stored reading.
    """

    meter = models.ForeignKey(
        "metering.Meter", verbose_name=_("meter"), related_name="flags", on_delete=models.PROTECT
    )
    ts = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=16, choices=FlagKind.choices)
    detail = models.CharField(_("detail"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    corrected_value = models.FloatField(_("corrected value"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    resolved_by = models.ForeignKey(
        "registry.User", null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-ts", "meter", "kind"]
        verbose_name = _("quality flag")
        verbose_name_plural = _("quality flags")
        constraints = [
            models.UniqueConstraint(fields=["meter", "ts", "kind"], name="quality_flag_unique"),
            models.CheckConstraint(
                condition=~Q(status=FlagStatus.CORRECTED) | Q(corrected_value__isnull=False),
                name="quality_flag_corrected_has_value",
            ),
        ]
        indexes = [models.Index(fields=["status", "meter"], name="quality_flag_status_idx")]

    def __str__(self) -> str:
        return f"{self.meter_id} {self.ts.isoformat()} {self.kind}"


class DailyConsumption(models.Model):
    """The consumption of a meter on one local day (after the multiplier, corrections applied), and the
    counts behind completeness: readings received, readings owed, readings taken while the meter's
    verification had expired. Upserted for the (meter, day)s every ingest batch touches."""

    meter = models.ForeignKey(
        "metering.Meter", verbose_name=_("meter"), related_name="daily", on_delete=models.CASCADE
    )
    day = models.DateField(_("day"))
    consumption = models.FloatField(_("consumption"))
    readings = models.PositiveIntegerField(_("readings received"))
    expected = models.PositiveIntegerField(_("readings expected"))
    untrusted = models.PositiveIntegerField(_("readings from an unverified meter"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["meter", "day"]
        verbose_name = _("daily consumption")
        verbose_name_plural = _("daily consumption")
        constraints = [models.UniqueConstraint(fields=["meter", "day"], name="daily_consumption_unique")]
        indexes = [models.Index(fields=["day", "meter"], name="daily_consumption_day_idx")]

    def __str__(self) -> str:
        return f"{self.meter_id} {self.day}: {self.consumption:g}"


class HourlyConsumption(models.Model):
    """The consumption of a meter in one local hour (after the multiplier, corrections applied) and the
    readings received in it. Maintained inside every ingest transaction for the hours its readings (and
    the readings right after them) fall in; :class:`DailyConsumption` is the sum of a day's hours.

    A reading counts in the hour its timestamp falls in: an interval value as it is, a cumulative
    register's step from the meter's previous reading (rollover and replacement as in ``kernels.energy``).
    ``day`` is the local day of ``hour``, kept so that a day's hours are summed by one grouped query. The
    primary key is (meter, hour): one index, which is all the upsert of every batch has to maintain.
    """

    pk = models.CompositePrimaryKey("meter", "hour")
    meter = models.ForeignKey(
        "metering.Meter",
        verbose_name=_("meter"),
        related_name="hourly",
        db_index=False,  # the primary key (meter, hour) indexes it
        # Derived from the readings, which protect their meter: no deferred check per upserted row.
        db_constraint=False,
        on_delete=models.CASCADE,
    )
    hour = models.DateTimeField(_("hour"))
    day = models.DateField(_("day"))
    consumption = models.FloatField(_("consumption"))
    readings = models.PositiveIntegerField(_("readings received"))

    class Meta:
        ordering = ["meter", "hour"]
        verbose_name = _("hourly consumption")
        verbose_name_plural = _("hourly consumption")

    def __str__(self) -> str:
        return f"{self.meter_id} {self.hour.isoformat()}: {self.consumption:g}"
