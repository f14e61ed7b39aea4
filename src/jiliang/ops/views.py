"""The home dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.charts import bar_chart
from jiliang.ops import selectors


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: headline figures and organizations per county, within the user's scope."""
    today = timezone.localdate()
    by_region = selectors.organizations_by_region(user=request.user)
    chart = bar_chart(
        x=[row["region__name"] for row in by_region],
        y=[row["count"] for row in by_region],
        title=_("Organizations by district and county"),
    )
    return render(
        request,
        "ops/home.html",
        {
            "figures": selectors.home_figures(user=request.user, today=today),
            "chart_json": chart,
            "today": today,
        },
    )
