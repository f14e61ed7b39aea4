"""Filter sets of mandatory verification, shared by the HTML lists and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiliang.instruments.choices import (
    CertificateKind,
    CertificateStatus,
    InstrumentStatus,
    TypeSet,
    VerificationResult,
)
from jiliang.instruments.figures import DRILL_DOWN_PARAMS, instruments_behind
from jiliang.instruments.models import Certificate, Instrument, VerificationRecord
from jiliang.registry.fields import RegionFilter
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_subtree_q


class InstrumentFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """Also the drill-down of every figure: ``figure`` with ``from`` / ``to`` or ``as_of``."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("status"), choices=InstrumentStatus.choices)
    region = RegionFilter(
        label=_("region (with subdivisions)"),
        queryset=Region.objects.all(),
        method="filter_region",
    )
    instrument_type = django_filters.CharFilter(
        label=_("instrument type code"), field_name="instrument_type__code"
    )
    types = django_filters.ChoiceFilter(
        label=_("instrument set"), choices=TypeSet.choices, method="filter_types"
    )
    owner = django_filters.CharFilter(label=_("owner credit code"), field_name="owner__uscc")
    due_before = django_filters.DateFilter(label=_("due before"), field_name="next_due_on", lookup_expr="lt")
    due_within = django_filters.NumberFilter(label=_("due within (days)"), method="filter_due_within")
    figure = django_filters.ChoiceFilter(
        label=_("figure"), choices=[(k, k) for k in DRILL_DOWN_PARAMS], method="filter_figure"
    )
    start = django_filters.DateFilter(label=_("from"), method="noop", field_name="from")
    end = django_filters.DateFilter(label=_("to"), method="noop", field_name="to")
    as_of = django_filters.DateFilter(label=_("as of"), method="noop")

    class Meta:
        model = Instrument
        fields = [
            "q",
            "status",
            "region",
            "instrument_type",
            "types",
            "owner",
            "due_before",
            "due_within",
            "figure",
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(serial_number__icontains=value) | Q(owner__name__icontains=value))

    def filter_region(self, queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(region_subtree_q(value, "region"))

    def filter_types(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == TypeSet.HOUSEHOLD_FOUR:
            return queryset.exclude(instrument_type__household_meter="")
        if value == TypeSet.KEY_MANAGED:
            return queryset.filter(instrument_type__is_key_managed=True)
        return queryset

    def filter_due_within(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """In-use instruments due from today to today + N days (the due-in-N-days list)."""
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            status=InstrumentStatus.IN_USE,
            next_due_on__gte=today,
            next_due_on__lte=today + dt.timedelta(days=int(value)),
        )

    def noop(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset

    def filter_figure(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        data = self.form.cleaned_data
        today = timezone.localdate()
        params = {
            "from": data.get("start") or today.replace(month=1, day=1),
            "to": data.get("end") or today,
            "as_of": data.get("as_of") or today,
        }
        return instruments_behind(queryset, value, params)


class VerificationRecordFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    result = django_filters.ChoiceFilter(label=_("result"), choices=VerificationResult.choices)
    verified_after = django_filters.DateFilter(
        label=_("verified from"), field_name="verified_on", lookup_expr="gte"
    )
    verified_before = django_filters.DateFilter(
        label=_("verified until"), field_name="verified_on", lookup_expr="lte"
    )
    instrument = django_filters.NumberFilter(label=_("instrument"), field_name="instrument_id")
    institution = django_filters.NumberFilter(label=_("institution"), field_name="institution_id")

    class Meta:
        model = VerificationRecord
        fields = ["result", "verified_after", "verified_before", "instrument", "institution"]


class CertificateFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    number = django_filters.CharFilter(label=_("number"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=CertificateKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=CertificateStatus.choices)

    class Meta:
        model = Certificate
        fields = ["number", "kind", "status"]
