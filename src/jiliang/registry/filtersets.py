"""Filter sets of the registry, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jiliang.registry.choices import AuthorizationStatus, OrganizationKind, RegionLevel
from jiliang.registry.fields import RegionFilter
from jiliang.registry.models import (
    Discipline,
    Expert,
    InstituteAuthorization,
    Organization,
    Person,
    Region,
    VerifierQualification,
)


class _SearchFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """Adds ``q``: a case-insensitive search over ``search_fields``."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


def _region_subtree(queryset: QuerySet[Any], lookup: str, region: Region | None) -> QuerySet[Any]:
    if region is None:
        return queryset
    return queryset.filter(**{f"{lookup}__path__startswith": region.path})


class RegionFilterSet(_SearchFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(label=_("level"), choices=RegionLevel.choices)
    as_of = django_filters.DateFilter(label=_("in force on"), method="filter_as_of")

    class Meta:
        model = Region
        fields = ["q", "level", "as_of"]

    def filter_as_of(self, queryset: QuerySet[Region], name: str, value: Any) -> QuerySet[Region]:
        return queryset.valid_on(value)  # type: ignore[attr-defined,no-any-return]


class OrganizationFilterSet(_SearchFilterSet):
    search_fields = ("name", "uscc", "address")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=OrganizationKind.choices)
    region = RegionFilter(
        label=_("region (with subdivisions)"),
        queryset=Region.objects.all(),
        method="filter_region",
    )
    is_key_energy_unit = django_filters.BooleanFilter(label=_("key energy-using unit"))

    class Meta:
        model = Organization
        fields = ["q", "kind", "region", "is_key_energy_unit"]

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        return _region_subtree(queryset, "region", value)


class PersonFilterSet(_SearchFilterSet):
    search_fields = ("name", "organization__name", "phone")
    organization = django_filters.NumberFilter(label=_("organization id"), field_name="organization_id")

    class Meta:
        model = Person
        fields = ["q", "organization"]


class QualificationFilterSet(_SearchFilterSet):
    search_fields = ("number", "person__name")
    instrument_type = django_filters.CharFilter(
        label=_("instrument type code"), field_name="instrument_types__code", distinct=True
    )
    valid_on = django_filters.DateFilter(label=_("in force on"), method="filter_valid_on")

    class Meta:
        model = VerifierQualification
        fields = ["q", "instrument_type", "valid_on"]

    def filter_valid_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(valid_from__lte=value, valid_until__gte=value)


class ExpertFilterSet(_SearchFilterSet):
    search_fields = ("person__name", "specialty")
    discipline = django_filters.ModelChoiceFilter(
        label=_("discipline"),
        queryset=Discipline.objects.all(),
        field_name="disciplines",
        to_field_name="code",
    )
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Expert
        fields = ["q", "discipline", "active"]


class InstituteAuthorizationFilterSet(_SearchFilterSet):
    search_fields = ("number", "institute__name", "institute__uscc")
    institute = django_filters.NumberFilter(label=_("institute id"), field_name="institute_id")
    status = django_filters.ChoiceFilter(label=_("status"), choices=AuthorizationStatus.choices)
    instrument_type = django_filters.CharFilter(
        label=_("instrument type code"), field_name="instrument_types__code", distinct=True
    )
    valid_on = django_filters.DateFilter(label=_("in force on"), method="filter_valid_on")

    class Meta:
        model = InstituteAuthorization
        fields = ["q", "institute", "status", "instrument_type", "valid_on"]

    def filter_valid_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.in_force_on(value)  # type: ignore[attr-defined,no-any-return]
