"""The report of a comparison round: data → HTML page parts, PDF, SVG chart, XLSX table.

Per measurement point: the reference value with its standard uncertainty u (and U = 2u), the χ²
consistency check, the laboratories excluded from the reference value and Algorithm A's iterations; per
laboratory: value, U, k, d, U(d), Eₙ, z, ζ and status. The chart shows each laboratory's value with its
expanded-uncertainty bar against the reference value band X ± U_ref — plotly on the page, matplotlib SVG in
the exported report. The caller passes the results the user may read (``selectors.result_list``): nothing
here decides who sees what.

The PDF is rendered by WeasyPrint and needs a CJK font (Debian: fonts-noto-cjk); without one it refuses.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from jiliang.comparisons.choices import Outcome
from jiliang.comparisons.models import ComparisonPoint, ComparisonRound, PointEvaluation, Result
from jiliang.core.charts import error_bar_chart
from jiliang.core.exporting import put_row
from jiliang.core.fonts import cjk_font_available

STATUS_COLORS = {
    Outcome.SATISFACTORY: "#067647",
    Outcome.QUESTIONABLE: "#b54708",
    Outcome.UNSATISFACTORY: "#b42318",
    "": "#475467",
}
#: matplotlib draws Latin text with DejaVu and falls back to the CJK font for Chinese labels.
SVG_FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei"]


class ReportError(RuntimeError):
    """The report cannot be produced as asked (e.g. no CJK font for the PDF)."""


@dataclass
class LabRow:
    lab_code: str
    laboratory: str
    value: float
    expanded_uncertainty: float
    k: float
    d: float | None
    d_expanded_uncertainty: float | None
    en: float | None
    z: float | None
    zeta: float | None
    status: str
    status_label: str
    contributed: bool
    excluded: bool

    @property
    def color(self) -> str:
        return STATUS_COLORS.get(self.status, STATUS_COLORS[""])


@dataclass
class PointReport:
    point: ComparisonPoint
    evaluation: PointEvaluation | None
    rows: list[LabRow] = field(default_factory=list)

    @property
    def chart_id(self) -> str:
        return f"chart-{self.point.pk}"

    @property
    def chart_data_id(self) -> str:
        return f"chart-data-{self.point.pk}"

    @property
    def reference_expanded(self) -> float | None:
        """U_ref = 2 u (k = 2)."""
        return None if self.evaluation is None else 2 * self.evaluation.reference_uncertainty


@dataclass
class RoundReport:
    comparison: ComparisonRound
    points: list[PointReport]
    generated_at: dt.datetime

    @property
    def evaluated(self) -> bool:
        return any(p.evaluation is not None for p in self.points)


def _evaluation(point: ComparisonPoint) -> PointEvaluation | None:
    try:
        return point.evaluation
    except PointEvaluation.DoesNotExist:
        return None


def report_build(*, comparison: ComparisonRound, results: Iterable[Result]) -> RoundReport:
    """Arrange the readable ``results`` of ``comparison`` point by point (three queries)."""
    points = [
        PointReport(point=p, evaluation=_evaluation(p))
        for p in comparison.points.select_related("evaluation").order_by("position", "id")
    ]
    by_point = {p.point.pk: p for p in points}
    for r in sorted(results, key=lambda r: (r.point_id, r.participant.lab_code)):
        target = by_point.get(r.point_id)
        if target is None:
            continue
        target.rows.append(
            LabRow(
                lab_code=r.participant.lab_code,
                laboratory=str(r.participant.organization),
                value=float(r.value),
                expanded_uncertainty=float(r.expanded_uncertainty),
                k=float(r.k),
                d=r.d,
                d_expanded_uncertainty=r.d_expanded_uncertainty,
                en=r.en,
                z=r.z,
                zeta=r.zeta,
                status=r.status,
                status_label=str(Outcome(r.status).label) if r.status else "",
                contributed=r.contributed,
                excluded=r.excluded,
            )
        )
    return RoundReport(comparison=comparison, points=points, generated_at=timezone.now())


def render_json(report: RoundReport) -> dict[str, Any]:
    """The report as data: per point the evaluation in the keys of the CLI contract (``jiliang comparison
    evaluate --json``), each laboratory with its value and U as well."""
    points = []
    for p in report.points:
        document: dict[str, Any] = {
            "point": p.point.label,
            "unit": p.point.unit,
            "labs": [
                {
                    "lab": row.lab_code,
                    "value": row.value,
                    "expanded_uncertainty": row.expanded_uncertainty,
                    "en": row.en,
                    "d": row.d,
                    "U_d": row.d_expanded_uncertainty,
                    "z": row.z,
                    "zeta": row.zeta,
                    "status": row.status or None,
                }
                for row in p.rows
            ],
        }
        if p.evaluation is not None:
            e = p.evaluation
            document |= {
                "method": e.method,
                "reference_value": e.reference_value,
                "reference_uncertainty": e.reference_uncertainty,
                "chi2_observed": e.chi2_observed,
                "chi2_critical": e.chi2_critical,
                "degrees_of_freedom": e.degrees_of_freedom,
                "consistent": e.consistent,
                "excluded": e.excluded,
                "iterations": e.iterations,
            }
        points.append(document)
    return {"code": report.comparison.code, "status": report.comparison.status, "points": points}


def _axis_title(report: RoundReport, point: PointReport) -> str:
    return f"{report.comparison.quantity} / {point.point.unit}"


def _chart_title(point: PointReport) -> str:
    return f"{point.point.label} ({point.point.unit})"


def plotly_chart(report: RoundReport, point: PointReport) -> str:
    """The page's chart of one point, as plotly JSON for ``core/chart.html``."""
    evaluation = point.evaluation
    return error_bar_chart(
        labels=[r.lab_code for r in point.rows],
        values=[r.value for r in point.rows],
        errors=[r.expanded_uncertainty for r in point.rows],
        colors=[r.color for r in point.rows],
        reference=evaluation.reference_value if evaluation else None,
        band=point.reference_expanded,
        title=_chart_title(point),
        y_title=_axis_title(report, point),
    )


