"""Net-content resources under /api/v1/: prepack-campaigns, prepack-lots, capability-declarations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.core.api.viewsets import ServiceViewSet, writes_schema
from jiliang.prepack import figures, filtersets, judging, selectors, services
from jiliang.prepack.api import serializers


@writes_schema(serializers.CampaignInputSerializer, serializers.CampaignSerializer)
class CampaignViewSet(ServiceViewSet):
    """Supervisory sampling campaigns, with their lot counts in the caller's scope."""

    list_selector = staticmethod(selectors.campaign_list)
    create_service = staticmethod(services.campaign_create)
    update_service = staticmethod(services.campaign_update)
    serializer_class = serializers.CampaignSerializer
    input_serializer_class = serializers.CampaignInputSerializer
    filterset_class = filtersets.CampaignFilterSet

    def _output(self, obj: Any, code: int) -> Response:
        # Answer with the stored campaign as the list shows it (with its counts).
        return super()._output(selectors.campaign_get(user=self.request.user, pk=obj.pk), code)


@writes_schema(serializers.LotInputSerializer, serializers.LotSerializer)
class LotViewSet(ServiceViewSet):
    """Inspection lots with their stored judgement; ``figure`` with ``start`` / ``end`` drills into the
    pass rate. ``measurements`` records a lot's sample (judged at once); ``judge`` judges posted values
    without saving anything."""

    list_selector = staticmethod(selectors.lot_list)
    create_service = staticmethod(services.lot_create)
    update_service = staticmethod(services.lot_update)
    serializer_class = serializers.LotSerializer
    input_serializer_class = serializers.LotInputSerializer
    filterset_class = filtersets.LotFilterSet

    @extend_schema(request=serializers.MeasurementsSerializer, responses=serializers.LotSerializer)
    @action(detail=True, methods=["post"])
    def measurements(self, request: Request, pk: str | None = None) -> Response:
        lot = self.get_object()
        data = serializers.MeasurementsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.lot_measurements_record(actor=request.user, instance=lot, **data.validated_data)
        return Response(
            serializers.LotSerializer(selectors.lot_get(user=request.user, pk=saved.pk)).data,
            status=status.HTTP_200_OK,
        )

    @extend_schema(request=serializers.JudgeSerializer, responses=serializers.JudgementSerializer)
    @action(detail=False, methods=["post"])
    def judge(self, request: Request) -> Response:
        query = serializers.JudgeSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        sample = judging.sample_from_input(
            measurements=data["measurements"], tare_mode=data["tare_mode"], tare_values=data["tare_values"]
        )
        rounding = judging.rounding_method()
        judgement = judging.judge(
            nominal=data["nominal"],
            unit=data["unit"],
            lot_size=data["lot_size"],
            sample=sample,
            rounding=rounding,
        )
        return Response({**judging.judgement_as_json(judgement), "rounding": rounding})


@writes_schema(serializers.CapabilityDeclarationInputSerializer, serializers.CapabilityDeclarationSerializer)
class CapabilityDeclarationViewSet(ServiceViewSet):
    """The register of producers' metrology assurance capability declarations (the "C" mark)."""

    list_selector = staticmethod(selectors.declaration_list)
    create_service = staticmethod(services.declaration_create)
    update_service = staticmethod(services.declaration_update)
    serializer_class = serializers.CapabilityDeclarationSerializer
    input_serializer_class = serializers.CapabilityDeclarationInputSerializer
    filterset_class = filtersets.CapabilityDeclarationFilterSet


@extend_schema(parameters=[serializers.PassRateQuerySerializer], responses=serializers.PassRateSerializer)
@api_view(["GET"])
def pass_rate(request: Request) -> Response:
    """净含量抽检合格率 for a period (sampling date), region subtree, product category and producer."""
    query = serializers.PassRateQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data: dict[str, Any] = query.validated_data
    figure = figures.pass_rate(
        user=request.user,
        start=data["start"],
        end=data["end"],
        region=data.get("region"),
        category=data.get("category") or None,
        producer=data.get("producer"),
    )
    return Response({"numerator": figure.numerator, "denominator": figure.denominator, "rate": figure.rate})
