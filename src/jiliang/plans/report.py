"""The annual assessment report (年度检查考核报告) for a year and a region: HTML, XLSX and PDF.

Every target with its value, status and change since the previous year; the per-county ranking of the
targets set for each county; the confirmed evidence items of the year. The PDF is rendered by WeasyPrint
from the HTML and needs a CJK font (Debian: fonts-noto-cjk); without one it refuses to render rather than
print boxes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from jiliang.core.exporting import put_row
from jiliang.core.fonts import cjk_font_available
from jiliang.plans.models import EvidenceItem, Plan
from jiliang.plans.selectors import TargetState, evidence_list, plan_status
from jiliang.registry.models import Region

STATUS_LABELS = {"met": "达标", "on_track": "按进度", "behind": "滞后", "no_data": "暂无数据源"}


class ReportError(RuntimeError):
    """The report cannot be produced as asked (e.g. no CJK font for the PDF)."""


@dataclass
class ReportRow:
    state: TargetState
    previous: Decimal | None
    ranking: list[tuple[Region, Decimal | None]]

    @property
    def change(self) -> Decimal | None:
        current = self.state.value.value if self.state.value else None
        if current is None or self.previous is None:
            return None
        return current - self.previous


@dataclass
class AssessmentReport:
    plan: Plan
    year: int
    region: Region
    as_of: dt.date
    rows: list[ReportRow]
    evidence: list[EvidenceItem]
    generated_at: dt.datetime


def assessment_build(*, plan: Plan, user: Any, year: int, region: Region | None = None) -> AssessmentReport:
    """Compute the report's content (one aggregate query per target, county and year)."""
    region = region or plan.region
    as_of = min(dt.date(year, 12, 31), timezone.localdate())
    current = plan_status(plan=plan, user=user, as_of=as_of, region=region, breakdown=True)
    previous = {
        s.target.pk: (s.value.value if s.value else None)
        for s in plan_status(plan=plan, user=user, as_of=dt.date(year - 1, 12, 31), region=region)
    }
    rows = []
    for state in current:
        ranking = sorted(
            ((county, value.value if value else None) for county, value, _status in state.by_county),
            key=lambda item: (item[1] is None, -(item[1] or 0)),
        )
        rows.append(ReportRow(state=state, previous=previous.get(state.target.pk), ranking=ranking))
    evidence = list(
        evidence_list(user=user).filter(
            confirmed_at__isnull=False, achieved_on__year=year, region__path__startswith=region.path
        )
    )
    return AssessmentReport(plan, year, region, as_of, rows, evidence, timezone.now())


def render_html(report: AssessmentReport) -> str:
    return render_to_string("plans/assessment_report.html", {"report": report, "labels": STATUS_LABELS})


def render_xlsx(report: AssessmentReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "targets"
    put_row(sheet, [f"{report.plan.title} — {report.year} 年度检查考核（{report.region.name}）"])
    sheet["A1"].font = Font(bold=True, size=13)
    put_row(sheet, [])
    put_row(
        sheet,
        [
            "编号",
            "目标",
            "指标",
            "目标值",
            "单位",
            f"{report.year} 年",
            f"{report.year - 1} 年",
            "变化",
            "状态",
        ],
    )
    for row in report.rows:
        value = row.state.value.value if row.state.value else None
        put_row(
            sheet,
            [
                row.state.target.code,
                row.state.target.text,
                str(row.state.metric.label),
                float(row.state.target.value) if row.state.target.value is not None else "",
                row.state.target.unit,
                float(value) if value is not None else "",
                float(row.previous) if row.previous is not None else "",
                float(row.change) if row.change is not None else "",
                STATUS_LABELS[row.state.status],
            ],
        )
    ranking = workbook.create_sheet("counties")
    put_row(ranking, ["编号", "名次", "区县", "数值"])
    for row in report.rows:
        for place, (county, value) in enumerate(row.ranking, start=1):
            put_row(
                ranking,
                [row.state.target.code, place, county.name, float(value) if value is not None else ""],
            )
    evidence = workbook.create_sheet("evidence")
    put_row(evidence, ["类别", "名称", "级别", "日期", "单位", "佐证材料"])
    for item in report.evidence:
        put_row(
            evidence,
            [
                item.get_kind_display(),
                item.title,
                item.get_level_display(),
                item.achieved_on,
                str(item.organization or ""),
                item.documents,
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(report: AssessmentReport) -> bytes:
    if not cjk_font_available():
        raise ReportError(
            _(
                "No CJK font is installed, so Chinese text cannot be rendered: install a font "
                "such as Debian's fonts-noto-cjk."
            )
        )
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()  # type: ignore[no-any-return]
