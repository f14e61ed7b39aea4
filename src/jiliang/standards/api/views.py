"""Standards resources under /api/v1/: querysets from selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.core.api.viewsets import ServiceViewSet
from jiliang.standards import filtersets, selectors, services
from jiliang.standards.api import serializers
from jiliang.standards.reports import trace_dict


class MeasurementStandardViewSet(ServiceViewSet):
    """Measurement standards with their current approval certificate; ``chain`` checks traceability and
    ``suspend`` / ``resume`` / ``retire`` change the status."""

    list_selector = staticmethod(selectors.standard_list)
    create_service = staticmethod(services.standard_create)
    update_service = staticmethod(services.standard_update)
    serializer_class = serializers.MeasurementStandardSerializer
    input_serializer_class = serializers.MeasurementStandardInputSerializer
    filterset_class = filtersets.MeasurementStandardFilterSet

    @extend_schema(parameters=[serializers.TraceQuerySerializer], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def chain(self, request: Request, pk: str | None = None) -> Response:
        """Every chain of the standard up to an accepted root as of ``as_of``, each link judged."""
        standard = self.get_object()
        query = serializers.TraceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("as_of") or timezone.localdate()
        return Response(trace_dict(selectors.standard_trace(standard=standard, day=day)))

    def _status(self, request: Request, service: Any) -> Response:
        standard = self.get_object()
        data = serializers.StatusActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, standard=standard, **data.validated_data)
        refreshed = selectors.standard_get(user=request.user, pk=standard.pk)
        return Response(self.serializer_class(refreshed).data, status=status.HTTP_200_OK)

    @extend_schema(
        request=serializers.StatusActionSerializer, responses=serializers.MeasurementStandardSerializer
    )
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str | None = None) -> Response:
        return self._status(request, services.standard_suspend)

    @extend_schema(
        request=serializers.StatusActionSerializer, responses=serializers.MeasurementStandardSerializer
    )
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        return self._status(request, services.standard_resume)

    @extend_schema(
        request=serializers.StatusActionSerializer, responses=serializers.MeasurementStandardSerializer
    )
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str | None = None) -> Response:
        return self._status(request, services.standard_retire)


class ApprovalCertificateViewSet(ServiceViewSet):
    """计量标准考核证书: issued (and renewed) by POST, never edited; ``revoke`` withdraws one."""

    list_selector = staticmethod(selectors.approval_list)
    create_service = staticmethod(services.approval_certificate_issue)
    serializer_class = serializers.ApprovalCertificateSerializer
    input_serializer_class = serializers.ApprovalCertificateInputSerializer
    filterset_class = filtersets.ApprovalCertificateFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        request=serializers.StatusActionSerializer, responses=serializers.ApprovalCertificateSerializer
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        certificate = self.get_object()
        data = serializers.StatusActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.approval_certificate_revoke(
            actor=request.user, certificate=certificate, **data.validated_data
        )
        return Response(serializers.ApprovalCertificateSerializer(result).data, status=status.HTTP_200_OK)


class ExternalReferenceViewSet(ServiceViewSet):
    """External references (provincial institute, NIM, other NMIs) that chains end at."""

    list_selector = staticmethod(selectors.external_list)
    create_service = staticmethod(services.external_reference_create)
    update_service = staticmethod(services.external_reference_update)
    serializer_class = serializers.ExternalReferenceSerializer
    filterset_class = filtersets.ExternalReferenceFilterSet


class CalibrationLinkViewSet(ServiceViewSet):
    """Calibrations of standards by higher standards or external references."""

    list_selector = staticmethod(selectors.link_list)
    create_service = staticmethod(services.calibration_link_create)
    update_service = staticmethod(services.calibration_link_update)
    serializer_class = serializers.CalibrationLinkSerializer
    input_serializer_class = serializers.CalibrationLinkInputSerializer
    filterset_class = filtersets.CalibrationLinkFilterSet


class StandardCheckViewSet(ServiceViewSet):
    """Stability and repeatability checks; a failed one suspends the standard."""

    list_selector = staticmethod(selectors.check_list)
    create_service = staticmethod(services.standard_check_record)
    serializer_class = serializers.StandardCheckSerializer
    input_serializer_class = serializers.StandardCheckInputSerializer
    filterset_class = filtersets.StandardCheckFilterSet
    http_method_names = ["get", "post", "head", "options"]
