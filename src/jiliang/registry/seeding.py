"""Synthetic registry data for Luoyang: organizations, verifiers with qualifications, experts."""

from __future__ import annotations

import datetime as dt
import string

from jiliang.core.seeding import SeedContext
from jiliang.kernels.identifiers import uscc_compose
from jiliang.registry.choices import Industry, OrganizationKind
from jiliang.registry.models import (
    Discipline,
    Expert,
    InstituteAuthorization,
    InstrumentType,
    Organization,
    Person,
    Region,
    VerifierQualification,
)

#: Share of the city's registered organizations per current division (roughly by resident population).
REGION_WEIGHTS = {
    "410302": 4,
    "410303": 8,
    "410304": 4,
    "410305": 13,
    "410307": 9,
    "410308": 7,
    "410311": 12,
    "410323": 7,
    "410324": 5,
    "410325": 8,
    "410326": 6,
    "410327": 9,
    "410328": 6,
    "410329": 11,
}

#: Kind → (share, industry, name suffixes)
KIND_MIX = {
    OrganizationKind.ENTERPRISE: (
        44,
        "C",
        [
            "机械有限公司",
            "食品有限公司",
            "建材有限责任公司",
            "化工有限公司",
            "矿业有限公司",
            "商贸有限公司",
            "钢铁有限公司",
            "电子科技有限公司",
        ],
    ),
    OrganizationKind.INDIVIDUAL_BUSINESS: (14, "F", ["粮油店", "副食店", "水果店", "五金店"]),
    OrganizationKind.MARKET: (6, "F", ["农贸市场", "综合市场", "超市"]),
    OrganizationKind.FUEL_STATION: (8, "F", ["加油站", "加气站"]),
    OrganizationKind.HOSPITAL: (6, "Q", ["人民医院", "中医院", "社区卫生服务中心", "诊所"]),
    OrganizationKind.TAXI_COMPANY: (2, "G", ["出租汽车有限公司"]),
    OrganizationKind.UTILITY: (2, "D", ["供水有限公司", "燃气有限公司", "热力有限公司"]),
    OrganizationKind.SCHOOL: (4, "P", ["中学", "职业技术学院"]),
    OrganizationKind.GOVERNMENT: (4, "S", ["交通运输局", "生态环境分局", "公安交警大队"]),
    OrganizationKind.ENVIRONMENTAL_MONITOR: (1, "N", ["环境监测站"]),
    OrganizationKind.OTHER: (9, "L", ["物业服务有限公司", "物流有限公司"]),
}
NAME_WORDS = list("华丰盛兴隆安泰宏远恒昌鑫源瑞祥宇通德正新光明达顺金银龙凤博洛伊河嵩栾牡丹")
BODY_CHARS = string.digits + "ABCDEFGHJKLMNPQRTUWXY"

#: What a county institute is authorized for: the trade, safety and medical instruments of its county.
COUNTY_INSTITUTE_TYPES = (
    "SCALE-NAWI",
    "SCALE-TRUCK",
    "WEIGHT",
    "FUEL-DISPENSER",
    "GAS-DISPENSER",
    "TAXIMETER",
    "PRESSURE-GAUGE",
    "GAS-ALARM",
    "BP-MONITOR",
    "THERMOMETER-CLINICAL",
    "MOISTURE-GRAIN",
    "WATER-LARGE",
    "HEAT",
)
#: Authorized institutes (授权计量技术机构): name suffix → the meter types of their trade, city-wide.
AUTHORIZED_INSTITUTE_TYPES = {
    "电能计量中心": ("ELEC-1P", "ELEC-3P"),
    "水表检定站": ("WATER-DN25", "WATER-DN50", "WATER-LARGE"),
    "燃气计量检定站": ("GAS-MEMBRANE", "GAS-ULTRASONIC"),
}
#: The household electricity meters are verified by the grid's own authorized centre, not the city institute.
CITY_INSTITUTE_EXCLUDED_TYPES = ("ELEC-1P", "ELEC-3P")
#: Authorization periods: a first one covering the seeded history, and the one renewed in 2020.
AUTHORIZATION_PERIODS = (
    (dt.date(2005, 1, 1), dt.date(2019, 12, 31)),
    (dt.date(2020, 1, 1), dt.date(2029, 12, 31)),
)


