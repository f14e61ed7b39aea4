"""Forms of the net-content pages; they validate input only — the services decide.

Producers and markets are typed by credit code, not picked from a drop-down: a city has tens of
thousands of organizations.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiliang.prepack.choices import CampaignStatus, DeclarationStatus, ProductCategory, TareMode
from jiliang.prepack.judging import split_values
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.prepack.models.campaigns import CAMPAIGN_FIELDS
from jiliang.prepack.selectors import campaign_list
from jiliang.registry.choices import INSTITUTE_KINDS
from jiliang.registry.fields import RegionChoiceField
from jiliang.registry.forms import uscc_field
from jiliang.registry.models import Organization, Person, Region
from jiliang.registry.selectors import user_scope

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm[Campaign]):
    takes_user = True

    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
        widgets = {"start_on": DATE, "end_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspecting_institution"].queryset = Organization.objects.filter(kind__in=INSTITUTE_KINDS)  # type: ignore[attr-defined]
        regions = Region.objects.filter(level__in=["city", "district", "county", "county_city"])
        scope = user_scope(user)
        if scope.region_paths:
            regions = regions.filter(path__startswith=scope.region_paths[0])
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["year"].required = False
        self.initial.setdefault("status", CampaignStatus.IN_PROGRESS)


class LotForm(forms.ModelForm[Lot]):
    takes_user = True
    producer = uscc_field(_("producer (unified social credit code)"))
    market = uscc_field(_("market or shop (credit code), when sampled on the market"), required=False)

    class Meta:
        model = Lot
        fields = [
            "campaign",
            "producer",
            "product_name",
            "category",
            "brand",
            "nominal",
            "unit",
            "production_lot",
            "lot_size",
            "sampled_at",
            "market",
            "sampled_on",
            "inspectors",
        ]
        widgets = {"sampled_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaigns = campaign_list(user=user).exclude(status=CampaignStatus.CLOSED)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        scope = user_scope(user)
        inspectors = Person.objects.filter(organization__kind__in=INSTITUTE_KINDS).select_related(
            "organization"
        )
        if not scope.everything and scope.organization_id:
            inspectors = inspectors.filter(organization_id=scope.organization_id)
        self.fields["inspectors"].queryset = inspectors  # type: ignore[attr-defined]
        self.fields["inspectors"].help_text = _("Staff of the campaign's inspecting institution.")
        self.fields["category"].initial = ProductCategory.OTHER
        if self.instance.pk:
            del self.fields["campaign"]  # a lot stays in its campaign
            self.initial["producer"] = self.instance.producer.uscc
            if self.instance.market_id:
                self.initial["market"] = self.instance.market.uscc  # type: ignore[union-attr]


class MeasurementForm(forms.Form):
    """The sample as typed or pasted: values separated by spaces, new lines, commas or semicolons."""

    measurements = forms.CharField(
        label=_("measured values"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "values"}),
        help_text=_("One value per unit of the sample, in the unit of the nominal quantity; paste a column."),
    )
    tare_mode = forms.ChoiceField(label=_("the values are"), choices=TareMode.choices, initial=TareMode.NONE)
    tare_values = forms.CharField(
        label=_("tare values (empty packages)"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "values"}),
        required=False,
    )
    reason = forms.CharField(
        label=_("reason for the change"),
        max_length=200,
        required=False,
        help_text=_("Needed when the lot has been judged already."),
    )

    def __init__(self, *args: Any, preview_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if preview_url:
            # Live judgement: htmx posts the whole form to the preview endpoint as values are typed.
            live = {"hx-post": preview_url, "hx-target": "#judgement", "hx-include": "#measurement-form"}
            for name, trigger in (
                ("measurements", "input changed delay:300ms"),
                ("tare_values", "input changed delay:300ms"),
                ("tare_mode", "change"),
            ):
                self.fields[name].widget.attrs.update({**live, "hx-trigger": trigger})

    def clean_measurements(self) -> list[str]:
        return split_values(self.cleaned_data["measurements"])

    def clean_tare_values(self) -> list[str]:
        return split_values(self.cleaned_data.get("tare_values") or "")


class MeasurementFileForm(forms.Form):
    """A CSV / XLSX file of the sample (docs/prepack.md gives the columns)."""

    file = forms.FileField(label=_("CSV or XLSX file"))
    tare_mode = forms.ChoiceField(label=_("the values are"), choices=TareMode.choices, initial=TareMode.NONE)
    reason = forms.CharField(label=_("reason for the change"), max_length=200, required=False)


class ProductsField(forms.CharField):
    """A list of products typed one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class CapabilityDeclarationForm(forms.ModelForm[CapabilityDeclaration]):
    takes_user = True
    producer = uscc_field(_("producer (unified social credit code)"))
    products = ProductsField(label=_("declared products (one per line)"), required=False)

    class Meta:
        model = CapabilityDeclaration
        fields = ["producer", "number", "declared_on", "products", "status", "note"]
        widgets = {"declared_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = user_scope(user)
        if self.instance.pk:
            self.fields["producer"].disabled = True
            self.initial["producer"] = self.instance.producer.uscc
        else:
            del self.fields["status"]  # a new declaration is in force
            if not scope.everything and scope.organization_id and not self.initial.get("producer"):
                self.initial["producer"] = Organization.objects.get(pk=scope.organization_id).uscc
        if "status" in self.fields:
            self.fields["status"].choices = DeclarationStatus.choices  # type: ignore[attr-defined]


class FiguresForm(forms.Form):
    """The parameters of the figures page."""

    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("to"), widget=DATE)
    region = RegionChoiceField(
        label=_("region"),
        queryset=Region.objects.filter(level__in=["city", "district", "county", "county_city"]),
        required=False,
    )
    category = forms.ChoiceField(
        label=_("product category"), choices=[("", "---------"), *ProductCategory.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
