"""Synthetic measurement standards for Luoyang, with chains to the provincial institute and NIM.

* External references: 中国计量科学研究院 (NIM, an accepted root), 河南省计量测试科学研究院 (one
  certificate per discipline, traced to NIM), and PTB (another NMI, accepted root) for one enterprise.
* The city institute holds about 100 city public standards (125 at city scale): top standards calibrated
  by the provincial institute, middle and working standards calibrated by the city's own standards —
  chains 2–5 links deep to NIM. Each county institute holds 10–30 county public standards calibrated by
  the city institute's standards or the provincial institute. The authorized institutes hold the meter
  standards; some enterprises their highest standards; one department its highest standard.
* Approval certificates run back to back (4-year validity by default, renewed before expiry) from the
  year a standard was established; a few lapsed without renewal (re-examination missed), and about one
  in eight expires within the re-examination lead time. Calibrations repeat yearly (top standards every
  two years). Stability and repeatability checks yearly for the last three years.
* Deliberate faults: one suspended standard (a failed stability check two weeks ago) and one broken link
  in the middle of a chain — the latest calibration of a middle standard lapsed 45 days ago.

Deterministic through ``ctx.rng``; rows are bulk-inserted and no audit entries are written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jiliang.core.seeding import SeedContext
from jiliang.kernels.traceability import repeatability
from jiliang.kernels.verification import add_months
from jiliang.registry.choices import DisciplineCode, OrganizationKind
from jiliang.registry.models import Discipline, InstrumentType, Organization
from jiliang.standards.choices import (
    AccuracyKind,
    ApprovalStatus,
    CheckKind,
    ExternalKind,
    LinkKind,
    StandardLevel,
    StandardStatus,
)
from jiliang.standards.models import (
    ApprovalCertificate,
    CalibrationLink,
    ExternalReference,
    MeasurementStandard,
    StandardCheck,
    StandardSuspension,
)
from jiliang.standards.selectors import approval_years
from jiliang.standards.services import default_valid_until

D = Decimal
AUTHORITY = "洛阳市市场监督管理局"
EARLIEST = dt.date(2005, 3, 1)


@dataclass(frozen=True)
class Family:
    """A kind of standard: ``parent`` is another family's key or "PROV:<discipline>" (the provincial
    institute); accuracy ``value`` and ``verified_mpe`` in ``unit``; ``ranges`` one standard each."""

    key: str
    name: str
    discipline: str
    quantity: str
    ranges: tuple[str, ...]
    uncertainty: str
    value: Decimal
    parent: str
    types: tuple[str, ...] = ()
    verified_mpe: Decimal | None = None
    unit: str = "%"
    kind: str = AccuracyKind.UNCERTAINTY


DATA = Path(__file__).resolve().parent / "data" / "seed-standards.yaml"


def _family(row: dict[str, Any]) -> Family:
    return Family(
        key=row["key"],
        name=row["name"],
        discipline=row["discipline"],
        quantity=row["quantity"],
        ranges=tuple(row["ranges"]),
        uncertainty=row["uncertainty"],
        value=Decimal(row["value"]),
        parent=row["parent"],
        types=tuple(row.get("types", ())),
        verified_mpe=Decimal(row["verified_mpe"]) if "verified_mpe" in row else None,
        unit=row.get("unit", "%"),
        kind=row.get("kind", AccuracyKind.UNCERTAINTY),
    )


_DATA = yaml.safe_load(DATA.read_text(encoding="utf-8"))
#: The city institute's standards (社会公用计量标准, 市级).
CITY_FAMILIES = tuple(_family(r) for r in _DATA["city"])
CITY = {f.key: f for f in CITY_FAMILIES}
#: Families a city institute keeps several sets of when it needs more capacity.
EXTRA_SETS = tuple(_DATA["extra_sets"])
#: County institutes' standards (县级社会公用计量标准).
COUNTY_FAMILIES = tuple(_family(r) for r in _DATA["county"])
#: Every county institute holds these; the rest are drawn at random.
COUNTY_CORE = tuple(_DATA["county_core"])
#: Authorized institutes' standards by the end of the institute's name.
AUTHORIZED_FAMILIES = {
    suffix: tuple(_family(r) for r in rows) for suffix, rows in _DATA["authorized"].items()
}
#: Enterprises' highest standards (企事业最高计量标准) and one department's (部门最高).
ENTERPRISE_FAMILIES = tuple(_family(r) for r in _DATA["enterprise"])
DEPARTMENT_FAMILY = _family(_DATA["department"][0])


@dataclass
class _Planned:
    """A standard to insert, with its family, holder and the dates the seed gives it."""

    family: Family
    holder: Organization
    level: str
    code: str
    range: str
    established: dt.date = EARLIEST
    parent: _Planned | None = None
    parent_external: str = ""
    children: list[_Planned] = field(default_factory=list)
    lapse_approval: bool = False
    obj: MeasurementStandard | None = None


def _externals() -> dict[str, ExternalReference]:
    nim = ExternalReference.objects.create(
        institution="中国计量科学研究院",
        kind=ExternalKind.NATIONAL_INSTITUTE,
        standard_name="国家计量基准",
        certificate_number="国家计量基准证书",
        accepted_as_root=True,
    )
    ptb = ExternalReference.objects.create(
        institution="Physikalisch-Technische Bundesanstalt (PTB)",
        kind=ExternalKind.OTHER_NMI,
        standard_name="National standard (CIPM MRA)",
        certificate_number="PTB-CMC",
        accepted_as_root=True,
    )
    result = {"NIM": nim, "PTB": ptb}
    for n, code in enumerate(DisciplineCode.values, start=1):
        result[f"PROV:{code}"] = ExternalReference.objects.create(
            institution="河南省计量测试科学研究院",
            kind=ExternalKind.PROVINCIAL_INSTITUTE,
            standard_name=f"社会公用计量标准（{Discipline.objects.get(code=code).name}）",
            certificate_number=f"[2016]豫社量标证字第{n:04d}号",
            traced_to=nim,
        )
    return result


def seed_standards(ctx: SeedContext) -> dict[str, int]:
    """Create the external references, standards, approval certificates, calibration links and checks."""
    rng, today = ctx.rng, ctx.today
    externals = _externals()
    disciplines = {d.code: d for d in Discipline.objects.all()}
    types = {t.code: t for t in InstrumentType.objects.filter(valid_to__isnull=True)}
    institutes = list(
        Organization.objects.filter(
            kind__in=[OrganizationKind.LEGAL_INSTITUTE, OrganizationKind.AUTHORIZED_INSTITUTE]
        )
        .select_related("region")
        .order_by("id")
    )
    city_institute = next(
        o for o in institutes if o.kind == OrganizationKind.LEGAL_INSTITUTE and o.region.code == "410300"
    )
    counties = [
        o for o in institutes if o.kind == OrganizationKind.LEGAL_INSTITUTE and o is not city_institute
    ]
    planned: list[_Planned] = []
    city: dict[str, list[_Planned]] = {}

    def plan(family: Family, holder: Organization, level: str, rng_range: str, code: str) -> _Planned:
        item = _Planned(family=family, holder=holder, level=level, code=code, range=rng_range)
        planned.append(item)
        return item

    # The city institute: every family, each range, then extra sets up to the target.
    target = ctx.pick(100, 100, 125)
    sequence = 0
    for family in CITY_FAMILIES:
        for measuring_range in family.ranges:
            sequence += 1
            item = plan(
                family, city_institute, StandardLevel.CITY_PUBLIC, measuring_range, f"410300-{sequence:03d}"
            )
            city.setdefault(family.key, []).append(item)
    extra = 2
    while sequence < target:
        for key in EXTRA_SETS:
            if sequence >= target:
                break
            family = next(f for f in CITY_FAMILIES if f.key == key)
            sequence += 1
            item = plan(
                family,
                city_institute,
                StandardLevel.CITY_PUBLIC,
                f"{rng.choice(family.ranges)}（第{extra}套）",
                f"410300-{sequence:03d}",
            )
            city[key].append(item)
        extra += 1

    # County institutes: the core set and a random draw, 10–30 each.
    optional = [f for f in COUNTY_FAMILIES if f.key not in COUNTY_CORE]
    for institute in counties:
        wanted = rng.randint(10, 30)
        families = [f for f in COUNTY_FAMILIES if f.key in COUNTY_CORE]
        families += rng.sample(optional, min(len(optional), max(0, wanted - len(families))))
        while len(families) < wanted:  # second sets of the busiest ones
            families.append(rng.choice([f for f in COUNTY_FAMILIES if f.key in COUNTY_CORE]))
        for n, family in enumerate(families, start=1):
            suffix = "" if families.index(family) == n - 1 else "（第2套）"
            plan(
                family,
                institute,
                StandardLevel.COUNTY_PUBLIC,
                family.ranges[0] + suffix,
                f"{institute.region.code}-{n:03d}",
            )

    # Authorized institutes, enterprises, one department.
    for institute in institutes:
        for suffix, kinds in AUTHORIZED_FAMILIES.items():
            if institute.kind == OrganizationKind.AUTHORIZED_INSTITUTE and institute.name.endswith(suffix):
                for n, family in enumerate(kinds, start=1):
                    plan(
                        family,
                        institute,
                        StandardLevel.AUTHORIZED,
                        family.ranges[0],
                        f"SQ{institute.pk:04d}-{n:02d}",
                    )
    enterprises = list(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).order_by("id"))
    for n, org in enumerate(rng.sample(enterprises, min(len(enterprises), ctx.pick(12, 20, 60))), start=1):
        family = ENTERPRISE_FAMILIES[n % len(ENTERPRISE_FAMILIES)]
        plan(family, org, StandardLevel.ENTERPRISE_HIGHEST, family.ranges[0], f"QY{org.pk:06d}-01")
    department = (
        Organization.objects.filter(kind=OrganizationKind.GOVERNMENT, name__endswith="交警大队")
        .order_by("id")
        .first()
    )
    if department is not None:
        plan(
            DEPARTMENT_FAMILY,
            department,
            StandardLevel.DEPARTMENT_HIGHEST,
            DEPARTMENT_FAMILY.ranges[0],
            f"BM{department.pk:06d}-01",
        )

    # Parents and establishment dates: a parent is established before its children.
    for item in sorted(planned, key=lambda p: (_depth(p.family), p.code)):
        parent_key = item.family.parent
        if parent_key in city:
            item.parent = rng.choice(city[parent_key][: len(CITY[parent_key].ranges)])
            item.parent.children.append(item)
            earliest = item.parent.established + dt.timedelta(days=90)
        else:
            item.parent_external = parent_key
            earliest = EARLIEST
        start = max(earliest, EARLIEST + dt.timedelta(days=180 * (_depth(item.family) - 1)))
        span = (today - dt.timedelta(days=400) - start).days
        item.established = start + dt.timedelta(days=rng.randint(0, max(0, min(2000, span))))

    # Faults: lapsed approvals (leaves only), one suspended working standard, one lapsed middle link.
    leaves = [p for p in planned if not p.children and p.level != StandardLevel.AUTHORIZED]
    for item in rng.sample(leaves, max(2, len(planned) // 30)):
        item.lapse_approval = True
    suspended = next(p for p in city["PGAUGE"] if p.range == "(0 ~ 2.5) MPa")
    suspended.lapse_approval = False
    broken = max(city["F1"], key=lambda p: len(p.children))
    broken.lapse_approval = False

    # Insert the standards and their instrument types.
    objects = [
        MeasurementStandard(
            code=p.code,
            name=p.family.name,
            holder=p.holder,
            level=p.level,
            discipline=disciplines[p.family.discipline],
            quantity=p.family.quantity,
            measuring_range=p.range,
            uncertainty=p.family.uncertainty,
            accuracy_kind=p.family.kind,
            accuracy_value=p.family.value,
            accuracy_unit=p.family.unit,
            verified_mpe_value=p.family.verified_mpe,
            verified_mpe_unit=p.family.unit if p.family.verified_mpe is not None else "",
        )
        for p in planned
    ]
    MeasurementStandard.objects.bulk_create(objects, batch_size=1000)
    for item, obj in zip(planned, objects, strict=True):
        item.obj = obj
    Through = MeasurementStandard.instrument_types.through
    Through.objects.bulk_create(
        Through(measurementstandard_id=p.obj.pk, instrumenttype_id=types[code].pk)  # type: ignore[union-attr]
        for p in planned
        for code in p.family.types
        if code in types
    )

    approvals = _approvals(ctx, planned)
    links = _links(ctx, planned, externals, broken)
    checks = _checks(ctx, planned, suspended)
    ctx.log(
        f"standards: {len(planned)}, approval certificates: {approvals}, calibration links: {links}, "
        f"checks: {checks}"
    )
    return {"standards": len(planned), "approvals": approvals, "links": links, "checks": checks}


def _depth(family: Family) -> int:
    """Links from a family's standards to an external reference (1: calibrated outside the city)."""
    return 1 + _depth(CITY[family.parent]) if family.parent in CITY else 1


