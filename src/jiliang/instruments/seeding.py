"""Synthetic register and verification history for Luoyang (2006 → today).

Shares follow a city's population of instruments under mandatory verification: most are household
meters (electricity, water, gas, a few heat meters) owned by the utilities; trade scales, fuel
dispensers, taxi meters, pressure gauges, gas alarms, medical and environmental instruments make up the
rest. Periodic instruments are mostly verified on time, some late, some never again (overdue); about 3 %
of verifications fail. Household meters past their service life are mostly replaced (scrapped), some
are not (overdue replacement). Each verification names the measurement standard used when its
institution holds one covering the type and valid that day (run the standards seeder first). Rows go in
by COPY on PostgreSQL (core.bulk), with due chains from the same kernel the services use.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.utils import timezone

from jiliang.core.bulk import bulk_insert, next_id
from jiliang.core.seeding import SeedContext
from jiliang.instruments.choices import CertificateKind, InstrumentStatus, VerificationResult
from jiliang.instruments.models import (
    Certificate,
    CertificateSequence,
    Instrument,
    VerificationDue,
    VerificationRecord,
)
from jiliang.kernels import verification as rules
from jiliang.registry.choices import INSTITUTE_KINDS, OrganizationKind, VerificationRegime
from jiliang.registry.models import InstrumentType, Organization, Person, Region
from jiliang.registry.seeding import COUNTY_INSTITUTE_TYPES
from jiliang.standards.choices import ApprovalStatus
from jiliang.standards.models import ApprovalCertificate, MeasurementStandard, StandardSuspension

#: type code → (weight, owner kinds, use domain)
TYPE_MIX: dict[str, tuple[float, tuple[str, ...], str]] = {
    "ELEC-1P": (30, ("utility",), "trade_settlement"),
    "ELEC-3P": (3, ("utility",), "trade_settlement"),
    "WATER-DN25": (25, ("utility",), "trade_settlement"),
    "WATER-DN50": (2, ("utility",), "trade_settlement"),
    "WATER-LARGE": (0.6, ("utility", "enterprise"), "trade_settlement"),
    "GAS-MEMBRANE": (17, ("utility",), "trade_settlement"),
    "GAS-ULTRASONIC": (1, ("utility",), "trade_settlement"),
    "HEAT": (2.5, ("utility",), "trade_settlement"),
    "SCALE-NAWI": (6, ("market", "individual_business", "enterprise"), "trade_settlement"),
    "SCALE-TRUCK": (0.6, ("enterprise",), "trade_settlement"),
    "SCALE-AUTO": (0.4, ("enterprise",), "trade_settlement"),
    "FUEL-DISPENSER": (1.6, ("fuel_station",), "trade_settlement"),
    "GAS-DISPENSER": (0.3, ("fuel_station",), "trade_settlement"),
    "FLOWMETER": (0.4, ("enterprise", "utility"), "trade_settlement"),
    "TAXIMETER": (0.6, ("taxi_company",), "trade_settlement"),
    "SPEED-RADAR": (0.05, ("government",), "safety_protection"),
    "BREATH-ALCOHOL": (0.1, ("government",), "safety_protection"),
    "PRESSURE-GAUGE": (4, ("enterprise", "school", "hospital"), "safety_protection"),
    "GAS-ALARM": (1.2, ("enterprise", "market", "school"), "safety_protection"),
    "TOXIC-GAS-ALARM": (0.3, ("enterprise",), "safety_protection"),
    "BP-MONITOR": (1.2, ("hospital",), "medical_health"),
    "THERMOMETER-CLINICAL": (1, ("hospital",), "medical_health"),
    "ECG": (0.2, ("hospital",), "medical_health"),
    "SPO2": (0.2, ("hospital",), "medical_health"),
    "TONOMETER": (0.05, ("hospital",), "medical_health"),
    "XRAY-DOSE": (0.05, ("hospital",), "medical_health"),
    "SOUND-LEVEL": (0.1, ("environmental_monitor", "government"), "environmental_monitoring"),
    "SMOKE-OPACITY": (0.05, ("environmental_monitor",), "environmental_monitoring"),
    "EXHAUST-ANALYZER": (0.1, ("environmental_monitor", "enterprise"), "environmental_monitoring"),
    "MOISTURE-GRAIN": (0.2, ("enterprise",), "trade_settlement"),
    "WEIGHT": (0.5, ("market", "enterprise"), "trade_settlement"),
}
#: Household meters go to the authorized institute of their kind.
AUTHORIZED_FOR = {"electricity": "电能计量中心", "water": "水表检定站", "gas": "燃气计量检定站"}
HISTORY_START = dt.date(2006, 1, 1)
REDIVISION = dt.date(2021, 1, 1)
#: Districts created in 2021 → the divisions their instruments were registered under before.
OLD_DIVISIONS = {"410307": ("410381",), "410308": ("410322", "410322", "410322", "410306")}
CHECK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class _Verifiers:
    """Which institution and verifier verify an instrument of a type in a region."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        institutes = list(Organization.objects.filter(kind__in=INSTITUTE_KINDS).select_related("region"))
        people = defaultdict(list)
        for pk, org_id in Person.objects.filter(organization__in=institutes).values_list(
            "pk", "organization_id"
        ):
            people[org_id].append(pk)
        self.people = people
        self.city = next(
            o for o in institutes if o.region.code == "410300" and o.kind == OrganizationKind.LEGAL_INSTITUTE
        )
        self.county = {
            o.region_id: o
            for o in institutes
            if o.kind == OrganizationKind.LEGAL_INSTITUTE and o != self.city
        }
        self.authorized = {
            kind: next((o for o in institutes if o.name.endswith(suffix)), self.city)
            for kind, suffix in AUTHORIZED_FOR.items()
        }

    def pick(self, household: str, type_code: str, current_region_id: int) -> tuple[int, int]:
        """An institution authorized for the type in the instrument's county (registry.seeding)."""
        if household in self.authorized:
            org = self.authorized[household]
        elif type_code not in COUNTY_INSTITUTE_TYPES or self.rng.random() < 0.4:
            org = self.city
        else:
            org = self.county.get(current_region_id, self.city)
        return org.pk, self.rng.choice(self.people[org.pk])


