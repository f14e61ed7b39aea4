"""API representations of the registry. Output serializers read; input serializers validate writes."""

from __future__ import annotations

from rest_framework import serializers

from jiliang.registry.choices import INSTITUTE_KINDS
from jiliang.registry.fields import RegionCodeField
from jiliang.registry.models import (
    Discipline,
    Expert,
    InstituteAuthorization,
    InstrumentType,
    Organization,
    Person,
    Region,
    VerifierQualification,
)
from jiliang.registry.models.authorizations import INSTITUTE_AUTHORIZATION_FIELDS
from jiliang.registry.models.organizations import ORGANIZATION_FIELDS
from jiliang.registry.models.people import VERIFIER_QUALIFICATION_FIELDS
from jiliang.registry.models.regions import REGION_FIELDS


class RegionSerializer(serializers.ModelSerializer[Region]):
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True)
    successor_code = serializers.CharField(source="successor.code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = [
            "id",
            "code",
            "name",
            "level",
            "parent_code",
            "path",
            "valid_from",
            "valid_to",
            "successor_code",
        ]


class RegionInputSerializer(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = REGION_FIELDS


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "uscc",
            "kind",
            "region",
            "region_code",
            "address",
            "industry",
            "is_key_energy_unit",
            "contact_name",
            "contact_phone",
            "created_at",
            "updated_at",
        ]


class OrganizationInputSerializer(serializers.ModelSerializer[Organization]):
    region = RegionCodeField(queryset=Region.objects.filter(valid_to__isnull=True))

    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS


class PersonSerializer(serializers.ModelSerializer[Person]):
    class Meta:
        model = Person
        fields = ["id", "name", "organization", "title", "phone", "email"]


class QualificationSerializer(serializers.ModelSerializer[VerifierQualification]):
    instrument_types = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = VerifierQualification
        fields = ["id", "person", "number", "instrument_types", "issued_by", "valid_from", "valid_until"]


class QualificationInputSerializer(serializers.ModelSerializer[VerifierQualification]):
    class Meta:
        model = VerifierQualification
        fields = VERIFIER_QUALIFICATION_FIELDS


class ExpertSerializer(serializers.ModelSerializer[Expert]):
    disciplines = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Discipline.objects.all()
    )

    class Meta:
        model = Expert
        fields = ["id", "person", "disciplines", "specialty", "admitted_on", "active"]


class InstituteAuthorizationSerializer(serializers.ModelSerializer[InstituteAuthorization]):
    institute_uscc = serializers.CharField(source="institute.uscc", read_only=True)
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    instrument_types = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = InstituteAuthorization
        fields = [
            "id",
            "institute",
            "institute_uscc",
            "number",
            "regions",
            "instrument_types",
            "issued_by",
            "valid_from",
            "valid_until",
            "status",
            "note",
            "created_at",
            "updated_at",
        ]


class InstituteAuthorizationInputSerializer(serializers.ModelSerializer[InstituteAuthorization]):
    """Input: the institute by its credit code, regions by GB/T 2260 code, types by catalogue code."""

    institute = serializers.SlugRelatedField(
        slug_field="uscc", queryset=Organization.objects.filter(kind__in=INSTITUTE_KINDS)
    )
    regions = RegionCodeField(many=True, queryset=Region.objects.all())
    instrument_types = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=InstrumentType.objects.filter(valid_to__isnull=True)
    )

    class Meta:
        model = InstituteAuthorization
        fields = INSTITUTE_AUTHORIZATION_FIELDS
