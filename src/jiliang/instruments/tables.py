"""Columns of the mandatory-verification lists (HTML and CSV / XLSX export)."""

from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column

INSTRUMENT_COLUMNS = [
    Column("id", _("register number")),
    Column("instrument_type__name", _("instrument type")),
    Column("serial_number", _("serial number")),
    Column("owner__name", _("owner")),
    Column("region__name", _("region")),
    Column("use_domain", _("use")),
    Column("status", _("status")),
    Column("put_into_use_on", _("put into use on")),
    Column("next_due_on", _("next due on")),
]

INSTRUMENT_DETAIL_COLUMNS = [
    *INSTRUMENT_COLUMNS[1:],
    Column("owner__uscc", _("owner credit code")),
    Column("manufacturer", _("manufacturer")),
    Column("model", _("model")),
    Column("accuracy_class", _("accuracy class")),
    Column("measuring_range", _("measuring range")),
    Column("location", _("location")),
    Column("instrument_type__regime", _("verification regime")),
    Column("retired_on", _("out of use / scrapped on")),
]

VERIFICATION_COLUMNS = [
    Column("verified_on", _("verified on")),
    Column("instrument__instrument_type__name", _("instrument type")),
    Column("instrument__serial_number", _("serial number")),
    Column("instrument__owner__name", _("owner")),
    Column("institution__name", _("institution")),
    Column("verifier__name", _("verifier")),
    Column("standard__code", _("standard used")),
    Column("result", _("result")),
    Column("valid_until", _("valid until")),
    Column("voided_at", _("voided at")),
]

CERTIFICATE_COLUMNS = [
    Column("number", _("number")),
    Column("kind", _("kind")),
    Column("status", _("status")),
    Column("verification__instrument__instrument_type__name", _("instrument type")),
    Column("verification__instrument__serial_number", _("serial number")),
    Column("verification__instrument__owner__name", _("owner")),
    Column("verification__verified_on", _("verified on")),
    Column("verification__valid_until", _("valid until")),
    Column("issued_at", _("issued at")),
]