class _Standards:
    """Which measurement standard an institution names on a verification: one it holds that covers the
    type and is valid on the day (approval in force, not suspended) — the rule the services enforce."""

    def __init__(self) -> None:
        approvals: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for sid, start, end in ApprovalCertificate.objects.exclude(status=ApprovalStatus.REVOKED).values_list(
            "standard_id", "issued_on", "valid_until"
        ):
            approvals[sid].append((start, end))
        blocked: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for sid, started, ended in StandardSuspension.objects.values_list(
            "standard_id", "started_on", "ended_on"
        ):
            blocked[sid].append((started, (ended - dt.timedelta(days=1)) if ended else dt.date.max))
        for sid, retired_on in MeasurementStandard.objects.filter(retired_on__isnull=False).values_list(
            "pk", "retired_on"
        ):
            assert retired_on is not None  # filtered
            blocked[sid].append((retired_on, dt.date.max))
        self.candidates: dict[tuple[int, str], list[int]] = defaultdict(list)
        for sid, holder_id, code in (
            MeasurementStandard.objects.filter(instrument_types__isnull=False)
            .values_list("pk", "holder_id", "instrument_types__code")
            .order_by("pk")
        ):
            self.candidates[(holder_id, code)].append(sid)
        self.approvals, self.blocked = approvals, blocked

    def pick(self, institution_id: int, type_code: str, day: dt.date, salt: int) -> int | None:
        valid = [
            sid
            for sid in self.candidates.get((institution_id, type_code), ())
            if any(a <= day <= b for a, b in self.approvals[sid])
            and not any(a <= day <= b for a, b in self.blocked[sid])
        ]
        return valid[salt % len(valid)] if valid else None


