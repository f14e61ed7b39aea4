"""Traceability pages over the register: an instrument's chain tree, the reverse trace (impact) of a
standard with its export, and public-standard coverage with the build-out planner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiliang.core.exporting import EXPORT_FORMATS, export_response
from jiliang.core.tables import Column
from jiliang.instruments import selectors, traceability
from jiliang.registry.selectors import user_scope
from jiliang.standards.forms import AsOfForm, CoverageForm, ImpactForm
from jiliang.standards.models import MeasurementStandard
from jiliang.standards.reports import trace_dict
from jiliang.standards.selectors import standard_list

IMPACT_COLUMNS = [
    Column("verified_on", _("verified on")),
    Column("standard__code", _("standard used")),
    Column("institution__name", _("institution")),
    Column(lambda r: ", ".join(c.number for c in r.certificates.all()), _("certificates")),
    Column("result", _("result")),
    Column("instrument_id", _("register number")),
    Column("instrument__instrument_type__name", _("instrument type")),
    Column("instrument__serial_number", _("serial number")),
    Column("instrument__owner__name", _("owner")),
    Column("instrument__owner__uscc", _("owner credit code")),
]


def instrument_chain(request: HttpRequest, pk: int) -> HttpResponse:
    """The indented traceability tree of an instrument as of a date."""
    instrument = selectors.instrument_get(user=request.user, pk=pk)
    form = AsOfForm(request.GET)
    day = (
        form.cleaned_data["as_of"] if form.is_valid() and form.cleaned_data["as_of"] else timezone.localdate()
    )
    result = traceability.instrument_trace(instrument=instrument, day=day)
    return render(
        request,
        "standards/chain.html",
        {
            "object": instrument,
            "object_url": reverse("instruments:instruments_detail", args=[pk]),
            "form": AsOfForm(initial={"as_of": day}),
            "as_of": day,
            "trace": trace_dict(result),
        },
    )


def _impact_params(request: HttpRequest) -> tuple[ImpactForm, MeasurementStandard | None, dt.date, dt.date]:
    today = timezone.localdate()
    data = {
        "start": today.replace(month=1, day=1).isoformat(),
        "end": today.isoformat(),
        **request.GET.dict(),
    }
    form = ImpactForm(data)
    if not request.GET.get("standard") or not form.is_valid():
        return form, None, today, today
    standard = standard_list(user=request.user).filter(code=form.cleaned_data["standard"]).first()
    if standard is None:
        form.add_error("standard", _("No standard with this code in your scope."))
    return form, standard, form.cleaned_data["start"], form.cleaned_data["end"]


def traceability_impact(request: HttpRequest) -> HttpResponseBase:
    """Reverse trace: what depended on a standard in a window — standards, records and certificates,
    instruments, owners; ``?export=csv|xlsx`` downloads the records to order re-verification."""
    form, standard, start, end = _impact_params(request)
    context: dict[str, Any] = {"form": form, "standard": standard, "start": start, "end": end}
    if standard is not None:
        impact = traceability.standard_impact(user=request.user, standard=standard, start=start, end=end)
        records = impact.records.select_related("instrument__owner")
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return export_response(
                columns=IMPACT_COLUMNS,
                objects=records.iterator(chunk_size=2000),
                fmt=fmt,
                filename=f"impact-{standard.code}",
            )
        page = Paginator(records, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "impact": impact,
            "page": page,
            "rows": [[c.value(r) for c in IMPACT_COLUMNS] for r in page.object_list],
            "columns": IMPACT_COLUMNS,
            "owners": traceability.impact_owners(impact.records),
            "query": query.urlencode(),
        }
    return render(request, "instruments/traceability_impact.html", context)


def traceability_coverage(request: HttpRequest) -> HttpResponse:
    """Coverage of the register by valid local public standards, per type, and the build-out planner."""
    today = timezone.localdate()
    form = CoverageForm(request.GET or None)
    day, region, budget = today, None, 5
    if form.is_valid():
        day = form.cleaned_data["as_of"] or today
        region = form.cleaned_data["region"]
        budget = 5 if form.cleaned_data["budget"] is None else form.cleaned_data["budget"]
    scope = user_scope(request.user)
    return render(
        request,
        "instruments/traceability_coverage.html",
        {
            "form": form if form.is_bound else CoverageForm(initial={"as_of": today, "budget": 5}),
            "as_of": day,
            "region": region,
            "budget": budget,
            "figure": traceability.coverage(user=request.user, day=day, region=region),
            "by_type": traceability.coverage_by_type(user=request.user, day=day, region=region),
            "plan": traceability.coverage_plan(user=request.user, day=day, region=region, budget=budget),
            "scoped": not scope.everything,
        },
    )
