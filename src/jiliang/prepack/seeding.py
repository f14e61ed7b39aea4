"""Synthetic net-content inspections for Luoyang (2015 → today), judged by the JJF 1070 kernel.

Every year the city bureau runs a campaign inspected by the city institute, and two or three county
bureaus run their own, inspected by the county institute. Producers are the seeded food, building
material, chemical and trading enterprises, each with a few products. Each lot's sample is simulated:
contents scatter normally around the nominal quantity with a producer-specific overfill and spread (a
few producers habitually under-fill), and now and then a batch goes wrong; the share of bad batches
falls over the years, so the pass rate rises from about 85 % to about 95 %. The samples are judged by
the same kernel the services use, so the stored verdicts are real. Some samples are weighed gross with
an average tare. Lots of this year are partly not measured yet. Some producers hold a capability
declaration ("C" mark); a few were revoked after failures.

Rows go in with bulk_create; seeding writes no audit entries (no person made these records).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from jiliang.core.seeding import SeedContext
from jiliang.kernels.prepack import convert_quantity, sampling_plan, tolerable_negative_error
from jiliang.prepack import judging
from jiliang.prepack.choices import (
    CampaignStatus,
    DeclarationStatus,
    ProductCategory,
    SamplingPlace,
    TareMode,
    Verdict,
)
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import Organization, Person, Region

FIRST_YEAR = 2015
REDIVISION = dt.date(2021, 1, 1)
#: Districts created in 2021 → the divisions their lots were sampled in before.
OLD_DIVISIONS = {"410307": ("410381",), "410308": ("410322", "410322", "410306")}


@dataclass(frozen=True)
class Product:
    name: str
    category: str
    nominal: str
    unit: str
    resolution: str  # of the balance, in ``unit``
    tare: str  # mean tare of the package, in ``unit``
    brand: str = ""


C = ProductCategory
#: Product lines by the kind of producer (read from its name).
LINES: dict[str, tuple[Product, ...]] = {
    "食品": (
        Product("小麦粉", C.GRAIN_OIL, "5", "kg", "0.001", "0.025", "伊河"),
        Product("挂面", C.GRAIN_OIL, "500", "g", "0.1", "6", "伊河"),
        Product("花生油", C.GRAIN_OIL, "5", "L", "0.001", "0.12", "洛香"),
        Product("火腿肠", C.MEAT, "240", "g", "0.1", "9"),
        Product("酱牛肉", C.MEAT, "200", "g", "0.1", "8", "河洛"),
        Product("纯牛奶", C.DAIRY, "250", "mL", "0.1", "9", "牡丹"),
        Product("酸奶", C.DAIRY, "200", "g", "0.1", "7", "牡丹"),
        Product("白酒", C.BEVERAGES, "500", "mL", "0.1", "380", "杜康"),
        Product("饮用纯净水", C.BEVERAGES, "550", "mL", "0.1", "14"),
        Product("牡丹饼", C.SNACKS, "300", "g", "0.1", "25", "牡丹"),
        Product("饼干", C.SNACKS, "200", "g", "0.1", "10"),
        Product("食醋", C.CONDIMENTS, "800", "mL", "0.1", "40"),
        Product("浆面条调料", C.CONDIMENTS, "250", "g", "0.1", "5"),
    ),
    "商贸": (
        Product("大米", C.GRAIN_OIL, "10", "kg", "0.001", "0.05"),
        Product("小米", C.GRAIN_OIL, "2.5", "kg", "0.001", "0.02"),
        Product("绿豆", C.GRAIN_OIL, "1", "kg", "0.1", "8"),
        Product("宠物粮", C.OTHER, "2", "kg", "0.001", "0.03"),
    ),
    "化工": (
        Product("洗衣粉", C.DAILY_CHEMICALS, "1.5", "kg", "0.001", "0.03"),
        Product("洗洁精", C.DAILY_CHEMICALS, "1.29", "kg", "0.001", "0.06"),
        Product("洗发水", C.DAILY_CHEMICALS, "400", "mL", "0.1", "45"),
        Product("复合肥料", C.OTHER, "40", "kg", "0.01", "0.15"),
    ),
    "建材": (
        Product("水泥", C.BUILDING_MATERIALS, "50", "kg", "0.01", "0.2"),
        Product("腻子粉", C.BUILDING_MATERIALS, "20", "kg", "0.01", "0.15"),
        Product("瓷砖胶", C.BUILDING_MATERIALS, "25", "kg", "0.01", "0.15"),
        Product("乳胶漆", C.BUILDING_MATERIALS, "18", "L", "0.001", "0.9"),
    ),
}
#: Lot sizes: (weight, lowest, highest) at the producer and on the market.
PRODUCER_LOTS = ((5, 11, 50), (10, 51, 99), (50, 100, 500), (28, 501, 3200), (7, 3201, 20000))
MARKET_LOTS = ((3, 3, 10), (35, 11, 50), (32, 51, 99), (30, 100, 500))


@dataclass
class _Producer:
    pk: int
    region_id: int
    region_code: str
    products: list[Product]
    overfill: float  # mean excess over the nominal, in units of T
    spread: float  # standard deviation, in units of T
    under_filler: bool


def _pick(rng: random.Random, table: tuple[tuple[int, int, int], ...]) -> int:
    _weight, low, high = rng.choices(table, [row[0] for row in table])[0]
    return rng.randint(low, high)


def _producers(ctx: SeedContext) -> list[_Producer]:
    rng = ctx.rng
    producers = []
    rows = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).order_by("id")
    for pk, name, region_id, region_code in rows.values_list("pk", "name", "region_id", "region__code"):
        line = next((LINES[key] for key in LINES if key in name), None)
        if line is None:
            continue
        under_filler = rng.random() < 0.15
        producers.append(
            _Producer(
                pk=pk,
                region_id=region_id,
                region_code=region_code,
                products=rng.sample(list(line), rng.randint(1, min(4, len(line)))),
                overfill=rng.uniform(-0.1, 0.35) if under_filler else rng.uniform(0.35, 1.1),
                spread=rng.uniform(0.4, 0.6) if under_filler else rng.uniform(0.22, 0.42),
                under_filler=under_filler,
            )
        )
    return producers


def _quantize(value: float, resolution: Decimal) -> Decimal:
    return max(Decimal(0), Decimal(repr(value)).quantize(resolution))


def _sample(
    rng: random.Random, producer: _Producer, product: Product, lot_size: int, year: int
) -> judging.Sample:
    """A simulated measured sample of one lot: contents scatter around Qn + overfill, in units of T."""
    nominal = Decimal(product.nominal)
    tne = tolerable_negative_error(nominal, product.unit)
    t = float(convert_quantity(tne.tne, tne.tne_unit, product.unit))
    n = sampling_plan(lot_size).sample_size
    mean, sd = producer.overfill * t, producer.spread * t
    bad_share = max(0.03, 0.15 - 0.011 * (year - FIRST_YEAR)) * (2.2 if producer.under_filler else 1)
    if rng.random() < bad_share:  # a batch gone wrong: a filler drifting low, a new package
        mean -= rng.uniform(0.6, 1.5) * t
        sd *= 1.4
    resolution = Decimal(product.resolution)
    contents = [float(nominal) + rng.gauss(mean, sd) for _ in range(n)]
    if rng.random() >= 0.3:
        return judging.Sample(tuple(_quantize(q, resolution) for q in contents))
    tare_mean, tare_sd = float(product.tare), float(product.tare) * 0.02
    gross = tuple(_quantize(q + rng.gauss(tare_mean, tare_sd), resolution) for q in contents)
    tares = tuple(_quantize(rng.gauss(tare_mean, tare_sd), resolution) for _ in range(10))
    return judging.Sample(gross, TareMode.AVERAGE, tares)


def _region_then(code: str, day: dt.date, regions: dict[str, int], rng: random.Random) -> int:
    """The division a lot sampled on ``day`` in today's ``code`` was recorded under."""
    if day < REDIVISION and code in OLD_DIVISIONS:
        return regions[rng.choice(OLD_DIVISIONS[code])]
    return regions[code]


