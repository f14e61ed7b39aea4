"""Columns of the calendar and clock lists (HTML and CSV / XLSX export)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column


def _record(clock: Any) -> str:
    return f"{clock.content_type.name} #{clock.object_id}"


HOLIDAY_YEAR_COLUMNS = [
    Column("year", _("year")),
    Column("complete", _("complete")),
    Column("source", _("source")),
    Column("notice", _("State Council notice")),
    Column("confirmed_by", _("confirmed by")),
    Column("confirmed_on", _("confirmed on")),
    Column(lambda y: getattr(y, "holiday_count", ""), _("holidays")),
    Column(lambda y: getattr(y, "makeup_count", ""), _("make-up working days")),
]

CALENDAR_DAY_COLUMNS = [
    Column("date", _("date")),
    Column("kind", _("kind")),
    Column("name", _("name")),
    Column("year__year", _("year")),
]

CLOCK_RULE_COLUMNS = [
    Column("code", _("code")),
    Column("name", _("name")),
    Column("count", _("count")),
    Column("kind", _("counted in")),
    Column("legal_basis", _("legal basis")),
    Column("confidence", _("confidence")),
]

CLOCK_COLUMNS = [
    Column("name", _("name")),
    Column(_record, _("record")),
    Column("start_on", _("start date")),
    Column("due_on", _("due on")),
    Column("status", _("status")),
    Column(lambda c: f"{c.count} {c.get_kind_display()}", _("rule")),
    Column("legal_basis", _("legal basis")),
    Column("region__name", _("region")),
    Column("organization__name", _("organization")),
    Column("waiting_for_year", _("waiting for the calendar of")),
]

CLOCK_DETAIL_COLUMNS = [
    *CLOCK_COLUMNS,
    Column("code", _("code")),
    Column("confidence", _("confidence")),
    Column("completed_on", _("completed on")),
    Column("note", _("note")),
]

CLOCK_REMINDER_COLUMNS = [
    Column("day", _("day")),
    Column("kind", _("kind")),
    Column("clock__name", _("clock")),
    Column("due_on", _("due on")),
    Column("clock__region__name", _("region")),
]
