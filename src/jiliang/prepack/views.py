"""Net-content pages: campaigns, lots, measurement entry with live judgement, reports, producers, figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiliang.core.charts import bar_chart
from jiliang.core.importing import RowError
from jiliang.core.views import PAGE_SIZE, ObjectViews
from jiliang.prepack import figures, filtersets, forms, importers, judging, selectors, services, tables
from jiliang.prepack.choices import ProductCategory
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.prepack.presenting import (
    detail_context,
    judgement_summary,
    may_declare,
    may_organize,
    may_record,
    stored_summary,
)
from jiliang.registry.selectors import region_get

CAMPAIGNS = ObjectViews(
    model=Campaign,
    namespace="prepack",
    prefix="campaigns",
    list_selector=selectors.campaign_list,
    get_selector=selectors.campaign_get,
    columns=tables.CAMPAIGN_COLUMNS,
    detail_columns=tables.CAMPAIGN_DETAIL_COLUMNS,
    filterset_class=filtersets.CampaignFilterSet,
    form_class=forms.CampaignForm,
    create_service=services.campaign_create,
    update_service=services.campaign_update,
    may_create=may_organize,
)

LOTS = ObjectViews(
    model=Lot,
    namespace="prepack",
    prefix="lots",
    list_selector=selectors.lot_list,
    get_selector=selectors.lot_get,
    columns=tables.LOT_COLUMNS,
    detail_columns=tables.LOT_DETAIL_COLUMNS,
    filterset_class=filtersets.LotFilterSet,
    form_class=forms.LotForm,
    create_service=services.lot_create,
    update_service=services.lot_update,
    import_spec=importers.LOT_IMPORT,
    may_create=may_record,
)

DECLARATIONS = ObjectViews(
    model=CapabilityDeclaration,
    namespace="prepack",
    prefix="declarations",
    list_selector=selectors.declaration_list,
    get_selector=selectors.declaration_get,
    columns=tables.DECLARATION_COLUMNS,
    detail_columns=tables.DECLARATION_DETAIL_COLUMNS,
    filterset_class=filtersets.CapabilityDeclarationFilterSet,
    form_class=forms.CapabilityDeclarationForm,
    create_service=services.declaration_create,
    update_service=services.declaration_update,
    may_create=may_declare,
)


# --- lot pages --------------------------------------------------------------------------------------


def _initial(lot: Lot) -> dict[str, Any]:
    return {
        "measurements": "\n".join(lot.measurements),
        "tare_mode": lot.tare_mode,
        "tare_values": "\n".join(lot.tare_values),
    }


def _measurement_page(
    request: HttpRequest,
    lot: Lot,
    form: forms.MeasurementForm,
    file_form: forms.MeasurementFileForm,
    status: int = 200,
    file_report: importers.MeasurementFile | None = None,
) -> HttpResponse:
    return render(
        request,
        "prepack/lot_measurements.html",
        {
            "object": lot,
            "form": form,
            "file_form": file_form,
            "file_report": file_report,
            "required_n": judging.required_sample_size(lot.lot_size),
            "judgement": stored_summary(lot),
        },
        status=status,
    )


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def lot_measurements(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter (type or paste) the measured sample of a lot; the verdict updates live as values arrive."""
    lot = selectors.lot_get(user=request.user, pk=pk)
    file_form = forms.MeasurementFileForm(initial={"tare_mode": lot.tare_mode})
    preview_url = reverse("prepack:lots_judge", args=[lot.pk])
    if request.method != "POST":
        form = forms.MeasurementForm(initial=_initial(lot), preview_url=preview_url)
        return _measurement_page(request, lot, form, file_form)
    form = forms.MeasurementForm(request.POST, preview_url=preview_url)
    if form.is_valid():
        try:
            saved = services.lot_measurements_record(
                actor=request.user,
                instance=lot,
                measurements=form.cleaned_data["measurements"],
                tare_mode=form.cleaned_data["tare_mode"],
                tare_values=form.cleaned_data["tare_values"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("Judged %(lot)s: %(verdict)s.") % {"lot": saved, "verdict": saved.get_verdict_display()},
            )
            return HttpResponseRedirect(reverse("prepack:lots_detail", args=[lot.pk]))
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Permission denied."))
    return _measurement_page(request, lot, form, file_form, status=400)


@require_POST
def lot_measurements_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a lot's sample from a CSV / XLSX file: all of it, or nothing and a report of every bad row."""
    lot = selectors.lot_get(user=request.user, pk=pk)
    file_form = forms.MeasurementFileForm(request.POST, request.FILES)
    form = forms.MeasurementForm(
        initial=_initial(lot), preview_url=reverse("prepack:lots_judge", args=[lot.pk])
    )
    if not file_form.is_valid():
        return _measurement_page(request, lot, form, file_form, status=400)
    upload = file_form.cleaned_data["file"]
    tare_mode = file_form.cleaned_data["tare_mode"]
    read = importers.read_measurement_file(upload.read(), upload.name or "", tare_mode=tare_mode)
    if read.ok:
        try:
            saved = services.lot_measurements_record(
                actor=request.user,
                instance=lot,
                measurements=read.measurements,
                tare_mode=tare_mode,
                tare_values=read.tare_values,
                reason=file_form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("Imported %(n)d values; judged %(lot)s: %(verdict)s.")
                % {"n": len(read.measurements), "lot": saved, "verdict": saved.get_verdict_display()},
            )
            return HttpResponseRedirect(reverse("prepack:lots_detail", args=[lot.pk]))
        except ValidationError as exc:
            read.errors.extend(
                RowError(0, "" if name == "__all__" else name, message)
                for name, messages_ in (
                    exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                ).items()
                for message in messages_
            )
        except PermissionDenied as exc:
            read.errors.append(RowError(0, "", str(exc) or _("Permission denied.")))
    return _measurement_page(request, lot, form, file_form, status=400, file_report=read)


@require_POST
def lot_judge_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The live judgement (htmx): the kernel's verdict on the posted values, or what keeps it from one.

    Saves nothing. Always answers 200 with the panel, so that htmx swaps it in.
    """
    lot = selectors.lot_get(user=request.user, pk=pk)
    form = forms.MeasurementForm(request.POST)
    form.is_valid()  # splits the pasted text; the judgement below reports every other problem
    entered = form.cleaned_data.get("measurements") or []
    required = judging.required_sample_size(lot.lot_size)
    context: dict[str, Any] = {"entered": len(entered), "required": required, "errors": [], "judgement": None}
    if entered:
        rounding = judging.rounding_method()
        try:
            sample = judging.sample_from_input(
                measurements=entered,
                tare_mode=form.cleaned_data.get("tare_mode") or request.POST.get("tare_mode"),
                tare_values=form.cleaned_data.get("tare_values") or [],
            )
            if len(sample.measurements) == required:
                judgement = judging.judge(
                    nominal=lot.nominal,
                    unit=lot.unit,
                    lot_size=lot.lot_size,
                    sample=sample,
                    rounding=rounding,
                )
                context["judgement"] = judgement_summary(judgement, rounding)
        except ValidationError as exc:
            context["errors"] = exc.messages
    return render(request, "prepack/_judgement_preview.html", context)


def lot_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable inspection report (定量包装商品净含量计量检验报告) of a lot."""
    lot = selectors.lot_get(user=request.user, pk=pk)
    return render(
        request,
        "prepack/lot_report.html",
        {"lot": lot, "printed_on": timezone.localdate(), **detail_context(lot)},
    )


def producer_history(request: HttpRequest, pk: int) -> HttpResponse:
    """A producer's record: its declarations, its inspected lots and its pass rate year by year."""
    producer = selectors.producer_get(user=request.user, pk=pk)
    today = timezone.localdate()
    since = dt.date(1990, 1, 1)
    lots = selectors.producer_lots(user=request.user, producer=producer)
    page = Paginator(lots, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "prepack/producer_history.html",
        {
            "producer": producer,
            "declarations": selectors.producer_declarations(user=request.user, producer=producer),
            "figure": figures.pass_rate(user=request.user, start=since, end=today, producer=producer),
            "by_year": figures.pass_rate_by_year(
                user=request.user, start=since, end=today, producer=producer
            ),
            "page": page,
            "since": since,
            "today": today,
        },
    )


# --- figures ----------------------------------------------------------------------------------------


def _figure_params(request: HttpRequest) -> tuple[forms.FiguresForm, dt.date, dt.date, Any, str]:
    today = timezone.localdate()
    data = {
        "start": today.replace(month=1, day=1).isoformat(),
        "end": today.isoformat(),
        **request.GET.dict(),
    }
    form = forms.FiguresForm(data)
    if form.is_valid():
        d = form.cleaned_data
        return form, d["start"], d["end"], d["region"], d["category"] or ""
    return form, today.replace(month=1, day=1), today, None, ""


def figures_page(request: HttpRequest) -> HttpResponse:
    """The pass rate of the period, by district / county, product category, producer and year."""
    form, start, end, region, category = _figure_params(request)
    root = region or region_get(code="410300")
    user = request.user
    overall = figures.pass_rate(user=user, start=start, end=end, region=region, category=category or None)
    by_county = figures.pass_rate_by_county(
        user=user, start=start, end=end, root=root, category=category or None
    )
    by_category = figures.pass_rate_by_category(user=user, start=start, end=end, region=region)
    by_producer = figures.pass_rate_by_producer(
        user=user, start=start, end=end, region=region, category=category or None, limit=30
    )
    by_year = figures.pass_rate_by_year(
        user=user, start=dt.date(1990, 1, 1), end=end, region=region, category=category or None
    )
    shown = [r for r in by_county if r.figure.denominator]
    return render(
        request,
        "prepack/figures.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "region": region,
            "category": category,
            "category_label": ProductCategory(category).label if category else "",
            "overall": overall,
            "by_county": by_county,
            "by_category": by_category,
            "by_producer": by_producer,
            "by_year": by_year,
            "county_chart": bar_chart(
                x=[r.region.name for r in shown],
                y=[r.figure.rate for r in shown],
                title=_("Pass rate by district and county, %(start)s – %(end)s")
                % {"start": start, "end": end},
                percent=True,
            ),
            "year_chart": bar_chart(
                x=[str(r.year) for r in by_year],
                y=[r.figure.rate for r in by_year],
                title=_("Pass rate by year"),
                percent=True,
            ),
        },
    )
