"""API representations of plans, targets and their live status."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiliang.plans.models import EvidenceItem, Plan, Target
from jiliang.registry.fields import RegionCodeField
from jiliang.registry.models import Region


class TargetSerializer(serializers.ModelSerializer[Target]):
    class Meta:
        model = Target
        fields = [
            "id",
            "code",
            "section",
            "text",
            "metric",
            "comparator",
            "value",
            "unit",
            "baseline",
            "baseline_on",
            "deadline",
            "scope",
            "period",
        ]


class PlanSerializer(serializers.ModelSerializer[Plan]):
    region_code = serializers.CharField(source="region.code", read_only=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "title",
            "issuer",
            "document_number",
            "region_code",
            "starts_on",
            "ends_on",
            "is_default",
            "targets",
        ]


class StatusQuerySerializer(serializers.Serializer[Any]):
    as_of = serializers.DateField(required=False)
    region = RegionCodeField(queryset=Region.objects.all(), required=False)


class ReportQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    region = RegionCodeField(queryset=Region.objects.all(), required=False)
    # Not "format": DRF reserves that query parameter for content negotiation.
    output = serializers.ChoiceField(choices=["html", "xlsx", "pdf"], default="pdf")


class TargetStatusSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    text = serializers.CharField()
    metric = serializers.CharField()
    comparator = serializers.CharField()
    target = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    has_source = serializers.BooleanField()
    link = serializers.CharField(allow_blank=True)


class EvidenceSerializer(serializers.ModelSerializer[EvidenceItem]):
    class Meta:
        model = EvidenceItem
        fields = [
            "id",
            "kind",
            "title",
            "level",
            "achieved_on",
            "region",
            "organization",
            "documents",
            "confirmed_at",
        ]
        read_only_fields = ["confirmed_at"]
