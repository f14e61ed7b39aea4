"""Forms of the calendar and clock pages; they validate input only — the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiliang.deadlines.choices import PauseReason, RuleKind
from jiliang.deadlines.models import CalendarDay, ClockRule, HolidayYear
from jiliang.deadlines.models.calendar import CALENDAR_DAY_FIELDS, HOLIDAY_YEAR_FIELDS
from jiliang.deadlines.models.clocks import CLOCK_RULE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HolidayYearForm(forms.ModelForm[HolidayYear]):
    class Meta:
        model = HolidayYear
        fields = HOLIDAY_YEAR_FIELDS


class CalendarDayForm(forms.ModelForm[CalendarDay]):
    class Meta:
        model = CalendarDay
        fields = CALENDAR_DAY_FIELDS
        widgets = {"date": DATE}


class ClockRuleForm(forms.ModelForm[ClockRule]):
    class Meta:
        model = ClockRule
        fields = CLOCK_RULE_FIELDS


class HolidayYearConfirmForm(forms.Form):
    notice = forms.CharField(label=_("State Council notice"), max_length=64, required=False)


class ClockPauseForm(forms.Form):
    start_on = forms.DateField(label=_("paused on"), widget=DATE)
    reason = forms.ChoiceField(label=_("reason"), choices=PauseReason.choices)
    note = forms.CharField(label=_("note"), max_length=255, required=False)


class ClockResumeForm(forms.Form):
    end_on = forms.DateField(label=_("running again on"), widget=DATE)


class ClockExtendForm(forms.Form):
    amount = forms.IntegerField(label=_("amount"), min_value=1)
    unit = forms.ChoiceField(label=_("unit"), choices=RuleKind.choices)
    approved_by = forms.CharField(label=_("approved by"), max_length=128)
    approved_on = forms.DateField(label=_("approved on"), widget=DATE)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ClockStopForm(forms.Form):
    on = forms.DateField(label=_("on"), widget=DATE)
    done = forms.BooleanField(
        label=_("the act was done (unticked: the deadline no longer applies)"), required=False
    )
    note = forms.CharField(label=_("note"), max_length=255, required=False)
