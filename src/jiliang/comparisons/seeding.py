"""Synthetic comparison rounds for Luoyang, 2015 → today, evaluated by the real kernel.

Every year the city institute pilots one or two city comparisons (a travelling artefact among the county
institutes and authorized institutes, star or ring), and the city institute joins two or three
provincial comparisons piloted by the provincial institute (evaluated against the published reference
value: method "assigned"), sometimes a national one. Laboratories' values scatter around the artefact's
value within their stated uncertainty; now and then one is far off — the outlier of its round, which
opens a corrective action and flags the standard it used (closed a few months later, except in the
latest evaluated rounds). Rounds whose results are not yet due are open: the artefact has reached the
first laboratories, which have submitted; each laboratory measures the day after it receives the artefact.

Rows go in with bulk_create and no audit entries (no person made these records); the evaluation is the
one the services run (``services.evaluation.scores_write``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiliang.comparisons.choices import ActionStatus, Circulation, Level, Method, Outcome, RoundStatus
from jiliang.comparisons.models import (
    ComparisonPoint,
    ComparisonRound,
    CorrectiveAction,
    CustodyTransfer,
    Participant,
    Result,
)
from jiliang.comparisons.services.evaluation import finding_text, scores_write
from jiliang.comparisons.services.rounds import circulation_legs
from jiliang.core.seeding import SeedContext
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import Organization
from jiliang.standards.models import MeasurementStandard, StandardFlag

FIRST_YEAR = 2015
PROVINCIAL_PILOT = "河南省计量科学研究院"
NATIONAL_PILOT = "中国计量科学研究院"

#: (title, quantity, artefact, unit, nominal, typical expanded uncertainty)
SUBJECTS = (
    ("砝码质量比对", "质量", "1 kg E2 等级砝码", "mg", "1 kg", Decimal("0.8")),
    ("数字多用表直流电压比对", "电压", "6½ 位数字多用表", "µV", "10 V", Decimal("12")),
    ("压力表示值比对", "压力", "0.05 级精密压力表", "kPa", "1 MPa", Decimal("0.6")),
    ("铂电阻温度计比对", "温度", "二等标准铂电阻温度计", "mK", "100 ℃", Decimal("15")),
    ("电能表误差比对", "电能", "0.05 级标准电能表", "%", "cosφ = 1.0", Decimal("0.02")),
    ("加油机流量比对", "体积", "20 L 标准金属量器", "mL", "20 L", Decimal("6")),
    ("血压计示值比对", "压力", "电子血压计检定装置", "kPa", "16 kPa", Decimal("0.1")),
    ("出租车计价器比对", "长度", "计价器检定装置", "%", "1 km", Decimal("0.15")),
)


def _value(ctx: SeedContext, true: Decimal, u: Decimal, outlier: bool) -> Decimal:
    spread = u / 2 * Decimal(str(round(ctx.rng.gauss(0, 1), 4)))
    if outlier:
        spread += u * Decimal(str(round(ctx.rng.uniform(3, 5), 3))) * ctx.rng.choice((-1, 1))
    return (true + spread).quantize(Decimal("0.0001"))


def seed_comparisons(ctx: SeedContext) -> dict[str, int]:
    institutes = list(
        Organization.objects.filter(
            kind__in=[OrganizationKind.LEGAL_INSTITUTE, OrganizationKind.AUTHORIZED_INSTITUTE]
        )
        .select_related("region")
        .order_by("id")
    )
    city = next(
        o for o in institutes if o.kind == OrganizationKind.LEGAL_INSTITUTE and o.region.code == "410300"
    )
    labs = [o for o in institutes if o is not city]
    standards: dict[int, list[MeasurementStandard]] = {}
    for s in MeasurementStandard.objects.filter(holder__in=institutes).order_by("id"):
        standards.setdefault(s.holder_id, []).append(s)
    today = ctx.today
    counts = {"rounds": 0, "results": 0, "corrective_actions": 0}
    outlier_years = {2017, 2019, today.year - 1}
    for year in range(FIRST_YEAR, today.year + 1):
        plans: list[tuple[str, str]] = [(Level.CITY, "")] * ctx.rng.choice((1, 2))
        plans += [(Level.PROVINCIAL, PROVINCIAL_PILOT)] * ctx.rng.choice((2, 3))
        if year % 3 == 0:
            plans.append((Level.NATIONAL, NATIONAL_PILOT))
        for n, (level, pilot_name) in enumerate(plans, start=1):
            starts_on = dt.date(year, ctx.rng.randint(2, 9), ctx.rng.randint(1, 28))
            if year == today.year and (starts_on > today or (level == Level.CITY and n == 1)):
                # This year's first city round is under way (open, some results in): the demo shows one.
                starts_on = today - dt.timedelta(days=ctx.rng.randint(20, 60))
            outlier = level == Level.CITY and n == 1 and year in outlier_years
            counts["results"] += _round(
                ctx,
                year=year,
                n=n,
                level=level,
                pilot_name=pilot_name,
                starts_on=starts_on,
                city=city,
                labs=labs,
                standards=standards,
                outlier=outlier,
                counts=counts,
            )
            counts["rounds"] += 1
    ctx.log(
        f"comparisons: {counts['rounds']} rounds, {counts['results']} results, "
        f"{counts['corrective_actions']} corrective actions"
    )
    return counts


def _round(
    ctx: SeedContext,
    *,
    year: int,
    n: int,
    level: str,
    pilot_name: str,
    starts_on: dt.date,
    city: Organization,
    labs: list[Organization],
    standards: dict[int, list[MeasurementStandard]],
    outlier: bool,
    counts: dict[str, int],
) -> int:
    title, quantity, artefact, unit, nominal, u = ctx.rng.choice(SUBJECTS)
    deadline = starts_on + dt.timedelta(days=120)
    finished = deadline < ctx.today
    status = RoundStatus.EVALUATED if finished else RoundStatus.OPEN
    if level == Level.CITY:
        members = ctx.rng.sample(labs, k=min(len(labs), ctx.rng.randint(4, 7)))
        method = Method.WEIGHTED_MEAN
    else:
        members = [city, *ctx.rng.sample(labs, k=min(len(labs), ctx.rng.randint(0, 1)))]
        method = Method.ASSIGNED
    prefix = {"city": "LY", "provincial": "HN", "national": "NIM"}[level]
    comparison = ComparisonRound.objects.create(
        code=f"{prefix}-BD-{year}-{n:02d}",
        title=f"{year}年{title}",
        level=level,
        organizer={"city": "洛阳市市场监督管理局", "provincial": "河南省市场监督管理局"}.get(
            level, "国家市场监督管理总局"
        ),
        pilot=city if level == Level.CITY else None,
        pilot_name=pilot_name,
        quantity=quantity,
        artefact=artefact,
        protocol=f"{prefix}-BD-{year}-{n:02d} 比对实施方案",
        circulation=ctx.rng.choice((Circulation.STAR, Circulation.RING)),
        starts_on=starts_on,
        submission_deadline=deadline,
        status=status,
        method=method,
        closed_at=timezone.make_aware(dt.datetime.combine(deadline, dt.time(17))) if finished else None,
    )
    true = Decimal(0)
    point = ComparisonPoint.objects.create(
        round=comparison,
        label=nominal,
        unit=unit,
        assigned_value=(true + u / 10).quantize(Decimal("0.0001")) if method == Method.ASSIGNED else None,
        assigned_expanded_uncertainty=(u / 3).quantize(Decimal("0.0001"))
        if method == Method.ASSIGNED
        else None,
    )
    participants = Participant.objects.bulk_create(
        Participant(
            round=comparison,
            organization=org,
            lab_code=chr(ord("A") + i),
            position=i + 1,
            standard=ctx.rng.choice(standards[org.pk]) if standards.get(org.pk) else None,
        )
        for i, org in enumerate(members)
    )
    legs = circulation_legs(comparison.circulation, participants)
    # The artefact travels within the first 100 days (results are due after 120); a leg is done once its
    # planned day (+ 2 days in transit) has passed, and a laboratory measures the day after it receives.
    step = dt.timedelta(days=max(2, 100 // len(legs)))
    received: dict[int, dt.date] = {}
    transfers = []
    for i, (sender, receiver) in enumerate(legs, start=1):
        planned = starts_on + (i - 1) * step
        done = planned + dt.timedelta(days=2) <= ctx.today
        if done and receiver is not None:
            received[receiver.pk] = planned + dt.timedelta(days=2)
        transfers.append(
            CustodyTransfer(
                round=comparison,
                sequence=i,
                sender=sender,
                receiver=receiver,
                planned_on=planned,
                sent_on=planned if done else None,
                received_on=planned + dt.timedelta(days=2) if done else None,
                condition="完好" if done else "",
            )
        )
    CustodyTransfer.objects.bulk_create(transfers)
    bad = len(participants) - 1 if outlier else -1
    results = Result.objects.bulk_create(
        Result(
            participant=p,
            point=point,
            value=_value(ctx, true, u, outlier=i == bad),
            expanded_uncertainty=(u * Decimal(str(round(ctx.rng.uniform(0.8, 1.3), 2)))).quantize(
                Decimal("0.0001")
            ),
            measured_on=received[p.pk] + dt.timedelta(days=1),
        )
        for i, p in enumerate(participants)
        if p.pk in received and received[p.pk] + dt.timedelta(days=1) <= ctx.today
    )
    if finished:
        comparison.evaluated_at = comparison.closed_at
        comparison.save(update_fields=["evaluated_at"])
        for participant in scores_write(comparison):
            if participant.outcome == Outcome.UNSATISFACTORY:
                _corrective_action(ctx, participant, recent=starts_on.year >= ctx.today.year - 1)
                counts["corrective_actions"] += 1
    return len(results)


def _corrective_action(ctx: SeedContext, participant: Participant, *, recent: bool) -> None:
    opened_on = participant.round.submission_deadline + dt.timedelta(days=14)
    closed_on = None if recent else opened_on + dt.timedelta(days=ctx.rng.randint(30, 90))
    finding = finding_text(participant)
    flag = None
    if participant.standard is not None:
        flag = StandardFlag.objects.create(
            standard=participant.standard,
            source="comparison",
            reference=participant.round.code,
            reason=finding[:255],
            opened_on=opened_on,
            closed_on=closed_on,
            closing_note="复测合格" if closed_on else "",
        )
    CorrectiveAction.objects.create(
        participant=participant,
        standard_flag=flag,
        opened_on=opened_on,
        finding=finding,
        cause="" if recent else "标准器示值漂移，未按期核查",
        action_taken="" if recent else "重新溯源并增加期间核查频次，复测合格",
        status=ActionStatus.CLOSED if closed_on else ActionStatus.OPEN,
        closed_on=closed_on,
    )
