"""Columns of the registry lists (HTML and CSV / XLSX export)."""

from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column

REGION_COLUMNS = [
    Column("name", _("name")),
    Column("code", _("GB/T 2260 code")),
    Column("level", _("level")),
    Column("parent__name", _("parent")),
    Column("valid_from", _("valid from")),
    Column("valid_to", _("valid until (exclusive)")),
    Column("successor__name", _("successor")),
]

ORGANIZATION_COLUMNS = [
    Column("name", _("name")),
    Column("uscc", _("unified social credit code")),
    Column("kind", _("kind")),
    Column("region__name", _("region")),
    Column("industry", _("industry")),
    Column("is_key_energy_unit", _("key energy-using unit")),
    Column("address", _("address")),
]

PERSON_COLUMNS = [
    Column("name", _("name")),
    Column("organization__name", _("organization")),
    Column("title", _("title")),
    Column("phone", _("phone")),
    Column("email", _("email")),
]

QUALIFICATION_COLUMNS = [
    Column("number", _("qualification number")),
    Column("person__name", _("verifier")),
    Column("person__organization__name", _("organization")),
    Column("instrument_types", _("instrument types")),
    Column("valid_from", _("valid from")),
    Column("valid_until", _("valid until")),
]

EXPERT_COLUMNS = [
    Column("person__name", _("name")),
    Column("person__organization__name", _("organization")),
    Column("disciplines", _("disciplines")),
    Column("specialty", _("specialty")),
    Column("admitted_on", _("admitted on")),
    Column("active", _("active")),
]

AUTHORIZATION_COLUMNS = [
    Column("number", _("authorization number")),
    Column("institute__name", _("institute")),
    Column("regions", _("regions served")),
    Column("instrument_types", _("instrument types")),
    Column("valid_from", _("valid from")),
    Column("valid_until", _("valid until")),
    Column("status", _("status")),
]

AUTHORIZATION_DETAIL_COLUMNS = [
    *AUTHORIZATION_COLUMNS,
    Column("institute__uscc", _("unified social credit code")),
    Column("issued_by", _("issued by")),
    Column("note", _("note")),
]
