"""Results: each participant submits its own, while the round is open."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiliang.comparisons.choices import RoundStatus
from jiliang.comparisons.models import ComparisonPoint, ComparisonRound, Participant, Result
from jiliang.core.writes import object_create, object_update
from jiliang.registry.selectors import user_scope

RESULT_FIELDS = ("value", "expanded_uncertainty", "k", "measured_on")


def _ensure_submitter(actor: Any, participant: Participant) -> None:
    if user_scope(actor).organization_id != participant.organization_id:
        raise PermissionDenied(_("A laboratory submits only its own results."))


def _submit(
    *, actor: Any, participant: Participant, point: ComparisonPoint, data: Mapping[str, Any]
) -> Result:
    if point.round_id != participant.round_id:
        raise ValidationError({"point": _("This point belongs to another comparison.")})
    fields = {k: v for k, v in data.items() if k in RESULT_FIELDS}
    fields["submitted_by"] = actor if getattr(actor, "pk", None) else None
    existing = Result.objects.filter(participant=participant, point=point).first()
    if existing is not None:
        return object_update(instance=existing, actor=actor, data=fields)
    return object_create(
        model=Result, actor=actor, data={"participant": participant, "point": point, **fields}
    )


def _open_round(participant: Participant) -> ComparisonRound:
    comparison = ComparisonRound.objects.select_for_update().get(pk=participant.round_id)
    if comparison.status != RoundStatus.OPEN:
        raise ValidationError({"round": _("The comparison is not open for results.")})
    return comparison


@transaction.atomic
def result_submit(
    *, actor: Any, participant: Participant, point: ComparisonPoint, data: Mapping[str, Any]
) -> Result:
    """Submit (or correct, until submission closes) the participant's result at one point."""
    _ensure_submitter(actor, participant)
    _open_round(participant)
    return _submit(actor=actor, participant=participant, point=point, data=data)


@transaction.atomic
def results_submit(
    *, actor: Any, participant: Participant, rows: Sequence[tuple[ComparisonPoint, Mapping[str, Any]]]
) -> list[Result]:
    """Submit several points at once: all are stored or none (the error names the point)."""
    _ensure_submitter(actor, participant)
    _open_round(participant)
    results = []
    for point, data in rows:
        try:
            results.append(_submit(actor=actor, participant=participant, point=point, data=data))
        except ValidationError as exc:
            raise ValidationError({f"{point.label}: {k}": v for k, v in exc.message_dict.items()}) from exc
    return results
