"""Forms of the energy-metering pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiliang.instruments.models import Instrument
from jiliang.instruments.selectors import instrument_list
from jiliang.metering.choices import FlagStatus
from jiliang.metering.models import (
    METER_FIELDS,
    AccuracyRequirement,
    ConversionCoefficient,
    EnergyConsumer,
    EnergyUnit,
    EquippingRequirement,
    MajorThreshold,
    Meter,
    MonthlyStatement,
)
from jiliang.metering.models.units import ENERGY_CONSUMER_FIELDS, ENERGY_UNIT_FIELDS, MONTHLY_STATEMENT_FIELDS
from jiliang.metering.selectors import energy_unit_list
from jiliang.registry.forms import uscc_field
from jiliang.registry.models import Organization
from jiliang.registry.selectors import organization_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MonthField(forms.DateField):
    """A calendar month (``YYYY-MM``, or a date: its month), stored as the month's first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value: Any) -> Any:
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class EnergyUnitForm(forms.ModelForm[EnergyUnit]):
    takes_user = True
    organization = uscc_field(
        _("organization (unified social credit code)"), queryset=Organization.objects.none()
    )

    class Meta:
        model = EnergyUnit
        fields = ENERGY_UNIT_FIELDS

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_list(user=user).filter(  # type: ignore[attr-defined]
            is_key_energy_unit=True
        )
        if self.instance.pk:
            self.fields["organization"].disabled = True


class MeterForm(forms.ModelForm[Meter]):
    takes_user = True
    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.all(),
        required=False,
        label=_("register entry (register number)"),
        widget=forms.TextInput,
    )

    class Meta:
        model = Meter
        fields = METER_FIELDS

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = energy_unit_list(user=user)  # type: ignore[attr-defined]
        self.fields["instrument"].queryset = instrument_list(user=user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["unit"].disabled = True
            self.fields["code"].disabled = True


class FlagResolveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (s.value, s.label) for s in (FlagStatus.CONFIRMED, FlagStatus.DISMISSED, FlagStatus.CORRECTED)
        ],
    )
    corrected_value = forms.FloatField(label=_("corrected value"), required=False)
    note = forms.CharField(label=_("note"), max_length=255, required=False)


class ConflictResolveForm(forms.Form):
    adopt = forms.TypedChoiceField(
        label=_("decision"),
        coerce=lambda v: v == "adopt",
        choices=[("keep", _("keep the stored value")), ("adopt", _("adopt the value received later"))],
    )
    note = forms.CharField(label=_("note"), max_length=255, required=False)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("token name"), max_length=64)


class CoefficientForm(forms.ModelForm[ConversionCoefficient]):
    class Meta:
        model = ConversionCoefficient
        fields = [
            "edition",
            "energy_type",
            "basis",
            "unit_of_measure",
            "kgce",
            "confirmed",
            "in_force",
            "note",
        ]


class EquippingRequirementForm(forms.ModelForm[EquippingRequirement]):
    class Meta:
        model = EquippingRequirement
        fields = ["rate", "confirmed", "note"]


class AccuracyRequirementForm(forms.ModelForm[AccuracyRequirement]):
    class Meta:
        model = AccuracyRequirement
        fields = ["requirement", "confirmed", "note"]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("to"), widget=DATE)


class MonthlyStatementForm(forms.ModelForm[MonthlyStatement]):
    takes_user = True
    month = MonthField(label=_("month"))

    class Meta:
        model = MonthlyStatement
        fields = MONTHLY_STATEMENT_FIELDS

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = energy_unit_list(user=user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["unit"].disabled = True


class EnergyConsumerForm(forms.ModelForm[EnergyConsumer]):
    takes_user = True

    class Meta:
        model = EnergyConsumer
        fields = ENERGY_CONSUMER_FIELDS

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = energy_unit_list(user=user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["unit"].disabled = True


class MajorThresholdForm(forms.ModelForm[MajorThreshold]):
    class Meta:
        model = MajorThreshold
        fields = ["level", "energy_type", "threshold", "size_unit", "confirmed", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["level"].disabled = True
            self.fields["energy_type"].disabled = True
