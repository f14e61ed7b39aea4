"""The home dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.charts import bar_chart
from jiliang.instruments import figures
from jiliang.instruments.choices import TypeSet
from jiliang.instruments.selectors import due_list
from jiliang.ops import selectors
from jiliang.registry.selectors import region_get


def overview(request: HttpRequest) -> HttpResponse:
    """The dashboard: this year's inspection rates (by county), the overdue list, registry counts."""
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    rates = {
        types.value.replace("-", "_"): figures.inspection_rate(
            user=request.user, start=start, end=today, filters=figures.Filters(types=types)
        )
        for types in TypeSet
    }
    by_county = [
        r
        for r in figures.inspection_rate_by_county(
            user=request.user, start=start, end=today, root=region_get(code="410300")
        )
        if r.figure.denominator
    ]
    chart = bar_chart(
        x=[r.region.name for r in by_county],
        y=[r.figure.rate for r in by_county],
        title=_("Inspection rate by district and county, %(year)s to date") % {"year": today.year},
        percent=True,
    )
    overdue = due_list(user=request.user, today=today, overdue=True)
    return render(
        request,
        "ops/home.html",
        {
            "figures": selectors.home_figures(user=request.user, today=today),
            "rates": rates,
            "start": start,
            "chart_json": chart,
            "overdue": overdue[:10],
            "overdue_count": overdue.count(),
            "today": today,
        },
    )


def scheduled_jobs(request: HttpRequest) -> HttpResponse:
    """The operations page: every scheduled job, its next run and its last runs' outcomes (bureau)."""
    return render(
        request,
        "ops/scheduled_jobs.html",
        {
            "jobs": selectors.scheduled_job_list(user=request.user, now=timezone.now()),
            "runs": selectors.scheduled_run_list(user=request.user),
        },
    )
