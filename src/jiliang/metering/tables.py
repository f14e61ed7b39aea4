"""Columns of the energy-metering lists (HTML and CSV / XLSX export)."""

from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column

UNIT_COLUMNS = [
    Column("organization__name", _("unit")),
    Column("organization__uscc", _("unified social credit code")),
    Column("organization__region__name", _("region")),
    Column("list_membership", _("key-unit list")),
    Column("list_year", _("listed in year")),
    Column("annual_tce", _("annual comprehensive consumption (tce)")),
]
UNIT_DETAIL_COLUMNS = [
    *UNIT_COLUMNS,
    Column("manager_name", _("energy manager")),
    Column("manager_phone", _("energy manager phone")),
    Column("manager_email", _("energy manager e-mail")),
    Column("electricity_basis", _("electricity conversion")),
]
METER_COLUMNS = [
    Column("code", _("meter code")),
    Column("name", _("metering point")),
    Column("unit__organization__name", _("unit")),
    Column("energy_type", _("energy type")),
    Column("level", _("level")),
    Column("unit_of_measure", _("unit of measure")),
    Column("kind", _("reading kind")),
    Column("interval_minutes", _("expected interval (minutes)")),
    Column("active", _("active")),
]
METER_DETAIL_COLUMNS = [
    *METER_COLUMNS,
    Column("multiplier", _("multiplier (CT/PT ratio)")),
    Column("accuracy_class", _("accuracy class")),
    Column("register_max", _("register wraps at")),
    Column("max_per_hour", _("physical maximum per hour")),
    Column("instrument", _("register entry")),
]
FLAG_COLUMNS = [
    Column("ts", _("time")),
    Column("meter__unit__organization__name", _("unit")),
    Column("meter__code", _("meter code")),
    Column("kind", _("kind")),
    Column("detail", _("detail")),
    Column("status", _("status")),
    Column("corrected_value", _("corrected value")),
]
CONFLICT_COLUMNS = [
    Column("ts", _("time")),
    Column("meter__unit__organization__name", _("unit")),
    Column("meter__code", _("meter code")),
    Column("stored_value", _("stored value")),
    Column("value", _("value received")),
    Column("received_at", _("received at")),
]
DEAD_LETTER_COLUMNS = [
    Column("received_at", _("received at")),
    Column("source", _("source")),
    Column("unit__organization__name", _("unit")),
    Column("reference", _("topic / endpoint")),
    Column("index", _("position in the payload")),
    Column("reason", _("reason")),
]
DEAD_LETTER_DETAIL_COLUMNS = [*DEAD_LETTER_COLUMNS, Column("payload", _("raw payload"))]
BROKER_ALERT_COLUMNS = [
    Column("raised_at", _("raised at")),
    Column("kind", _("kind")),
    Column("broker", _("broker")),
    Column("worker", _("worker")),
    Column("dropped", _("messages dropped since the broker started")),
    Column("detail", _("detail")),
]
COEFFICIENT_COLUMNS = [
    Column("energy_type", _("energy type")),
    Column("basis", _("basis")),
    Column("kgce", _("kgce per unit")),
    Column("unit_of_measure", _("per")),
    Column("edition", _("edition")),
    Column("in_force", _("in force")),
    Column("confirmed", _("confirmed against the standard")),
    Column("note", _("note")),
]
EQUIPPING_COLUMNS = [
    Column("energy_type", _("energy type")),
    Column("level", _("level")),
    Column("rate", _("required equipping rate (%)")),
    Column("confirmed", _("confirmed against the standard")),
    Column("note", _("note")),
]
ACCURACY_COLUMNS = [
    Column("energy_type", _("energy type")),
    Column("level", _("level")),
    Column("requirement", _("required accuracy")),
    Column("confirmed", _("confirmed against the standard")),
    Column("note", _("note")),
]
STATEMENT_COLUMNS = [
    Column("month", _("month (first day)")),
    Column("unit__organization__name", _("unit")),
    Column("unit__organization__uscc", _("unified social credit code")),
    Column("energy_type", _("energy type")),
    Column("quantity", _("quantity")),
    Column("unit_of_measure", _("unit of measure")),
    Column("submitted_at", _("submitted at")),
]
CONSUMER_COLUMNS = [
    Column("name", _("sub-unit or equipment")),
    Column("unit__organization__name", _("unit")),
    Column("level", _("level")),
    Column("energy_type", _("energy type")),
    Column("size", _("size (rated power or annual consumption)")),
    Column("size_unit", _("size unit")),
    Column("active", _("in use")),
]
CONSUMER_DETAIL_COLUMNS = [*CONSUMER_COLUMNS, Column("note", _("note"))]
THRESHOLD_COLUMNS = [
    Column("level", _("level")),
    Column("energy_type", _("energy type")),
    Column("threshold", _("major from (≥)")),
    Column("size_unit", _("unit")),
    Column("confirmed", _("confirmed against the standard")),
    Column("note", _("note")),
]