def seed_instruments(ctx: SeedContext) -> dict[str, int]:
    """Register instruments with their verification history, certificates and due chains."""
    rng, today = ctx.rng, ctx.today
    types = {t.code: t for t in InstrumentType.objects.filter(valid_to__isnull=True, code__in=TYPE_MIX)}
    codes = [c for c in TYPE_MIX if c in types]
    weights = [TYPE_MIX[c][0] for c in codes]
    owners: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for pk, kind, region_id, region_code in Organization.objects.values_list(
        "pk", "kind", "region_id", "region__code"
    ):
        owners[kind].append((pk, region_id, region_code))
    regions = dict(Region.objects.values_list("code", "pk"))
    verifiers = _Verifiers(rng)
    standards = _Standards()
    total = ctx.pick(5_000, 20_000, 1_000_000)

    ids = {m: next_id(m) for m in (Instrument, VerificationRecord, VerificationDue, Certificate)}
    sequences: dict[tuple[int, int, str], int] = defaultdict(int)
    counts = {"instruments": 0, "verifications": 0, "dues": 0, "certificates": 0}
    pattern = settings.JILIANG_CERTIFICATE_NUMBER_PATTERN
    issued_at = timezone.now()
    instruments: list[tuple[Any, ...]] = []
    records: list[tuple[Any, ...]] = []
    dues: list[tuple[Any, ...]] = []
    certificates: list[tuple[Any, ...]] = []
    check_codes: set[str] = set()

    def flush() -> None:
        counts["instruments"] += bulk_insert(Instrument, INSTRUMENT_FIELDS, instruments)
        counts["verifications"] += bulk_insert(VerificationRecord, RECORD_FIELDS, records)
        counts["certificates"] += bulk_insert(Certificate, CERTIFICATE_FIELDS, certificates)
        counts["dues"] += bulk_insert(VerificationDue, DUE_FIELDS, dues)
        for rows in (instruments, records, certificates, dues):
            rows.clear()

    for n in range(total):
        code = rng.choices(codes, weights)[0]
        itype = types[code]
        _weight, owner_kinds, use = TYPE_MIX[code]
        pool = next((owners[k] for k in owner_kinds if owners[k]), owners[OrganizationKind.ENTERPRISE])
        owner_id, owner_region_id, owner_region_code = rng.choice(pool)
        in_use = _day(rng, HISTORY_START, today)
        region_id, site_region_id = owner_region_id, None
        if in_use < REDIVISION and owner_region_code in OLD_DIVISIONS:
            site_region_id = regions[rng.choice(OLD_DIVISIONS[owner_region_code])]
            region_id = site_region_id
        history, retired_on = _history(rng, itype, in_use, today)
        status = InstrumentStatus.IN_USE if retired_on is None else InstrumentStatus.SCRAPPED
        instrument_id = ids[Instrument] + n
        verifications = []
        for verified_on, passed in history:
            until = rules.valid_until(
                verified_on=verified_on,
                passed=passed,
                regime=itype.regime,
                period_months=itype.period_months,
                service_life_months=itype.service_life_months,
            )
            verifications.append(rules.Verification(verified_on, passed, until))
            institution_id, verifier_id = verifiers.pick(itype.household_meter, code, owner_region_id)
            record_id = ids[VerificationRecord]
            ids[VerificationRecord] += 1
            records.append(
                (
                    record_id,
                    instrument_id,
                    institution_id,
                    verifier_id,
                    verified_on,
                    VerificationResult.PASS if passed else VerificationResult.FAIL,
                    "",
                    until,
                    "",
                    issued_at,
                    issued_at,
                    standards.pick(institution_id, code, verified_on, record_id),
                )
            )
            kind = CertificateKind.CERTIFICATE if passed else CertificateKind.NOTICE
            sequences[(institution_id, verified_on.year, kind)] += 1
            number = pattern.format(
                kind="JD" if passed else "TZ",
                year=verified_on.year,
                institution=institution_id,
                seq=sequences[(institution_id, verified_on.year, kind)],
            )
            check = "".join(rng.choice(CHECK_ALPHABET) for _ in range(12))
            while check in check_codes:
                check = "".join(rng.choice(CHECK_ALPHABET) for _ in range(12))
            check_codes.add(check)
            certificates.append(
                (
                    ids[Certificate],
                    record_id,
                    kind,
                    number,
                    check,
                    dt.datetime.combine(verified_on, dt.time(9), tzinfo=dt.UTC),
                    "valid",
                    "",
                )
            )
            ids[Certificate] += 1
        chain = rules.due_chain(
            in_use_from=in_use, regime=itype.regime, verifications=verifications, retired_on=retired_on
        )
        first_record = ids[VerificationRecord] - len(verifications)
        for previous, due in zip([None, *chain], chain, strict=False):
            dues.append(
                (
                    ids[VerificationDue],
                    instrument_id,
                    region_id,
                    itype.pk,
                    owner_id,
                    itype.regime != VerificationRegime.PERIODIC,
                    due.initial,
                    in_use,
                    due.opened_on,
                    due.due_on,
                    due.closed_on,
                    first_record + due.closed_by if due.closed_by is not None else None,
                    due.cancelled_on,
                    rules.relevant_until(due),
                    previous.due_on if previous else None,
                    previous.closed_on if previous else None,
                )
            )
            ids[VerificationDue] += 1
        next_due = chain[-1].due_on if retired_on is None else None
        instruments.append(
            (
                instrument_id,
                owner_id,
                itype.pk,
                f"{code[:2]}{in_use:%y}{n:08d}",
                "",
                "",
                "",
                "",
                "",
                site_region_id,
                region_id,
                use,
                status,
                in_use,
                retired_on,
                next_due,
                issued_at,
                issued_at,
            )
        )
        if len(instruments) >= 20_000:
            flush()
    flush()
    CertificateSequence.objects.bulk_create(
        CertificateSequence(institution_id=i, year=y, kind=k, last=last)
        for (i, y, k), last in sequences.items()
    )
    ctx.log(f"instruments: {counts}")
    return counts


