"""Reads for the home dashboard, each one aggregate query over the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from jiliang.registry import selectors as registry


def home_figures(*, user: Any, today: dt.date) -> dict[str, int]:
    """Headline counts of the registry within the user's scope."""
    return {
        "organizations": registry.organization_list(user=user).count(),
        "key_energy_units": registry.organization_list(user=user).filter(is_key_energy_unit=True).count(),
        "people": registry.person_list(user=user).count(),
        "qualifications_in_force": registry.qualification_list(user=user)
        .filter(valid_from__lte=today, valid_until__gte=today)
        .count(),
        "experts": registry.expert_list(user=user).filter(active=True).count(),
    }


def organizations_by_region(*, user: Any) -> list[dict[str, Any]]:
    """Organizations per region (district / county), for the dashboard chart."""
    return list(
        registry.organization_list(user=user)
        .values("region__code", "region__name")
        .annotate(count=Count("id"))
        .order_by("region__code")
    )
