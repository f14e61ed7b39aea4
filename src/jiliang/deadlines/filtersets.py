"""Filter sets of the calendar and the clocks, shared by the HTML lists and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.contrib import messages
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiliang.deadlines.choices import ClockState, ClockStatus, Confidence, DayKind, ReminderKind, RuleKind
from jiliang.deadlines.models import CalendarDay, Clock, ClockReminder, ClockRule, HolidayYear
from jiliang.deadlines.selectors import clock_state_filter, due_soon_horizon
from jiliang.registry.fields import RegionFilter
from jiliang.registry.models import Region


class HolidayYearFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    complete = django_filters.BooleanFilter(label=_("complete"))

    class Meta:
        model = HolidayYear
        fields = ["year", "complete"]


class CalendarDayFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    year = django_filters.NumberFilter(label=_("year"), field_name="year__year")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=DayKind.choices)

    class Meta:
        model = CalendarDay
        fields = ["year", "kind"]


class ClockRuleFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    kind = django_filters.ChoiceFilter(label=_("counted in"), choices=RuleKind.choices)
    confidence = django_filters.ChoiceFilter(label=_("confidence"), choices=Confidence.choices)

    class Meta:
        model = ClockRule
        fields = ["kind", "confidence"]


class ClockFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    state = django_filters.ChoiceFilter(
        label=_("due / due soon / overdue"), choices=ClockState.choices, method="filter_state"
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=ClockStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("counted in"), choices=RuleKind.choices)
    code = django_filters.CharFilter(label=_("code"))
    region = RegionFilter(
        label=_("region (with subdivisions)"), queryset=Region.objects.all(), method="filter_region"
    )
    due_after = django_filters.DateFilter(label=_("due from"), field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(label=_("due until"), field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Clock
        fields = ["state", "status", "kind", "code", "region", "due_after", "due_before"]

    def filter_state(self, queryset: QuerySet[Clock], name: str, value: str) -> QuerySet[Clock]:
        today = timezone.localdate()
        if value == ClockState.SOON:
            self._notice_short_horizon(today)
        return clock_state_filter(queryset, state=value, today=today)

    def _notice_short_horizon(self, today: dt.date) -> None:
        """Say on the page when "due soon" stops at the calendar's last held day (late December, before
        the bureau has entered the next year's notice), rather than refusing the filter."""
        horizon = due_soon_horizon(today=today)
        request = getattr(self, "request", None)
        if horizon.missing_year is None or request is None or not hasattr(request, "_messages"):
            return
        messages.warning(
            request,
            _(
                "The holiday calendar holds no year %(year)s yet: due soon counts only up to %(day)s. "
                "Enter the State Council's notice for %(year)s under the holiday calendar."
            )
            % {"year": horizon.missing_year, "day": horizon.last_day.isoformat()},
        )

    def filter_region(self, queryset: QuerySet[Clock], name: str, value: Region | None) -> QuerySet[Clock]:
        return queryset if value is None else queryset.filter(region__path__startswith=value.path)


class ClockReminderFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    day = django_filters.DateFilter(label=_("day"))
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ReminderKind.choices)

    class Meta:
        model = ClockReminder
        fields = ["day", "kind"]
