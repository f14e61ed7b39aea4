"""Calendar and clock pages, declared on the generic views of jiliang.core, plus the clock actions."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiliang.core.scoping import Role
from jiliang.core.views import ObjectViews
from jiliang.deadlines import filtersets, forms, selectors, services, tables
from jiliang.deadlines.choices import OPEN_STATUSES, ClockStatus, Confidence
from jiliang.deadlines.models import CalendarDay, Clock, ClockReminder, ClockRule, HolidayYear
from jiliang.registry.selectors import user_scope

UNCONFIRMED = (Confidence.MEMORY, Confidence.INFERRED)


def _is_bureau(user: Any) -> bool:
    return user_scope(user).everything


def _may_write_clocks(user: Any) -> bool:
    scope = user_scope(user)
    return scope.everything or scope.role == Role.COUNTY


def _year_context(request: HttpRequest, year: HolidayYear) -> dict[str, Any]:
    return {
        "days": year.days.all(),
        "confirm_form": forms.HolidayYearConfirmForm(initial={"notice": year.notice}),
        "may_confirm": _is_bureau(request.user),
    }


def _clock_context(request: HttpRequest, clock: Clock) -> dict[str, Any]:
    actions: dict[str, django_forms.Form] = {}
    if clock.status in OPEN_STATUSES and _may_write_clocks(request.user):
        if clock.status == ClockStatus.RUNNING:
            actions["pause"] = forms.ClockPauseForm()
        else:
            actions["resume"] = forms.ClockResumeForm()
        actions["extend"] = forms.ClockExtendForm(initial={"unit": clock.kind})
        actions["stop"] = forms.ClockStopForm(initial={"done": True})
    return {
        "pauses": clock.pauses.all(),
        "extensions": clock.extensions.all(),
        "actions": actions,
        "unconfirmed_rule": clock.confidence in UNCONFIRMED,
        "record": clock.record,
    }


HOLIDAY_YEARS = ObjectViews(
    model=HolidayYear,
    namespace="deadlines",
    prefix="years",
    list_selector=selectors.holiday_year_list,
    get_selector=selectors.holiday_year_get,
    columns=tables.HOLIDAY_YEAR_COLUMNS,
    filterset_class=filtersets.HolidayYearFilterSet,
    form_class=forms.HolidayYearForm,
    create_service=services.holiday_year_create,
    update_service=services.holiday_year_update,
    may_create=_is_bureau,
    detail_context=_year_context,
)

CALENDAR_DAYS = ObjectViews(
    model=CalendarDay,
    namespace="deadlines",
    prefix="days",
    list_selector=selectors.calendar_day_list,
    get_selector=selectors.calendar_day_get,
    columns=tables.CALENDAR_DAY_COLUMNS,
    filterset_class=filtersets.CalendarDayFilterSet,
    form_class=forms.CalendarDayForm,
    create_service=services.calendar_day_create,
    update_service=services.calendar_day_update,
    may_create=_is_bureau,
)

CLOCK_RULES = ObjectViews(
    model=ClockRule,
    namespace="deadlines",
    prefix="rules",
    list_selector=selectors.clock_rule_list,
    get_selector=selectors.clock_rule_get,
    columns=tables.CLOCK_RULE_COLUMNS,
    filterset_class=filtersets.ClockRuleFilterSet,
    form_class=forms.ClockRuleForm,
    create_service=services.clock_rule_create,
    update_service=services.clock_rule_update,
    may_create=_is_bureau,
)

CLOCKS = ObjectViews(
    model=Clock,
    namespace="deadlines",
    prefix="clocks",
    list_selector=selectors.clock_list,
    get_selector=selectors.clock_get,
    columns=tables.CLOCK_COLUMNS,
    detail_columns=tables.CLOCK_DETAIL_COLUMNS,
    filterset_class=filtersets.ClockFilterSet,
    detail_context=_clock_context,
)


def _reminder_get(*, user: Any, pk: int) -> ClockReminder:
    return get_object_or_404(selectors.clock_reminder_list(user=user), pk=pk)


CLOCK_REMINDERS = ObjectViews(
    model=ClockReminder,
    namespace="deadlines",
    prefix="reminders",
    list_selector=selectors.clock_reminder_list,
    get_selector=_reminder_get,
    columns=tables.CLOCK_REMINDER_COLUMNS,
    filterset_class=filtersets.ClockReminderFilterSet,
)

_ACTION_FORMS: dict[str, type[django_forms.Form]] = {
    "pause": forms.ClockPauseForm,
    "resume": forms.ClockResumeForm,
    "extend": forms.ClockExtendForm,
    "stop": forms.ClockStopForm,
}


def _errors(error: ValidationError | django_forms.Form) -> str:
    if isinstance(error, django_forms.Form):
        items = error.errors.items()
        return "; ".join(
            f"{error.fields[k].label if k in error.fields else ''}: {' '.join(str(m) for m in v)}"
            for k, v in items
        )
    if hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return " ".join(error.messages)


@require_POST
def clock_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Pause, resume, extend or stop a clock from its page (the services check scope and rules)."""
    clock = selectors.clock_get(user=request.user, pk=pk)
    detail = reverse("deadlines:clocks_detail", args=[pk])
    form_class = _ACTION_FORMS.get(action)
    if form_class is None:
        return HttpResponse(status=404)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return HttpResponseRedirect(detail)
    data = form.cleaned_data
    try:
        if action == "pause":
            services.clock_pause(actor=request.user, clock=clock, **data)
        elif action == "resume":
            services.clock_resume(actor=request.user, clock=clock, **data)
        elif action == "extend":
            services.clock_extend(actor=request.user, clock=clock, **data)
        else:
            services.clock_stop(actor=request.user, clock=clock, **data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Permission denied."))
    else:
        messages.success(request, _("Saved %s.") % clock.name)
    return HttpResponseRedirect(detail)


@require_POST
def holiday_year_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a year against the State Council notice (bureau): deadlines count on it from now on."""
    year = selectors.holiday_year_get(user=request.user, pk=pk)
    form = forms.HolidayYearConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.holiday_year_confirm(
                actor=request.user, instance=year, notice=form.cleaned_data["notice"]
            )
            messages.success(request, _("Confirmed %s.") % year)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error) if isinstance(error, ValidationError) else str(error))
    return HttpResponseRedirect(reverse("deadlines:years_detail", args=[pk]))