def render_svg(report: RoundReport, point: PointReport) -> bytes:
    """The chart of one point drawn by matplotlib (Agg canvas) as SVG: one error bar per laboratory, each
    an SVG group with id ``errorbar-<lab code>``, and the reference band ``reference-band``."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    settings: dict[str, Any] = {
        "font.family": "sans-serif",
        "font.sans-serif": SVG_FONTS,
        "svg.fonttype": "none",  # text stays text: searchable, and WeasyPrint renders it with its fonts
        "svg.hashsalt": "jiliang",  # the same data gives the same file
        "axes.unicode_minus": False,
    }
    with rc_context(settings), warnings.catch_warnings():  # type: ignore[arg-type]
        # A machine without a CJK font draws boxes in the SVG; matplotlib warns per glyph.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure = Figure(figsize=(6.4, 3.6))
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        evaluation = point.evaluation
        if evaluation is not None:
            u_ref = point.reference_expanded or 0.0
            band = ax.axhspan(
                evaluation.reference_value - u_ref,
                evaluation.reference_value + u_ref,
                color="#0b5394",
                alpha=0.15,
                linewidth=0,
                label=f"X ± U_ref = {evaluation.reference_value:.6g} ± {u_ref:.2g}",
            )
            band.set_gid("reference-band")
            ax.axhline(evaluation.reference_value, color="#0b5394", linestyle="--", linewidth=1)
        for i, row in enumerate(point.rows):
            container = ax.errorbar(
                [i], [row.value], yerr=[row.expanded_uncertainty], fmt="o", color=row.color, capsize=4
            )
            for bars in container.lines[2]:
                bars.set_gid(f"errorbar-{row.lab_code}")
        ax.set_xticks(range(len(point.rows)), [r.lab_code for r in point.rows])
        ax.set_xlim(-0.7, max(len(point.rows), 1) - 0.3)
        ax.set_title(f"{report.comparison.code} · {_chart_title(point)}")
        ax.set_ylabel(_axis_title(report, point))
        ax.grid(axis="y", color="#d9e2ec", linewidth=0.6)
        if evaluation is not None:
            ax.legend(loc="best", fontsize="small")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def render_pdf(report: RoundReport) -> bytes:
    """The printable report (计量比对报告) with each point's chart embedded as SVG."""
    if not cjk_font_available():
        raise ReportError(
            _(
                "No CJK font is installed, so Chinese text cannot be rendered: install a font "
                "such as Debian's fonts-noto-cjk."
            )
        )
    charts = {
        p.point.pk: "data:image/svg+xml;base64," + base64.b64encode(render_svg(report, p)).decode()
        for p in report.points
        if p.rows
    }
    html = render_to_string(
        "comparisons/report_pdf.html",
        {"report": report, "points": [(p, charts.get(p.point.pk)) for p in report.points]},
    )
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def _cell(value: Any) -> Any:
    return "" if value is None else value


def render_xlsx(report: RoundReport) -> bytes:
    """Sheet "results": one row per point and laboratory with the scores; sheet "reference": one row per
    point with its reference value and consistency check."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "results"
    comparison = report.comparison
    put_row(sheet, [f"{comparison.code} {comparison.title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    put_row(sheet, [])
    put_row(
        sheet,
        ["point", "unit", "lab", "laboratory", "value", "U", "k", "d", "U(d)", "En", "z", "zeta", "status"],
    )
    for p in report.points:
        for r in p.rows:
            put_row(
                sheet,
                [
                    p.point.label,
                    p.point.unit,
                    r.lab_code,
                    r.laboratory,
                    r.value,
                    r.expanded_uncertainty,
                    r.k,
                    _cell(r.d),
                    _cell(r.d_expanded_uncertainty),
                    _cell(r.en),
                    _cell(r.z),
                    _cell(r.zeta),
                    r.status,
                ],
            )
            if r.status:
                fill = PatternFill("solid", fgColor=r.color.lstrip("#"))
                status_cell = sheet.cell(row=sheet.max_row, column=13)
                status_cell.fill = fill
                status_cell.font = Font(color="FFFFFF")
    reference = workbook.create_sheet("reference")
    put_row(
        reference,
        [
            "point",
            "unit",
            "method",
            "X_ref",
            "u(X_ref)",
            "U_ref (k=2)",
            "chi2",
            "chi2_crit",
            "dof",
            "consistent",
            "excluded",
            "iterations",
        ],
    )
    for p in report.points:
        e = p.evaluation
        if e is None:
            put_row(reference, [p.point.label, p.point.unit])
            continue
        put_row(
            reference,
            [
                p.point.label,
                p.point.unit,
                e.method,
                e.reference_value,
                e.reference_uncertainty,
                p.reference_expanded,
                _cell(e.chi2_observed),
                _cell(e.chi2_critical),
                _cell(e.degrees_of_freedom),
                _cell(e.consistent),
                ", ".join(e.excluded),
                _cell(e.iterations),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
