"""Forms of the mandatory-verification pages. Large choice sets (owners, instruments) are typed keys,
not drop-downs: a city has tens of thousands of owners and millions of instruments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiliang.instruments.choices import InstrumentStatus
from jiliang.instruments.models import Instrument, VerificationRecord
from jiliang.instruments.models.instruments import INSTRUMENT_FIELDS
from jiliang.instruments.models.verification import VERIFICATION_RECORD_FIELDS
from jiliang.instruments.selectors import instrument_list
from jiliang.registry.choices import INSTITUTE_KINDS
from jiliang.registry.fields import RegionChoiceField
from jiliang.registry.forms import uscc_field
from jiliang.registry.models import InstrumentType, Organization, Person, Region
from jiliang.registry.selectors import organization_list, user_scope
from jiliang.standards.selectors import usable_standards

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstrumentForm(forms.ModelForm[Instrument]):
    takes_user = True
    owner = uscc_field(_("owner (unified social credit code)"), queryset=Organization.objects.none())

    class Meta:
        model = Instrument
        fields = INSTRUMENT_FIELDS
        widgets = {"put_into_use_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_list(user=user)  # type: ignore[attr-defined]
        self.fields["instrument_type"].queryset = InstrumentType.objects.filter(valid_to__isnull=True)  # type: ignore[attr-defined]
        self.fields["site_region"].queryset = Region.objects.filter(valid_to__isnull=True)  # type: ignore[attr-defined]
        scope = user_scope(user)
        if not scope.everything and scope.organization_id and not self.initial.get("owner"):
            self.initial["owner"] = Organization.objects.get(pk=scope.organization_id).uscc
        if self.instance.pk:
            self.fields["owner"].disabled = True
            self.initial["owner"] = self.instance.owner.uscc


class RetireForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (InstrumentStatus.OUT_OF_USE, InstrumentStatus.OUT_OF_USE.label),
            (InstrumentStatus.SCRAPPED, InstrumentStatus.SCRAPPED.label),
        ],
    )
    on = forms.DateField(label=_("date"), widget=DATE)


class VerificationRecordForm(forms.ModelForm[VerificationRecord]):
    takes_user = True
    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.none(), label=_("instrument (register number)"), widget=forms.TextInput
    )

    class Meta:
        model = VerificationRecord
        fields = VERIFICATION_RECORD_FIELDS
        widgets = {"verified_on": DATE, "readings_summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = user_scope(user)
        self.fields["instrument"].queryset = instrument_list(user=user)  # type: ignore[attr-defined]
        institutions = Organization.objects.filter(kind__in=INSTITUTE_KINDS)
        verifiers = Person.objects.filter(organization__kind__in=INSTITUTE_KINDS)
        if not scope.everything:
            own = scope.organization_id or 0  # a scope without an organization offers nothing
            institutions = institutions.filter(pk=own)
            verifiers = verifiers.filter(organization_id=own)
            self.initial.setdefault("institution", scope.organization_id)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["verifier"].queryset = verifiers.select_related("organization")  # type: ignore[attr-defined]
        # The standards of the institution(s) valid today; the service checks the verification date.
        standards = usable_standards(institutions=institutions, day=timezone.localdate())
        self.fields["standard"].queryset = standards  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=255)
    reissue = forms.BooleanField(label=_("issue a replacement"), required=False)


class FiguresForm(forms.Form):
    """The parameters of the figures page and of the CLI."""

    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("to"), widget=DATE)
    region = RegionChoiceField(
        label=_("region"),
        queryset=Region.objects.filter(level__in=["city", "district", "county", "county_city"]),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
