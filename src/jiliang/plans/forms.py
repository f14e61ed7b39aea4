"""Forms of the plan pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiliang.plans.models import EvidenceItem
from jiliang.registry.fields import RegionChoiceField
from jiliang.registry.models import Region
from jiliang.registry.selectors import organization_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNTY_LEVELS = ["city", "district", "county", "county_city"]


class EvidenceForm(forms.ModelForm[EvidenceItem]):
    takes_user = True

    class Meta:
        model = EvidenceItem
        fields = ["kind", "title", "level", "achieved_on", "region", "organization", "documents"]
        widgets = {"achieved_on": DATE, "documents": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(level__in=COUNTY_LEVELS)  # type: ignore[attr-defined]
        self.fields["organization"].queryset = organization_list(user=user)  # type: ignore[attr-defined]


class DashboardForm(forms.Form):
    as_of = forms.DateField(label=_("as of"), widget=DATE, required=False)
    region = RegionChoiceField(
        label=_("region"),
        queryset=Region.objects.filter(level__in=COUNTY_LEVELS),
        required=False,
    )


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    region = RegionChoiceField(
        label=_("region"),
        queryset=Region.objects.filter(level__in=COUNTY_LEVELS),
        required=False,
    )
    format = forms.ChoiceField(
        label=_("format"), choices=[("html", "HTML"), ("xlsx", "XLSX"), ("pdf", "PDF")]
    )
