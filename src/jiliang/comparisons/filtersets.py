"""Filter sets of comparison rounds and corrective actions, shared by the HTML lists and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jiliang.comparisons.choices import ActionStatus, Level, RoundStatus
from jiliang.comparisons.models import ComparisonRound, CorrectiveAction


class ComparisonRoundFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=RoundStatus.choices)
    year = django_filters.NumberFilter(label=_("year"), field_name="starts_on", lookup_expr="year")
    year_from = django_filters.NumberFilter(
        label=_("from year"), field_name="starts_on", lookup_expr="year__gte"
    )
    year_to = django_filters.NumberFilter(label=_("to year"), field_name="starts_on", lookup_expr="year__lte")
    laboratory = django_filters.CharFilter(
        label=_("pilot or participant credit code"), method="filter_laboratory"
    )

    class Meta:
        model = ComparisonRound
        fields = ["q", "level", "status", "year", "year_from", "year_to", "laboratory"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(code__icontains=value)
            | Q(title__icontains=value)
            | Q(quantity__icontains=value)
            | Q(artefact__icontains=value)
        )

    def filter_laboratory(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(pilot__uscc=value)
            | Q(pk__in=ComparisonRound.objects.filter(participants__organization__uscc=value).values("pk"))
        )


class CorrectiveActionFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    status = django_filters.ChoiceFilter(label=_("status"), choices=ActionStatus.choices)
    round = django_filters.CharFilter(label=_("comparison code"), field_name="participant__round__code")
    laboratory = django_filters.CharFilter(
        label=_("laboratory credit code"), field_name="participant__organization__uscc"
    )
    standard = django_filters.CharFilter(label=_("standard code"), field_name="participant__standard__code")

    class Meta:
        model = CorrectiveAction
        fields = ["status", "round", "laboratory", "standard"]