def _campaigns(ctx: SeedContext) -> list[tuple[Campaign, Region | None]]:
    """The campaigns of every year: the city's, and two or three counties' (``Region``: the county)."""
    rng, today = ctx.rng, ctx.today
    city = Region.objects.get(code="410300", valid_to__isnull=True)
    institutes = {
        o.region_id: o
        for o in Organization.objects.filter(kind=OrganizationKind.LEGAL_INSTITUTE).order_by("id")
    }
    counties = [
        r
        for r in Region.objects.filter(parent=city, valid_to__isnull=True).order_by("code")
        if r.pk in institutes
    ]
    campaigns: list[tuple[Campaign, Region | None]] = []
    for year in range(FIRST_YEAR, today.year + 1):
        start, end = dt.date(year, 3, 1), dt.date(year, 11, 30)
        if start > today:
            status = CampaignStatus.PLANNED
        elif end < today and year < today.year:
            status = CampaignStatus.CLOSED
        else:
            status = CampaignStatus.IN_PROGRESS
        campaigns.append(
            (
                Campaign(
                    title=f"{year}年洛阳市定量包装商品净含量计量监督专项抽查",
                    year=year,
                    organizer="洛阳市市场监督管理局",
                    inspecting_institution=institutes[city.pk],
                    region=city,
                    start_on=start,
                    end_on=end,
                    status=status,
                ),
                None,
            )
        )
        eligible = [c for c in counties if c.valid_from <= start]
        for county in rng.sample(eligible, min(len(eligible), rng.randint(2, 3))):
            county_start = dt.date(year, rng.randint(4, 6), 1)
            campaigns.append(
                (
                    Campaign(
                        title=f"{year}年{county.name}定量包装商品净含量监督抽查",
                        year=year,
                        organizer=f"{county.name}市场监督管理局",
                        inspecting_institution=institutes[county.pk],
                        region=county,
                        start_on=county_start,
                        end_on=dt.date(year, 10, 31),
                        status=CampaignStatus.PLANNED
                        if county_start > today
                        else (CampaignStatus.CLOSED if year < today.year else CampaignStatus.IN_PROGRESS),
                    ),
                    county,
                )
            )
    Campaign.objects.bulk_create([c for c, _county in campaigns])
    return campaigns


