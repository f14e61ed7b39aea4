"""API representations of the calendar and the clocks. Output serializers read; input ones validate."""

from __future__ import annotations

from rest_framework import serializers

from jiliang.deadlines.choices import PauseReason, RuleKind
from jiliang.deadlines.models import (
    CalendarDay,
    Clock,
    ClockExtension,
    ClockPause,
    ClockReminder,
    ClockRule,
    HolidayYear,
)
from jiliang.deadlines.models.calendar import CALENDAR_DAY_FIELDS, HOLIDAY_YEAR_FIELDS
from jiliang.deadlines.models.clocks import CLOCK_RULE_FIELDS


class HolidayYearSerializer(serializers.ModelSerializer[HolidayYear]):
    confirmed_by = serializers.StringRelatedField()  # type: ignore[var-annotated]

    class Meta:
        model = HolidayYear
        fields = ["id", "year", "complete", "source", "notice", "confirmed_by", "confirmed_on", "notes"]


class HolidayYearInputSerializer(serializers.ModelSerializer[HolidayYear]):
    class Meta:
        model = HolidayYear
        fields = HOLIDAY_YEAR_FIELDS


class HolidayYearConfirmSerializer(serializers.Serializer[None]):
    notice = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class CalendarDaySerializer(serializers.ModelSerializer[CalendarDay]):
    year = serializers.IntegerField(source="year.year", read_only=True)

    class Meta:
        model = CalendarDay
        fields = ["id", "year", "date", "kind", "name"]


class CalendarDayInputSerializer(serializers.ModelSerializer[CalendarDay]):
    year = serializers.SlugRelatedField(slug_field="year", queryset=HolidayYear.objects.all())

    class Meta:
        model = CalendarDay
        fields = CALENDAR_DAY_FIELDS


class ClockRuleSerializer(serializers.ModelSerializer[ClockRule]):
    class Meta:
        model = ClockRule
        fields = ["id", *CLOCK_RULE_FIELDS]


class ClockPauseSerializer(serializers.ModelSerializer[ClockPause]):
    class Meta:
        model = ClockPause
        fields = ["start_on", "end_on", "reason", "note"]


class ClockExtensionSerializer(serializers.ModelSerializer[ClockExtension]):
    class Meta:
        model = ClockExtension
        fields = ["amount", "unit", "approved_by", "approved_on", "reason"]


class ClockSerializer(serializers.ModelSerializer[Clock]):
    record_type = serializers.CharField(source="content_type.model", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True, allow_null=True)
    pauses = ClockPauseSerializer(many=True, read_only=True)
    extensions = ClockExtensionSerializer(many=True, read_only=True)

    class Meta:
        model = Clock
        fields = [
            "id",
            "record_type",
            "object_id",
            "code",
            "name",
            "kind",
            "count",
            "legal_basis",
            "confidence",
            "start_on",
            "due_on",
            "waiting_for_year",
            "status",
            "completed_on",
            "region_code",
            "organization",
            "note",
            "pauses",
            "extensions",
        ]


class ClockPauseInputSerializer(serializers.Serializer[None]):
    start_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=PauseReason.choices)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ClockResumeInputSerializer(serializers.Serializer[None]):
    end_on = serializers.DateField()


class ClockExtendInputSerializer(serializers.Serializer[None]):
    amount = serializers.IntegerField(min_value=1)
    unit = serializers.ChoiceField(choices=RuleKind.choices)
    approved_by = serializers.CharField(max_length=128)
    approved_on = serializers.DateField()
    reason = serializers.CharField()


class ClockStopInputSerializer(serializers.Serializer[None]):
    on = serializers.DateField()
    done = serializers.BooleanField(default=True)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ClockReminderSerializer(serializers.ModelSerializer[ClockReminder]):
    class Meta:
        model = ClockReminder
        fields = ["id", "clock", "day", "kind", "due_on"]
