"""Mandatory-verification resources under /api/v1/."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.core.api.viewsets import ServiceViewSet
from jiliang.instruments import figures, filtersets, selectors, services
from jiliang.instruments.api import serializers


class InstrumentViewSet(ServiceViewSet):
    """The register of instruments under mandatory verification; ``figure`` drills into a figure."""

    list_selector = staticmethod(selectors.instrument_list)
    create_service = staticmethod(services.instrument_register)
    update_service = staticmethod(services.instrument_update)
    serializer_class = serializers.InstrumentSerializer
    input_serializer_class = serializers.InstrumentInputSerializer
    filterset_class = filtersets.InstrumentFilterSet


class VerificationRecordViewSet(ServiceViewSet):
    """Verification records; creating one issues its certificate or notice."""

    list_selector = staticmethod(selectors.verification_record_list)
    create_service = staticmethod(services.verification_record_create)
    serializer_class = serializers.VerificationRecordSerializer
    input_serializer_class = serializers.VerificationRecordInputSerializer
    filterset_class = filtersets.VerificationRecordFilterSet
    http_method_names = ["get", "post", "head", "options"]


class CertificateViewSet(ServiceViewSet):
    """Certificates and notices: read-only, revoked (and reissued) through ``revoke``."""

    list_selector = staticmethod(selectors.certificate_list)
    serializer_class = serializers.CertificateSerializer
    filterset_class = filtersets.CertificateFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=serializers.RevokeSerializer, responses=serializers.CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        certificate = self.get_object()
        data = serializers.RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["reissue"]:
            result = services.certificate_reissue(
                actor=request.user, certificate=certificate, reason=data.validated_data["reason"]
            )
        else:
            result = services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=data.validated_data["reason"]
            )
        return Response(serializers.CertificateSerializer(result).data, status=status.HTTP_200_OK)


@extend_schema(parameters=[serializers.FigureQuerySerializer], responses=serializers.FigureSerializer)
@api_view(["GET"])
def inspection_rate(request: Request) -> Response:
    """受检率 for a period, region subtree and instrument set, with numerator and denominator."""
    query = serializers.FigureQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data: dict[str, Any] = query.validated_data
    figure = figures.inspection_rate(
        user=request.user,
        start=data["start"],
        end=data["end"],
        filters=figures.Filters(region=data.get("region"), types=data["types"]),
    )
    return Response({"numerator": figure.numerator, "denominator": figure.denominator, "rate": figure.rate})
