"""Bulk-import specs of mandatory verification (CSV / XLSX through jiliang.core.importing)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiliang.core.importing import ImportColumn, ImportSpec, parse_choice, parse_date, parse_lookup
from jiliang.instruments import services
from jiliang.instruments.choices import VerificationResult
from jiliang.instruments.models import Instrument
from jiliang.registry.choices import UseDomain
from jiliang.registry.models import Organization, Person
from jiliang.registry.selectors import instrument_type_current, region_current
from jiliang.standards.models import MeasurementStandard


def _verifiers():  # type: ignore[no-untyped-def]
    return Person.objects.all()


INSTRUMENT_IMPORT = ImportSpec(
    name="instruments",
    service=services.instrument_register,
    columns=[
        ImportColumn(
            "owner",
            _("owner credit code"),
            required=True,
            parse=parse_lookup(Organization.objects.all, "uscc"),
            example="91350100M000100Y43",
        ),
        ImportColumn(
            "instrument_type",
            _("instrument type code"),
            required=True,
            parse=parse_lookup(instrument_type_current, "code"),
            example="SCALE-NAWI",
        ),
        ImportColumn("serial_number", _("serial number"), required=True, example="JS2025-0001"),
        ImportColumn("manufacturer", _("manufacturer"), example="上海友声衡器有限公司"),
        ImportColumn("model", _("model"), example="ACS-30"),
        ImportColumn("accuracy_class", _("accuracy class"), example="Ⅲ"),
        ImportColumn("measuring_range", _("measuring range"), example="(0~30) kg"),
        ImportColumn("location", _("location"), example="一号摊位"),
        ImportColumn("site_region", _("site region code"), parse=parse_lookup(region_current, "code")),
        ImportColumn(
            "use_domain", _("use"), required=True, parse=parse_choice(UseDomain), example="trade_settlement"
        ),
        ImportColumn(
            "put_into_use_on", _("put into use on"), required=True, parse=parse_date, example="2025-01-01"
        ),
    ],
)

VERIFICATION_IMPORT = ImportSpec(
    name="verifications",
    service=services.verification_record_create,
    columns=[
        ImportColumn(
            "instrument",
            _("instrument register number"),
            required=True,
            parse=parse_lookup(Instrument.objects.select_related("instrument_type").all, "pk"),
            example="1",
        ),
        ImportColumn(
            "institution",
            _("institution credit code"),
            required=True,
            parse=parse_lookup(Organization.objects.all, "uscc"),
            example="12410300MB0000000X",
        ),
        ImportColumn(
            "verifier",
            _("verifier qualification number"),
            required=True,
            parse=parse_lookup(_verifiers, "qualifications__number"),
            example="豫洛检201000001",
        ),
        ImportColumn("verified_on", _("verified on"), required=True, parse=parse_date, example="2025-03-15"),
        ImportColumn(
            "standard",
            _("measurement standard used (code)"),
            parse=parse_lookup(MeasurementStandard.objects.prefetch_related("instrument_types").all, "code"),
            example="410300-M003",
        ),
        ImportColumn(
            "result", _("result"), required=True, parse=parse_choice(VerificationResult), example="pass"
        ),
        ImportColumn("readings_summary", _("readings summary"), example="示值误差 +0.2 e"),
    ],
)
