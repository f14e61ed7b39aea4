"""API representations of comparison rounds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from jiliang.comparisons.models import (
    ComparisonPoint,
    ComparisonRound,
    CorrectiveAction,
    CustodyTransfer,
    Participant,
    PointEvaluation,
    Result,
)
from jiliang.comparisons.models.rounds import POINT_FIELDS, ROUND_FIELDS
from jiliang.registry.models import Organization
from jiliang.standards.models import MeasurementStandard


class PointEvaluationSerializer(serializers.ModelSerializer[PointEvaluation]):
    class Meta:
        model = PointEvaluation
        fields = [
            "method",
            "reference_value",
            "reference_uncertainty",
            "drift_uncertainty",
            "chi2_observed",
            "chi2_critical",
            "degrees_of_freedom",
            "consistent",
            "excluded",
            "iterations",
            "evaluated_at",
        ]


class PointSerializer(serializers.ModelSerializer[ComparisonPoint]):
    evaluation = PointEvaluationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ComparisonPoint
        fields = ["id", *POINT_FIELDS, "evaluation"]


class PointInputSerializer(serializers.ModelSerializer[ComparisonPoint]):
    round = serializers.PrimaryKeyRelatedField(queryset=ComparisonRound.objects.all())

    class Meta:
        model = ComparisonPoint
        fields = ["round", *POINT_FIELDS]
        extra_kwargs = {"position": {"required": False}}


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    organization_uscc = serializers.CharField(source="organization.uscc", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    standard_code = serializers.CharField(source="standard.code", read_only=True, allow_null=True)
    submitted = serializers.SerializerMethodField(help_text="results submitted (count), values may be hidden")

    class Meta:
        model = Participant
        fields = [
            "id",
            "lab_code",
            "position",
            "organization_uscc",
            "organization_name",
            "standard_code",
            "outcome",
            "submitted",
        ]

    def get_submitted(self, obj: Participant) -> int:
        return len(obj.results.all())


class ParticipantInputSerializer(serializers.Serializer[Any]):
    organization = serializers.SlugRelatedField(slug_field="uscc", queryset=Organization.objects.all())
    standard = serializers.SlugRelatedField(
        slug_field="code", queryset=MeasurementStandard.objects.all(), required=False, allow_null=True
    )
    lab_code = serializers.CharField(max_length=8, required=False, default="")


class TransferSerializer(serializers.ModelSerializer[CustodyTransfer]):
    sender = serializers.CharField(source="sender.lab_code", read_only=True, allow_null=True)
    receiver = serializers.CharField(source="receiver.lab_code", read_only=True, allow_null=True)

    class Meta:
        model = CustodyTransfer
        fields = ["id", "sequence", "sender", "receiver", "planned_on", "sent_on", "received_on", "condition"]
        read_only_fields = ["id", "sequence", "planned_on"]


class ScheduleSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    days_per_laboratory = serializers.IntegerField(min_value=1, max_value=365)


class RoundSerializer(serializers.ModelSerializer[ComparisonRound]):
    """A round with its points (and their evaluation), participants and circulation (``null`` pilot in a
    hand-over is the pilot laboratory)."""

    pilot_uscc = serializers.CharField(source="pilot.uscc", read_only=True, allow_null=True)
    pilot_label = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True, help_text="the year the round starts (counts for)")
    protocol_file_url = serializers.SerializerMethodField(
        help_text="download link of the protocol file, if any"
    )
    points = PointSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    transfers = TransferSerializer(many=True, read_only=True)

    class Meta:
        model = ComparisonRound
        fields = [
            "id",
            "code",
            "title",
            "level",
            "year",
            "organizer",
            "pilot_uscc",
            "pilot_name",
            "pilot_label",
            "quantity",
            "artefact",
            "protocol",
            "protocol_file_url",
            "circulation",
            "starts_on",
            "submission_deadline",
            "status",
            "method",
            "exclude_discrepant",
            "closed_at",
            "evaluated_at",
            "points",
            "participants",
            "transfers",
        ]
        ref_name = "ComparisonRound"

    def get_protocol_file_url(self, obj: ComparisonRound) -> str | None:
        return reverse("comparisons:protocol", args=[obj.pk]) if obj.protocol_file else None


class RoundInputSerializer(serializers.ModelSerializer[ComparisonRound]):
    pilot = serializers.SlugRelatedField(
        slug_field="uscc", queryset=Organization.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ComparisonRound
        fields = ROUND_FIELDS
        ref_name = "ComparisonRound"


class ResultSerializer(serializers.ModelSerializer[Result]):
    lab = serializers.CharField(source="participant.lab_code", read_only=True)
    point_label = serializers.CharField(source="point.label", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "lab",
            "point",
            "point_label",
            "value",
            "expanded_uncertainty",
            "k",
            "measured_on",
            "submitted_at",
            "d",
            "d_expanded_uncertainty",
            "en",
            "z",
            "zeta",
            "status",
            "contributed",
            "excluded",
        ]


class ResultInputSerializer(serializers.Serializer[Any]):
    point = serializers.IntegerField(help_text="id of a measurement point of this comparison")
    value = serializers.DecimalField(max_digits=24, decimal_places=12)
    expanded_uncertainty = serializers.DecimalField(max_digits=24, decimal_places=12)
    k = serializers.DecimalField(max_digits=4, decimal_places=2, required=False, default=Decimal(2))
    measured_on = serializers.DateField(required=False, allow_null=True)


class SubmissionSerializer(serializers.Serializer[Any]):
    """Your laboratory's results, one per point; all are stored or none."""

    results = ResultInputSerializer(many=True, allow_empty=False)


class EvaluationOutcomeSerializer(serializers.Serializer[Any]):
    comparison = RoundSerializer()
    corrective_actions_opened = serializers.ListField(child=serializers.IntegerField())


class CorrectiveActionSerializer(serializers.ModelSerializer[CorrectiveAction]):
    comparison = serializers.CharField(source="participant.round.code", read_only=True)
    lab = serializers.CharField(source="participant.lab_code", read_only=True)
    organization_uscc = serializers.CharField(source="participant.organization.uscc", read_only=True)
    standard_code = serializers.CharField(source="participant.standard.code", read_only=True, allow_null=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "comparison",
            "lab",
            "organization_uscc",
            "standard_code",
            "opened_on",
            "finding",
            "cause",
            "action_taken",
            "status",
            "closed_on",
        ]
        read_only_fields = ["opened_on", "finding", "status", "closed_on"]
        ref_name = "CorrectiveAction"


class CorrectiveActionInputSerializer(serializers.ModelSerializer[CorrectiveAction]):
    class Meta:
        model = CorrectiveAction
        fields = ["cause", "action_taken"]
        ref_name = "CorrectiveAction"


class ActionCloseSerializer(serializers.Serializer[Any]):
    closed_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class FiguresQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    region = serializers.CharField(required=False, help_text="region code (with subdivisions)")


class FiguresSerializer(serializers.Serializer[Any]):
    provincial_joined = serializers.IntegerField()
    provincial_joined_by_year = serializers.DictField(child=serializers.IntegerField())
    city_organized = serializers.IntegerField()
    city_organized_by_year = serializers.DictField(child=serializers.IntegerField())
    satisfactory = serializers.IntegerField()
    judged = serializers.IntegerField()
    satisfactory_share = serializers.FloatField(allow_null=True)
