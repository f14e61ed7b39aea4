"""Evaluation of a closed round with the kernel, and its consequences.

Each point is evaluated on its own with the round's method; a participant's outcome is its worst status
over the points. An unsatisfactory outcome opens a corrective action for that laboratory and flags the
measurement standard it used in the standards registry until the action is closed. Re-evaluating (e.g.
with another method) rewrites the scores; it never closes or deletes an action already opened.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.comparisons.choices import Method, Outcome, RoundStatus
from jiliang.comparisons.models import (
    ComparisonPoint,
    ComparisonRound,
    CorrectiveAction,
    Participant,
    PointEvaluation,
    Result,
)
from jiliang.comparisons.services.rounds import _locked, ensure_manager
from jiliang.core.writes import object_create, object_update
from jiliang.kernels import comparison as kernel
from jiliang.standards.services import standard_flag_raise

SEVERITY = {Outcome.SATISFACTORY: 0, Outcome.QUESTIONABLE: 1, Outcome.UNSATISFACTORY: 2}
SCORE_FIELDS = ["d", "d_expanded_uncertainty", "en", "z", "zeta", "status", "contributed", "excluded"]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _evaluate_point(comparison: ComparisonRound, point: ComparisonPoint) -> kernel.Evaluation:
    results = list(point.results.select_related("participant"))
    if not results:
        raise ValidationError({"points": _("No result at point %(point)s.") % {"point": point.label}})
    lab_results = [
        kernel.LabResult(
            lab=r.participant.lab_code,
            value=float(r.value),
            expanded_uncertainty=float(r.expanded_uncertainty),
            k=float(r.k),
        )
        for r in results
    ]
    assigned = None
    if comparison.method == Method.ASSIGNED:
        if point.assigned_value is None or point.assigned_expanded_uncertainty is None:
            raise ValidationError(
                {
                    "method": _("Point %(point)s has no assigned value and uncertainty.")
                    % {"point": point.label}
                }
            )
        assigned = kernel.AssignedValue(
            value=float(point.assigned_value),
            expanded_uncertainty=float(point.assigned_expanded_uncertainty),
            k=float(point.assigned_k),
        )
    try:
        evaluation = kernel.evaluate(
            lab_results,
            comparison.method,
            assigned=assigned,
            sigma_pt=_float(point.sigma_pt),
            exclude_discrepant=comparison.exclude_discrepant,
            drift=_float(point.drift),
        )
    except ValueError as exc:
        raise ValidationError({"method": f"{point.label}: {exc}"}) from exc
    by_code = {s.lab: s for s in evaluation.labs}
    excluded = set(evaluation.reference.excluded)
    for r in results:
        score = by_code[r.participant.lab_code]
        r.d, r.d_expanded_uncertainty = score.d, score.d_expanded_uncertainty
        r.en, r.z, r.zeta = score.en, score.z, score.zeta
        r.status = score.status or ""
        r.contributed = score.contributed
        r.excluded = r.participant.lab_code in excluded
    Result.objects.bulk_update(results, SCORE_FIELDS)
    ref = evaluation.reference
    PointEvaluation.objects.update_or_create(
        point=point,
        defaults={
            "method": comparison.method,
            "reference_value": ref.value,
            "reference_uncertainty": ref.standard_uncertainty,
            "drift_uncertainty": ref.drift_uncertainty,
            "chi2_observed": ref.chi2_observed,
            "chi2_critical": ref.chi2_critical,
            "degrees_of_freedom": ref.degrees_of_freedom,
            "consistent": ref.consistent,
            "excluded": list(ref.excluded),
            "iterations": ref.iterations,
        },
    )
    return evaluation


def finding_text(participant: Participant) -> str:
    """What the corrective action is about: the round and each unsatisfactory point with its scores."""
    lines = []
    for r in participant.results.select_related("point").filter(status=Outcome.UNSATISFACTORY):
        scores = ", ".join(
            f"{name} = {value:.2f}" for name, value in (("En", r.en), ("z", r.z)) if value is not None
        )
        lines.append(f"{r.point.label}: {r.value.normalize()} {r.point.unit} ({scores})")
    return _("Unsatisfactory result in %(round)s: %(points)s") % {
        "round": participant.round.code,
        "points": "; ".join(lines),
    }


def _open_action(*, actor: Any, participant: Participant) -> CorrectiveAction:
    today = timezone.localdate()
    finding = finding_text(participant)
    flag = None
    if participant.standard is not None:
        flag = standard_flag_raise(
            actor=actor,
            standard=participant.standard,
            source="comparison",
            reference=participant.round.code,
            reason=finding[:255],
            on=today,
        )
    return object_create(
        model=CorrectiveAction,
        actor=actor,
        data={"participant": participant, "opened_on": today, "finding": finding, "standard_flag": flag},
    )


def scores_write(comparison: ComparisonRound) -> list[Participant]:
    """Evaluate every point of ``comparison`` and store the reference values, the scores and each
    participant's outcome (no audit, no consequences: the service and the seeder build on this)."""
    points = list(comparison.points.all())
    if not points:
        raise ValidationError({"points": _("The comparison has no measurement point.")})
    for point in points:
        _evaluate_point(comparison, point)
    participants = list(comparison.participants.select_related("standard", "round"))
    statuses: dict[int, list[str]] = {}
    for participant_id, status in Result.objects.filter(point__round=comparison).values_list(
        "participant_id", "status"
    ):
        statuses.setdefault(participant_id, []).append(status)
    for participant in participants:
        known = [s for s in statuses.get(participant.pk, []) if s]
        participant.outcome = max(known, key=lambda s: SEVERITY[Outcome(s)]) if known else ""
    Participant.objects.bulk_update(participants, ["outcome"])
    return participants


@transaction.atomic
def round_evaluate(
    *,
    actor: Any,
    comparison: ComparisonRound,
    method: str | None = None,
    exclude_discrepant: bool | None = None,
) -> list[CorrectiveAction]:
    """Evaluate every point of a closed round — with ``method`` / ``exclude_discrepant`` when given (they
    become the round's settings, in the same audit entry) — and open the corrective actions its outcome
    calls for. Returns the actions opened by this evaluation.
    """
    locked = _locked(comparison)
    ensure_manager(actor, locked)
    if locked.status not in (RoundStatus.CLOSED, RoundStatus.EVALUATED):
        raise ValidationError({"status": _("Close submission before evaluating.")})
    if method is not None and method not in Method.values:
        raise ValidationError({"method": _("Unknown evaluation method %(method)s.") % {"method": method}})
    settings = {"method": method, "exclude_discrepant": exclude_discrepant}
    changed = {k: v for k, v in settings.items() if v is not None and getattr(locked, k) != v}
    for name, value in changed.items():
        setattr(locked, name, value)
    participants = scores_write(locked)
    object_update(
        instance=locked,
        actor=actor,
        data={**changed, "status": RoundStatus.EVALUATED, "evaluated_at": timezone.now()},
        note=f"evaluated: {locked.get_method_display()}",
    )
    opened = []
    for participant in participants:
        if (
            participant.outcome == Outcome.UNSATISFACTORY
            and not CorrectiveAction.objects.filter(participant=participant).exists()
        ):
            opened.append(_open_action(actor=actor, participant=participant))
    return opened
