"""Forms of the registry pages; they validate input only — the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiliang.registry.choices import INSTITUTE_KINDS
from jiliang.registry.models import (
    Expert,
    InstituteAuthorization,
    InstrumentType,
    Organization,
    Person,
    Region,
    VerifierQualification,
)
from jiliang.registry.models.authorizations import INSTITUTE_AUTHORIZATION_FIELDS
from jiliang.registry.models.organizations import ORGANIZATION_FIELDS
from jiliang.registry.models.people import VERIFIER_QUALIFICATION_FIELDS
from jiliang.registry.models.regions import REGION_FIELDS
from jiliang.registry.selectors import organization_list, person_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def uscc_field(
    label: Any, *, required: bool = True, queryset: Any = None
) -> forms.ModelChoiceField[Organization]:
    """An organization typed by its unified social credit code, not picked from a drop-down (a city has
    tens of thousands). ``queryset`` narrows the choice (forms often set it per user in ``__init__``)."""
    return forms.ModelChoiceField(
        queryset=Organization.objects.all() if queryset is None else queryset,
        to_field_name="uscc",
        label=label,
        widget=forms.TextInput,
        required=required,
        error_messages={"invalid_choice": _("No organization with this credit code.")},
    )


class RegionForm(forms.ModelForm[Region]):
    class Meta:
        model = Region
        fields = REGION_FIELDS
        widgets = {"valid_from": DATE, "valid_to": DATE}


class OrganizationForm(forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(valid_to__isnull=True)  # type: ignore[attr-defined]


class _UserScopedForm(forms.ModelForm[Any]):
    """A form whose choices of organizations or people follow the user's scope."""

    takes_user = True

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "organization" in self.fields:
            self.fields["organization"].queryset = organization_list(user=user)  # type: ignore[attr-defined]
        if "person" in self.fields:
            self.fields["person"].queryset = person_list(user=user)  # type: ignore[attr-defined]


class PersonForm(_UserScopedForm):
    class Meta:
        model = Person
        fields = ["name", "organization", "title", "phone", "email"]


class QualificationForm(_UserScopedForm):
    class Meta:
        model = VerifierQualification
        fields = VERIFIER_QUALIFICATION_FIELDS
        widgets = {"valid_from": DATE, "valid_until": DATE}


class ExpertForm(_UserScopedForm):
    class Meta:
        model = Expert
        fields = ["person", "disciplines", "specialty", "admitted_on", "active"]
        widgets = {"admitted_on": DATE, "disciplines": forms.CheckboxSelectMultiple}


class InstituteAuthorizationForm(forms.ModelForm[InstituteAuthorization]):
    institute = uscc_field(
        _("institute (unified social credit code)"),
        queryset=Organization.objects.filter(kind__in=INSTITUTE_KINDS),
    )

    class Meta:
        model = InstituteAuthorization
        fields = INSTITUTE_AUTHORIZATION_FIELDS
        widgets = {
            "valid_from": DATE,
            "valid_until": DATE,
            "regions": forms.CheckboxSelectMultiple,
            "instrument_types": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.filter(valid_to__isnull=True)  # type: ignore[attr-defined]
        self.fields["instrument_types"].queryset = InstrumentType.objects.filter(valid_to__isnull=True)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["institute"].disabled = True
            self.initial["institute"] = self.instance.institute.uscc
