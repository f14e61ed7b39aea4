"""Bulk-import specs of the standards registry (CSV / XLSX through jiliang.core.importing)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiliang.core.importing import (
    ImportColumn,
    ImportSpec,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_lookup,
    parse_many,
)
from jiliang.registry.models import Discipline, Organization
from jiliang.registry.selectors import instrument_type_current
from jiliang.standards import services
from jiliang.standards.choices import AccuracyKind, LinkKind, StandardLevel
from jiliang.standards.models import ExternalReference, MeasurementStandard

STANDARD_IMPORT = ImportSpec(
    name="standards",
    service=services.standard_create,
    columns=[
        ImportColumn("code", _("code"), required=True, example="410300-M001"),
        ImportColumn("name", _("name"), required=True, example="F1等级砝码标准装置"),
        ImportColumn(
            "holder",
            _("holder credit code"),
            required=True,
            parse=parse_lookup(Organization.objects.all, "uscc"),
            example="12410300MB0000000X",
        ),
        ImportColumn(
            "level", _("level"), required=True, parse=parse_choice(StandardLevel), example="city_public"
        ),
        ImportColumn(
            "discipline",
            _("discipline code"),
            required=True,
            parse=parse_lookup(Discipline.objects.all, "code"),
            example="mechanics",
        ),
        ImportColumn("quantity", _("measured quantity"), required=True, example="质量"),
        ImportColumn("measuring_range", _("measuring range"), example="1 mg ~ 20 kg"),
        ImportColumn("uncertainty", _("uncertainty, accuracy class or MPE"), required=True, example="F1等级"),
        ImportColumn(
            "accuracy_kind", _("accuracy stated as"), parse=parse_choice(AccuracyKind), example="mpe"
        ),
        ImportColumn("accuracy_value", _("accuracy (number)"), parse=parse_decimal, example="0.0005"),
        ImportColumn("accuracy_unit", _("accuracy unit"), example="%"),
        ImportColumn(
            "verified_mpe_value",
            _("smallest MPE of the instruments it verifies"),
            parse=parse_decimal,
            example="0.05",
        ),
        ImportColumn("verified_mpe_unit", _("unit of that MPE"), example="%"),
        ImportColumn(
            "instrument_types",
            _("instrument type codes (;-separated)"),
            parse=parse_many(instrument_type_current, "code"),
            example="SCALE-NAWI;WEIGHT",
        ),
        ImportColumn("note", _("note")),
    ],
)

LINK_IMPORT = ImportSpec(
    name="calibration-links",
    service=services.calibration_link_create,
    columns=[
        ImportColumn(
            "standard",
            _("standard code"),
            required=True,
            parse=parse_lookup(MeasurementStandard.objects.select_related("holder__region").all, "code"),
            example="410300-M002",
        ),
        ImportColumn(
            "higher_standard",
            _("calibrated by (standard code)"),
            parse=parse_lookup(MeasurementStandard.objects.all, "code"),
            example="410300-M001",
        ),
        ImportColumn(
            "external",
            _("calibrated by (external reference id)"),
            parse=parse_lookup(ExternalReference.objects.all, "pk"),
        ),
        ImportColumn("kind", _("kind"), parse=parse_choice(LinkKind), example="calibration"),
        ImportColumn("certificate_number", _("certificate number"), required=True, example="JZ2025-0001"),
        ImportColumn(
            "calibrated_on", _("calibrated on"), required=True, parse=parse_date, example="2025-03-01"
        ),
        ImportColumn("valid_until", _("valid until"), required=True, parse=parse_date, example="2026-02-28"),
        ImportColumn("stated_uncertainty", _("stated uncertainty"), example="Urel = 0.0002 % (k=2)"),
        ImportColumn(
            "uncertainty_value", _("stated uncertainty (number)"), parse=parse_decimal, example="0.0002"
        ),
        ImportColumn("uncertainty_unit", _("uncertainty unit"), example="%"),
    ],
)
