"""Mandatory-verification pages: the register, verification records, certificates, reminders, figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
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
from jiliang.instruments import figures, filtersets, forms, importers, selectors, services, tables
from jiliang.instruments.choices import TypeSet
from jiliang.instruments.models import Certificate, Instrument, VerificationRecord
from jiliang.registry.selectors import region_get, user_scope


def _may_register(user: Any) -> bool:
    return user_scope(user).role in (Role.BUREAU, Role.COUNTY, Role.ENTERPRISE)


def _may_verify(user: Any) -> bool:
    return user_scope(user).role in (Role.BUREAU, Role.INSTITUTE)


INSTRUMENTS = ObjectViews(
    model=Instrument,
    namespace="instruments",
    prefix="instruments",
    list_selector=selectors.instrument_list,
    get_selector=selectors.instrument_get,
    columns=tables.INSTRUMENT_COLUMNS,
    detail_columns=tables.INSTRUMENT_DETAIL_COLUMNS,
    filterset_class=filtersets.InstrumentFilterSet,
    form_class=forms.InstrumentForm,
    create_service=services.instrument_register,
    update_service=services.instrument_update,
    import_spec=importers.INSTRUMENT_IMPORT,
    may_create=_may_register,
)

VERIFICATIONS = ObjectViews(
    model=VerificationRecord,
    namespace="instruments",
    prefix="verifications",
    list_selector=selectors.verification_record_list,
    get_selector=selectors.verification_record_get,
    columns=tables.VERIFICATION_COLUMNS,
    filterset_class=filtersets.VerificationRecordFilterSet,
    form_class=forms.VerificationRecordForm,
    create_service=services.verification_record_create,
    import_spec=importers.VERIFICATION_IMPORT,
    may_create=_may_verify,
)

CERTIFICATES = ObjectViews(
    model=Certificate,
    namespace="instruments",
    prefix="certificates",
    list_selector=selectors.certificate_list,
    get_selector=selectors.certificate_get,
    columns=tables.CERTIFICATE_COLUMNS,
    filterset_class=filtersets.CertificateFilterSet,
)


def public_check_url(request: HttpRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(reverse("portal:certificate_check", args=[certificate.check_code]))


def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable certificate or notice, with the QR code of its public check page."""
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    url = public_check_url(request, certificate)
    qr_svg = segno.make(url, error="m").svg_inline(scale=3)
    return render(
        request,
        "instruments/certificate_print.html",
        {"certificate": certificate, "qr_svg": qr_svg, "check_url": url},
    )


def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a certificate (POST), optionally issuing its replacement."""
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    form = forms.RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["reissue"]:
                new = services.certificate_reissue(
                    actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Revoked %(old)s and issued %(new)s.") % {"old": certificate, "new": new}
                )
                return HttpResponseRedirect(reverse("instruments:certificates_detail", args=[new.pk]))
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Revoked %s.") % certificate)
            return HttpResponseRedirect(reverse("instruments:certificates_detail", args=[certificate.pk]))
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "instruments/certificate_revoke.html",
        {"certificate": certificate, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def instrument_retire(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get(user=request.user, pk=pk)
    form = forms.RetireForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_retire(actor=request.user, instance=instrument, **form.cleaned_data)
            return HttpResponseRedirect(reverse("instruments:instruments_detail", args=[pk]))
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "instruments/instrument_retire.html",
        {"object": instrument, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def reminder_list(request: HttpRequest) -> HttpResponse:
    """The owner's reminders (rebuilt daily by the refresh_reminders job)."""
    reminders = selectors.reminder_list(user=request.user)[:500]
    return render(request, "instruments/reminders.html", {"reminders": reminders})


def _figure_params(request: HttpRequest) -> tuple[forms.FiguresForm, dt.date, dt.date, Any]:
    today = timezone.localdate()
    data = {
        "start": today.replace(month=1, day=1).isoformat(),
        "end": today.isoformat(),
        **request.GET.dict(),
    }
    form = forms.FiguresForm(data)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["region"]
    return form, today.replace(month=1, day=1), today, None


def figures_page(request: HttpRequest) -> HttpResponse:
    """Inspection rates, valid coverage and overdue counts, by county and type, each with its drill-down."""
    form, start, end, region = _figure_params(request)
    root = region or region_get(code="410300")
    rows = []
    for types in TypeSet:
        filters = figures.Filters(region=region, types=types)
        rows.append(
            {
                "types": types,
                "inspection": figures.inspection_rate(
                    user=request.user, start=start, end=end, filters=filters
                ),
                "coverage": figures.valid_coverage(user=request.user, day=end, filters=filters),
                "overdue": figures.overdue_count(user=request.user, day=end, filters=filters),
            }
        )
    by_county = figures.inspection_rate_by_county(
        user=request.user, start=start, end=end, root=root, filters=figures.Filters(region=region)
    )
    household = {
        r.region.pk: r.figure
        for r in figures.inspection_rate_by_county(
            user=request.user,
            start=start,
            end=end,
            root=root,
            filters=figures.Filters(region=region, types=TypeSet.HOUSEHOLD_FOUR),
        )
    }
    by_type = figures.inspection_rate_by_type(
        user=request.user, start=start, end=end, filters=figures.Filters(region=region)
    )
    shown = [r for r in by_county if r.figure.denominator]
    chart = bar_chart(
        x=[r.region.name for r in shown],
        y=[r.figure.rate for r in shown],
        title=_("Inspection rate by district and county, %(start)s – %(end)s") % {"start": start, "end": end},
        percent=True,
    )
    return render(
        request,
        "instruments/figures.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "region": region,
            "rows": rows,
            "by_county": [(r, household.get(r.region.pk)) for r in by_county],
            "by_type": by_type,
            "chart_json": chart,
        },
    )
