"""The energy pages' plotly figures (multi-series trend, completeness heat map), as JSON for the
``core/chart.html`` include; single-series bars come from core.charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

FONT = {"family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"}


def trend_chart(
    *, series: Mapping[str, tuple[Sequence[Any], Sequence[float]]], title: str, y_title: str
) -> str:
    """One line per named series (x, y)."""
    figure = go.Figure(
        [go.Scatter(x=list(x), y=list(y), mode="lines+markers", name=n) for n, (x, y) in series.items()]
    )
    figure.update_layout(
        title=title, height=340, margin={"l": 50, "r": 20, "t": 50, "b": 50}, yaxis_title=y_title, font=FONT
    )
    return str(figure.to_json())


def heatmap_chart(
    *, x: Sequence[Any], y: Sequence[str], z: Sequence[Sequence[float | None]], title: str
) -> str:
    """Completeness (0–1) per meter (rows) and day (columns); 90 % is the line between red and green."""
    figure = go.Figure(
        go.Heatmap(
            x=list(x),
            y=list(y),
            z=[list(row) for row in z],
            zmin=0,
            zmax=1,
            colorscale=[[0, "#b42318"], [0.899, "#f5c2c0"], [0.9, "#c6e9c9"], [1, "#1b7f3b"]],
            colorbar={"tickformat": ".0%"},
        )
    )
    figure.update_layout(
        title=title, height=120 + 24 * len(y), margin={"l": 90, "r": 20, "t": 50, "b": 40}, font=FONT
    )
    return str(figure.to_json())
