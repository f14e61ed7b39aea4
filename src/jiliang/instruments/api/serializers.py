"""API representations of mandatory verification."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiliang.instruments.choices import TypeSet
from jiliang.instruments.models import Certificate, Instrument, VerificationRecord
from jiliang.instruments.models.instruments import INSTRUMENT_FIELDS
from jiliang.instruments.models.verification import VERIFICATION_RECORD_FIELDS
from jiliang.instruments.selectors import instrument_list
from jiliang.registry.fields import RegionCodeField
from jiliang.registry.models import InstrumentType, Organization, Person, Region
from jiliang.standards.models import MeasurementStandard


class InstrumentSerializer(serializers.ModelSerializer[Instrument]):
    owner_uscc = serializers.CharField(source="owner.uscc", read_only=True)
    instrument_type_code = serializers.CharField(source="instrument_type.code", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "owner",
            "owner_uscc",
            "instrument_type",
            "instrument_type_code",
            "serial_number",
            "manufacturer",
            "model",
            "accuracy_class",
            "measuring_range",
            "location",
            "region_code",
            "use_domain",
            "status",
            "put_into_use_on",
            "retired_on",
            "next_due_on",
        ]


class InstrumentInputSerializer(serializers.ModelSerializer[Instrument]):
    owner = serializers.SlugRelatedField(slug_field="uscc", queryset=Organization.objects.all())
    instrument_type = serializers.SlugRelatedField(
        slug_field="code", queryset=InstrumentType.objects.filter(valid_to__isnull=True)
    )
    site_region = RegionCodeField(
        queryset=Region.objects.filter(valid_to__isnull=True),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Instrument
        fields = INSTRUMENT_FIELDS
        # Uniqueness is the service's to judge (it reports it on the field like any other rule).
        validators: list[Any] = []


class VerificationRecordSerializer(serializers.ModelSerializer[VerificationRecord]):
    certificates = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)  # type: ignore[var-annotated]
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = VerificationRecord
        fields = [
            "id",
            "instrument",
            "institution",
            "verifier",
            "verified_on",
            "standard",
            "result",
            "readings_summary",
            "valid_until",
            "voided_at",
            "certificates",
        ]


class VerificationRecordInputSerializer(serializers.ModelSerializer[VerificationRecord]):
    instrument = serializers.PrimaryKeyRelatedField(
        queryset=Instrument.objects.select_related("instrument_type")
    )
    institution = serializers.SlugRelatedField(slug_field="uscc", queryset=Organization.objects.all())
    verifier = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    standard = serializers.SlugRelatedField(
        slug_field="code", queryset=MeasurementStandard.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = VerificationRecord
        fields = VERIFICATION_RECORD_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # An instrument the caller cannot read is answered like one that does not exist.
            self.fields["instrument"].queryset = instrument_list(user=request.user)  # type: ignore[attr-defined]


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    replaces = serializers.SlugRelatedField(slug_field="number", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "check_code",
            "verification",
            "issued_at",
            "revoked_at",
            "revoke_reason",
            "replaces",
        ]


class RevokeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)
    reissue = serializers.BooleanField(default=False)


class FigureQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="first day of the period")
    end = serializers.DateField(help_text="last day of the period")
    region = RegionCodeField(queryset=Region.objects.all(), required=False, allow_null=True)
    types = serializers.ChoiceField(choices=TypeSet.choices, default=TypeSet.ALL)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "the period ends before it starts"})
        return attrs


class FigureSerializer(serializers.Serializer[Any]):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
