"""The comparison history panel on a measurement standard's page (registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jiliang.comparisons.selectors import standard_comparison_history
from jiliang.core.panels import Panel


def _standard_history(request: HttpRequest, standard: Any) -> dict[str, Any] | None:
    history = list(standard_comparison_history(user=request.user, standard_id=standard.pk))
    return {"history": history} if history else None


STANDARD_HISTORY = Panel(template="comparisons/_standard_history.html", context=_standard_history)
