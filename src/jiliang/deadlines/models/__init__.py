"""Models of the legal calendar (holiday years and their days) and of the statutory clocks."""

from jiliang.deadlines.models.calendar import CalendarDay, HolidayYear
from jiliang.deadlines.models.clocks import Clock, ClockExtension, ClockPause, ClockReminder, ClockRule

__all__ = [
    "CalendarDay",
    "Clock",
    "ClockExtension",
    "ClockPause",
    "ClockReminder",
    "ClockRule",
    "HolidayYear",
]
