"""Template tags of the net-content pages: a lot's judgement panel and what the user's role may do."""

from __future__ import annotations

from typing import Any

from django import template

from jiliang.prepack.models import Lot
from jiliang.prepack.presenting import detail_context, may_declare, may_organize, may_record

register = template.Library()


@register.simple_tag
def lot_panel(lot: Lot) -> dict[str, Any]:
    """The stored judgement, the sample unit by unit and the sample size of a lot."""
    return detail_context(lot)


@register.simple_tag
def prepack_permissions(user: Any) -> dict[str, bool]:
    """Which actions to offer the user (the services still decide each write)."""
    return {"organize": may_organize(user), "record": may_record(user), "declare": may_declare(user)}
