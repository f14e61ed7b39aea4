"""Filter sets of the calendar and the clocks, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiliang.deadlines.choices import ClockState, ClockStatus, Confidence, DayKind, ReminderKind, RuleKind
from jiliang.deadlines.models import CalendarDay, Clock, ClockReminder, ClockRule, HolidayYear
from jiliang.deadlines.selectors import clock_state_filter, due_soon_horizon
from jiliang.kernels.deadlines import YearNotInCalendar
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


class ClockFilterForm(forms.Form):
    """Refuses "due soon" with a message when the horizon reaches a year the calendar does not hold."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state") == ClockState.SOON:
            try:
                due_soon_horizon(today=timezone.localdate())
            except YearNotInCalendar as missing:
                raise forms.ValidationError(
                    {"state": _("The holiday calendar holds no year %(year)s yet.") % {"year": missing.year}}
                ) from None
        return data


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
        form = ClockFilterForm
        fields = ["state", "status", "kind", "code", "region", "due_after", "due_before"]

    def filter_state(self, queryset: QuerySet[Clock], name: str, value: str) -> QuerySet[Clock]:
        return clock_state_filter(queryset, state=value, today=timezone.localdate())

    def filter_region(self, queryset: QuerySet[Clock], name: str, value: Region | None) -> QuerySet[Clock]:
        return queryset if value is None else queryset.filter(region__path__startswith=value.path)


class ClockReminderFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    day = django_filters.DateFilter(label=_("day"))
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ReminderKind.choices)

    class Meta:
        model = ClockReminder
        fields = ["day", "kind"]