def _name(ctx: SeedContext, region: Region, suffix: str) -> str:
    place = region.name.removesuffix("区").removesuffix("县").removesuffix("回族")
    return f"洛阳{place}{''.join(ctx.rng.sample(NAME_WORDS, 2))}{suffix}"


def _uscc(
    ctx: SeedContext, region_code: str, used: set[str], authority: str = "9", category: str = "1"
) -> str:
    while True:
        body = "".join(ctx.rng.choice(BODY_CHARS) for _ in range(8))
        code = uscc_compose(authority=authority, category=category, region=region_code, body8=body)
        if code not in used:
            used.add(code)
            return code


def seed_registry(ctx: SeedContext) -> dict[str, int]:
    """Create the organizations, verifiers, qualifications and experts of one scale."""
    regions = {r.code: r for r in Region.objects.filter(code__in=REGION_WEIGHTS, valid_to__isnull=True)}
    city = Region.objects.get(code="410300", valid_to__isnull=True)
    used: set[str] = set(Organization.objects.values_list("uscc", flat=True))
    rows: list[Organization] = []

    # The legal metrology institutions: the city institute, one per county, and authorized institutes.
    rows.append(
        Organization(
            name="洛阳市计量测试院",
            kind=OrganizationKind.LEGAL_INSTITUTE,
            region=city,
            uscc=_uscc(ctx, "410300", used, "1", "2"),
            industry=Industry.M,
            address="洛阳市洛龙区示例路88号",
        )
    )
    for code, region in regions.items():
        rows.append(
            Organization(
                name=f"{region.name}计量检定所",
                kind=OrganizationKind.LEGAL_INSTITUTE,
                region=region,
                uscc=_uscc(ctx, code, used, "1", "2"),
                industry=Industry.M,
            )
        )
    for name, code in (
        ("国网洛阳供电公司电能计量中心", "410305"),
        ("洛阳水务集团水表检定站", "410302"),
        ("洛阳新奥燃气计量检定站", "410311"),
    ):
        rows.append(
            Organization(
                name=name,
                kind=OrganizationKind.AUTHORIZED_INSTITUTE,
                region=city,  # authorized for the whole city: its service area
                uscc=_uscc(ctx, code, used),
                industry=Industry.D,
            )
        )

    total = ctx.pick(300, 3_000, 30_000)
    codes, weights = list(REGION_WEIGHTS), list(REGION_WEIGHTS.values())
    kinds = list(KIND_MIX)
    kind_weights = [KIND_MIX[k][0] for k in kinds]
    key_units = ctx.pick(60, 80, 140)
    for _ in range(total - len(rows)):
        region = regions[ctx.rng.choices(codes, weights)[0]]
        kind = ctx.rng.choices(kinds, kind_weights)[0]
        _share, industry, suffixes = KIND_MIX[kind]
        rows.append(
            Organization(
                name=_name(ctx, region, ctx.rng.choice(suffixes)),
                kind=kind,
                region=region,
                uscc=_uscc(
                    ctx, region.code, used, "9", "2" if kind == OrganizationKind.INDIVIDUAL_BUSINESS else "1"
                ),
                industry=industry,
                address=f"{region.name}{''.join(ctx.rng.sample(NAME_WORDS, 2))}路{ctx.rng.randint(1, 999)}号",
                contact_phone=f"0379-6{ctx.rng.randint(1000000, 9999999)}",
            )
        )
    enterprises = [o for o in rows if o.kind == OrganizationKind.ENTERPRISE]
    for org in ctx.rng.sample(enterprises, min(key_units, len(enterprises))):
        org.is_key_energy_unit = True
    Organization.objects.bulk_create(rows, batch_size=2000)
    ctx.log(f"organizations: {len(rows)}")

    institutes = list(
        Organization.objects.filter(
            kind__in=[OrganizationKind.LEGAL_INSTITUTE, OrganizationKind.AUTHORIZED_INSTITUTE]
        )
    )
    surnames = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    people = []
    per_institute = ctx.pick(4, 8, 20)
    for org in institutes:
        n = per_institute * (3 if org.region.code == "410300" else 1)
        for _ in range(n):
            people.append(
                Person(
                    name=ctx.rng.choice(surnames) + "".join(ctx.rng.sample(given, 2)),
                    organization=org,
                    title="检定员",
                )
            )
    Person.objects.bulk_create(people, batch_size=2000)
    people = list(Person.objects.filter(organization__in=institutes).order_by("id"))

    # Every seeded verifier is qualified for the whole catalogue from 2005 to 2031, so the seeded
    # verification history (2006 →) always meets the qualification rule the services enforce.
    types = list(InstrumentType.objects.filter(valid_to__isnull=True))
    qualifications = [
        VerifierQualification(
            person=person,
            number=f"豫洛检{2005 + i % 10}{i + 1:05d}",
            issued_by="洛阳市市场监督管理局",
            valid_from=dt.date(2005, 1, 1),
            valid_until=dt.date(2031, 12, 31),
        )
        for i, person in enumerate(people)
    ]
    VerifierQualification.objects.bulk_create(qualifications, batch_size=2000)
    Link = VerifierQualification.instrument_types.through
    Link.objects.bulk_create(
        (
            Link(verifierqualification_id=q.pk, instrumenttype_id=t.pk)
            for q in VerifierQualification.objects.filter(person__in=people)
            for t in types
        ),
        batch_size=5000,
    )
    ctx.log(f"people: {len(people)}, qualifications: {len(qualifications)}")
    authorizations = seed_authorizations(institutes, types, city)
    ctx.log(f"institute authorizations: {authorizations}")

    disciplines = list(Discipline.objects.all())
    experts = [
        Expert(
            person=p, specialty=p.organization.name, admitted_on=dt.date(ctx.rng.randint(2015, 2024), 5, 20)
        )
        for p in ctx.rng.sample(people, min(len(people), ctx.pick(40, 80, 200)))
    ]
    Expert.objects.bulk_create(experts)
    ExpertLink = Expert.disciplines.through
    ExpertLink.objects.bulk_create(
        ExpertLink(expert_id=e.pk, discipline_id=d.pk)
        for e in Expert.objects.filter(person__in=[x.person for x in experts])
        for d in ctx.rng.sample(disciplines, ctx.rng.randint(1, 3))
    )
    ctx.log(f"experts: {len(experts)}")
    return {
        "organizations": len(rows),
        "people": len(people),
        "qualifications": len(qualifications),
        "experts": len(experts),
        "authorizations": authorizations,
    }