def _approvals(ctx: SeedContext, planned: list[_Planned]) -> int:
    """Back-to-back certificates of the configured validity, each renewed 20–150 days before it expires,
    from the day a standard was established; a standard whose re-examination was missed has its last
    certificate lapse 20–300 days ago (and the chain is laid out backwards from that day)."""
    rng, today = ctx.rng, ctx.today
    rows: list[ApprovalCertificate] = []
    serial = 0
    for item in planned:
        periods: list[tuple[dt.date, dt.date]] = []
        if item.lapse_approval:
            until = today - dt.timedelta(days=rng.randint(20, 300))
            while True:
                issued = add_months(until + dt.timedelta(days=1), -12 * approval_years())
                if issued < item.established and periods:
                    break
                periods.insert(0, (issued, until))
                until = issued + dt.timedelta(days=rng.randint(20, 150))
            item.established = periods[0][0]
        else:
            issued = item.established
            while True:
                until = default_valid_until(issued)
                periods.append((issued, until))
                issued = until - dt.timedelta(days=rng.randint(20, 150))
                if issued > today:
                    break
        chain = []
        for issued, until in periods:
            serial += 1
            chain.append(
                ApprovalCertificate(
                    standard=item.obj,
                    number=f"[{issued.year}]豫洛量标证字第{serial:05d}号",
                    issued_on=issued,
                    valid_until=until,
                    issued_by=AUTHORITY,
                    status=ApprovalStatus.SUPERSEDED,
                )
            )
        chain[-1].status = ApprovalStatus.VALID
        rows += chain
    ApprovalCertificate.objects.bulk_create(rows, batch_size=2000)
    # Renewals point to what they renew (one update per renewal chain is fine for a few hundred standards).
    previous: dict[int, ApprovalCertificate] = {}
    renewals = []
    for cert in rows:
        before = previous.get(cert.standard_id)
        if before is not None:
            cert.renews = before
            renewals.append(cert)
        previous[cert.standard_id] = cert
    ApprovalCertificate.objects.bulk_update(renewals, ["renews"], batch_size=2000)
    return len(rows)


