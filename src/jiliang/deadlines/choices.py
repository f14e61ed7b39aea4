"""Choices of the legal calendar and the statutory clocks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("statutory holiday (法定节假日)")
    MAKEUP_WORKDAY = "makeup_workday", _("make-up working day (调休上班日)")


class RuleKind(models.TextChoices):
    """What a period counts (also the unit of an extension)."""

    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class Confidence(models.TextChoices):
    """How sure the platform is of a rule (reference/supervision.md labels)."""

    CONFIRMED_TEXT = "confirmed_text", _("confirmed (text read)")
    CONFIRMED_SUMMARY = "confirmed_summary", _("confirmed (summary)")
    MEMORY = "memory", _("not confirmed (from memory): check before relying on it")
    INFERRED = "inferred", _("inferred (a design choice, not a published rule)")


class ClockStatus(models.TextChoices):
    RUNNING = "running", _("running")
    PAUSED = "paused", _("paused")
    MET = "met", _("met (done in time)")
    OVERDUE = "overdue", _("overdue (done late)")
    STOPPED = "stopped", _("stopped (no longer needed)")


#: Statuses of a clock still counting (or paused): the due / due-soon / overdue lists read these.
OPEN_STATUSES = (ClockStatus.RUNNING, ClockStatus.PAUSED)


class PauseReason(models.TextChoices):
    """Time a statutory period does not count (行政处罚法 第六十条; 程序规定 第十八条; 投诉 第二十条)."""

    TESTING = "testing", _("testing, inspection or appraisal (检测、检验、鉴定)")
    HEARING = "hearing", _("hearing (听证)")
    SUSPENSION = "suspension", _("suspension (中止)")
    PUBLIC_NOTICE = "public_notice", _("public notice (公告)")
    OTHER = "other", _("other reason the law excludes")


class ClockState(models.TextChoices):
    """Where an open clock stands today (list filter)."""

    DUE = "due", _("due (running, not yet overdue)")
    SOON = "soon", _("due soon")
    OVERDUE = "overdue", _("overdue")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
