"""Traceability endpoints under /api/v1/traceability/: chain check, reverse trace, coverage, planner."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.instruments import selectors, traceability
from jiliang.registry.fields import RegionCodeField
from jiliang.registry.models import Region
from jiliang.standards import selectors as standards
from jiliang.standards.reports import trace_dict


class CheckQuerySerializer(serializers.Serializer[Any]):
    standard = serializers.CharField(required=False, help_text="code of a measurement standard")
    instrument = serializers.IntegerField(required=False, help_text="register number of an instrument")
    as_of = serializers.DateField(required=False, help_text="the day of the check (default: today)")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("standard")) == (attrs.get("instrument") is not None):
            raise serializers.ValidationError({"standard": "give either standard or instrument"})
        return attrs


class ImpactQuerySerializer(serializers.Serializer[Any]):
    standard = serializers.CharField(help_text="code of the suspect standard")
    start = serializers.DateField(help_text="first day of the window")
    end = serializers.DateField(help_text="last day of the window")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "the window ends before it starts"})
        return attrs


class CoverageQuerySerializer(serializers.Serializer[Any]):
    as_of = serializers.DateField(required=False, help_text="the day (default: today)")
    region = RegionCodeField(queryset=Region.objects.all(), required=False, allow_null=True)
    budget = serializers.IntegerField(required=False, min_value=0, max_value=50, default=5)


def _query(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


@extend_schema(parameters=[CheckQuerySerializer], responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def check(request: Request) -> Response:
    """Every chain of a standard or an instrument up to an accepted root as of a date; ``holds`` is true
    when every chain holds, ``first_broken`` names the first broken link."""
    data = _query(CheckQuerySerializer, request)
    day = data.get("as_of") or timezone.localdate()
    if data.get("standard"):
        standard = standards.standard_get_by_code(user=request.user, code=data["standard"])
        result = standards.standard_trace(standard=standard, day=day)
    else:
        instrument = selectors.instrument_get(user=request.user, pk=data["instrument"])
        result = traceability.instrument_trace(instrument=instrument, day=day)
    return Response(trace_dict(result))


@extend_schema(parameters=[ImpactQuerySerializer], responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def impact(request: Request) -> Response:
    """Reverse trace of a suspect standard over a window: the standards calibrated with it, the counts,
    and the verification records with their certificates (paginated ``results``)."""
    data = _query(ImpactQuerySerializer, request)
    standard = get_object_or_404(standards.standard_list(user=request.user), code=data["standard"])
    result = traceability.standard_impact(
        user=request.user, standard=standard, start=data["start"], end=data["end"]
    )
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(result.records, request) or []
    body = {
        "standard": standard.code,
        "start": data["start"],
        "end": data["end"],
        "summary": vars(result.summary),
        "standards": [
            {
                "code": d.standard.code,
                "name": d.standard.name,
                "holder": d.standard.holder.name,
                "suspect_from": d.suspect_from,
                "depth": d.depth,
            }
            for d in result.dependants
        ],
        "results": [
            {
                "verification": r.pk,
                "verified_on": r.verified_on,
                "standard": r.standard.code if r.standard else None,
                "certificates": [c.number for c in r.certificates.all()],
                "instrument": r.instrument_id,
                "owner": r.instrument.owner.name,
                "owner_uscc": r.instrument.owner.uscc,
            }
            for r in page
        ],
    }
    count = paginator.page.paginator.count if paginator.page is not None else 0
    return Response(
        {**body, "count": count, "next": paginator.get_next_link(), "previous": paginator.get_previous_link()}
    )


@extend_schema(parameters=[CoverageQuerySerializer], responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def coverage(request: Request) -> Response:
    """Coverage of in-use instruments by valid local public standards, with the per-type breakdown and
    the planner's suggestions for ``budget`` new standards."""
    data = _query(CoverageQuerySerializer, request)
    day = data.get("as_of") or timezone.localdate()
    region = data.get("region")
    figure = traceability.coverage(user=request.user, day=day, region=region)
    by_type = traceability.coverage_by_type(user=request.user, day=day, region=region)
    plan = traceability.coverage_plan(user=request.user, day=day, region=region, budget=data["budget"])
    return Response(
        {
            "as_of": day,
            "region": region.code if region else None,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "rate": figure.rate,
            "by_type": [
                {
                    "type": t.type_code,
                    "in_use": t.in_use,
                    "covered": t.covered,
                    "uncovered": [{"region": r.code if r else None, "count": n} for r, n in t.uncovered],
                }
                for t in by_type
            ],
            "plan": [
                {
                    "type": p.type_code,
                    "level": p.level,
                    "county": p.county.code if p.county else None,
                    "gain": p.gain,
                    "covered": p.covered,
                    "rate": p.rate,
                }
                for p in plan
            ],
        }
    )
