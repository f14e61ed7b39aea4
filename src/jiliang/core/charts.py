"""Charts: plotly figures built on the server, drawn by the plotly.js that ships inside the plotly wheel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go


def bar_chart(
    *, x: Sequence[Any], y: Sequence[Any], title: str, y_title: str = "", percent: bool = False
) -> str:
    """A bar chart as plotly JSON, for the ``core/chart.html`` include."""
    figure = go.Figure(go.Bar(x=list(x), y=list(y), marker_color="#0b5394"))
    figure.update_layout(
        title=title,
        margin={"l": 50, "r": 20, "t": 50, "b": 80},
        height=360,
        yaxis_title=y_title,
        yaxis_tickformat=".1%" if percent else None,
        font={"family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
    )
    return str(figure.to_json())


def line_chart(*, x: Sequence[Any], y: Sequence[Any], target: float | None = None, height: int = 160) -> str:
    """A small yearly trend line, with the target as a dashed line, as plotly JSON."""
    figure = go.Figure(
        go.Scatter(
            x=list(x),
            y=[None if v is None else float(v) for v in y],
            mode="lines+markers",
            line={"color": "#0b5394"},
        )
    )
    if target is not None:
        figure.add_hline(y=target, line_dash="dash", line_color="#b42318")
    figure.update_layout(
        margin={"l": 30, "r": 10, "t": 10, "b": 25},
        height=height,
        showlegend=False,
        xaxis={"dtick": 1},
        font={"family": "Noto Sans CJK SC, sans-serif", "size": 10},
    )
    return str(figure.to_json())


def error_bar_chart(
    *,
    labels: Sequence[str],
    values: Sequence[float],
    errors: Sequence[float],
    colors: Sequence[str],
    reference: float | None = None,
    band: float | None = None,
    title: str = "",
    y_title: str = "",
) -> str:
    """Values with ± error bars, one trace per label, against a reference line and its ± band, as plotly
    JSON (e.g. laboratories' results against the reference value of a comparison)."""
    figure = go.Figure()
    for label, value, error, color in zip(labels, values, errors, colors, strict=True):
        figure.add_trace(
            go.Scatter(
                x=[label],
                y=[value],
                error_y={"type": "data", "array": [error], "visible": True, "color": color},
                mode="markers",
                marker={"color": color, "size": 9},
                name=label,
            )
        )
    if reference is not None:
        if band:
            figure.add_hrect(
                y0=reference - band, y1=reference + band, fillcolor="#0b5394", opacity=0.12, line_width=0
            )
        figure.add_hline(y=reference, line_color="#0b5394", line_dash="dash")
    figure.update_layout(
        title=title,
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        height=360,
        showlegend=False,
        yaxis_title=y_title,
        xaxis={"type": "category"},
        font={"family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
    )
    return str(figure.to_json())
