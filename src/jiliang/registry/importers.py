"""Bulk-import specs of the registry (CSV / XLSX through jiliang.core.importing)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiliang.core.importing import (
    ImportColumn,
    ImportSpec,
    parse_bool,
    parse_choice,
    parse_date,
    parse_lookup,
    parse_many,
)
from jiliang.registry import services
from jiliang.registry.choices import Industry, OrganizationKind, RegionLevel
from jiliang.registry.models import Discipline, InstrumentType, Organization, Person
from jiliang.registry.selectors import region_current

REGION_IMPORT = ImportSpec(
    name="regions",
    service=services.region_create,
    columns=[
        ImportColumn("code", _("GB/T 2260 code"), required=True, example="410399"),
        ImportColumn("name", _("name"), required=True, example="示例区"),
        ImportColumn("level", _("level"), required=True, parse=parse_choice(RegionLevel), example="district"),
        ImportColumn(
            "parent", _("parent code"), parse=parse_lookup(region_current, "code"), example="410300"
        ),
        ImportColumn("valid_from", _("valid from"), required=True, parse=parse_date, example="2025-01-01"),
        ImportColumn("valid_to", _("valid until (exclusive)"), parse=parse_date),
    ],
)

ORGANIZATION_IMPORT = ImportSpec(
    name="organizations",
    service=services.organization_create,
    columns=[
        ImportColumn("name", _("name"), required=True, example="洛阳示例计量器具有限公司"),
        ImportColumn("uscc", _("unified social credit code"), required=True, example="91350100M000100Y43"),
        ImportColumn(
            "kind", _("kind"), required=True, parse=parse_choice(OrganizationKind), example="enterprise"
        ),
        ImportColumn(
            "region",
            _("region code"),
            required=True,
            parse=parse_lookup(region_current, "code"),
            example="410305",
        ),
        ImportColumn("address", _("address"), example="洛阳市涧西区示例路1号"),
        ImportColumn(
            "industry", _("industry (GB/T 4754 section)"), parse=parse_choice(Industry), example="C"
        ),
        ImportColumn("is_key_energy_unit", _("key energy-using unit"), parse=parse_bool, example="no"),
        ImportColumn("contact_name", _("contact")),
        ImportColumn("contact_phone", _("phone")),
    ],
)

PERSON_IMPORT = ImportSpec(
    name="people",
    service=services.person_create,
    columns=[
        ImportColumn("name", _("name"), required=True, example="张三"),
        ImportColumn(
            "organization",
            _("organization credit code"),
            required=True,
            parse=parse_lookup(Organization.objects.all, "uscc"),
            example="91350100M000100Y43",
        ),
        ImportColumn("title", _("title"), example="检定员"),
        ImportColumn("phone", _("phone")),
        ImportColumn("email", _("email")),
    ],
)

QUALIFICATION_IMPORT = ImportSpec(
    name="qualifications",
    service=services.qualification_create,
    columns=[
        ImportColumn(
            "person",
            _("verifier (person id)"),
            required=True,
            parse=parse_lookup(Person.objects.all, "pk"),
            example="1",
        ),
        ImportColumn("number", _("qualification number"), required=True, example="豫洛检20250001"),
        ImportColumn(
            "instrument_types",
            _("instrument type codes (;-separated)"),
            required=True,
            parse=parse_many(InstrumentType.objects.all, "code"),
            example="WATER-25;GAS-MEMBRANE",
        ),
        ImportColumn("issued_by", _("issued by"), example="洛阳市市场监督管理局"),
        ImportColumn("valid_from", _("valid from"), required=True, parse=parse_date, example="2025-01-01"),
        ImportColumn("valid_until", _("valid until"), required=True, parse=parse_date, example="2029-12-31"),
    ],
)

EXPERT_IMPORT = ImportSpec(
    name="experts",
    service=services.expert_create,
    columns=[
        ImportColumn(
            "person", _("person id"), required=True, parse=parse_lookup(Person.objects.all, "pk"), example="1"
        ),
        ImportColumn(
            "disciplines",
            _("discipline codes (;-separated)"),
            required=True,
            parse=parse_many(Discipline.objects.all, "code"),
            example="length;thermal",
        ),
        ImportColumn("specialty", _("specialty")),
        ImportColumn("admitted_on", _("admitted on"), required=True, parse=parse_date, example="2020-05-20"),
        ImportColumn("active", _("active"), parse=parse_bool, example="yes"),
    ],
)
