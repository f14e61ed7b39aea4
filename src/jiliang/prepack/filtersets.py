"""Filter sets of the net-content inspections, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiliang.prepack.choices import (
    CampaignStatus,
    DeclarationStatus,
    ProductCategory,
    SamplingPlace,
    Verdict,
)
from jiliang.prepack.figures import DRILL_DOWNS, lots_behind, region_q
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.registry.fields import RegionFilter
from jiliang.registry.models import Region


class LotFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """Also the drill-down of every pass-rate figure: ``figure`` (inspected / passed / failed) with
    ``start`` / ``end`` (default: this year), ``region``, ``category`` and ``producer``."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    campaign = django_filters.NumberFilter(label=_("campaign"), field_name="campaign_id")
    verdict = django_filters.ChoiceFilter(label=_("verdict"), choices=Verdict.choices)
    category = django_filters.ChoiceFilter(label=_("product category"), choices=ProductCategory.choices)
    sampled_at = django_filters.ChoiceFilter(label=_("sampled"), choices=SamplingPlace.choices)
    region = RegionFilter(
        label=_("region (with subdivisions)"),
        queryset=Region.objects.all(),
        method="filter_region",
    )
    producer = django_filters.CharFilter(label=_("producer credit code"), field_name="producer__uscc")
    producer_id = django_filters.NumberFilter(label=_("producer"), field_name="producer_id")
    figure = django_filters.ChoiceFilter(
        label=_("figure"), choices=[(k, k) for k in DRILL_DOWNS], method="filter_figure"
    )
    start = django_filters.DateFilter(label=_("sampled from"), field_name="sampled_on", lookup_expr="gte")
    end = django_filters.DateFilter(label=_("sampled until"), field_name="sampled_on", lookup_expr="lte")

    class Meta:
        model = Lot
        fields = [
            "q",
            "campaign",
            "verdict",
            "category",
            "sampled_at",
            "region",
            "producer",
            "producer_id",
            "figure",
            "start",
            "end",
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(product_name__icontains=value)
            | Q(brand__icontains=value)
            | Q(production_lot__icontains=value)
            | Q(producer__name__icontains=value)
        )

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        return queryset if value is None else queryset.filter(region_q(value))

    def filter_figure(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        data = self.form.cleaned_data
        today = timezone.localdate()
        start = data.get("start") or today.replace(month=1, day=1)
        end = data.get("end") or today
        return lots_behind(queryset, value, start, end)


class CampaignFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=CampaignStatus.choices)
    region = RegionFilter(
        label=_("region (with subdivisions)"),
        queryset=Region.objects.all(),
        method="filter_region",
    )
    inspecting_institution = django_filters.CharFilter(
        label=_("inspecting institution credit code"), field_name="inspecting_institution__uscc"
    )

    class Meta:
        model = Campaign
        fields = ["q", "year", "status", "region", "inspecting_institution"]

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        return queryset if value is None else queryset.filter(region_q(value))


class CapabilityDeclarationFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("status"), choices=DeclarationStatus.choices)
    producer = django_filters.CharFilter(label=_("producer credit code"), field_name="producer__uscc")

    class Meta:
        model = CapabilityDeclaration
        fields = ["q", "status", "producer"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(producer__name__icontains=value) | Q(number__icontains=value))
