"""API representations of the standards registry. Output serializers read; input serializers validate."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiliang.registry.models import Discipline, InstrumentType, Organization, Person
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardCheck,
)
from jiliang.standards.models.links import CALIBRATION_LINK_FIELDS
from jiliang.standards.models.standards import (
    APPROVAL_CERTIFICATE_FIELDS,
    STANDARD_CHECK_FIELDS,
    STANDARD_FIELDS,
)


class MeasurementStandardSerializer(serializers.ModelSerializer[MeasurementStandard]):
    holder_uscc = serializers.CharField(source="holder.uscc", read_only=True)
    discipline = serializers.CharField(source="discipline.code", read_only=True)
    instrument_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    approval_number = serializers.CharField(read_only=True, allow_null=True)
    approval_valid_until = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = MeasurementStandard
        fields = [
            "id",
            "code",
            "name",
            "holder",
            "holder_uscc",
            "level",
            "discipline",
            "quantity",
            "measuring_range",
            "uncertainty",
            "accuracy_kind",
            "accuracy_value",
            "accuracy_unit",
            "verified_mpe_value",
            "verified_mpe_unit",
            "instrument_types",
            "status",
            "suspended_on",
            "retired_on",
            "status_reason",
            "approval_number",
            "approval_valid_until",
            "note",
        ]


class MeasurementStandardInputSerializer(serializers.ModelSerializer[MeasurementStandard]):
    holder = serializers.SlugRelatedField(
        slug_field="uscc", queryset=Organization.objects.select_related("region")
    )
    discipline = serializers.SlugRelatedField(slug_field="code", queryset=Discipline.objects.all())
    instrument_types = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=InstrumentType.objects.filter(valid_to__isnull=True),
        required=False,
    )

    class Meta:
        model = MeasurementStandard
        fields = STANDARD_FIELDS
        # Uniqueness is the service's to judge (it reports it on the field like any other rule).
        validators: list[Any] = []


class StatusActionSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=255)


class ApprovalCertificateSerializer(serializers.ModelSerializer[ApprovalCertificate]):
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    renews = serializers.SlugRelatedField(slug_field="number", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = ApprovalCertificate
        fields = [
            "id",
            "standard",
            "number",
            "issued_on",
            "valid_until",
            "issued_by",
            "status",
            "revoked_on",
            "revoke_reason",
            "renews",
        ]


class ApprovalCertificateInputSerializer(serializers.ModelSerializer[ApprovalCertificate]):
    standard = serializers.SlugRelatedField(
        slug_field="code", queryset=MeasurementStandard.objects.select_related("holder__region")
    )
    valid_until = serializers.DateField(required=False, help_text="blank: the configured default validity")

    class Meta:
        model = ApprovalCertificate
        fields = APPROVAL_CERTIFICATE_FIELDS
        validators: list[Any] = []


class ExternalReferenceSerializer(serializers.ModelSerializer[ExternalReference]):
    class Meta:
        model = ExternalReference
        fields = [
            "id",
            "institution",
            "kind",
            "standard_name",
            "certificate_number",
            "valid_until",
            "accepted_as_root",
            "traced_to",
            "note",
        ]
        validators: list[Any] = []


class CalibrationLinkSerializer(serializers.ModelSerializer[CalibrationLink]):
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    higher_standard = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = CalibrationLink
        fields = [
            "id",
            "standard",
            "higher_standard",
            "external",
            "kind",
            "certificate_number",
            "calibrated_on",
            "valid_until",
            "stated_uncertainty",
            "uncertainty_value",
            "uncertainty_unit",
            "note",
        ]


class CalibrationLinkInputSerializer(serializers.ModelSerializer[CalibrationLink]):
    standard = serializers.SlugRelatedField(
        slug_field="code", queryset=MeasurementStandard.objects.select_related("holder__region")
    )
    higher_standard = serializers.SlugRelatedField(
        slug_field="code", queryset=MeasurementStandard.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = CalibrationLink
        fields = CALIBRATION_LINK_FIELDS


class StandardCheckSerializer(serializers.ModelSerializer[StandardCheck]):
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = StandardCheck
        fields = [
            "id",
            "standard",
            "kind",
            "performed_on",
            "readings",
            "observed",
            "limit",
            "unit",
            "criterion",
            "passed",
            "performed_by",
            "note",
        ]


class StandardCheckInputSerializer(serializers.ModelSerializer[StandardCheck]):
    standard = serializers.SlugRelatedField(
        slug_field="code", queryset=MeasurementStandard.objects.select_related("holder__region")
    )
    readings = serializers.ListField(
        child=serializers.DecimalField(max_digits=24, decimal_places=12), min_length=2
    )
    performed_by = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = StandardCheck
        fields = STANDARD_CHECK_FIELDS


class TraceQuerySerializer(serializers.Serializer[Any]):
    as_of = serializers.DateField(required=False, help_text="the day of the check (default: today)")
