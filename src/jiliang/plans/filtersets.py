"""Filter set of evidence items (page and API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiliang.plans.choices import EvidenceKind, EvidenceLevel
from jiliang.plans.models import EvidenceItem


class EvidenceFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=EvidenceKind.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=EvidenceLevel.choices)
    confirmed = django_filters.BooleanFilter(label=_("confirmed"), method="filter_confirmed")
    achieved_after = django_filters.DateFilter(label=_("from"), field_name="achieved_on", lookup_expr="gte")
    achieved_before = django_filters.DateFilter(label=_("to"), field_name="achieved_on", lookup_expr="lte")

    class Meta:
        model = EvidenceItem
        fields = ["kind", "level", "confirmed", "achieved_after", "achieved_before"]

    def filter_confirmed(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(confirmed_at__isnull=not value)
