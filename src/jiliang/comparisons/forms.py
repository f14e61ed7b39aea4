"""Forms of the comparison pages; they validate input only — the services decide.

Laboratories are typed by credit code and standards by their code, not picked from a drop-down.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from jiliang.comparisons.choices import Method
from jiliang.comparisons.models import (
    ComparisonPoint,
    ComparisonRound,
    CorrectiveAction,
    CustodyTransfer,
    Result,
)
from jiliang.comparisons.models.rounds import POINT_FIELDS, ROUND_FIELDS
from jiliang.registry.forms import uscc_field
from jiliang.standards.models import MeasurementStandard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _standard_field(label: Any) -> forms.ModelChoiceField[MeasurementStandard]:
    return forms.ModelChoiceField(
        queryset=MeasurementStandard.objects.all(),
        to_field_name="code",
        label=label,
        widget=forms.TextInput,
        required=False,
        error_messages={"invalid_choice": _("No measurement standard with this code.")},
    )


class ComparisonRoundForm(forms.ModelForm[ComparisonRound]):
    pilot = uscc_field(_("pilot laboratory (unified social credit code)"), required=False)

    class Meta:
        model = ComparisonRound
        fields = ROUND_FIELDS
        widgets = {"starts_on": DATE, "submission_deadline": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.pilot_id:
            self.initial["pilot"] = self.instance.pilot.uscc  # type: ignore[union-attr]


class ComparisonPointForm(forms.ModelForm[ComparisonPoint]):
    class Meta:
        model = ComparisonPoint
        fields = POINT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Empty: after the last point.")
        self.fields["assigned_k"].required = False

    def clean_position(self) -> int | None:
        position: int | None = self.cleaned_data.get("position")
        return position or self.instance.position if self.instance.pk else position

    def clean_assigned_k(self) -> Decimal:
        return self.cleaned_data.get("assigned_k") or Decimal(2)


class ParticipantAddForm(forms.Form):
    organization = uscc_field(_("laboratory (unified social credit code)"))
    standard = _standard_field(_("measurement standard used (code)"))
    lab_code = forms.CharField(
        label=_("laboratory code"), max_length=8, required=False, help_text=_("Empty: A, B, C … in order.")
    )


class ParticipantStandardForm(forms.Form):
    standard = _standard_field(_("measurement standard used (code)"))


class ScheduleForm(forms.Form):
    start = forms.DateField(label=_("first hand-over on"), widget=DATE)
    days_per_laboratory = forms.IntegerField(label=_("days per laboratory"), min_value=1, initial=14)


class CustodyForm(forms.ModelForm[CustodyTransfer]):
    class Meta:
        model = CustodyTransfer
        fields = ["sent_on", "received_on", "condition"]
        widgets = {"sent_on": DATE, "received_on": DATE}


class EvaluateForm(forms.Form):
    method = forms.ChoiceField(label=_("evaluation method"), choices=Method.choices)
    exclude_discrepant = forms.BooleanField(label=_("exclude discrepant results"), required=False)


class CorrectiveActionForm(forms.ModelForm[CorrectiveAction]):
    class Meta:
        model = CorrectiveAction
        fields = ["cause", "action_taken"]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 4}),
            "action_taken": forms.Textarea(attrs={"rows": 4}),
        }


# --- submission -------------------------------------------------------------------------------------

#: The columns of a submission row: result field → label.
SUBMISSION_COLUMNS: dict[str, Any] = {
    "value": _("measured value"),
    "expanded_uncertainty": _("expanded uncertainty U"),
    "k": _("coverage factor k"),
    "measured_on": _("measured on"),
}


@dataclass
class SubmissionRow:
    point: ComparisonPoint
    fields: list[forms.BoundField]


class SubmissionForm(forms.Form):
    """One row per measurement point: value, U, k, measured on. A row left empty is not submitted."""

    def __init__(
        self, *args: Any, points: Sequence[ComparisonPoint], existing: dict[int, Result], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.points = list(points)
        for p in self.points:
            prefix = f"p{p.pk}"
            self.fields[f"{prefix}_value"] = forms.DecimalField(
                required=False, max_digits=24, decimal_places=12
            )
            self.fields[f"{prefix}_expanded_uncertainty"] = forms.DecimalField(
                required=False, max_digits=24, decimal_places=12
            )
            self.fields[f"{prefix}_k"] = forms.DecimalField(
                required=False, max_digits=4, decimal_places=2, initial=Decimal(2)
            )
            self.fields[f"{prefix}_measured_on"] = forms.DateField(required=False, widget=DATE)
            for name, label in SUBMISSION_COLUMNS.items():
                self.fields[f"{prefix}_{name}"].label = f"{p.label}: {label}"
            result = existing.get(p.pk)
            if result is not None:
                for name in SUBMISSION_COLUMNS:
                    value = getattr(result, name)
                    self.initial[f"{prefix}_{name}"] = (
                        value.normalize() if isinstance(value, Decimal) else value
                    )

    def rows(self) -> Iterator[SubmissionRow]:
        for p in self.points:
            yield SubmissionRow(p, [self[f"p{p.pk}_{name}"] for name in SUBMISSION_COLUMNS])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        entered = 0
        for p in self.points:
            row = {name: cleaned.get(f"p{p.pk}_{name}") for name in SUBMISSION_COLUMNS}
            if all(v is None for k, v in row.items() if k != "k"):
                continue
            entered += 1
            for name in ("value", "expanded_uncertainty"):
                if row[name] is None and f"p{p.pk}_{name}" not in self.errors:
                    self.add_error(f"p{p.pk}_{name}", _("Required when the row is filled in."))
        if not entered and not self.errors:
            raise forms.ValidationError(_("Enter the result of at least one measurement point."))
        return cleaned

    def submitted_rows(self) -> list[tuple[ComparisonPoint, dict[str, Any]]]:
        """The filled-in rows as the service takes them (k defaults to 2)."""
        rows = []
        for p in self.points:
            row = {name: self.cleaned_data.get(f"p{p.pk}_{name}") for name in SUBMISSION_COLUMNS}
            if row["value"] is None and row["expanded_uncertainty"] is None:
                continue
            if row["k"] is None:
                row["k"] = Decimal(2)
            rows.append((p, row))
        return rows

    def service_error_field(self, key: str) -> str | None:
        """The form field behind a service error key "<point label>: <field>"."""
        label, _sep, name = key.rpartition(": ")
        for p in self.points:
            if p.label == label and f"p{p.pk}_{name}" in self.fields:
                return f"p{p.pk}_{name}"
        return None

    def error_summary(self) -> list[str]:
        """Every error with the point and field it concerns (the form is a table: say where)."""
        lines = [str(e) for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            lines += [f"{self.fields[name].label}: {e}" for e in errors]
        return lines
