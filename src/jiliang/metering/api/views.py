"""Energy-resource metering under /api/v1/metering/: resources, the readings endpoint, figures."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jiliang.core.api.errors import error_body
from jiliang.core.api.viewsets import ServiceViewSet
from jiliang.metering import figures, filtersets, selectors, services
from jiliang.metering.api import serializers
from jiliang.metering.api.auth import IsUnit, UnitPrincipal, UnitTokenAuthentication
from jiliang.metering.choices import ReadingSource
from jiliang.metering.ingest import (
    MAX_READINGS,
    Part,
    PayloadError,
    PayloadTooLargeError,
    parse_csv_payload,
    parse_json_payload,
    payload_dead_letter,
    readings_ingest,
)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_many_readings"
    default_detail = f"at most {MAX_READINGS} readings per request"


class ReadingsView(APIView):
    """``POST /api/v1/metering/readings``: a unit's readings as JSON (an object or an array of
    ``{"meter", "ts", "value"}``) or CSV (header ``meter,ts,value``), at most 10 000 per request,
    authenticated by the unit's ingest token (``Authorization: Bearer …``).

    The answer counts accepted, duplicate and conflicting readings and names each rejected one by its
    index and reason; rejected readings and unreadable payloads are kept as dead letters.
    """

    authentication_classes = [UnitTokenAuthentication]
    permission_classes = [IsUnit]
    parser_classes: list[Any] = []

    @extend_schema(
        request={"application/json": dict, "text/csv": str},
        responses={200: serializers.IngestResultSerializer, 400: serializers.IngestResultSerializer},
    )
    def post(self, request: Request) -> Response:
        principal = request.user
        assert isinstance(principal, UnitPrincipal)
        unit = principal.unit
        body = request.body
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        reference = f"{request.path} {content_type}"
        try:
            if content_type in ("text/csv", "application/csv"):
                rows = parse_csv_payload(body)
            elif content_type in ("application/json", ""):
                rows = parse_json_payload(body)
            else:
                raise exceptions.UnsupportedMediaType(content_type)
        except PayloadError as exc:
            payload_dead_letter(
                source=ReadingSource.HTTP, unit_id=unit.pk, reference=reference, payload=body, reason=str(exc)
            )
            if isinstance(exc, PayloadTooLargeError):
                raise PayloadTooLarge(str(exc)) from exc
            raise exceptions.ValidationError({"payload": [str(exc)]}) from exc
        result = readings_ingest(
            parts=[Part(unit_id=unit.pk, rows=rows, reference=reference)], source=ReadingSource.HTTP
        )
        answer = result.as_dict()
        if result.rejected and not (result.accepted or result.duplicates or result.conflicts):
            # Nothing of the request could be stored: a client error, each reading named by its index.
            index, reason = result.rejected[0]
            answer |= error_body(
                status=400,
                code="invalid",
                message=f"reading {index}: {reason}",
                fields={f"readings[{i}]": [r] for i, r in result.rejected[:100]},
            )
            return Response(answer, status=status.HTTP_400_BAD_REQUEST)
        return Response(answer, status=status.HTTP_200_OK)


class EnergyUnitViewSet(ServiceViewSet):
    """Key energy-using units; ``series``, ``review``, ``completeness`` and ``tokens`` per unit."""

    list_selector = staticmethod(selectors.energy_unit_list)
    create_service = staticmethod(services.energy_unit_create)
    update_service = staticmethod(services.energy_unit_update)
    serializer_class = serializers.EnergyUnitSerializer
    input_serializer_class = serializers.EnergyUnitInputSerializer
    filterset_class = filtersets.EnergyUnitFilterSet

    @extend_schema(
        parameters=[serializers.PeriodSerializer],
        responses=serializers.SeriesPointSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def series(self, request: Request, pk: str | None = None) -> Response:
        """Consumption per energy type and day (or month) of the unit's entering / leaving meters."""
        unit = self.get_object()
        query = serializers.PeriodSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        reader = (
            selectors.unit_monthly_series if data["granularity"] == "month" else selectors.unit_daily_series
        )
        points = reader(unit=unit, start=data["start"], end=data["end"])
        return Response(
            [
                {
                    "period": p.period.isoformat(),
                    "energy_type": p.energy_type,
                    "quantity": p.quantity,
                    "unit_of_measure": p.unit_of_measure,
                    "tce": str(p.tce),
                }
                for p in points
            ]
        )

    @extend_schema(responses=serializers.ReviewSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def review(self, request: Request, pk: str | None = None) -> Response:
        """The GB 17167 equipment review: rates per energy type and level (the requirement being the larger
        of the declared count and Table 2's major consumers), Table 2's verdict on each declared sub-unit
        or equipment flow, and every shortfall."""
        report = selectors.review_report(unit=self.get_object())
        return Response(
            {
                "rates": [
                    {
                        **r,
                        "rate": None if r["rate"] is None else str(r["rate"]),
                        "table_rate": None if r["table_rate"] is None else str(r["table_rate"]),
                    }
                    for r in report.rates
                ],
                "shortfalls": [
                    {
                        "kind": s.kind,
                        "energy_type": s.energy,
                        "level": s.level,
                        "meter": s.meter,
                        "detail": s.detail,
                    }
                    for s in report.shortfalls
                ],
                "consumers": [
                    {
                        "id": row.pk,
                        "name": v.consumer.name,
                        "level": v.consumer.level,
                        "energy_type": v.consumer.energy,
                        "size": str(v.consumer.size),
                        "size_unit": v.consumer.size_unit,
                        "threshold": None if v.threshold is None else str(v.threshold),
                        "threshold_unit": v.threshold_unit,
                        "reaches": v.reaches,
                        "major": v.major,
                        "needs_meter": v.needs_meter,
                    }
                    for row in report.consumers
                    for v in (row.verdict,)
                ],
                "unconfirmed_cells": report.unconfirmed_cells,
                "unconfirmed_thresholds": report.unconfirmed_thresholds,
            }
        )

    @extend_schema(
        parameters=[serializers.MonthRangeSerializer],
        responses=serializers.ConsistencyRowSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def consistency(self, request: Request, pk: str | None = None) -> Response:
        """Daily vs monthly data: each monthly statement of the months from ``start`` to ``end`` against
        the sum of its month's daily data (national rule: within 5 %)."""
        unit = self.get_object()
        query = serializers.MonthRangeSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.consistency_report(
            unit=unit, start=query.validated_data["start"], end=query.validated_data["end"]
        )
        return Response(
            [
                {
                    "statement": row.statement.pk,
                    "month": row.statement.month.isoformat(),
                    "energy_type": row.statement.energy_type,
                    "statement_quantity": str(row.statement.quantity),
                    "daily_total": str(row.daily_total),
                    "unit_of_measure": row.statement.unit_of_measure,
                    "difference": str(row.difference),
                    "deviation": None if row.result.deviation is None else str(row.result.deviation),
                    "ok": row.result.ok,
                    "days_with_data": row.days_with_data,
                    "days_in_month": row.days_in_month,
                }
                for row in rows
            ]
        )

    @extend_schema(
        request=serializers.TokenIssueSerializer, responses={201: serializers.TokenIssuedSerializer}
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def tokens(self, request: Request, pk: str | None = None) -> Response:
        """Issue an ingest token; the token is in this answer only."""
        unit = self.get_object()
        data = serializers.TokenIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record, token = services.ingest_token_issue(
            actor=request.user, unit=unit, name=data.validated_data["name"]
        )
        return Response(
            {"id": record.pk, "name": record.name, "token": token}, status=status.HTTP_201_CREATED
        )


class MeterViewSet(ServiceViewSet):
    """Meters of the units in scope."""

    list_selector = staticmethod(selectors.meter_list)
    create_service = staticmethod(services.meter_create)
    update_service = staticmethod(services.meter_update)
    serializer_class = serializers.MeterSerializer
    input_serializer_class = serializers.MeterInputSerializer
    filterset_class = filtersets.MeterFilterSet

    @extend_schema(
        parameters=[serializers.HourlyQuerySerializer],
        responses=serializers.HourlyPointSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def hourly(self, request: Request, pk: str | None = None) -> Response:
        """Hourly consumption of the meter on one local day (after the multiplier, corrections applied),
        from the hourly aggregate the ingest path maintains: the hours with readings, in order."""
        meter = self.get_object()
        query = serializers.HourlyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("day") or timezone.localdate()
        points = selectors.meter_hourly_series(meter=meter, day=day)
        return Response(serializers.HourlyPointSerializer(points, many=True).data)


class MonthlyStatementViewSet(ServiceViewSet):
    """Monthly statements (the monthly upload), checked against the daily data; no deletes."""

    list_selector = staticmethod(selectors.monthly_statement_list)
    create_service = staticmethod(services.monthly_statement_create)
    update_service = staticmethod(services.monthly_statement_update)
    serializer_class = serializers.MonthlyStatementSerializer
    input_serializer_class = serializers.MonthlyStatementInputSerializer
    filterset_class = filtersets.MonthlyStatementFilterSet


class EnergyConsumerViewSet(ServiceViewSet):
    """Sub-units and equipment the units declare, with their size in GB 17167 Table 2's unit."""

    list_selector = staticmethod(selectors.energy_consumer_list)
    create_service = staticmethod(services.energy_consumer_create)
    update_service = staticmethod(services.energy_consumer_update)
    serializer_class = serializers.EnergyConsumerSerializer
    input_serializer_class = serializers.EnergyConsumerInputSerializer
    filterset_class = filtersets.EnergyConsumerFilterSet


class QualityFlagViewSet(ServiceViewSet):
    """Quality flags; ``resolve`` confirms, dismisses or corrects one (audited; the reading is kept)."""

    list_selector = staticmethod(selectors.quality_flag_list)
    serializer_class = serializers.QualityFlagSerializer
    filterset_class = filtersets.QualityFlagFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=serializers.FlagResolveSerializer, responses=serializers.QualityFlagSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        flag = self.get_object()
        data = serializers.FlagResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = services.quality_flag_resolve(actor=request.user, flag=flag, **data.validated_data)
        return Response(serializers.QualityFlagSerializer(flag).data)


class ReadingConflictViewSet(ServiceViewSet):
    """Readings repeated with another value; ``resolve`` keeps the stored value or adopts the new one."""

    list_selector = staticmethod(selectors.reading_conflict_list)
    serializer_class = serializers.ReadingConflictSerializer
    filterset_class = filtersets.ReadingConflictFilterSet
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=serializers.ConflictResolveSerializer, responses=serializers.QualityFlagSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        conflict = self.get_object()
        data = serializers.ConflictResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag = services.conflict_resolve(actor=request.user, conflict=conflict, **data.validated_data)
        return Response(serializers.QualityFlagSerializer(flag).data)


class DeadLetterViewSet(ServiceViewSet):
    """What could not be taken in, with the raw payload and the reason (read-only)."""

    list_selector = staticmethod(selectors.dead_letter_list)
    serializer_class = serializers.DeadLetterSerializer
    filterset_class = filtersets.DeadLetterFilterSet
    http_method_names = ["get", "head", "options"]


class BrokerAlertViewSet(ServiceViewSet):
    """What the MQTT broker dropped or would drop, raised by the ingest workers (bureau only, read-only)."""

    list_selector = staticmethod(selectors.broker_alert_list)
    serializer_class = serializers.BrokerAlertSerializer
    filterset_class = filtersets.BrokerAlertFilterSet
    http_method_names = ["get", "head", "options"]


class ConversionCoefficientViewSet(ServiceViewSet):
    """GB/T 2589 coefficients (edition recorded); the bureau edits them."""

    list_selector = staticmethod(selectors.coefficient_list)
    create_service = staticmethod(services.coefficient_create)
    update_service = staticmethod(services.coefficient_update)
    serializer_class = serializers.ConversionCoefficientSerializer
    input_serializer_class = serializers.ConversionCoefficientSerializer


class EquippingRequirementViewSet(ServiceViewSet):
    """GB 17167 Table 1 as data (cells marked confirmed or not); the bureau edits them."""

    list_selector = staticmethod(selectors.equipping_requirement_list)
    update_service = staticmethod(services.equipping_requirement_update)
    serializer_class = serializers.EquippingRequirementSerializer
    input_serializer_class = serializers.EquippingRequirementSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]


class MajorThresholdViewSet(ServiceViewSet):
    """GB 17167 Table 2 as data (what makes a sub-unit or equipment major; unconfirmed); the bureau edits
    and completes it."""

    list_selector = staticmethod(selectors.major_threshold_list)
    create_service = staticmethod(services.major_threshold_create)
    update_service = staticmethod(services.major_threshold_update)
    serializer_class = serializers.MajorThresholdSerializer
    input_serializer_class = serializers.MajorThresholdSerializer


class AccuracyRequirementViewSet(ServiceViewSet):
    """GB 17167 Table 3 as data; the bureau edits it."""

    list_selector = staticmethod(selectors.accuracy_requirement_list)
    update_service = staticmethod(services.accuracy_requirement_update)
    serializer_class = serializers.AccuracyRequirementSerializer
    input_serializer_class = serializers.AccuracyRequirementSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]


@extend_schema(parameters=[serializers.PeriodSerializer], responses=serializers.CityFiguresSerializer)
@api_view(["GET"])
def city_figures(request: Request) -> Response:
    """Units online now (against the plan's 40), the national-list share online, consumption in tce by
    energy type over the period, and the top consumers."""
    query = serializers.PeriodSerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data: dict[str, Any] = query.validated_data
    region = data.get("region")
    online = figures.units_online(user=request.user, region=region)
    used = figures.consumption(user=request.user, start=data["start"], end=data["end"], region=region)
    top = figures.top_consumers(user=request.user, start=data["start"], end=data["end"], region=region)
    share = online.national_share
    return Response(
        {
            "units_online": online.online,
            "units": online.total,
            "national_online": online.national_online,
            "national_units": online.national_total,
            "national_online_share": None if share is None else str(share),
            "total_tce": str(used.total_tce),
            "tce_by_energy_type": {k: str(v) for k, v in sorted(used.by_energy.items())},
            "top_consumers": [{"unit": u.pk, "name": u.organization.name, "tce": str(t)} for u, t in top],
        }
    )