def _links(
    ctx: SeedContext, planned: list[_Planned], externals: dict[str, ExternalReference], broken: _Planned
) -> int:
    """Yearly calibrations (two-yearly by the provincial institute) from before each standard was
    established up to today; the broken one's latest calibration lapsed 45 days ago."""
    rng, today = ctx.rng, ctx.today
    rows: list[CalibrationLink] = []
    serial = 0
    for item in planned:
        family = item.family
        months = 24 if item.parent_external else 12
        calibrated = item.established - dt.timedelta(days=rng.randint(5, 40))
        if item.parent is not None:
            calibrated = max(calibrated, item.parent.established + dt.timedelta(days=1))
        stated = family.value / 4
        while calibrated <= today:
            serial += 1
            until = add_months(calibrated, months) - dt.timedelta(days=1)
            if (
                item is broken
                and until >= today - dt.timedelta(days=45)
                and calibrated <= today - dt.timedelta(days=45)
            ):
                until = today - dt.timedelta(days=45)
            prefix = "YS" if item.parent_external else "LY"  # the provincial institute's or the city's
            rows.append(
                CalibrationLink(
                    standard=item.obj,
                    higher_standard=item.parent.obj if item.parent else None,
                    external=externals[item.parent_external] if item.parent_external else None,
                    kind=LinkKind.CALIBRATION
                    if family.kind == AccuracyKind.UNCERTAINTY
                    else LinkKind.VERIFICATION,
                    certificate_number=f"{prefix}{calibrated.year}-{serial:06d}",
                    calibrated_on=calibrated,
                    valid_until=until,
                    stated_uncertainty=f"U = {stated.normalize()} {family.unit} (k=2)",
                    uncertainty_value=stated,
                    uncertainty_unit=family.unit,
                )
            )
            if item is broken and until == today - dt.timedelta(days=45):
                break  # not recalibrated: the link in the middle of its chains is broken
            calibrated = until - dt.timedelta(days=rng.randint(0, 30))
    CalibrationLink.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _checks(ctx: SeedContext, planned: list[_Planned], suspended: _Planned) -> int:
    """Yearly stability and repeatability checks over the last three years; the suspended standard's last
    stability check failed two weeks ago."""
    rng, today = ctx.rng, ctx.today
    rows: list[StandardCheck] = []
    for item in planned:
        family = item.family
        first = max(item.established + dt.timedelta(days=30), today - dt.timedelta(days=3 * 365))
        day = first
        while day <= today - dt.timedelta(days=20):
            limit = family.value
            spread = limit * D(rng.randint(20, 70)) / 100
            means = [D(100) + spread * D(rng.randint(0, 100)) / 100 for _ in range(3)] + [
                D(100),
                D(100) + spread,
            ]
            rows.append(_check(item, CheckKind.STABILITY, day, means, max(means) - min(means), limit, True))
            repeats = [D(100) + limit * D(rng.randint(-10, 10)) / 100 for _ in range(10)]
            rows.append(_check(item, CheckKind.REPEATABILITY, day, repeats, _stdev(repeats), limit, True))
            day = add_months(day, 12)
    failed_on = today - dt.timedelta(days=14)
    means = [D("100"), D("100.1"), D("100.5"), D("100.9")]
    failed = _check(suspended, CheckKind.STABILITY, failed_on, means, D("0.9"), suspended.family.value, False)
    rows.append(failed)
    StandardCheck.objects.bulk_create(rows, batch_size=2000)
    reason = f"failed stability check on {failed_on}: 0.9 % against {suspended.family.value} %"
    assert suspended.obj is not None
    StandardSuspension.objects.create(
        standard=suspended.obj, started_on=failed_on, reason=reason, check_record=failed
    )
    MeasurementStandard.objects.filter(pk=suspended.obj.pk).update(
        status=StandardStatus.SUSPENDED, suspended_on=failed_on, status_reason=reason
    )
    return len(rows)


def _stdev(values: list[Decimal]) -> Decimal:
    return repeatability(values).quantize(D("1e-9"))


def _check(
    item: _Planned,
    kind: str,
    day: dt.date,
    readings: list[Decimal],
    observed: Decimal,
    limit: Decimal,
    passed: bool,
) -> StandardCheck:
    return StandardCheck(
        standard=item.obj,
        kind=kind,
        performed_on=day,
        readings=[str(v.normalize()) for v in readings],
        observed=observed.quantize(D("1e-9")),
        limit=limit,
        unit=item.family.unit,
        criterion="stability < MPE" if kind == CheckKind.STABILITY else "s ≤ limit",
        passed=passed,
    )
