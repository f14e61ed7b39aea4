"""The plan dashboard, target drill-down, evidence registry and the assessment report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.charts import line_chart
from jiliang.core.views import ObjectViews
from jiliang.plans import filtersets, forms, report, selectors, services, tables
from jiliang.plans.models import EvidenceItem, Target
from jiliang.registry.selectors import user_scope

EVIDENCE = ObjectViews(
    model=EvidenceItem,
    namespace="plans",
    prefix="evidence",
    list_selector=selectors.evidence_list,
    get_selector=selectors.evidence_get,
    columns=tables.EVIDENCE_COLUMNS,
    filterset_class=filtersets.EvidenceFilterSet,
    form_class=forms.EvidenceForm,
    create_service=services.evidence_create,
    update_service=services.evidence_update,
)


def _params(request: HttpRequest, plan: Any) -> tuple[forms.DashboardForm, dt.date, Any]:
    form = forms.DashboardForm(request.GET or None)
    as_of, region = timezone.localdate(), None
    if form.is_valid():
        as_of = form.cleaned_data["as_of"] or as_of
        region = form.cleaned_data["region"]
    return form, as_of, selectors.visible_region(user=request.user, requested=region, plan=plan)


def dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Every target of a plan: value, target, status, yearly trend; a county bureau sees its county."""
    plan = selectors.plan_get(pk=pk) if pk else selectors.plan_default()
    if plan is None:  # a fresh installation: no plan loaded yet (`jiliang plan load FILE`)
        return HttpResponseRedirect(reverse("overview"))
    form, as_of, region = _params(request, plan)
    states = selectors.plan_status(plan=plan, user=request.user, as_of=as_of, region=region, trend=True)
    charts = {
        s.target.pk: line_chart(
            x=[year for year, _value in s.trend],
            y=[value for _year, value in s.trend],
            target=float(s.target.value) if s.target.value is not None else None,
        )
        for s in states
        if s.trend
    }
    return render(
        request,
        "plans/dashboard.html",
        {
            "plan": plan,
            "plans": selectors.plan_list(),
            "states": states,
            "charts": charts,
            "form": form,
            "as_of": as_of,
            "region": region,
            "county_locked": user_scope(request.user).role == "county",
        },
    )


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One target: its metric, the per-county table and the link to the records behind each figure."""
    target = get_object_or_404(Target.objects.select_related("plan", "plan__region"), pk=pk)
    form, as_of, region = _params(request, target.plan)
    state = selectors.plan_status(plan=target.plan, user=request.user, as_of=as_of, region=region)
    current = next(s for s in state if s.target.pk == target.pk)
    by_county = selectors.target_by_county(target=target, user=request.user, as_of=as_of, region=region)
    return render(
        request,
        "plans/target_detail.html",
        {
            "target": target,
            "state": current,
            "by_county": by_county,
            "form": form,
            "as_of": as_of,
            "region": region,
        },
    )


def evidence_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.evidence_get(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("plans:evidence_detail", args=[pk]))
    try:
        services.evidence_confirm(actor=request.user, instance=item)
        messages.success(request, _("Confirmed %s.") % item)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return HttpResponseRedirect(reverse("plans:evidence_detail", args=[pk]))


def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment report of a year and region as HTML, XLSX or PDF."""
    plan = selectors.plan_get(pk=pk)
    form = forms.ReportForm(request.GET or {"year": timezone.localdate().year - 1, "format": "html"})
    if not form.is_valid():
        return render(request, "plans/report_form.html", {"plan": plan, "form": form}, status=400)
    region = selectors.visible_region(user=request.user, requested=form.cleaned_data["region"], plan=plan)
    built = report.assessment_build(
        plan=plan, user=request.user, year=form.cleaned_data["year"], region=region
    )
    fmt = form.cleaned_data["format"]
    filename = f"{plan.code}-{built.year}-{region.code}"
    if fmt == "xlsx":
        response = HttpResponse(
            report.render_xlsx(built),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        try:
            response = HttpResponse(report.render_pdf(built), content_type="application/pdf")
        except report.ReportError as exc:
            return render(
                request, "plans/report_form.html", {"plan": plan, "form": form, "error": str(exc)}, status=503
            )
    else:
        return HttpResponse(report.render_html(built))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
