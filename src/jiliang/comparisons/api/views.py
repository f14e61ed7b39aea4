"""Comparison resources under /api/v1/: comparisons (rounds with their actions), comparison-points,
comparison-transfers, corrective-actions and comparison-figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.comparisons import figures, filtersets, selectors, services
from jiliang.comparisons.api import serializers
from jiliang.comparisons.models import ComparisonPoint, ComparisonRound, CustodyTransfer, Participant
from jiliang.core.api.viewsets import ServiceViewSet
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_get


def _writes(input_serializer: Any, output_serializer: Any) -> Any:
    schema = extend_schema(request=input_serializer, responses=output_serializer)
    return extend_schema_view(create=schema, update=schema, partial_update=schema)


def round_list_full(*, user: Any) -> QuerySet[ComparisonRound]:
    """Rounds with everything the representation nests, in a fixed number of queries."""
    return selectors.round_list(user=user).prefetch_related(
        Prefetch("points", queryset=ComparisonPoint.objects.select_related("evaluation")),
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("organization", "standard").prefetch_related(
                "results"
            ),
        ),
        Prefetch("transfers", queryset=CustodyTransfer.objects.select_related("sender", "receiver")),
    )


def _report(comparison: ComparisonRound, results: list[Any]) -> list[dict[str, Any]]:
    """Per point, the evaluation in the keys of the CLI contract (``jiliang comparison evaluate --json``)."""
    points = []
    for point in comparison.points.select_related("evaluation"):
        evaluation = getattr(point, "evaluation", None)
        labs = [
            {
                "lab": r.participant.lab_code,
                "value": float(r.value),
                "expanded_uncertainty": float(r.expanded_uncertainty),
                "en": r.en,
                "d": r.d,
                "U_d": r.d_expanded_uncertainty,
                "z": r.z,
                "zeta": r.zeta,
                "status": r.status or None,
            }
            for r in results
            if r.point_id == point.pk
        ]
        document: dict[str, Any] = {"point": point.label, "unit": point.unit, "labs": labs}
        if evaluation is not None:
            document |= {
                "method": evaluation.method,
                "reference_value": evaluation.reference_value,
                "reference_uncertainty": evaluation.reference_uncertainty,
                "chi2_observed": evaluation.chi2_observed,
                "chi2_critical": evaluation.chi2_critical,
                "degrees_of_freedom": evaluation.degrees_of_freedom,
                "consistent": evaluation.consistent,
                "excluded": evaluation.excluded,
                "iterations": evaluation.iterations,
            }
        points.append(document)
    return points


@_writes(serializers.RoundInputSerializer, serializers.RoundSerializer)
class ComparisonViewSet(ServiceViewSet):
    """Comparison rounds. A laboratory sees the rounds it pilots or joins; results of other participants
    stay hidden until the pilot closes submission. State changes: ``open``, ``close``, ``evaluate``."""

    list_selector = staticmethod(round_list_full)
    create_service = staticmethod(services.round_create)
    update_service = staticmethod(services.round_update)
    serializer_class = serializers.RoundSerializer
    input_serializer_class = serializers.RoundInputSerializer
    filterset_class = filtersets.ComparisonRoundFilterSet

    def _output(self, obj: Any, code: int) -> Response:
        fresh = round_list_full(user=self.request.user).get(pk=obj.pk)
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
        fresh = round_list_full(user=request.user).get(pk=comparison.pk)
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
        results = list(selectors.result_list(user=request.user, comparison=comparison))
        return Response(
            {"code": comparison.code, "status": comparison.status, "points": _report(comparison, results)}
        )


@_writes(serializers.PointInputSerializer, serializers.PointSerializer)
class ComparisonPointViewSet(ServiceViewSet):
    """Measurement points of the rounds you see; the assigned value, σ_pt and drift stay editable."""

    list_selector = staticmethod(
        lambda *, user: ComparisonPoint.objects.filter(
            round__in=selectors.round_list(user=user)
        ).select_related("evaluation")
    )
    create_service = staticmethod(services.point_create)
    update_service = staticmethod(services.point_update)
    serializer_class = serializers.PointSerializer
    input_serializer_class = serializers.PointInputSerializer


@extend_schema_view(
    update=extend_schema(request=serializers.TransferSerializer, responses=serializers.TransferSerializer)
)
class CustodyTransferViewSet(ServiceViewSet):
    """Legs of an artefact's circulation: record sent_on / received_on / condition."""

    list_selector = staticmethod(
        lambda *, user: CustodyTransfer.objects.filter(
            round__in=selectors.round_list(user=user)
        ).select_related("sender", "receiver")
    )
    update_service = staticmethod(
        lambda *, actor, instance, data: services.custody_record(actor=actor, transfer=instance, data=data)
    )
    serializer_class = serializers.TransferSerializer
    input_serializer_class = serializers.TransferSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]


@_writes(serializers.CorrectiveActionInputSerializer, serializers.CorrectiveActionSerializer)
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
