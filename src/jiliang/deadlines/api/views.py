"""Calendar and clock resources under /api/v1/: querysets from selectors, writes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiliang.core.api.viewsets import ServiceViewSet, writes_schema
from jiliang.deadlines import filtersets, selectors, services
from jiliang.deadlines.api import serializers as s


@writes_schema(s.HolidayYearInputSerializer, s.HolidayYearSerializer)
class HolidayYearViewSet(ServiceViewSet):
    """The years the holiday calendar holds; the bureau adds a year when the State Council publishes its
    notice, enters the days, then confirms it (``POST …/{id}/confirm/``): only then do deadlines count
    on it."""

    list_selector = staticmethod(selectors.holiday_year_list)
    create_service = staticmethod(services.holiday_year_create)
    update_service = staticmethod(services.holiday_year_update)
    serializer_class = s.HolidayYearSerializer
    input_serializer_class = s.HolidayYearInputSerializer
    filterset_class = filtersets.HolidayYearFilterSet

    @extend_schema(request=s.HolidayYearConfirmSerializer, responses=s.HolidayYearSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        data = s.HolidayYearConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year = services.holiday_year_confirm(
            actor=request.user, instance=self.get_object(), **data.validated_data
        )
        return Response(s.HolidayYearSerializer(year).data)


@writes_schema(s.CalendarDayInputSerializer, s.CalendarDaySerializer)
class CalendarDayViewSet(ServiceViewSet):
    """Statutory holidays and make-up working days (调休上班日); bureau writes recompute open clocks."""

    list_selector = staticmethod(selectors.calendar_day_list)
    create_service = staticmethod(services.calendar_day_create)
    update_service = staticmethod(services.calendar_day_update)
    serializer_class = s.CalendarDaySerializer
    input_serializer_class = s.CalendarDayInputSerializer
    filterset_class = filtersets.CalendarDayFilterSet


class ClockRuleViewSet(ServiceViewSet):
    """Statutory periods as data, with the confidence of their source."""

    list_selector = staticmethod(selectors.clock_rule_list)
    create_service = staticmethod(services.clock_rule_create)
    update_service = staticmethod(services.clock_rule_update)
    serializer_class = s.ClockRuleSerializer
    filterset_class = filtersets.ClockRuleFilterSet


class ClockViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Statutory clocks in the caller's scope; ``?state=due|soon|overdue``. Clocks are started by the
    services of the apps that own the records; here they are paused, resumed, extended and stopped."""

    serializer_class = s.ClockSerializer
    filterset_class = filtersets.ClockFilterSet

    def get_queryset(self) -> Any:
        return selectors.clock_list(user=self.request.user).prefetch_related("pauses", "extensions")

    def _act(
        self,
        request: Request,
        input_serializer: type[serializers.Serializer[Any]],
        service: Callable[..., Any],
    ) -> Response:
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        clock = service(actor=request.user, clock=self.get_object(), **data.validated_data)
        return Response(s.ClockSerializer(selectors.clock_get(user=request.user, pk=clock.pk)).data)

    @extend_schema(request=s.ClockPauseInputSerializer, responses=s.ClockSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        """Pause from a day (testing, appraisal, hearing, suspension …): not counted until resumed."""
        return self._act(request, s.ClockPauseInputSerializer, services.clock_pause)

    @extend_schema(request=s.ClockResumeInputSerializer, responses=s.ClockSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        """Resume counting from a day; the due date moves by the paused time."""
        return self._act(request, s.ClockResumeInputSerializer, services.clock_resume)

    @extend_schema(request=s.ClockExtendInputSerializer, responses=s.ClockSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str | None = None) -> Response:
        """An approved extension in the unit of the clock's rule, with approver, date and reason."""
        return self._act(request, s.ClockExtendInputSerializer, services.clock_extend)

    @extend_schema(request=s.ClockStopInputSerializer, responses=s.ClockSerializer)
    @action(detail=True, methods=["post"])
    def stop(self, request: Request, pk: str | None = None) -> Response:
        """Stop: done (met / overdue) or no longer needed (stopped)."""
        return self._act(request, s.ClockStopInputSerializer, services.clock_stop)


class ClockReminderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The reminders the daily job raised, for the clocks in the caller's scope."""

    serializer_class = s.ClockReminderSerializer
    filterset_class = filtersets.ClockReminderFilterSet

    def get_queryset(self) -> Any:
        return selectors.clock_reminder_list(user=self.request.user)