def seed_prepack(ctx: SeedContext) -> dict[str, int]:
    """Create the campaigns, judged lots and capability declarations of one scale."""
    rng, today = ctx.rng, ctx.today
    producers = _producers(ctx)
    if not producers:
        ctx.log("prepack: no producers among the organizations; nothing seeded")
        return {"campaigns": 0, "lots": 0, "declarations": 0}
    regions = dict(Region.objects.values_list("code", "pk"))
    region_codes = {pk: code for code, pk in regions.items()}
    markets: dict[int, list[tuple[int, int]]] = defaultdict(list)
    all_markets: list[tuple[int, int]] = []
    for pk, region_id in (
        Organization.objects.filter(kind=OrganizationKind.MARKET)
        .order_by("id")
        .values_list("pk", "region_id")
    ):
        markets[region_id].append((pk, region_id))
        all_markets.append((pk, region_id))
    staff: dict[int, list[int]] = defaultdict(list)
    for pk, org_id in Person.objects.order_by("id").values_list("pk", "organization_id"):
        staff[org_id].append(pk)
    by_region: dict[int, list[_Producer]] = defaultdict(list)
    for producer in producers:
        by_region[producer.region_id].append(producer)

    campaigns = [(c, county) for c, county in _campaigns(ctx) if c.start_on <= today]
    per_year = ctx.pick(300, 1_000, 10_000) / max(1, len({c.year for c, _ in campaigns}))
    rounding = judging.rounding_method()
    lots: list[Lot] = []
    inspectors: list[tuple[int, list[int]]] = []
    failed_producers: set[int] = set()
    for campaign, county in campaigns:
        share = 0.65 if county is None else 0.35 / 2.5
        last_day = min(campaign.end_on, today)
        for _ in range(max(1, round(per_year * share * rng.uniform(0.85, 1.15)))):
            at_market = rng.random() < 0.4
            if county is None:
                producer = rng.choice(producers)
                market = rng.choice(all_markets) if at_market and all_markets else None
            else:
                local = by_region.get(county.pk, [])
                market_pool = markets.get(county.pk, [])
                if local and not (at_market and market_pool):
                    producer, market = rng.choice(local), None
                elif market_pool:
                    producer, market = rng.choice(producers), rng.choice(market_pool)
                else:
                    continue
            product = rng.choice(producer.products)
            sampled_on = campaign.start_on + dt.timedelta(
                days=rng.randint(0, (last_day - campaign.start_on).days)
            )
            lot_size = _pick(rng, MARKET_LOTS if market else PRODUCER_LOTS)
            region_code = region_codes[market[1]] if market else producer.region_code
            lot = Lot(
                campaign=campaign,
                producer_id=producer.pk,
                product_name=product.name,
                category=product.category,
                brand=product.brand,
                nominal=Decimal(product.nominal),
                unit=product.unit,
                production_lot=f"{sampled_on - dt.timedelta(days=rng.randint(3, 90)):%Y%m%d}",
                lot_size=lot_size,
                sampled_at=SamplingPlace.MARKET if market else SamplingPlace.PRODUCER,
                market_id=market[0] if market else None,
                region_id=_region_then(region_code, sampled_on, regions, rng),
                sampled_on=sampled_on,
            )
            judged_on = sampled_on + dt.timedelta(days=rng.randint(1, 12))
            if judged_on <= today and not (sampled_on.year == today.year and rng.random() < 0.15):
                sample = _sample(rng, producer, product, lot_size, sampled_on.year)
                judgement = judging.judge(
                    nominal=lot.nominal, unit=lot.unit, lot_size=lot_size, sample=sample, rounding=rounding
                )
                judged_at = timezone.make_aware(
                    dt.datetime.combine(judged_on, dt.time(10, rng.randint(0, 59)))
                )
                for name, value in {
                    **sample.as_stored(),
                    **judging.judgement_fields(judgement, rounding=rounding, judged_at=judged_at),
                }.items():
                    setattr(lot, name, value)
                if lot.verdict == Verdict.FAIL:
                    failed_producers.add(producer.pk)
            lots.append(lot)
            people = staff.get(campaign.inspecting_institution_id, [])
            inspectors.append((len(lots) - 1, rng.sample(people, min(len(people), rng.randint(1, 2)))))
    Lot.objects.bulk_create(lots, batch_size=2000)
    Link = Lot.inspectors.through
    Link.objects.bulk_create(
        (Link(lot_id=lots[i].pk, person_id=p) for i, people in inspectors for p in people), batch_size=5000
    )
    declarations = _declarations(ctx, producers, failed_producers)
    counts = {"campaigns": len(campaigns), "lots": len(lots), "declarations": declarations}
    ctx.log(f"prepack: {counts}")
    return counts


