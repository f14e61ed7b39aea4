"""Energy-metering pages: the city page, a unit's page, registers, reviews and the reference tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.charts import bar_chart
from jiliang.core.scoping import Role
from jiliang.core.views import ObjectViews
from jiliang.metering import charts, figures, filtersets, forms, importers, selectors, services, tables
from jiliang.metering.choices import EnergyType, FlagStatus
from jiliang.metering.models import (
    AccuracyRequirement,
    BrokerAlert,
    ConversionCoefficient,
    DeadLetter,
    EnergyConsumer,
    EnergyUnit,
    EquippingRequirement,
    MajorThreshold,
    Meter,
    MonthlyStatement,
    QualityFlag,
    ReadingConflict,
)
from jiliang.registry.selectors import user_scope

#: The plan's target for key energy-using units online in real time (洛政〔2015〕59号).
ONLINE_TARGET = 40


def _may_manage(user: Any) -> bool:
    return user_scope(user).role in (Role.BUREAU, Role.COUNTY, Role.ENTERPRISE)


def _bureau(user: Any) -> bool:
    return user_scope(user).everything


UNITS = ObjectViews(
    model=EnergyUnit,
    namespace="metering",
    prefix="units",
    list_selector=selectors.energy_unit_list,
    get_selector=selectors.energy_unit_get,
    columns=tables.UNIT_COLUMNS,
    detail_columns=tables.UNIT_DETAIL_COLUMNS,
    filterset_class=filtersets.EnergyUnitFilterSet,
    form_class=forms.EnergyUnitForm,
    create_service=services.energy_unit_create,
    update_service=services.energy_unit_update,
    may_create=_may_manage,
)
METERS = ObjectViews(
    model=Meter,
    namespace="metering",
    prefix="meters",
    list_selector=selectors.meter_list,
    get_selector=selectors.meter_get,
    columns=tables.METER_COLUMNS,
    detail_columns=tables.METER_DETAIL_COLUMNS,
    filterset_class=filtersets.MeterFilterSet,
    form_class=forms.MeterForm,
    create_service=services.meter_create,
    update_service=services.meter_update,
    import_spec=importers.METER_IMPORT,
    may_create=_may_manage,
)
STATEMENTS = ObjectViews(
    model=MonthlyStatement,
    namespace="metering",
    prefix="statements",
    list_selector=selectors.monthly_statement_list,
    get_selector=selectors.monthly_statement_get,
    columns=tables.STATEMENT_COLUMNS,
    filterset_class=filtersets.MonthlyStatementFilterSet,
    form_class=forms.MonthlyStatementForm,
    create_service=services.monthly_statement_create,
    update_service=services.monthly_statement_update,
    import_spec=importers.STATEMENT_IMPORT,
    may_create=_may_manage,
)
CONSUMERS = ObjectViews(
    model=EnergyConsumer,
    namespace="metering",
    prefix="consumers",
    list_selector=selectors.energy_consumer_list,
    get_selector=selectors.energy_consumer_get,
    columns=tables.CONSUMER_COLUMNS,
    detail_columns=tables.CONSUMER_DETAIL_COLUMNS,
    filterset_class=filtersets.EnergyConsumerFilterSet,
    form_class=forms.EnergyConsumerForm,
    create_service=services.energy_consumer_create,
    update_service=services.energy_consumer_update,
    may_create=_may_manage,
)
FLAGS = ObjectViews(
    model=QualityFlag,
    namespace="metering",
    prefix="flags",
    list_selector=selectors.quality_flag_list,
    get_selector=selectors.quality_flag_get,
    columns=tables.FLAG_COLUMNS,
    filterset_class=filtersets.QualityFlagFilterSet,
)
CONFLICTS = ObjectViews(
    model=ReadingConflict,
    namespace="metering",
    prefix="conflicts",
    list_selector=selectors.reading_conflict_list,
    get_selector=selectors.reading_conflict_get,
    columns=tables.CONFLICT_COLUMNS,
    filterset_class=filtersets.ReadingConflictFilterSet,
)
DEAD_LETTERS = ObjectViews(
    model=DeadLetter,
    namespace="metering",
    prefix="dead-letters",
    list_selector=selectors.dead_letter_list,
    get_selector=selectors.dead_letter_get,
    columns=tables.DEAD_LETTER_COLUMNS,
    detail_columns=tables.DEAD_LETTER_DETAIL_COLUMNS,
    filterset_class=filtersets.DeadLetterFilterSet,
)
BROKER_ALERTS = ObjectViews(
    model=BrokerAlert,
    namespace="metering",
    prefix="broker-alerts",
    list_selector=selectors.broker_alert_list,
    get_selector=selectors.broker_alert_get,
    columns=tables.BROKER_ALERT_COLUMNS,
    filterset_class=filtersets.BrokerAlertFilterSet,
)
COEFFICIENTS = ObjectViews(
    model=ConversionCoefficient,
    namespace="metering",
    prefix="coefficients",
    list_selector=selectors.coefficient_list,
    get_selector=selectors.coefficient_get,
    columns=tables.COEFFICIENT_COLUMNS,
    form_class=forms.CoefficientForm,
    create_service=services.coefficient_create,
    update_service=services.coefficient_update,
    may_create=_bureau,
)
EQUIPPING = ObjectViews(
    model=EquippingRequirement,
    namespace="metering",
    prefix="equipping",
    list_selector=selectors.equipping_requirement_list,
    get_selector=selectors.equipping_requirement_get,
    columns=tables.EQUIPPING_COLUMNS,
    form_class=forms.EquippingRequirementForm,
    update_service=services.equipping_requirement_update,
)
THRESHOLDS = ObjectViews(
    model=MajorThreshold,
    namespace="metering",
    prefix="thresholds",
    list_selector=selectors.major_threshold_list,
    get_selector=selectors.major_threshold_get,
    columns=tables.THRESHOLD_COLUMNS,
    form_class=forms.MajorThresholdForm,
    create_service=services.major_threshold_create,
    update_service=services.major_threshold_update,
    may_create=_bureau,
)
ACCURACY = ObjectViews(
    model=AccuracyRequirement,
    namespace="metering",
    prefix="accuracy",
    list_selector=selectors.accuracy_requirement_list,
    get_selector=selectors.accuracy_requirement_get,
    columns=tables.ACCURACY_COLUMNS,
    form_class=forms.AccuracyRequirementForm,
    update_service=services.accuracy_requirement_update,
)


def _period(request: HttpRequest, days: int) -> tuple[forms.PeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    data = {"start": (today - dt.timedelta(days=days - 1)).isoformat(), "end": today.isoformat()}
    form = forms.PeriodForm({**data, **request.GET.dict()})
    if form.is_valid() and form.cleaned_data["start"] <= form.cleaned_data["end"]:
        end = form.cleaned_data["end"]
        return form, max(form.cleaned_data["start"], end - dt.timedelta(days=366)), end
    return form, today - dt.timedelta(days=days - 1), today


def city_page(request: HttpRequest) -> HttpResponse:
    """Units online now against the plan's 40, the national list's share, consumption by energy type,
    the top consumers and what needs attention."""
    form, start, end = _period(request, 30)
    online = figures.units_online(user=request.user)
    used = figures.consumption(user=request.user, start=start, end=end)
    top = figures.top_consumers(user=request.user, start=start, end=end)
    by_energy = sorted(used.by_energy.items(), key=lambda item: item[1], reverse=True)
    chart = bar_chart(
        x=[str(EnergyType(k).label) for k, _v in by_energy],
        y=[float(v) for _k, v in by_energy],
        title=_("Consumption by energy type, %(start)s – %(end)s (tce)") % {"start": start, "end": end},
        y_title="tce",
    )
    units = selectors.energy_unit_list(user=request.user)
    offline = units.exclude(pk__in=online.online_ids)[:50]
    flags = selectors.quality_flag_list(user=request.user).filter(status=FlagStatus.OPEN)
    return render(
        request,
        "metering/city.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "online": online,
            "target": ONLINE_TARGET,
            "used": used,
            "by_energy": [(EnergyType(k).label, v) for k, v in by_energy],
            "top": top,
            "chart_json": chart,
            "offline": offline,
            "open_flags": flags.count(),
            "open_conflicts": selectors.reading_conflict_list(user=request.user).count(),
            "dead_letters": selectors.dead_letter_list(user=request.user)
            .filter(received_at__gte=timezone.now() - dt.timedelta(days=1))
            .count(),
            "broker_alerts": selectors.broker_alert_list(user=request.user)
            .filter(raised_at__gte=timezone.now() - dt.timedelta(days=7))
            .count(),
        },
    )


def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit: its record, trend of consumption (tce per energy type) by day and by hour of the period's
    last day, completeness heat map of its meters, open quality flags, the GB 17167 review report and its
    ingest tokens."""
    unit = selectors.energy_unit_get(user=request.user, pk=pk)
    form, start, end = _period(request, 14)
    points = selectors.unit_daily_series(unit=unit, start=start, end=end)
    series: dict[str, tuple[list[Any], list[float]]] = {}
    for point in points:
        xs, ys = series.setdefault(str(EnergyType(point.energy_type).label), ([], []))
        xs.append(point.period)
        ys.append(float(point.tce))
    meters = {m.pk: m for m in unit.meters.all()}
    completeness = selectors.unit_completeness(unit=unit, start=start, end=end)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    heat = charts.heatmap_chart(
        x=days,
        y=[meters[m].code for m in completeness],
        z=[[None if c.ratio is None else float(c.ratio) for c in cells] for cells in completeness.values()],
        title=_("Daily completeness per meter"),
    )
    trend = charts.trend_chart(series=series, title=_("Daily consumption (tce)"), y_title="tce")
    hourly: dict[str, tuple[list[Any], list[float]]] = {}
    for point in selectors.unit_hourly_series(unit=unit, day=end):
        xs, ys = hourly.setdefault(str(EnergyType(point.energy_type).label), ([], []))
        xs.append(point.period)
        ys.append(float(point.tce))
    hourly_chart = charts.trend_chart(
        series=hourly, title=_("Hourly consumption on %(day)s (tce)") % {"day": end}, y_title="tce"
    )
    return render(
        request,
        "metering/unit_page.html",
        {
            **UNITS.context(request),
            "object": unit,
            "fields": [(c.label, c.value(unit)) for c in tables.UNIT_DETAIL_COLUMNS],
            "edit_url": reverse("metering:units_edit", args=[pk]),
            "history_url": reverse("metering:units_history", args=[pk]),
            "form": form,
            "start": start,
            "end": end,
            "trend_json": trend,
            "hourly_json": hourly_chart,
            "heat_json": heat,
            "meters": meters.values(),
            "flags": selectors.unit_open_flags(unit=unit),
            "review": selectors.review_report(unit=unit),
            "tokens": selectors.ingest_token_list(user=request.user).filter(unit=unit),
            "token_form": forms.TokenForm(),
            # The statements of the last twelve months up to the period's end (at least the period's months).
            "consistency": selectors.consistency_report(
                unit=unit, start=min(start, _months_before(end, 11)), end=end
            ),
        },
    )


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _resolve(
    request: HttpRequest, *, template: str, obj: Any, form: Any, act: Any, back: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
            messages.success(request, _("Saved %s.") % obj)
            return HttpResponseRedirect(back)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(
        request, template, {"object": obj, "form": form}, status=400 if request.method == "POST" else 200
    )


def flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, dismiss or correct a quality flag (the reading itself is never changed)."""
    flag = selectors.quality_flag_get(user=request.user, pk=pk)
    return _resolve(
        request,
        template="metering/flag_resolve.html",
        obj=flag,
        form=forms.FlagResolveForm(request.POST or None),
        act=lambda data: services.quality_flag_resolve(actor=request.user, flag=flag, **data),
        back=reverse("metering:flags_detail", args=[pk]),
    )


def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the stored value of a conflicting reading or adopt the later one."""
    conflict = selectors.reading_conflict_get(user=request.user, pk=pk)
    return _resolve(
        request,
        template="metering/conflict_resolve.html",
        obj=conflict,
        form=forms.ConflictResolveForm(request.POST or None),
        act=lambda data: services.conflict_resolve(actor=request.user, conflict=conflict, **data),
        back=reverse("metering:conflicts_detail", args=[pk]),
    )


def token_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue an ingest token (POST); the token is shown on this page only."""
    unit = selectors.energy_unit_get(user=request.user, pk=pk)
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record, token = services.ingest_token_issue(
                actor=request.user, unit=unit, name=form.cleaned_data["name"]
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("metering:units_detail", args=[pk]))
        return render(
            request, "metering/token_issued.html", {"object": unit, "record": record, "token": token}
        )
    return HttpResponseRedirect(reverse("metering:units_detail", args=[pk]))


def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke an ingest token (POST)."""
    token = selectors.ingest_token_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.ingest_token_revoke(actor=request.user, token=token)
            messages.success(request, _("Revoked %s.") % token.name)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return HttpResponseRedirect(reverse("metering:units_detail", args=[token.unit_id]))
