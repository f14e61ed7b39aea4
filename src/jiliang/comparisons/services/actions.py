"""Corrective actions after an unsatisfactory comparison result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.comparisons.choices import ActionStatus
from jiliang.comparisons.models import CorrectiveAction
from jiliang.comparisons.selectors import may_manage
from jiliang.core.writes import object_update
from jiliang.registry.selectors import user_scope
from jiliang.standards.services import standard_flag_clear


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    return (
        CorrectiveAction.objects.select_for_update(
            of=("self",)
        )  # the outer joins (flag, pilot) stay unlocked
        .select_related("participant__round__pilot__region", "standard_flag__standard")
        .get(pk=action.pk)
    )


@transaction.atomic
def corrective_action_update(
    *, actor: Any, instance: CorrectiveAction, data: Mapping[str, Any]
) -> CorrectiveAction:
    """The laboratory records its cause analysis and what it did (while the action is open)."""
    locked = _locked(instance)
    own = user_scope(actor).organization_id == locked.participant.organization_id
    if not own and not may_manage(actor, locked.participant.round):
        raise PermissionDenied(_("Only the laboratory concerned, the pilot or the bureau edit this action."))
    if locked.status != ActionStatus.OPEN:
        raise ValidationError({"status": _("The action is closed.")})
    fields = {k: v for k, v in data.items() if k in {"cause", "action_taken"}}
    return object_update(instance=instance, actor=actor, data=fields)


@transaction.atomic
def corrective_action_close(
    *, actor: Any, action: CorrectiveAction, on: dt.date | None = None, note: str = ""
) -> CorrectiveAction:
    """The pilot or the bureau accept the correction: the action closes and the standard's flag clears.

    The laboratory must have stated the cause and what it did first.
    """
    locked = _locked(action)
    if not may_manage(actor, locked.participant.round):
        raise PermissionDenied(_("The pilot laboratory or the bureau close a corrective action."))
    if locked.status != ActionStatus.OPEN:
        raise ValidationError({"status": _("The action is already closed.")})
    errors = {
        name: _("State this before the action is closed.")
        for name in ("cause", "action_taken")
        if not getattr(locked, name).strip()
    }
    if errors:
        raise ValidationError(errors)
    day = on or timezone.localdate()
    if day < locked.opened_on:
        raise ValidationError({"closed_on": _("An action closes after it was opened.")})
    closed = object_update(
        instance=locked, actor=actor, data={"status": ActionStatus.CLOSED, "closed_on": day}, note=note
    )
    if locked.standard_flag is not None and locked.standard_flag.closed_on is None:
        standard_flag_clear(
            actor=actor,
            flag=locked.standard_flag,
            on=day,
            note=note or _("corrective action closed (%(round)s)") % {"round": locked.participant.round.code},
        )
    return closed
