"""Template filters of the comparison pages: measured values as entered, scores to a few digits."""

from __future__ import annotations

from decimal import Decimal

from django import template

from jiliang.comparisons.choices import Outcome

register = template.Library()


@register.filter
def plain(value: Decimal | float | str | None) -> str:
    """A stored decimal without its padding zeros and never in exponent form ("0.1", "1000")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return f"{float(value):g}"


@register.filter
def sig(value: float | str | None, digits: int = 4) -> str:
    """A computed figure to ``digits`` significant digits; "—" when it does not apply."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.{digits}g}"


@register.filter
def outcome_label(value: str) -> str:
    """The translated label of a result status or a participant's outcome ("—" when not evaluated)."""
    return str(Outcome(value).label) if value in Outcome.values else "—"