def seed_authorizations(institutes: list[Organization], types: list[InstrumentType], city: Region) -> int:
    """The bureau's authorizations (授权) of the seeded institutes, for 2005–2019 and renewed for 2020–2029:
    the city institute the whole city and the catalogue but the electricity meters; a county institute
    its county and COUNTY_INSTITUTE_TYPES; an authorized institute the whole city and its trade's meters."""
    by_code = {t.code: t for t in types}
    rows: list[tuple[InstituteAuthorization, list[Region], list[InstrumentType]]] = []
    for org in sorted(institutes, key=lambda o: o.pk):
        if org.kind == OrganizationKind.AUTHORIZED_INSTITUTE:
            suffix = next((k for k in AUTHORIZED_INSTITUTE_TYPES if org.name.endswith(k)), None)
            codes: tuple[str, ...] = AUTHORIZED_INSTITUTE_TYPES[suffix] if suffix else ()
            regions, covered = [city], [by_code[c] for c in codes if c in by_code]
        elif org.region_id == city.pk:
            regions = [city]
            covered = [t for t in types if t.code not in CITY_INSTITUTE_EXCLUDED_TYPES]
        else:
            regions, covered = [org.region], [by_code[c] for c in COUNTY_INSTITUTE_TYPES if c in by_code]
        for start, end in AUTHORIZATION_PERIODS:
            authorization = InstituteAuthorization(
                institute=org,
                number=f"(豫)法计({start.year}){org.region.code}-{org.pk:04d}号",
                issued_by="洛阳市质量技术监督局" if start.year < 2019 else "洛阳市市场监督管理局",
                valid_from=start,
                valid_until=end,
            )
            rows.append((authorization, regions, covered))
    InstituteAuthorization.objects.bulk_create([a for a, _r, _t in rows])
    RegionLink = InstituteAuthorization.regions.through
    TypeLink = InstituteAuthorization.instrument_types.through
    RegionLink.objects.bulk_create(
        RegionLink(instituteauthorization_id=a.pk, region_id=r.pk) for a, regions, _t in rows for r in regions
    )
    TypeLink.objects.bulk_create(
        (
            TypeLink(instituteauthorization_id=a.pk, instrumenttype_id=t.pk)
            for a, _r, covered in rows
            for t in covered
        ),
        batch_size=5000,
    )
    return len(rows)
