"""Columns of the standards lists (HTML and CSV / XLSX export)."""

from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column

STANDARD_COLUMNS = [
    Column("code", _("code")),
    Column("name", _("name")),
    Column("holder__name", _("holder")),
    Column("level", _("level")),
    Column("discipline__name", _("discipline")),
    Column("uncertainty", _("uncertainty, accuracy class or MPE")),
    Column("status", _("status")),
    Column("approval_number", _("approval certificate")),
    Column("approval_valid_until", _("approval valid until")),
]

STANDARD_DETAIL_COLUMNS = [
    Column("code", _("code")),
    Column("holder__name", _("holder")),
    Column("level", _("level")),
    Column("discipline__name", _("discipline")),
    Column("quantity", _("measured quantity")),
    Column("measuring_range", _("measuring range")),
    Column("uncertainty", _("uncertainty, accuracy class or MPE")),
    Column("accuracy_kind", _("accuracy stated as")),
    Column(
        lambda s: f"{s.accuracy_value.normalize()} {s.accuracy_unit}" if s.accuracy_value else "",
        _("accuracy (number)"),
    ),
    Column(
        lambda s: f"{s.verified_mpe_value.normalize()} {s.verified_mpe_unit}" if s.verified_mpe_value else "",
        _("smallest MPE of the instruments it verifies"),
    ),
    Column("instrument_types", _("instrument types it verifies")),
    Column("status", _("status")),
    Column("suspended_on", _("suspended on")),
    Column("retired_on", _("retired on")),
    Column("status_reason", _("reason")),
    Column("approval_number", _("approval certificate")),
    Column("approval_valid_until", _("approval valid until")),
    Column("note", _("note")),
]

APPROVAL_COLUMNS = [
    Column("number", _("certificate number")),
    Column("standard__code", _("standard code")),
    Column("standard__name", _("standard")),
    Column("standard__holder__name", _("holder")),
    Column("issued_on", _("issued on")),
    Column("valid_until", _("valid until")),
    Column("status", _("status")),
    Column("revoked_on", _("revoked on")),
    Column("renews__number", _("renews")),
]

LINK_COLUMNS = [
    Column("certificate_number", _("certificate number")),
    Column("standard__code", _("standard calibrated")),
    Column(
        lambda link: link.higher_standard.code if link.higher_standard else str(link.external),
        _("calibrated by"),
    ),
    Column("kind", _("kind")),
    Column("calibrated_on", _("calibrated on")),
    Column("valid_until", _("valid until")),
    Column("stated_uncertainty", _("stated uncertainty")),
]

CHECK_COLUMNS = [
    Column("performed_on", _("performed on")),
    Column("standard__code", _("standard code")),
    Column("kind", _("kind")),
    Column("observed", _("observed")),
    Column("limit", _("acceptance limit")),
    Column("unit", _("unit")),
    Column("passed", _("passed")),
]

CHECK_DETAIL_COLUMNS = [
    *CHECK_COLUMNS,
    Column(lambda c: " ".join(c.readings), _("readings")),
    Column("criterion", _("acceptance criterion")),
    Column("performed_by__name", _("performed by")),
    Column("note", _("note")),
]

EXTERNAL_COLUMNS = [
    Column("institution", _("institution")),
    Column("kind", _("kind")),
    Column("standard_name", _("standard")),
    Column("certificate_number", _("certificate number")),
    Column("valid_until", _("valid until")),
    Column("accepted_as_root", _("accepted root of traceability")),
    Column("traced_to__institution", _("traced to")),
]
