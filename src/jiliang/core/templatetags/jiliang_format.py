"""Template filters for figures."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def percent(value: float | str | None, digits: int = 1) -> str:
    """A rate as a percentage; "—" when there is none (nothing was due)."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{digits}f} %"


@register.filter
def dict_get(mapping: dict[object, object], key: object) -> object:
    """``mapping[key]`` in a template, or None."""
    return mapping.get(key) if isinstance(mapping, dict) else None


STATUS_LABELS = {
    "met": _("met"),
    "on_track": _("on track"),
    "behind": _("behind"),
    "no_data": _("no data"),
}


@register.filter
def status_label(status: str) -> str:
    """The label of a plan-target status."""
    return str(STATUS_LABELS.get(status, status))
