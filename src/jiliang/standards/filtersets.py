"""Filter sets of the standards registry, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jiliang.registry.fields import RegionFilter
from jiliang.registry.models import Discipline, Region
from jiliang.registry.selectors import region_subtree_q
from jiliang.standards.choices import (
    ApprovalStatus,
    CheckKind,
    ExternalKind,
    StandardLevel,
    StandardStatus,
)
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardCheck,
)
from jiliang.standards.selectors import standards_valid_on


class MeasurementStandardFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("level"), choices=StandardLevel.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=StandardStatus.choices)
    discipline = django_filters.ModelChoiceFilter(
        label=_("discipline"), queryset=Discipline.objects.all(), to_field_name="code"
    )
    region = RegionFilter(
        label=_("holder's region (with subdivisions)"),
        queryset=Region.objects.all(),
        method="filter_region",
    )
    holder = django_filters.CharFilter(label=_("holder credit code"), field_name="holder__uscc")
    instrument_type = django_filters.CharFilter(
        label=_("instrument type code"), field_name="instrument_types__code", distinct=True
    )
    valid_on = django_filters.DateFilter(label=_("valid on"), method="filter_valid_on")
    flagged = django_filters.BooleanFilter(label=_("flagged (open finding)"), method="filter_flagged")

    class Meta:
        model = MeasurementStandard
        fields = [
            "q",
            "level",
            "status",
            "discipline",
            "region",
            "holder",
            "instrument_type",
            "valid_on",
            "flagged",
        ]

    def filter_flagged(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        open_flags = Q(flags__closed_on__isnull=True, flags__isnull=False)
        flagged_ids = MeasurementStandard.objects.filter(open_flags).values("pk")
        return queryset.filter(pk__in=flagged_ids) if value else queryset.exclude(pk__in=flagged_ids)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(holder__name__icontains=value)
        )

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        return queryset if value is None else queryset.filter(region_subtree_q(value, "holder__region"))

    def filter_valid_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return standards_valid_on(queryset, value)


class ApprovalCertificateFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    number = django_filters.CharFilter(label=_("certificate number"), lookup_expr="icontains")
    standard = django_filters.CharFilter(label=_("standard code"), field_name="standard__code")
    status = django_filters.ChoiceFilter(label=_("status"), choices=ApprovalStatus.choices)
    expires_before = django_filters.DateFilter(
        label=_("valid until before"), field_name="valid_until", lookup_expr="lt"
    )

    class Meta:
        model = ApprovalCertificate
        fields = ["number", "standard", "status", "expires_before"]


class CalibrationLinkFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    standard = django_filters.CharFilter(label=_("standard code"), field_name="standard__code")
    higher_standard = django_filters.CharFilter(
        label=_("calibrated by (standard code)"), field_name="higher_standard__code"
    )
    external = django_filters.NumberFilter(label=_("calibrated by (external reference id)"))
    certificate_number = django_filters.CharFilter(label=_("certificate number"), lookup_expr="icontains")
    lapsed_on = django_filters.DateFilter(label=_("lapsed by"), field_name="valid_until", lookup_expr="lt")

    class Meta:
        model = CalibrationLink
        fields = ["standard", "higher_standard", "external", "certificate_number", "lapsed_on"]


class StandardCheckFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    standard = django_filters.CharFilter(label=_("standard code"), field_name="standard__code")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=CheckKind.choices)
    passed = django_filters.BooleanFilter(label=_("passed"))

    class Meta:
        model = StandardCheck
        fields = ["standard", "kind", "passed"]


class ExternalReferenceFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    institution = django_filters.CharFilter(label=_("institution"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ExternalKind.choices)
    accepted_as_root = django_filters.BooleanFilter(label=_("accepted root of traceability"))

    class Meta:
        model = ExternalReference
        fields = ["institution", "kind", "accepted_as_root"]
