"""Statutory clocks: a deadline of any record, counted by its rule on the holiday calendar."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.deadlines.choices import ClockStatus, Confidence, PauseReason, ReminderKind, RuleKind

CLOCK_RULE_FIELDS = ["code", "name", "kind", "count", "legal_basis", "confidence", "notes"]


class ClockRule(TimeStampedModel):
    """A statutory period as data: "作出处罚决定, 90 days from 立案 (行政处罚法 第六十条)". A clock copies its
    rule when it starts, so a later edit of the rule does not move running deadlines silently.

    ``confidence`` carries the reference's label: MEMORY and INFERRED rules are shown as such.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("counted in"), max_length=16, choices=RuleKind.choices)
    count = models.PositiveIntegerField(_("count"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    confidence = models.CharField(
        _("confidence"), max_length=24, choices=Confidence.choices, default=Confidence.CONFIRMED_TEXT
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("clock rule")
        verbose_name_plural = _("clock rules")

    def __str__(self) -> str:
        return f"{self.name} ({self.count} {self.get_kind_display()})"


class Clock(TimeStampedModel):
    """One statutory deadline of one record (a case, a complaint, a sampling task …), attached through a
    generic relation so every app uses the same table, list, reminders and API.

    The rule (kind, count, legal basis) is copied from the :class:`ClockRule` at start. ``due_on`` is
    computed by the kernel (jiliang.kernels.deadlines.period_due) from the start date, the rule, the
    extensions and the pauses, and stored; only the services write it. ``region`` / ``organization`` are
    those of the owning record, for scoping.
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    code = models.SlugField(_("code"), max_length=64)
    rule = models.ForeignKey(
        ClockRule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        related_name="clocks",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("counted in"), max_length=16, choices=RuleKind.choices)
    count = models.PositiveIntegerField(_("count"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    confidence = models.CharField(_("confidence"), max_length=24, choices=Confidence.choices)
    start_on = models.DateField(_("start date"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    waiting_for_year = models.PositiveSmallIntegerField(
        _("waiting for the calendar of"),
        null=True,
        blank=True,
        help_text=_("The due date reaches a year the holiday calendar does not hold yet."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ClockStatus.choices, default=ClockStatus.RUNNING
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("statutory clock")
        verbose_name_plural = _("statutory clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "code"], name="clock_one_per_record_code"
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=True) | models.Q(due_on__gte=models.F("start_on")),
                name="clock_due_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="clock_record_idx"),
            models.Index(fields=["status", "due_on"], name="clock_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.due_on or '—'}"


class ClockPause(models.Model):
    """Time a clock does not count, ``[start_on, end_on)``: paused on ``start_on``, running again on
    ``end_on`` (open while ``end_on`` is empty)."""

    clock = models.ForeignKey(Clock, verbose_name=_("clock"), related_name="pauses", on_delete=models.PROTECT)
    start_on = models.DateField(_("paused on"))
    end_on = models.DateField(_("running again on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=PauseReason.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["clock", "start_on", "id"]
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="clock_pause_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["clock"], condition=models.Q(end_on__isnull=True), name="clock_one_open_pause"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.start_on} → {self.end_on or '…'}"


class ClockExtension(models.Model):
    """An approved extension of a clock (+15 working days, +30 days …): who approved it, when and why."""

    clock = models.ForeignKey(
        Clock, verbose_name=_("clock"), related_name="extensions", on_delete=models.PROTECT
    )
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=16, choices=RuleKind.choices)
    approved_by = models.CharField(_("approved by"), max_length=128)
    approved_on = models.DateField(_("approved on"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["clock", "approved_on", "id"]
        verbose_name = _("clock extension")
        verbose_name_plural = _("clock extensions")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="clock_extension_positive")
        ]

    def __str__(self) -> str:
        return f"+{self.amount} {self.get_unit_display()} ({self.approved_by}, {self.approved_on})"


class ClockReminder(models.Model):
    """A reminder raised by the daily job for a clock due soon or overdue: at most one per clock per day."""

    clock = models.ForeignKey(
        Clock, verbose_name=_("clock"), related_name="reminders", on_delete=models.CASCADE
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "due_on", "id"]
        verbose_name = _("clock reminder")
        verbose_name_plural = _("clock reminders")
        constraints = [models.UniqueConstraint(fields=["clock", "day"], name="clock_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}: {self.clock}"
