"""Forms of the standards pages; they validate input only — the services decide."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiliang.registry.fields import RegionChoiceField
from jiliang.registry.forms import uscc_field
from jiliang.registry.models import InstrumentType, Organization, Region
from jiliang.registry.selectors import organization_list, person_list, user_scope
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardCheck,
)
from jiliang.standards.models.links import CALIBRATION_LINK_FIELDS
from jiliang.standards.models.standards import (
    APPROVAL_CERTIFICATE_FIELDS,
    STANDARD_CHECK_FIELDS,
    STANDARD_FIELDS,
)
from jiliang.standards.selectors import approval_years, reexam_lead_months, standard_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def unconfirmed_note() -> str:
    """The UI's statement of the unconfirmed validity defaults."""
    return str(
        _(
            "Approval certificates hold %(years)s years and re-examination is due %(months)s months before "
            "expiry by default: UNCONFIRMED defaults (the 计量标准考核办法 / JJF 1033-2023 text was not "
            "checked); "
            "set JILIANG_STANDARD_APPROVAL_YEARS and JILIANG_STANDARD_REEXAM_LEAD_MONTHS."
        )
        % {"years": approval_years(), "months": reexam_lead_months()}
    )


class MeasurementStandardForm(forms.ModelForm[MeasurementStandard]):
    takes_user = True
    holder = uscc_field(_("holder (unified social credit code)"), queryset=Organization.objects.none())

    class Meta:
        model = MeasurementStandard
        fields = STANDARD_FIELDS
        widgets = {"instrument_types": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = organization_list(user=user)  # type: ignore[attr-defined]
        self.fields["instrument_types"].queryset = InstrumentType.objects.filter(valid_to__isnull=True)  # type: ignore[attr-defined]
        scope = user_scope(user)
        if not scope.everything and scope.organization_id and not self.initial.get("holder"):
            self.initial["holder"] = Organization.objects.get(pk=scope.organization_id).uscc
        if self.instance.pk:
            self.initial["holder"] = self.instance.holder.uscc


class ApprovalCertificateForm(forms.ModelForm[ApprovalCertificate]):
    takes_user = True

    class Meta:
        model = ApprovalCertificate
        fields = APPROVAL_CERTIFICATE_FIELDS
        widgets = {"issued_on": DATE, "valid_until": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standard_list(user=user)  # type: ignore[attr-defined]
        self.fields["valid_until"].required = False
        self.fields["valid_until"].help_text = _("Blank: the default validity. %s") % unconfirmed_note()


class CalibrationLinkForm(forms.ModelForm[CalibrationLink]):
    takes_user = True

    class Meta:
        model = CalibrationLink
        fields = CALIBRATION_LINK_FIELDS
        widgets = {"calibrated_on": DATE, "valid_until": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standard_list(user=user)  # type: ignore[attr-defined]
        # Any standard of the city may have calibrated it.
        self.fields["higher_standard"].queryset = MeasurementStandard.objects.all()  # type: ignore[attr-defined]


class StandardCheckForm(forms.ModelForm[StandardCheck]):
    takes_user = True
    readings = forms.CharField(
        label=_("readings"),
        help_text=_("Numbers separated by spaces or commas: the group means (stability) or the repeats."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = StandardCheck
        fields = STANDARD_CHECK_FIELDS
        widgets = {"performed_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standard_list(user=user)  # type: ignore[attr-defined]
        self.fields["performed_by"].queryset = person_list(user=user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["readings"] = " ".join(self.instance.readings)

    def clean_readings(self) -> list[str]:
        """The readings as number strings (the model stores JSON; the service computes with Decimals)."""
        parts = [p for p in re.split(r"[\s,;，；]+", self.cleaned_data["readings"]) if p]
        try:
            return [str(Decimal(p)) for p in parts]
        except InvalidOperation:
            raise forms.ValidationError(_("Every reading must be a number.")) from None


class ExternalReferenceForm(forms.ModelForm[ExternalReference]):
    class Meta:
        model = ExternalReference
        fields = [
            "institution",
            "kind",
            "standard_name",
            "certificate_number",
            "valid_until",
            "accepted_as_root",
            "traced_to",
            "note",
        ]
        widgets = {"valid_until": DATE}


class StatusForm(forms.Form):
    """Suspend, resume or retire a standard."""

    action = forms.ChoiceField(
        label=_("action"),
        choices=[("suspend", _("suspend")), ("resume", _("resume")), ("retire", _("retire"))],
    )
    on = forms.DateField(label=_("from"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), max_length=255)


class RevokeApprovalForm(forms.Form):
    on = forms.DateField(label=_("revoked from"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), max_length=255)


class AsOfForm(forms.Form):
    """The date of a chain view."""

    as_of = forms.DateField(label=_("as of"), widget=DATE, required=False)


class ImpactForm(forms.Form):
    """The parameters of a reverse trace."""

    standard = forms.CharField(label=_("standard code"), max_length=32)
    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("to"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class CoverageForm(forms.Form):
    """The parameters of the coverage page and its planner."""

    as_of = forms.DateField(label=_("as of"), widget=DATE, required=False)
    region = RegionChoiceField(
        label=_("region"),
        queryset=Region.objects.filter(level__in=["city", "district", "county", "county_city"]),
        required=False,
    )
    budget = forms.IntegerField(
        label=_("new standards to plan"), min_value=0, max_value=50, initial=5, required=False
    )
