"""API representations of the net-content inspections."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiliang.prepack.choices import ProductCategory, QuantityUnit, TareMode
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.prepack.models.campaigns import CAMPAIGN_FIELDS
from jiliang.registry.fields import RegionCodeField
from jiliang.registry.models import Organization, Person, Region


def _values(*, required: bool = True) -> serializers.ListField:
    """A list of measured values: strings as typed ("500.2") or JSON numbers."""
    if required:
        return serializers.ListField(child=serializers.CharField(max_length=32), max_length=1000)
    return serializers.ListField(
        child=serializers.CharField(max_length=32), max_length=1000, required=False, default=list
    )


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    """A campaign; ``lot_count``, ``judged_count``, ``passed_count``: its lots in the caller's scope."""

    inspecting_institution_uscc = serializers.CharField(source="inspecting_institution.uscc", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    lot_count = serializers.IntegerField(read_only=True, help_text="lots of the campaign in your scope")
    judged_count = serializers.IntegerField(read_only=True)
    passed_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "year",
            "organizer",
            "inspecting_institution",
            "inspecting_institution_uscc",
            "region_code",
            "start_on",
            "end_on",
            "status",
            "note",
            "lot_count",
            "judged_count",
            "passed_count",
        ]
        ref_name = "PrepackCampaign"


class CampaignInputSerializer(serializers.ModelSerializer[Campaign]):
    inspecting_institution = serializers.SlugRelatedField(
        slug_field="uscc", queryset=Organization.objects.all()
    )
    region = RegionCodeField(queryset=Region.objects.filter(valid_to__isnull=True))
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)

    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
        # One schema component with the output (as its request form), so each choice set gets one name.
        ref_name = "PrepackCampaign"


class LotSerializer(serializers.ModelSerializer[Lot]):
    producer_uscc = serializers.CharField(source="producer.uscc", read_only=True)
    market_uscc = serializers.CharField(source="market.uscc", read_only=True, allow_null=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    inspectors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    lambda_ = serializers.DecimalField(
        source="lambda_factor", max_digits=19, decimal_places=7, read_only=True
    )

    class Meta:
        model = Lot
        fields = [
            "id",
            "campaign",
            "producer",
            "producer_uscc",
            "product_name",
            "category",
            "brand",
            "nominal",
            "unit",
            "production_lot",
            "lot_size",
            "sampled_at",
            "market",
            "market_uscc",
            "region_code",
            "sampled_on",
            "inspectors",
            "measurements",
            "tare_mode",
            "tare_values",
            "verdict",
            "tne",
            "tne_rule",
            "mean",
            "std",
            "lambda_",
            "mean_limit",
            "mean_ok",
            "t1_count",
            "t2_count",
            "t1_allowed",
            "t2_allowed",
            "reasons",
            "rule_edition",
            "rounding",
            "judged_at",
        ]
        ref_name = "PrepackLot"


class LotInputSerializer(serializers.ModelSerializer[Lot]):
    """A lot to record (optionally with its measured sample, judged at once) or correct."""

    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.select_related("region"))
    producer = serializers.SlugRelatedField(
        slug_field="uscc", queryset=Organization.objects.select_related("region")
    )
    market = serializers.SlugRelatedField(
        slug_field="uscc",
        queryset=Organization.objects.select_related("region"),
        required=False,
        allow_null=True,
    )
    inspectors = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(), required=False)
    measurements = _values(required=False)
    tare_mode = serializers.ChoiceField(choices=TareMode.choices, required=False)
    tare_values = _values(required=False)

    class Meta:
        model = Lot
        fields = [
            "campaign",
            "producer",
            "product_name",
            "category",
            "brand",
            "nominal",
            "unit",
            "production_lot",
            "lot_size",
            "sampled_at",
            "market",
            "sampled_on",
            "inspectors",
            "measurements",
            "tare_mode",
            "tare_values",
        ]
        ref_name = "PrepackLot"


class MeasurementsSerializer(serializers.Serializer[Any]):
    """The measured sample of a lot; ``reason`` is required when the lot was judged already."""

    measurements = _values()
    tare_mode = serializers.ChoiceField(choices=TareMode.choices, default=TareMode.NONE)
    tare_values = _values(required=False)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class JudgeSerializer(serializers.Serializer[Any]):
    """A lot to judge without saving anything."""

    nominal = serializers.DecimalField(max_digits=12, decimal_places=4, min_value=0)
    unit = serializers.ChoiceField(choices=QuantityUnit.choices)
    lot_size = serializers.IntegerField(min_value=1)
    measurements = _values()
    tare_mode = serializers.ChoiceField(choices=TareMode.choices, default=TareMode.NONE)
    tare_values = _values(required=False)


class JudgementSerializer(serializers.Serializer[Any]):
    """The judgement: the keys of ``jiliang prepack judge --json`` plus the rounding method of T."""

    sample_size_required = serializers.IntegerField()
    sample_size = serializers.IntegerField()
    tne = serializers.FloatField()
    mean = serializers.FloatField()
    std = serializers.FloatField(allow_null=True)
    lambda_ = serializers.FloatField(allow_null=True)
    mean_limit = serializers.FloatField(allow_null=True)
    mean_ok = serializers.BooleanField(allow_null=True)
    t1_count = serializers.IntegerField()
    t2_count = serializers.IntegerField()
    t1_allowed = serializers.IntegerField()
    t2_allowed = serializers.IntegerField()
    verdict = serializers.CharField(help_text='"pass" or "fail"')
    reasons = serializers.ListField(child=serializers.CharField())
    unit = serializers.CharField()
    tne_rule = serializers.CharField()
    rule_edition = serializers.CharField()
    rounding = serializers.CharField()

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        # "lambda" is a Python keyword: declare it as lambda_ and publish it under its contract name.
        fields["lambda"] = fields.pop("lambda_")
        return fields


class CapabilityDeclarationSerializer(serializers.ModelSerializer[CapabilityDeclaration]):
    producer_uscc = serializers.CharField(source="producer.uscc", read_only=True)
    products = serializers.ListField(child=serializers.CharField(max_length=200), required=False)

    class Meta:
        model = CapabilityDeclaration
        fields = [
            "id",
            "producer",
            "producer_uscc",
            "number",
            "declared_on",
            "status",
            "ended_on",
            "products",
            "note",
        ]


class CapabilityDeclarationInputSerializer(serializers.ModelSerializer[CapabilityDeclaration]):
    producer = serializers.SlugRelatedField(
        slug_field="uscc", queryset=Organization.objects.select_related("region")
    )
    products = serializers.ListField(child=serializers.CharField(max_length=200), required=False)

    class Meta:
        model = CapabilityDeclaration
        fields = ["producer", "number", "declared_on", "status", "ended_on", "products", "note"]
        ref_name = "CapabilityDeclaration"
        # The one-in-force rule is the service's to judge (it reports it like any other rule).
        validators: list[Any] = []


class PassRateQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="first day of the period (sampling date)")
    end = serializers.DateField(help_text="last day of the period")
    region = RegionCodeField(queryset=Region.objects.all(), required=False, allow_null=True)
    category = serializers.ChoiceField(choices=ProductCategory.choices, required=False)
    producer = serializers.SlugRelatedField(
        slug_field="uscc", queryset=Organization.objects.all(), required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "the period ends before it starts"})
        return attrs


class PassRateSerializer(serializers.Serializer[Any]):
    numerator = serializers.IntegerField(help_text="lots passed")
    denominator = serializers.IntegerField(help_text="lots judged")
    rate = serializers.FloatField(allow_null=True)
