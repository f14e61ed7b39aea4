"""Filter sets of energy-resource metering, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jiliang.metering.choices import (
    BrokerAlertKind,
    ConsumerLevel,
    EnergyType,
    FlagKind,
    FlagStatus,
    ListMembership,
    MeterLevel,
)
from jiliang.metering.models import (
    BrokerAlert,
    DeadLetter,
    EnergyConsumer,
    EnergyUnit,
    Meter,
    MonthlyStatement,
    QualityFlag,
    ReadingConflict,
)
from jiliang.registry.fields import RegionFilter
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_subtree_q


class EnergyUnitFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    list_membership = django_filters.ChoiceFilter(label=_("key-unit list"), choices=ListMembership.choices)
    region = RegionFilter(
        label=_("region (with subdivisions)"),
        queryset=Region.objects.all(),
        method="filter_region",
    )

    class Meta:
        model = EnergyUnit
        fields = ["q", "list_membership", "region"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(organization__name__icontains=value) | Q(organization__uscc__iexact=value))

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(region_subtree_q(value, "organization__region"))


class MeterFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.NumberFilter(label=_("unit"), field_name="unit_id")
    energy_type = django_filters.ChoiceFilter(label=_("energy type"), choices=EnergyType.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=MeterLevel.choices)
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Meter
        fields = ["q", "unit", "energy_type", "level", "active"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(unit__organization__name__icontains=value)
        )


class QualityFlagFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    status = django_filters.ChoiceFilter(label=_("status"), choices=FlagStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=FlagKind.choices)
    unit = django_filters.NumberFilter(label=_("unit"), field_name="meter__unit_id")
    meter = django_filters.NumberFilter(label=_("meter"), field_name="meter_id")

    class Meta:
        model = QualityFlag
        fields = ["status", "kind", "unit", "meter"]


class ReadingConflictFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    unit = django_filters.NumberFilter(label=_("unit"), field_name="meter__unit_id")

    class Meta:
        model = ReadingConflict
        fields = ["unit"]


class DeadLetterFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    unit = django_filters.NumberFilter(label=_("unit"), field_name="unit_id")
    source = django_filters.CharFilter(label=_("source"))

    class Meta:
        model = DeadLetter
        fields = ["unit", "source"]


class BrokerAlertFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=BrokerAlertKind.choices)

    class Meta:
        model = BrokerAlert
        fields = ["kind"]


class MonthlyStatementFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.NumberFilter(label=_("unit"), field_name="unit_id")
    energy_type = django_filters.ChoiceFilter(label=_("energy type"), choices=EnergyType.choices)
    month_from = django_filters.DateFilter(
        label=_("from month"), field_name="month", method="filter_month_from"
    )
    month_to = django_filters.DateFilter(label=_("to month"), field_name="month", lookup_expr="lte")
    region = RegionFilter(
        label=_("region (with subdivisions)"),
        queryset=Region.objects.all(),
        method="filter_region",
    )

    class Meta:
        model = MonthlyStatement
        fields = ["q", "unit", "energy_type", "month_from", "month_to", "region"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(unit__organization__name__icontains=value) | Q(unit__organization__uscc__iexact=value)
        )

    def filter_month_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # A statement is dated by its first day: "from 2025-03-15" still includes March.
        return queryset.filter(month__gte=value.replace(day=1)) if value else queryset

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(region_subtree_q(value, "unit__organization__region"))


class EnergyConsumerFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.NumberFilter(label=_("unit"), field_name="unit_id")
    level = django_filters.ChoiceFilter(label=_("level"), choices=ConsumerLevel.choices)
    energy_type = django_filters.ChoiceFilter(label=_("energy type"), choices=EnergyType.choices)
    active = django_filters.BooleanFilter(label=_("in use"))

    class Meta:
        model = EnergyConsumer
        fields = ["q", "unit", "level", "energy_type", "active"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(name__icontains=value) | Q(unit__organization__name__icontains=value))
