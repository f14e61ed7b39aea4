"""Bulk-import specs of energy-resource metering (CSV / XLSX through jiliang.core.importing): meters and
monthly statements. Each row goes through the create service, so scope, checks and audit are a form's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiliang.core.importing import (
    CellError,
    ImportColumn,
    ImportSpec,
    parse_bool,
    parse_choice,
    parse_decimal,
    parse_int,
    parse_lookup,
)
from jiliang.instruments.models import Instrument
from jiliang.metering import services
from jiliang.metering.choices import EnergyType, MeterLevel, ReadingKind, UnitOfMeasure
from jiliang.metering.models import EnergyUnit


def _units() -> QuerySet[EnergyUnit]:
    return EnergyUnit.objects.select_related("organization__region")


def parse_month(text: str) -> dt.date:
    """A month as ``YYYY-MM`` or as its first day ``YYYY-MM-01``."""
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(f"{text}-01")
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        raise CellError(_("not a month (YYYY-MM): %s") % text) from None
    if day.day != 1:
        raise CellError(_("not a month (YYYY-MM): %s") % text)
    return day


def parse_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise CellError(_("not a number: %s") % text) from None


def _unit_column(**extra: Any) -> ImportColumn:
    return ImportColumn(
        "unit",
        gettext_lazy("unit credit code"),
        required=True,
        parse=parse_lookup(_units, "organization__uscc"),
        example="91410305MA44K7Q289",
        **extra,
    )


METER_IMPORT = ImportSpec(
    name="meters",
    service=services.meter_create,
    columns=[
        _unit_column(),
        ImportColumn("code", gettext_lazy("meter code"), required=True, example="E01"),
        ImportColumn("name", gettext_lazy("metering point"), required=True, example="总进线 110 kV"),
        ImportColumn(
            "energy_type",
            gettext_lazy("energy type"),
            required=True,
            parse=parse_choice(EnergyType),
            example="electricity",
        ),
        ImportColumn(
            "level", gettext_lazy("level"), required=True, parse=parse_choice(MeterLevel), example="unit"
        ),
        ImportColumn(
            "unit_of_measure",
            gettext_lazy("unit of measure"),
            required=True,
            parse=parse_choice(UnitOfMeasure),
            example="kWh",
        ),
        ImportColumn(
            "kind",
            gettext_lazy("reading kind"),
            required=True,
            parse=parse_choice(ReadingKind),
            example="cumulative",
        ),
        ImportColumn(
            "multiplier", gettext_lazy("multiplier (CT/PT ratio)"), parse=parse_decimal, example="200"
        ),
        ImportColumn("accuracy_class", gettext_lazy("accuracy class"), example="0.5S"),
        ImportColumn(
            "interval_minutes", gettext_lazy("expected interval (minutes)"), parse=parse_int, example="15"
        ),
        ImportColumn("register_max", gettext_lazy("register wraps at"), parse=parse_float, example="1000000"),
        ImportColumn("max_per_hour", gettext_lazy("physical maximum per hour"), parse=parse_float),
        ImportColumn(
            "instrument",
            gettext_lazy("register entry (register number)"),
            parse=parse_lookup(Instrument.objects.all, "pk"),
        ),
        ImportColumn("active", gettext_lazy("active"), parse=parse_bool, example="yes"),
    ],
)

STATEMENT_IMPORT = ImportSpec(
    name="monthly-statements",
    service=services.monthly_statement_create,
    columns=[
        _unit_column(),
        ImportColumn(
            "energy_type",
            gettext_lazy("energy type"),
            required=True,
            parse=parse_choice(EnergyType),
            example="electricity",
        ),
        ImportColumn("month", gettext_lazy("month"), required=True, parse=parse_month, example="2025-03"),
        ImportColumn(
            "quantity", gettext_lazy("quantity"), required=True, parse=parse_decimal, example="1250000"
        ),
        ImportColumn(
            "unit_of_measure",
            gettext_lazy("unit of measure"),
            required=True,
            parse=parse_choice(UnitOfMeasure),
            example="kWh",
        ),
    ],
)