def _declarations(ctx: SeedContext, producers: list[_Producer], failed: set[int]) -> int:
    """Capability declarations of about a third of the producers; some revoked after failures."""
    rng, today = ctx.rng, ctx.today
    rows = []
    for producer in producers:
        if rng.random() > 0.35:
            continue
        declared_on = dt.date(
            rng.randint(FIRST_YEAR, max(FIRST_YEAR, today.year - 1)), rng.randint(1, 12), rng.randint(1, 28)
        )
        status, ended_on = DeclarationStatus.VALID, None
        roll = rng.random()
        if producer.pk in failed and producer.under_filler and roll < 0.6:
            status = DeclarationStatus.REVOKED
        elif roll < 0.08:
            status = DeclarationStatus.WITHDRAWN
        if status != DeclarationStatus.VALID:
            ended_on = min(today, declared_on + dt.timedelta(days=rng.randint(200, 1500)))
        rows.append(
            CapabilityDeclaration(
                producer_id=producer.pk,
                number=f"C{declared_on:%Y}-{producer.pk:05d}",
                declared_on=declared_on,
                status=status,
                ended_on=ended_on,
                products=[f"{p.name} {p.nominal} {p.unit}" for p in producer.products],
                note="",
            )
        )
    CapabilityDeclaration.objects.bulk_create(rows)
    return len(rows)
