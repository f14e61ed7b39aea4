"""API representations of energy-resource metering."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiliang.metering.choices import FlagStatus
from jiliang.metering.models import (
    AccuracyRequirement,
    ConversionCoefficient,
    DeadLetter,
    EnergyUnit,
    EquippingRequirement,
    Meter,
    QualityFlag,
    ReadingConflict,
)
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
        fields = [
            "organization",
            "list_membership",
            "list_year",
            "annual_tce",
            "manager_name",
            "manager_phone",
            "manager_email",
            "electricity_basis",
        ]
        validators: list[Any] = []


METER_FIELDS = [
    "code",
    "name",
    "energy_type",
    "level",
    "unit_of_measure",
    "kind",
    "multiplier",
    "accuracy_class",
    "interval_minutes",
    "register_max",
    "max_per_hour",
    "instrument",
    "active",
]


class MeterSerializer(serializers.ModelSerializer[Meter]):
    class Meta:
        model = Meter
        fields = ["id", "unit", *METER_FIELDS]


class MeterInputSerializer(serializers.ModelSerializer[Meter]):
    class Meta:
        model = Meter
        fields = ["unit", *METER_FIELDS]
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


class IngestResultSerializer(serializers.Serializer[Any]):
    accepted = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    conflicts = serializers.IntegerField()
    rejected = serializers.ListField(child=serializers.DictField())
    batch = serializers.IntegerField(allow_null=True)


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
    region = serializers.SlugRelatedField(
        slug_field="code",
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
