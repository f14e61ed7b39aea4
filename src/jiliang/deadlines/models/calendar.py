"""The holiday calendar as data: one row per year the platform holds, one per holiday or make-up day."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.deadlines.choices import DayKind

#: The fields of a HolidayYear a person edits (its form and its API input alike).
HOLIDAY_YEAR_FIELDS = ["year", "source", "notice", "notes"]
CALENDAR_DAY_FIELDS = ["year", "date", "kind", "name"]


class HolidayYear(TimeStampedModel):
    """A year the holiday calendar holds: its days come from the State Council's notice (国务院办公厅
    关于…部分节假日安排的通知). Deadlines that reach a year without a row raise instead of guessing.

    ``source`` says where the days came from (a package version or the notice). Deadlines count on a
    year only once it is ``complete`` (all the notice's days entered): a year the bureau adds starts
    incomplete and becomes complete when an officer confirms it (``confirmed_by`` / ``confirmed_on``).
    Years seeded from the package are complete but unconfirmed until checked against the notice.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=128)
    notice = models.CharField(_("State Council notice"), max_length=64, blank=True)
    complete = models.BooleanField(
        _("complete"), default=False, help_text=_("All the notice's days are entered; deadlines count on it.")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday year")
        verbose_name_plural = _("holiday years")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1949, year__lte=2200), name="holiday_year_plausible"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A statutory holiday (day off, weekends inside a holiday block included) or a make-up working day
    (调休上班日: a weekend day the notice makes a working day). Other days are ordinary."""

    year = models.ForeignKey(
        HolidayYear, verbose_name=_("year"), related_name="days", on_delete=models.PROTECT
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=64, help_text=_("e.g. 国庆节"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    def clean(self) -> None:
        if self.date and self.year_id and self.year.year != self.date.year:
            raise ValidationError(
                {
                    "date": _("%(date)s does not lie in the year %(year)s.")
                    % {"date": self.date, "year": self.year}
                }
            )
        if self.date and self.kind == DayKind.MAKEUP_WORKDAY and self.date.weekday() < 5:
            raise ValidationError(
                {
                    "kind": _("A make-up working day is a Saturday or Sunday; %(date)s is a weekday.")
                    % {"date": self.date}
                }
            )
