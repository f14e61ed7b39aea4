"""Comparison resources under /api/v1/: comparisons (rounds with their actions), comparison-points,
comparison-transfers, corrective-actions and comparison-figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.comparisons import figures, filtersets, report, selectors, services
from jiliang.comparisons.api import serializers
from jiliang.core.api.viewsets import ServiceViewSet, writes_schema
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_get


@writes_schema(serializers.RoundInputSerializer, serializers.RoundSerializer)
class ComparisonViewSet(ServiceViewSet):
    """Comparison rounds. A laboratory sees the rounds it pilots or joins; results of other participants
    stay hidden until the pilot closes submission. State changes: ``open``, ``close``, ``evaluate``."""

    list_selector = staticmethod(selectors.round_list_full)
    create_service = staticmethod(services.round_create)
    update_service = staticmethod(services.round_update)
    serializer_class = serializers.RoundSerializer
    input_serializer_class = serializers.RoundInputSerializer
    filterset_class = filtersets.ComparisonRoundFilterSet

    def _output(self, obj: Any, code: int) -> Response:
        fresh = selectors.round_list_full(user=self.request.user).get(pk=obj.pk)
        return Response(serializers.RoundSerializer(fresh).data, status=code)

    @extend_schema(request=None, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str | None = None) -> Response:
        return self._output(services.round_open(actor=request.user, comparison=self.get_object()), 200)

    @extend_schema(request=None, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._output(services.round_close(actor=request.user, comparison=self.get_object()), 200)

    @extend_schema(request=None, responses=serializers.EvaluationOutcomeSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str | None = None) -> Response:
        comparison = self.get_object()
        opened = services.round_evaluate(actor=request.user, comparison=comparison)
        fresh = selectors.round_list_full(user=request.user).get(pk=comparison.pk)
        return Response(
            {
                "comparison": serializers.RoundSerializer(fresh).data,
                "corrective_actions_opened": [a.pk for a in opened],
            }
        )

    @extend_schema(
        request=serializers.ParticipantInputSerializer, responses=serializers.ParticipantSerializer
    )
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, pk: str | None = None) -> Response:
        data = serializers.ParticipantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = services.participant_add(
            actor=request.user, comparison=self.get_object(), **data.validated_data
        )
        return Response(serializers.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ScheduleSerializer, responses=serializers.TransferSerializer(many=True)
    )
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str | None = None) -> Response:
        data = serializers.ScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        legs = services.schedule_build(
            actor=request.user, comparison=self.get_object(), **data.validated_data
        )
        return Response(serializers.TransferSerializer(legs, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=serializers.ResultSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=serializers.SubmissionSerializer,
        responses=serializers.ResultSerializer(many=True),
    )
    @action(detail=True, methods=["get", "post"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        """GET: the results you may read. POST: your laboratory's results (only its own, while open)."""
        comparison = self.get_object()
        if request.method == "GET":
            visible = selectors.result_list(user=request.user, comparison=comparison)
            return Response(serializers.ResultSerializer(visible, many=True).data)
        data = serializers.SubmissionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = selectors.participant_for_user(user=request.user, comparison=comparison)
        if participant is None:
            raise ValidationError({"participant": "Your laboratory does not take part in this comparison."})
        points = {p.pk: p for p in comparison.points.all()}
        rows = []
        for index, row in enumerate(data.validated_data["results"]):
            point = points.get(row.pop("point"))
            if point is None:
                raise ValidationError(
                    {f"results[{index}].point": "not a measurement point of this comparison"}
                )
            rows.append((point, row))
        saved = services.results_submit(actor=request.user, participant=participant, rows=rows)
        return Response(serializers.ResultSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        """Per point: the evaluation in the keys of the CLI contract, plus each laboratory's value and U."""
        comparison = self.get_object()
        built = report.report_build(
            comparison=comparison, results=selectors.result_list(user=request.user, comparison=comparison)
        )
        return Response(report.render_json(built))


@writes_schema(serializers.PointInputSerializer, serializers.PointSerializer)
class ComparisonPointViewSet(ServiceViewSet):
    """Measurement points of the rounds you see; the assigned value, σ_pt and drift stay editable."""

    list_selector = staticmethod(selectors.point_list)
    create_service = staticmethod(services.point_create)
    update_service = staticmethod(services.point_update)
    serializer_class = serializers.PointSerializer
    input_serializer_class = serializers.PointInputSerializer


@extend_schema_view(
    update=extend_schema(request=serializers.TransferSerializer, responses=serializers.TransferSerializer)
)
class CustodyTransferViewSet(ServiceViewSet):
    """Legs of an artefact's circulation: record sent_on / received_on / condition."""

    list_selector = staticmethod(selectors.transfer_list)
    update_service = staticmethod(services.custody_record)
    serializer_class = serializers.TransferSerializer
    input_serializer_class = serializers.TransferSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]


@writes_schema(serializers.CorrectiveActionInputSerializer, serializers.CorrectiveActionSerializer)
class CorrectiveActionViewSet(ServiceViewSet):
    """Corrective actions after unsatisfactory results: the laboratory states cause and action taken; the
    pilot or the bureau ``close`` it, which clears the flag on the standard used."""

    list_selector = staticmethod(selectors.corrective_action_list)
    update_service = staticmethod(services.corrective_action_update)
    serializer_class = serializers.CorrectiveActionSerializer
    input_serializer_class = serializers.CorrectiveActionInputSerializer
    filterset_class = filtersets.CorrectiveActionFilterSet
    http_method_names = ["get", "put", "patch", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)

    @extend_schema(
        request=serializers.ActionCloseSerializer, responses=serializers.CorrectiveActionSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        data = serializers.ActionCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        closed = services.corrective_action_close(
            actor=request.user,
            action=self.get_object(),
            on=data.validated_data.get("closed_on"),
            note=data.validated_data["note"],
        )
        return Response(
            serializers.CorrectiveActionSerializer(
                selectors.corrective_action_get(user=request.user, pk=closed.pk)
            ).data
        )


@extend_schema(parameters=[serializers.FiguresQuerySerializer], responses=serializers.FiguresSerializer)
@api_view(["GET"])
def comparison_figures(request: Request) -> Response:
    """The plan's comparison figures for a period (by the day rounds start) and region subtree."""
    query = serializers.FiguresQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    region = None
    if data.get("region"):
        try:
            region = region_get(code=data["region"])
        except Region.DoesNotExist:
            raise ValidationError({"region": f"no region with code {data['region']}"}) from None
    window = {"user": request.user, "start": data["start"], "end": data["end"], "region": region}
    provincial = figures.provincial_joined_rounds(**window)
    city = figures.city_organized_rounds(**window)
    share = figures.satisfactory_share(**window)
    return Response(
        {
            "provincial_joined": provincial.count(),
            "provincial_joined_by_year": figures.by_year(provincial),
            "city_organized": city.count(),
            "city_organized_by_year": figures.by_year(city),
            "satisfactory": share.numerator,
            "judged": share.denominator,
            "satisfactory_share": share.rate,
        }
    )
