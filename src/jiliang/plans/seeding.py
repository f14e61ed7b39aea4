"""The shipped plans and a few years of confirmed evidence items for the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from jiliang.core.seeding import SeedContext
from jiliang.plans import services
from jiliang.plans.models import EvidenceItem
from jiliang.registry.models import Organization, Region
from jiliang.registry.selectors import SYSTEM

DATA = Path(__file__).resolve().parent / "data"
PLAN_FILES = ("luoyang-2015-2020.yaml", "yichuan-2024-example.yaml")

#: (kind, title, level, date) — synthetic achievements, confirmed, so the demo's achievement targets move.
EVIDENCE = [
    ("energy_platform", "洛阳市能源资源计量管理和服务平台上线", "city", dt.date(2017, 6, 30)),
    ("research_project", "出租汽车计价器防作弊检测技术研究", "city", dt.date(2017, 12, 20)),
    ("award", "洛阳市科技进步奖三等奖：加油机计量作弊快速检测装置", "city", dt.date(2018, 11, 8)),
    ("energy_label_lab", "洛阳市能效标识计量检测实验室", "provincial", dt.date(2018, 9, 1)),
    (
        "specification",
        "JJF(豫) 地方计量技术规范《电子汽车衡在线检测规范》",
        "provincial",
        dt.date(2019, 5, 20),
    ),
    ("research_project", "重点用能单位能耗在线监测数据质量评估研究", "provincial", dt.date(2019, 10, 15)),
    ("industry_test_centre", "河南省轴承产业计量测试中心（洛阳）", "provincial", dt.date(2019, 12, 28)),
    ("specification", "洛阳市地方标准《民用燃气表首次检定管理规范》", "city", dt.date(2020, 8, 1)),
    ("award", "河南省科技进步奖二等奖：大型轴承几何量测量技术", "provincial", dt.date(2020, 12, 15)),
    ("publicity_event", "“5·20”世界计量日主题宣传活动", "city", dt.date(2024, 5, 20)),
    ("publicity_event", "“3·15”计量惠民进市场活动（伊川县）", "city", dt.date(2024, 3, 15)),
]


def seed_plans(ctx: SeedContext) -> dict[str, int]:
    for name in PLAN_FILES:
        services.plan_load(actor=SYSTEM, text=(DATA / name).read_text(encoding="utf-8"))
    city = Region.objects.get(code="410300", valid_to__isnull=True)
    yichuan = Region.objects.get(code="410329", valid_to__isnull=True)
    institute = Organization.objects.filter(name="洛阳市计量测试院").first()
    now = timezone.now()
    items = [
        EvidenceItem(
            kind=kind,
            title=title,
            level=level,
            achieved_on=day,
            region=yichuan if "伊川" in title else city,
            organization=institute,
            documents=f"洛市监〔{day.year}〕{ctx.rng.randint(10, 99)}号",
            confirmed_at=now,
        )
        for kind, title, level, day in EVIDENCE
        if day <= ctx.today
    ]
    EvidenceItem.objects.bulk_create(items)
    ctx.log(f"plans: {len(PLAN_FILES)}, evidence items: {len(items)}")
    return {"plans": len(PLAN_FILES), "evidence": len(items)}
