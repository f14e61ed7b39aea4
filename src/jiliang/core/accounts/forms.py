"""Forms of the account pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("name"), max_length=64, help_text=_("What the token is for, e.g. the script that uses it.")
    )
    expires_on = forms.DateField(
        label=_("valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that does not expire."),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("code"),
        regex=r"^\s*\d{6,8}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the 6-digit code your authenticator app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
