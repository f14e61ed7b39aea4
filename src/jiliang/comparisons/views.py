"""Comparison pages: rounds (list, detail with points, participants, circulation and state), submission,
the evaluation report and corrective actions. Views validate input, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiliang.comparisons import filtersets, forms, report, selectors, services, tables
from jiliang.comparisons.choices import ActionStatus, Method
from jiliang.comparisons.models import (
    ComparisonPoint,
    ComparisonRound,
    CorrectiveAction,
    CustodyTransfer,
    Participant,
)
from jiliang.core.scoping import Role
from jiliang.core.views import ObjectViews
from jiliang.registry.selectors import user_scope


def _may_create(user: Any) -> bool:
    return user_scope(user).role in (Role.BUREAU, Role.COUNTY, Role.INSTITUTE)


def _round_context(request: HttpRequest, comparison: ComparisonRound) -> dict[str, Any]:
    user = request.user
    manager = selectors.may_manage(user, comparison)
    own = selectors.participant_for_user(user=user, comparison=comparison)
    participants = list(
        comparison.participants.select_related("organization", "standard", "corrective_action")
    )
    status = selectors.submission_status(comparison=comparison)
    points = list(comparison.points.select_related("evaluation"))
    results = list(selectors.result_list(user=user, comparison=comparison))
    return {
        "may_manage": manager,
        "own": own,
        "points": points,
        "participants": [(p, *status.get(p.pk, (0, None))) for p in participants],
        "transfers": comparison.transfers.select_related("sender", "receiver"),
        "results": results,
        "results_hidden": comparison.status not in selectors.RESULTS_PUBLIC_TO_PARTICIPANTS
        and len(results) < sum(n for n, _last in status.values()),
        "participant_form": forms.ParticipantAddForm(),
        "schedule_form": forms.ScheduleForm(initial={"start": comparison.starts_on}),
        "evaluate_form": forms.EvaluateForm(
            initial={"method": comparison.method, "exclude_discrepant": comparison.exclude_discrepant}
        ),
        "may_record_transfer": manager or own is not None,
        **({} if manager else {"edit_url": None}),  # only the managers edit the round
    }


def _action_context(request: HttpRequest, action: CorrectiveAction) -> dict[str, Any]:
    manager = selectors.may_manage(request.user, action.participant.round)
    own = user_scope(request.user).organization_id == action.participant.organization_id
    editable = action.status == ActionStatus.OPEN and (own or manager)
    return {"may_manage": manager, **({} if editable else {"edit_url": None})}


ROUNDS = ObjectViews(
    model=ComparisonRound,
    namespace="comparisons",
    prefix="rounds",
    path_root="",  # the rounds are the app's main object: /comparisons/<pk>/
    list_selector=selectors.round_list,
    get_selector=selectors.round_get,
    columns=tables.ROUND_COLUMNS,
    detail_columns=tables.ROUND_DETAIL_COLUMNS,
    filterset_class=filtersets.ComparisonRoundFilterSet,
    form_class=forms.ComparisonRoundForm,
    create_service=services.round_create,
    update_service=services.round_update,
    may_create=_may_create,
    detail_context=_round_context,
)

ACTIONS = ObjectViews(
    model=CorrectiveAction,
    namespace="comparisons",
    prefix="actions",
    list_selector=selectors.corrective_action_list,
    get_selector=selectors.corrective_action_get,
    columns=tables.ACTION_COLUMNS,
    filterset_class=filtersets.CorrectiveActionFilterSet,
    form_class=forms.CorrectiveActionForm,
    update_service=services.corrective_action_update,
    may_create=lambda user: False,
    detail_context=_action_context,
)


def _detail(comparison: ComparisonRound | int) -> str:
    pk = comparison if isinstance(comparison, int) else comparison.pk
    return reverse("comparisons:rounds_detail", args=[pk])


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A small form page: on a valid POST call ``save`` (one service), land its errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
            messages.success(request, _("Saved %s.") % saved)
            return HttpResponseRedirect(done)
        except ValidationError as exc:
            _errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Permission denied."))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "comparisons/form.html", {"form": form, "title": title, "back": back}, status=status
    )


def _manager_round(request: HttpRequest, pk: int) -> ComparisonRound:
    comparison = selectors.round_get(user=request.user, pk=pk)
    if not selectors.may_manage(request.user, comparison):
        raise PermissionDenied(_("Only the bureau and the pilot laboratory run this comparison."))
    return comparison


# --- points and participants -----------------------------------------------------------------------


def point_add(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = _manager_round(request, pk)
    form = forms.ComparisonPointForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("Add a measurement point to %s") % comparison.code,
        back=_detail(comparison),
        save=lambda data: services.point_create(actor=request.user, data={**data, "round": comparison}),
        done=_detail(comparison),
    )


def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(ComparisonPoint, pk=pk)
    comparison = _manager_round(request, point.round_id)
    form = forms.ComparisonPointForm(request.POST or None, instance=point)
    return _form_page(
        request,
        form=form,
        title=_("Edit %s") % point,
        back=_detail(comparison),
        save=lambda data: services.point_update(actor=request.user, instance=point, data=data),
        done=_detail(comparison),
    )


def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = _manager_round(request, pk)
    form = forms.ParticipantAddForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("Add a participant to %s") % comparison.code,
        back=_detail(comparison),
        save=lambda data: services.participant_add(actor=request.user, comparison=comparison, **data),
        done=_detail(comparison),
    )


def participant_standard(request: HttpRequest, pk: int) -> HttpResponse:
    """The laboratory (or a manager) names the measurement standard it uses in the round."""
    participant = get_object_or_404(Participant, pk=pk)
    comparison = selectors.round_get(user=request.user, pk=participant.round_id)
    own = selectors.participant_for_user(user=request.user, comparison=comparison)
    if own != participant and not selectors.may_manage(request.user, comparison):
        raise PermissionDenied(_("Only the laboratory itself, the pilot or the bureau name its standard."))
    initial = {"standard": participant.standard.code if participant.standard else ""}
    form = forms.ParticipantStandardForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form=form,
        title=_("Measurement standard used by %s") % participant,
        back=_detail(comparison),
        save=lambda data: services.participant_update(actor=request.user, instance=participant, data=data),
        done=_detail(comparison),
    )


# --- circulation -----------------------------------------------------------------------------------


@require_POST
def schedule_build(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = selectors.round_get(user=request.user, pk=pk)
    form = forms.ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items()))
        return HttpResponseRedirect(_detail(comparison))
    return _act(
        request,
        comparison,
        lambda: services.schedule_build(
            actor=request.user,
            comparison=comparison,
            start=form.cleaned_data["start"],
            days_per_laboratory=form.cleaned_data["days_per_laboratory"],
        ),
        _("Circulation planned."),
    )


def custody_record(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_object_or_404(CustodyTransfer.objects.select_related("sender", "receiver"), pk=pk)
    comparison = selectors.round_get(user=request.user, pk=transfer.round_id)
    form = forms.CustodyForm(request.POST or None, instance=transfer)
    return _form_page(
        request,
        form=form,
        title=_("Hand-over %(leg)s of %(round)s") % {"leg": transfer.sequence, "round": comparison.code},
        back=_detail(comparison),
        save=lambda data: services.custody_record(actor=request.user, instance=transfer, data=data),
        done=_detail(comparison),
    )


# --- state -----------------------------------------------------------------------------------------


def _act(
    request: HttpRequest, comparison: ComparisonRound, call: Callable[[], Any], success: str
) -> HttpResponse:
    try:
        call()
        messages.success(request, success)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", None) or [str(exc)]))
    return HttpResponseRedirect(_detail(comparison))


@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = selectors.round_get(user=request.user, pk=pk)
    call = partial(services.round_open, actor=request.user, comparison=comparison)
    return _act(request, comparison, call, _("The comparison is open for results."))


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = selectors.round_get(user=request.user, pk=pk)
    call = partial(services.round_close, actor=request.user, comparison=comparison)
    return _act(request, comparison, call, _("Submission is closed: every participant now sees the results."))


@require_POST
def round_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """Evaluate with the method chosen on the page (it becomes the round's method)."""
    comparison = selectors.round_get(user=request.user, pk=pk)
    form = forms.EvaluateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an evaluation method."))
        return HttpResponseRedirect(_detail(comparison))

    try:
        opened = services.round_evaluate(actor=request.user, comparison=comparison, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", None) or [str(exc)]))
        return HttpResponseRedirect(_detail(comparison))
    messages.success(request, _("Evaluated: %s.") % Method(form.cleaned_data["method"]).label)
    for action in opened:
        messages.warning(request, _("Corrective action opened: %s") % action)
    return HttpResponseRedirect(reverse("comparisons:report", args=[comparison.pk]))


# --- submission ------------------------------------------------------------------------------------


def submission(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's results, one row per point, stored all or none (``services.results_submit``)."""
    comparison = selectors.round_get(user=request.user, pk=pk)
    participant = selectors.participant_for_user(user=request.user, comparison=comparison)
    if participant is None:
        raise PermissionDenied(_("A laboratory submits only its own results."))
    points = list(comparison.points.all())
    existing = {r.point_id: r for r in participant.results.all()}
    form = forms.SubmissionForm(request.POST or None, points=points, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.results_submit(
                actor=request.user, participant=participant, rows=form.submitted_rows()
            )
            messages.success(
                request, _("Submitted %(n)d results for %(lab)s.") % {"n": len(saved), "lab": participant}
            )
            return HttpResponseRedirect(_detail(comparison))
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(form.service_error_field(key), [f"{key}: {e}" for e in errors])
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Permission denied."))
    return render(
        request,
        "comparisons/submission.html",
        {"object": comparison, "participant": participant, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- report ----------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation report: HTML with plotly charts; ``?output=pdf|xlsx``, or ``svg&point=<id>``."""
    comparison = selectors.round_get(user=request.user, pk=pk)
    built = report.report_build(
        comparison=comparison, results=selectors.result_list(user=request.user, comparison=comparison)
    )
    output = request.GET.get("output", "html")
    name = comparison.code
    if output == "xlsx":
        response = HttpResponse(report.render_xlsx(built), content_type=XLSX)
    elif output == "svg":
        wanted = request.GET.get("point")
        point = next((p for p in built.points if str(p.point.pk) == wanted), None)
        if point is None:
            raise Http404(_("No such measurement point in this comparison."))
        response = HttpResponse(report.render_svg(built, point), content_type="image/svg+xml")
        name = f"{comparison.code}-{point.point.position}"
    elif output == "pdf":
        try:
            response = HttpResponse(report.render_pdf(built), content_type="application/pdf")
        except report.ReportError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    else:
        charts = [(p, report.plotly_chart(built, p) if p.rows else None) for p in built.points]
        return render(
            request, "comparisons/report.html", {"object": comparison, "report": built, "charts": charts}
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{output}"'
    return response


def protocol_download(request: HttpRequest, pk: int) -> FileResponse:
    """The round's protocol file, for whoever may see the round (media files are not served publicly)."""
    comparison = selectors.round_get(user=request.user, pk=pk)
    if not comparison.protocol_file:
        raise Http404(_("No protocol file was uploaded for this comparison."))
    return FileResponse(
        comparison.protocol_file.open("rb"),
        as_attachment=True,
        filename=Path(comparison.protocol_file.name).name,
    )


# --- corrective actions ----------------------------------------------------------------------------


@require_POST
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.corrective_action_get(user=request.user, pk=pk)
    try:
        services.corrective_action_close(actor=request.user, action=action, note=request.POST.get("note", ""))
        messages.success(request, _("Closed %s.") % action)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", None) or [str(exc)]))
    return HttpResponseRedirect(reverse("comparisons:actions_detail", args=[pk]))
