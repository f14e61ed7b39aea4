"""Seed data of the legal calendar: the holiday years reproduced by ``chinese-calendar`` and the statutory
clock rules of reference/supervision.md (§0.3, §4.1, §7.2).

Both functions take the model classes, so the data migration calls them with its historical models and
``jiliang calendar load-package`` with the live ones. Neither writes audit entries: the migration is the
record of the seed; later changes go through the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from importlib.metadata import version
from typing import Any

import chinese_calendar

#: chinese-calendar names its holidays in English; the calendar stores the notice's Chinese names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

#: Notice numbers the reference names (MEMORY, medium: check them against the notices).
KNOWN_NOTICES = {2024: "国办发明电〔2023〕7号", 2025: "国办发明电〔2024〕12号"}


def package_source() -> str:
    """``chinese-calendar <version>``: what a seeded year records as its source."""
    return f"chinese-calendar {version('chinese-calendar')}"


def package_days() -> dict[int, list[tuple[dt.date, str, str]]]:
    """Per year, the (date, kind, name) rows the installed chinese-calendar holds."""
    years: dict[int, list[tuple[dt.date, str, str]]] = {}
    for table, kind in (
        (chinese_calendar.constants.holidays, "holiday"),
        (chinese_calendar.constants.workdays, "makeup_workday"),
    ):
        for day, name in table.items():
            years.setdefault(day.year, []).append((day, kind, HOLIDAY_NAMES.get(name, name)))
    return {year: sorted(rows) for year, rows in sorted(years.items())}


def holiday_calendar_seed(
    *, year_model: Any, day_model: Any, years: Iterable[int] | None = None, confirmed_by: Any = None
) -> list[Any]:
    """Create the years (all the package holds, or ``years``) that the calendar does not hold yet, with
    their days; return the years created. A year already held is never overwritten."""
    rows = package_days()
    wanted = sorted(rows) if years is None else sorted(set(years))
    held = set(year_model.objects.filter(year__in=wanted).values_list("year", flat=True))
    created = []
    for year in wanted:
        if year in held or year not in rows:
            continue
        notice = KNOWN_NOTICES.get(year, "")
        holder = year_model.objects.create(
            year=year,
            source=package_source(),
            notice=notice,
            complete=True,
            notes=(
                "Seeded from the chinese-calendar package, which reproduces the State Council notice; "
                "not yet checked against the notice by the bureau."
                + (" Notice number from the reference (MEMORY, medium)." if notice else "")
            ),
            confirmed_by=confirmed_by,
        )
        day_model.objects.bulk_create(
            day_model(year=holder, date=day, kind=kind, name=name) for day, kind, name in rows[year]
        )
        created.append(holder)
    return created


#: The statutory periods later apps start clocks with (code, name, kind, count, basis, confidence).
CLOCK_RULES: list[tuple[str, str, str, int, str, str]] = [
    (
        "complaint-accept",
        "投诉受理决定",
        "working_days",
        7,
        "投诉举报处理暂行办法 第十四条",
        "confirmed_text",
    ),
    (
        "complaint-mediation",
        "投诉调解期限",
        "working_days",
        45,
        "投诉举报处理暂行办法 第二十一条(五)",
        "confirmed_text",
    ),
    (
        "complaint-termination-notice",
        "终止调解告知",
        "working_days",
        7,
        "投诉举报处理暂行办法 第二十一条",
        "confirmed_text",
    ),
    (
        "reporter-notice",
        "告知实名举报人立案与否",
        "working_days",
        5,
        "投诉举报处理暂行办法 第三十一条",
        "confirmed_text",
    ),
    (
        "lead-check",
        "线索核查、决定是否立案",
        "working_days",
        15,
        "市场监督管理行政处罚程序规定 第十八条",
        "confirmed_text",
    ),
    (
        "evidence-preservation",
        "先行登记保存处理决定",
        "working_days",
        7,
        "行政处罚法 第五十六条、第八十五条",
        "confirmed_text",
    ),
    (
        "legal-review",
        "法制审核",
        "working_days",
        10,
        "市场监管行政处罚流程 (SAMR flowchart)",
        "confirmed_summary",
    ),
    (
        "hearing-request",
        "听证申请期限",
        "working_days",
        5,
        "行政处罚法 第六十四条、第八十五条",
        "confirmed_text",
    ),
    ("penalty-decision", "作出行政处罚决定", "days", 90, "行政处罚法 第六十条", "confirmed_text"),
    (
        "decision-service",
        "送达行政处罚决定书",
        "working_days",
        7,
        "行政处罚法 第六十一条、第八十五条",
        "confirmed_text",
    ),
    ("fine-payment", "缴纳罚款", "days", 15, "行政处罚法 第六十七条", "confirmed_text"),
    (
        "penalty-publicity",
        "行政处罚信息公示（本省）",
        "working_days",
        20,
        "市场监督管理行政处罚信息公示规定 第九条",
        "confirmed_text",
    ),
    (
        "inspection-publicity",
        "抽查检查结果公示",
        "working_days",
        20,
        "国发〔2019〕5号 / 国市监信〔2019〕38号",
        "memory",
    ),
    ("sampling-objection", "抽查结果异议、复检申请", "days", 15, "产品质量法 第十五条", "confirmed_text"),
    (
        "verification-turnaround",
        "强制检定完成期限",
        "days",
        20,
        "河南省计量监督管理条例 第二十四条",
        "confirmed_text",
    ),
]


def clock_rules_seed(*, rule_model: Any) -> int:
    """Create the clock rules not yet held (by code); return how many were created."""
    held = set(rule_model.objects.values_list("code", flat=True))
    new = [
        rule_model(code=code, name=name, kind=kind, count=count, legal_basis=basis, confidence=confidence)
        for code, name, kind, count, basis, confidence in CLOCK_RULES
        if code not in held
    ]
    rule_model.objects.bulk_create(new)
    return len(new)
