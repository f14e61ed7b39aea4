"""Standards pages: the registry (generic views), a standard's chain tree, status actions, revocation of
an approval certificate, and the re-examination (复查) list."""

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

from jiliang.core.scoping import Role
from jiliang.core.views import ObjectViews
from jiliang.registry.selectors import user_scope
from jiliang.standards import filtersets, forms, importers, selectors, services, tables
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardCheck,
)
from jiliang.standards.reports import trace_dict


def _may_register(user: Any) -> bool:
    return user_scope(user).role != "none"


def _may_examine(user: Any) -> bool:
    return user_scope(user).role in (Role.BUREAU, Role.COUNTY)


def _as_of(request: HttpRequest) -> dt.date:
    form = forms.AsOfForm(request.GET)
    if form.is_valid() and form.cleaned_data["as_of"]:
        return form.cleaned_data["as_of"]  # type: ignore[no-any-return]
    return timezone.localdate()


def _standard_context(request: HttpRequest, standard: MeasurementStandard) -> dict[str, Any]:
    """The detail page of a standard: its chain tree as of the day, history and what it calibrates."""
    day = _as_of(request)
    result = selectors.standard_trace(standard=standard, day=day)
    return {
        "as_of": day,
        "trace": trace_dict(result),
        "approvals": standard.approvals.select_related("renews").order_by("-issued_on", "-id"),
        "calibrations": standard.calibrations.select_related("higher_standard", "external").order_by(
            "-calibrated_on", "-id"
        )[:20],
        "calibrated": standard.calibrated.filter(valid_until__gte=day, calibrated_on__lte=day)
        .select_related("standard", "standard__holder")
        .order_by("standard__code"),
        "checks": standard.checks.order_by("-performed_on", "-id")[:20],
        "suspensions": standard.suspensions.order_by("-started_on"),
        "flags": standard.flags.all(),
        "status_form": forms.StatusForm(),
        "unconfirmed_note": forms.unconfirmed_note(),
    }


STANDARDS = ObjectViews(
    model=MeasurementStandard,
    namespace="standards",
    prefix="standards",
    list_selector=selectors.standard_list,
    get_selector=selectors.standard_get,
    columns=tables.STANDARD_COLUMNS,
    detail_columns=tables.STANDARD_DETAIL_COLUMNS,
    filterset_class=filtersets.MeasurementStandardFilterSet,
    form_class=forms.MeasurementStandardForm,
    create_service=services.standard_create,
    update_service=services.standard_update,
    import_spec=importers.STANDARD_IMPORT,
    may_create=_may_register,
    detail_context=_standard_context,
)

APPROVALS = ObjectViews(
    model=ApprovalCertificate,
    namespace="standards",
    prefix="approvals",
    list_selector=selectors.approval_list,
    get_selector=selectors.approval_get,
    columns=tables.APPROVAL_COLUMNS,
    filterset_class=filtersets.ApprovalCertificateFilterSet,
    form_class=forms.ApprovalCertificateForm,
    create_service=services.approval_certificate_issue,
    may_create=_may_examine,
    detail_context=lambda request, obj: {"unconfirmed_note": forms.unconfirmed_note()},
)

LINKS = ObjectViews(
    model=CalibrationLink,
    namespace="standards",
    prefix="links",
    list_selector=selectors.link_list,
    get_selector=selectors.link_get,
    columns=tables.LINK_COLUMNS,
    filterset_class=filtersets.CalibrationLinkFilterSet,
    form_class=forms.CalibrationLinkForm,
    create_service=services.calibration_link_create,
    update_service=services.calibration_link_update,
    import_spec=importers.LINK_IMPORT,
    may_create=_may_register,
)

CHECKS = ObjectViews(
    model=StandardCheck,
    namespace="standards",
    prefix="checks",
    list_selector=selectors.check_list,
    get_selector=selectors.check_get,
    columns=tables.CHECK_COLUMNS,
    detail_columns=tables.CHECK_DETAIL_COLUMNS,
    filterset_class=filtersets.StandardCheckFilterSet,
    form_class=forms.StandardCheckForm,
    create_service=services.standard_check_record,
    may_create=_may_register,
)

EXTERNALS = ObjectViews(
    model=ExternalReference,
    namespace="standards",
    prefix="externals",
    list_selector=selectors.external_list,
    get_selector=selectors.external_get,
    columns=tables.EXTERNAL_COLUMNS,
    filterset_class=filtersets.ExternalReferenceFilterSet,
    form_class=forms.ExternalReferenceForm,
    create_service=services.external_reference_create,
    update_service=services.external_reference_update,
    may_create=_may_register,
)


def _form_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's errors on the form: on a field the form has, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def standard_chain(request: HttpRequest, pk: int) -> HttpResponse:
    """The indented traceability tree of a standard as of a date, each link with its verdict."""
    standard = selectors.standard_get(user=request.user, pk=pk)
    day = _as_of(request)
    result = selectors.standard_trace(standard=standard, day=day)
    return render(
        request,
        "standards/chain.html",
        {
            "object": standard,
            "object_url": reverse("standards:standards_detail", args=[pk]),
            "form": forms.AsOfForm(initial={"as_of": day}),
            "as_of": day,
            "trace": trace_dict(result),
        },
    )


def standard_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Suspend, resume or retire a standard (POST)."""
    standard = selectors.standard_get(user=request.user, pk=pk)
    form = forms.StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = {
            "suspend": services.standard_suspend,
            "resume": services.standard_resume,
            "retire": services.standard_retire,
        }[form.cleaned_data["action"]]
        try:
            action(
                actor=request.user,
                standard=standard,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Saved %s.") % standard)
            return HttpResponseRedirect(reverse("standards:standards_detail", args=[pk]))
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Permission denied."))
    return render(
        request,
        "standards/status.html",
        {"object": standard, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def approval_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke an approval certificate (POST)."""
    certificate = selectors.approval_get(user=request.user, pk=pk)
    form = forms.RevokeApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_certificate_revoke(
                actor=request.user, certificate=certificate, **form.cleaned_data
            )
            messages.success(request, _("Revoked %s.") % certificate)
            return HttpResponseRedirect(reverse("standards:approvals_detail", args=[pk]))
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Permission denied."))
    return render(
        request,
        "standards/approval_revoke.html",
        {"object": certificate, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def reexamination_list(request: HttpRequest) -> HttpResponse:
    """Standards whose approval certificate lapses within the re-examination lead time, or has lapsed."""
    today = timezone.localdate()
    standards = selectors.approval_expiry_list(user=request.user, today=today)[:500]
    return render(
        request,
        "standards/reexamination.html",
        {
            "rows": [(s, (s.approval_valid_until - today).days) for s in standards],
            "today": today,
            "lead_months": selectors.reexam_lead_months(),
            "unconfirmed_note": forms.unconfirmed_note(),
        },
    )
