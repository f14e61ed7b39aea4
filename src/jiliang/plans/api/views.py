"""Plans, targets, live target status and evidence under /api/v1/."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.core.api.viewsets import ServiceViewSet
from jiliang.plans import filtersets, report, selectors, services
from jiliang.plans.api import serializers


class PlanViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Plans with their targets; ``status`` computes every target as of a date for a region."""

    serializer_class = serializers.PlanSerializer

    def get_queryset(self) -> Any:
        return selectors.plan_list().prefetch_related("targets")

    @extend_schema(
        parameters=[serializers.StatusQuerySerializer],
        responses=serializers.TargetStatusSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def status(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        query = serializers.StatusQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        region = selectors.visible_region(
            user=request.user, requested=query.validated_data.get("region"), plan=plan
        )
        states = selectors.plan_status(plan=plan, user=request.user, as_of=as_of, region=region)
        rows = [
            {
                "code": s.target.code,
                "text": s.target.text,
                "metric": s.target.metric,
                "comparator": s.target.comparator,
                "target": s.target.value,
                "unit": s.target.unit,
                "value": s.value.value if s.value else None,
                "numerator": s.value.numerator if s.value else None,
                "denominator": s.value.denominator if s.value else None,
                "status": s.status,
                "has_source": s.has_source,
                "link": s.value.link if s.value else "",
            }
            for s in states
        ]
        return Response(
            {
                "plan": plan.code,
                "as_of": as_of,
                "region": region.code,
                "targets": serializers.TargetStatusSerializer(rows, many=True).data,
            }
        )

    @extend_schema(
        parameters=[serializers.ReportQuerySerializer],
        responses={(200, "application/pdf"): bytes, (200, "application/octet-stream"): bytes},
    )
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The assessment report of a year and region as a PDF, XLSX or HTML file."""
        plan = self.get_object()
        query = serializers.ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        region = selectors.visible_region(user=request.user, requested=data.get("region"), plan=plan)
        built = report.assessment_build(plan=plan, user=request.user, year=data["year"], region=region)
        fmt = data["output"]
        if fmt == "pdf":
            try:
                body, content_type = report.render_pdf(built), "application/pdf"
            except report.ReportError as exc:
                raise exceptions.APIException(str(exc)) from None
        elif fmt == "xlsx":
            body = report.render_xlsx(built)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body, content_type = report.render_html(built).encode(), "text/html; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{plan.code}-{built.year}-{region.code}.{fmt}"'
        )
        return response


class EvidenceViewSet(ServiceViewSet):
    list_selector = staticmethod(selectors.evidence_list)
    create_service = staticmethod(services.evidence_create)
    update_service = staticmethod(services.evidence_update)
    serializer_class = serializers.EvidenceSerializer
    filterset_class = filtersets.EvidenceFilterSet
