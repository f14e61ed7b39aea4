"""Template filters for figures."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | str | None, digits: int = 1) -> str:
    """A rate as a percentage; "—" when there is none (nothing was due)."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{digits}f} %"