INSTRUMENT_FIELDS = (
    "id",
    "owner",
    "instrument_type",
    "serial_number",
    "manufacturer",
    "model",
    "accuracy_class",
    "measuring_range",
    "location",
    "site_region",
    "region",
    "use_domain",
    "status",
    "put_into_use_on",
    "retired_on",
    "next_due_on",
    "created_at",
    "updated_at",
)
RECORD_FIELDS = (
    "id",
    "instrument",
    "institution",
    "verifier",
    "verified_on",
    "result",
    "readings_summary",
    "valid_until",
    "void_reason",
    "created_at",
    "updated_at",
    "standard",
)
CERTIFICATE_FIELDS = (
    "id",
    "verification",
    "kind",
    "number",
    "check_code",
    "issued_at",
    "status",
    "revoke_reason",
)
DUE_FIELDS = (
    "id",
    "instrument",
    "region",
    "instrument_type",
    "owner",
    "first_only",
    "initial",
    "in_use_from",
    "opened_on",
    "due_on",
    "closed_on",
    "closed_by",
    "cancelled_on",
    "relevant_until",
    "prev_due_on",
    "prev_closed_on",
)


def _history(
    rng: random.Random, itype: InstrumentType, in_use: dt.date, today: dt.date
) -> tuple[list[tuple[dt.date, bool]], dt.date | None]:
    """The verifications (date, passed) of one instrument and the day it retired (None: still in use)."""
    history: list[tuple[dt.date, bool]] = []
    if itype.regime != VerificationRegime.PERIODIC and rng.random() < 0.015:
        return history, None  # installed without its first verification: a violation the figures show
    first = in_use - dt.timedelta(days=rng.randint(1, 20))
    passed = rng.random() > 0.02
    history.append((first, passed))
    if not passed:
        history.append((first + dt.timedelta(days=rng.randint(2, 10)), True))
    if itype.regime == VerificationRegime.FIRST_ONLY_LIMITED_LIFE:
        end_of_life = rules.add_months(history[-1][0], itype.service_life_months or 0)
        if end_of_life < today and rng.random() < 0.88:
            return history, min(today, end_of_life + dt.timedelta(days=rng.randint(-60, 120)))
        return history, None
    if itype.regime == VerificationRegime.FIRST_ONLY_SCRAP:
        return history, (_day(rng, in_use, today) if rng.random() < 0.3 else None)
    last = history[-1][0]
    while True:
        due = rules.add_months(last, itype.period_months or 12)
        roll = rng.random()
        if roll < 0.02:  # not brought for verification: mostly taken out of use later, else overdue
            if rng.random() < 0.65:
                return history, min(today, due + dt.timedelta(days=rng.randint(60, 720)))
            break
        delay = rng.randint(-30, 10) if roll < 0.93 else rng.randint(11, 240)
        verified_on = max(last + dt.timedelta(days=1), due + dt.timedelta(days=delay))
        if verified_on > today:
            break
        passed = rng.random() > 0.03
        history.append((verified_on, passed))
        last = verified_on
        if not passed:
            if rng.random() < 0.3:  # not worth repairing: scrapped
                return history, verified_on + dt.timedelta(days=rng.randint(0, 10))
            repaired = verified_on + dt.timedelta(days=rng.randint(3, 30))
            if repaired > today:
                break
            history.append((repaired, True))
            last = repaired
    if rng.random() < 0.06:
        return history, _day(rng, max(in_use, history[-1][0]), today)
    return history, None
