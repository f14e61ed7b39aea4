"""API representations of energy-resource metering."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiliang.metering.choices import FlagStatus
from jiliang.metering.models import (
    METER_FIELDS,
    AccuracyRequirement,
    BrokerAlert,
    ConversionCoefficient,
    DeadLetter,
    EnergyConsumer,
    EnergyUnit,
    EquippingRequirement,
    MajorThreshold,
    Meter,
    MonthlyStatement,
    QualityFlag,
    ReadingConflict,
)
from jiliang.metering.models.units import ENERGY_CONSUMER_FIELDS, ENERGY_UNIT_FIELDS, MONTHLY_STATEMENT_FIELDS
from jiliang.registry.fields import RegionCodeField
from jiliang.registry.models import Organization, Region


class EnergyUnitSerializer(serializers.ModelSerializer[EnergyUnit]):
    name = serializers.CharField(source="organization.name", read_only=True)
    uscc = serializers.CharField(source="organization.uscc", read_only=True)
    region_code = serializers.CharField(source="organization.region.code", read_only=True)

    class Meta:
        model = EnergyUnit
        fields = [
            "id",
            "name",
            "uscc",
            "region_code",
            "list_membership",
            "list_year",
            "annual_tce",
            "manager_name",
            "manager_phone",
            "manager_email",
            "electricity_basis",
        ]


class EnergyUnitInputSerializer(serializers.ModelSerializer[EnergyUnit]):
    organization = serializers.SlugRelatedField(slug_field="uscc", queryset=Organization.objects.all())

    class Meta:
        model = EnergyUnit
        fields = ENERGY_UNIT_FIELDS
        validators: list[Any] = []


class MeterSerializer(serializers.ModelSerializer[Meter]):
    class Meta:
        model = Meter
        fields = ["id", *METER_FIELDS]


class MeterInputSerializer(serializers.ModelSerializer[Meter]):
    class Meta:
        model = Meter
        fields = METER_FIELDS
        validators: list[Any] = []


class QualityFlagSerializer(serializers.ModelSerializer[QualityFlag]):
    meter_code = serializers.CharField(source="meter.code", read_only=True)

    class Meta:
        model = QualityFlag
        fields = [
            "id",
            "meter",
            "meter_code",
            "ts",
            "kind",
            "detail",
            "status",
            "corrected_value",
            "note",
            "resolved_at",
        ]


class FlagResolveSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=[FlagStatus.CONFIRMED, FlagStatus.DISMISSED, FlagStatus.CORRECTED]
    )
    corrected_value = serializers.FloatField(required=False, allow_null=True)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ReadingConflictSerializer(serializers.ModelSerializer[ReadingConflict]):
    meter_code = serializers.CharField(source="meter.code", read_only=True)

    class Meta:
        model = ReadingConflict
        fields = ["id", "meter", "meter_code", "ts", "stored_value", "value", "received_at", "source"]


class ConflictResolveSerializer(serializers.Serializer[Any]):
    adopt = serializers.BooleanField(help_text="use the value received later instead of the stored one")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class DeadLetterSerializer(serializers.ModelSerializer[DeadLetter]):
    class Meta:
        model = DeadLetter
        fields = ["id", "received_at", "source", "unit", "reference", "index", "reason", "payload"]


class BrokerAlertSerializer(serializers.ModelSerializer[BrokerAlert]):
    class Meta:
        model = BrokerAlert
        fields = ["id", "raised_at", "kind", "broker", "worker", "dropped", "detail"]


class ConversionCoefficientSerializer(serializers.ModelSerializer[ConversionCoefficient]):
    class Meta:
        model = ConversionCoefficient
        fields = [
            "id",
            "edition",
            "energy_type",
            "basis",
            "unit_of_measure",
            "kgce",
            "confirmed",
            "in_force",
            "note",
        ]


class EquippingRequirementSerializer(serializers.ModelSerializer[EquippingRequirement]):
    class Meta:
        model = EquippingRequirement
        fields = ["id", "energy_type", "level", "rate", "confirmed", "note"]


class AccuracyRequirementSerializer(serializers.ModelSerializer[AccuracyRequirement]):
    class Meta:
        model = AccuracyRequirement
        fields = ["id", "energy_type", "level", "requirement", "confirmed", "note"]


class MonthlyStatementSerializer(serializers.ModelSerializer[MonthlyStatement]):
    unit_name = serializers.CharField(source="unit.organization.name", read_only=True)

    class Meta:
        model = MonthlyStatement
        fields = [
            "id",
            "unit",
            "unit_name",
            "energy_type",
            "month",
            "quantity",
            "unit_of_measure",
            "submitted_at",
        ]


class MonthlyStatementInputSerializer(serializers.ModelSerializer[MonthlyStatement]):
    month = serializers.DateField(help_text="the month's first day, YYYY-MM-01")

    class Meta:
        model = MonthlyStatement
        fields = MONTHLY_STATEMENT_FIELDS
        validators: list[Any] = []  # the service (full_clean) names a duplicate month on its fields


class EnergyConsumerSerializer(serializers.ModelSerializer[EnergyConsumer]):
    class Meta:
        model = EnergyConsumer
        fields = ["id", "unit", "level", "name", "energy_type", "size", "size_unit", "active", "note"]


class EnergyConsumerInputSerializer(serializers.ModelSerializer[EnergyConsumer]):
    class Meta:
        model = EnergyConsumer
        fields = ENERGY_CONSUMER_FIELDS
        validators: list[Any] = []


class MajorThresholdSerializer(serializers.ModelSerializer[MajorThreshold]):
    class Meta:
        model = MajorThreshold
        fields = ["id", "level", "energy_type", "threshold", "size_unit", "confirmed", "note"]


class SeriesPointSerializer(serializers.Serializer[Any]):
    period = serializers.CharField(help_text="day (YYYY-MM-DD) or month's first day")
    energy_type = serializers.CharField()
    quantity = serializers.FloatField(help_text="in unit_of_measure, after the multiplier")
    unit_of_measure = serializers.CharField()
    tce = serializers.CharField(help_text="tonnes of standard coal (decimal as text)")


class ReviewRateSerializer(serializers.Serializer[Any]):
    energy_type = serializers.CharField(help_text="label")
    level = serializers.CharField(help_text="label")
    installed = serializers.IntegerField()
    declared = serializers.IntegerField(allow_null=True, help_text="the unit's declared requirement, if any")
    major = serializers.IntegerField(help_text="meters required by the major consumers (Table 2)")
    required = serializers.IntegerField(help_text="the larger of declared and major")  # type: ignore[assignment]  # the field, not Field.required
    rate = serializers.CharField(allow_null=True, help_text="equipping rate, percent")
    table_rate = serializers.CharField(allow_null=True, help_text="Table 1's required rate, percent")
    confirmed = serializers.BooleanField()


class ReviewShortfallSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["equipping", "accuracy", "threshold"])
    energy_type = serializers.CharField()
    level = serializers.CharField()
    meter = serializers.CharField(help_text="meter code (accuracy shortfalls)")
    detail = serializers.CharField()


class ReviewConsumerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    energy_type = serializers.CharField()
    size = serializers.CharField()
    size_unit = serializers.CharField()
    threshold = serializers.CharField(allow_null=True)
    threshold_unit = serializers.CharField()
    reaches = serializers.BooleanField(allow_null=True, help_text="size ≥ threshold; null: undecided")
    major = serializers.BooleanField()
    needs_meter = serializers.BooleanField()


class ReviewSerializer(serializers.Serializer[Any]):
    rates = ReviewRateSerializer(many=True)
    shortfalls = ReviewShortfallSerializer(many=True)
    consumers = ReviewConsumerSerializer(many=True)
    unconfirmed_cells = serializers.IntegerField(help_text="Table 1 cells used that are unconfirmed")
    unconfirmed_thresholds = serializers.IntegerField(help_text="Table 2 cells used that are unconfirmed")


class TokenIssuedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    token = serializers.CharField(help_text="shown in this answer only")


class MonthRangeSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="any day of the first month")
    end = serializers.DateField(help_text="any day of the last month")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "the period ends before it starts"})
        if (attrs["end"] - attrs["start"]).days > 31 * 36:
            raise serializers.ValidationError({"end": "at most 36 months at a time"})
        return attrs


class ConsistencyRowSerializer(serializers.Serializer[Any]):
    statement = serializers.IntegerField()
    month = serializers.DateField()
    energy_type = serializers.CharField()
    statement_quantity = serializers.CharField()
    daily_total = serializers.CharField(help_text="sum of the month's daily data, in the statement's unit")
    unit_of_measure = serializers.CharField()
    difference = serializers.CharField(help_text="daily total minus statement")
    deviation = serializers.CharField(allow_null=True, help_text="|difference| ÷ statement")
    ok = serializers.BooleanField(help_text="within 5 %")
    days_with_data = serializers.IntegerField()
    days_in_month = serializers.IntegerField()


class IngestResultSerializer(serializers.Serializer[Any]):
    accepted = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    conflicts = serializers.IntegerField()
    rejected = serializers.ListField(child=serializers.DictField())
    batch = serializers.IntegerField(allow_null=True)
    error = serializers.DictField(
        required=False, help_text="present (status 400) when no reading of the request could be stored"
    )


class HourlyQuerySerializer(serializers.Serializer[Any]):
    """The local day of an hourly series (today when omitted)."""

    day = serializers.DateField(required=False, help_text="local day, YYYY-MM-DD; today when omitted")


class HourlyPointSerializer(serializers.Serializer[Any]):
    """One hour of a meter's stored hourly consumption."""

    hour = serializers.DateTimeField(help_text="start of the local hour")
    consumption = serializers.FloatField(help_text="in the meter's unit of measure, after the multiplier")
    readings = serializers.IntegerField(help_text="readings received in the hour")


class PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    region = RegionCodeField(
        queryset=Region.objects.filter(valid_to__isnull=True),
        required=False,
        allow_null=True,
    )
    granularity = serializers.ChoiceField(choices=["day", "month"], default="day")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "the period ends before it starts"})
        if (attrs["end"] - attrs["start"]).days > 366:
            raise serializers.ValidationError({"end": "at most 366 days at a time"})
        return attrs


class TokenIssueSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=64)


class CityFiguresSerializer(serializers.Serializer[Any]):
    units_online = serializers.IntegerField()
    units = serializers.IntegerField()
    national_online = serializers.IntegerField()
    national_units = serializers.IntegerField()
    national_online_share = serializers.CharField(allow_null=True)
    total_tce = serializers.CharField()
    tce_by_energy_type = serializers.DictField(child=serializers.CharField())
    top_consumers = serializers.ListField(child=serializers.DictField())
