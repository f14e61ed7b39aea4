"""Reads of comparison rounds, scoped to the user.

Who sees a round: the bureau every round; a county bureau the rounds whose pilot or a participant lies in
its region subtree; an institute or enterprise the rounds it pilots or takes part in.

Who sees a result: while the round takes results (planned / open), only the participant that submitted it,
the pilot laboratory and the bureau — the other participants see that a result is in, not its value. Once
the pilot closes submission, everyone who sees the round sees every result.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from jiliang.comparisons.choices import ActionStatus, RoundStatus
from jiliang.comparisons.models import (
    ComparisonPoint,
    ComparisonRound,
    CorrectiveAction,
    CustodyTransfer,
    Participant,
    Result,
)
from jiliang.core.scoping import Scope, in_scope, scope_q
from jiliang.registry.selectors import user_scope

RESULTS_PUBLIC_TO_PARTICIPANTS = (RoundStatus.CLOSED, RoundStatus.EVALUATED)


def round_scope_q(user: Any, *, prefix: str = "") -> Q:
    """The filter of the rounds ``user`` may see (``prefix`` leads from another model to the round)."""
    scope = user_scope(user)
    if scope.everything:
        return Q()
    by_pilot = scope_q(scope, region=f"{prefix}pilot__region", organization=f"{prefix}pilot_id")
    participants = Participant.objects.filter(
        scope_q(scope, region="organization__region", organization="organization_id")
    ).values("round_id")
    return by_pilot | Q(**{f"{prefix}pk__in": participants})


def round_list(*, user: Any) -> QuerySet[ComparisonRound]:
    return ComparisonRound.objects.filter(round_scope_q(user)).select_related("pilot")


def round_list_full(*, user: Any) -> QuerySet[ComparisonRound]:
    """Rounds with their points (and evaluations), participants (with standard and results, for the
    submitted count) and circulation, in a fixed number of queries (the API's representation)."""
    return round_list(user=user).prefetch_related(
        Prefetch("points", queryset=ComparisonPoint.objects.select_related("evaluation")),
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("organization", "standard").prefetch_related(
                "results"
            ),
        ),
        Prefetch("transfers", queryset=CustodyTransfer.objects.select_related("sender", "receiver")),
    )


def point_list(*, user: Any) -> QuerySet[ComparisonPoint]:
    return ComparisonPoint.objects.filter(round_scope_q(user, prefix="round__")).select_related("evaluation")


def transfer_list(*, user: Any) -> QuerySet[CustodyTransfer]:
    return CustodyTransfer.objects.filter(round_scope_q(user, prefix="round__")).select_related(
        "sender", "receiver"
    )


def round_get(*, user: Any, pk: int) -> ComparisonRound:
    return get_object_or_404(round_list(user=user), pk=pk)


def round_get_by_code(*, user: Any, code: str) -> ComparisonRound:
    return get_object_or_404(round_list(user=user), code=code)


def may_manage(user: Any, comparison: ComparisonRound) -> bool:
    """The bureau and the pilot laboratory run a round; for a round piloted outside the city (provincial,
    national), the bureau and the county bureau or laboratory of a participant record it."""
    scope = user_scope(user)
    if scope.everything:
        return True
    if comparison.pilot is not None:
        return in_scope(scope, region_path=comparison.pilot.region.path, organization_id=comparison.pilot_id)
    return any(
        in_scope(scope, region_path=p.organization.region.path, organization_id=p.organization_id)
        for p in comparison.participants.select_related("organization__region")
    )


def _sees_all_results(scope: Scope, comparison: ComparisonRound) -> bool:
    if comparison.status in RESULTS_PUBLIC_TO_PARTICIPANTS or scope.everything:
        return True
    return comparison.pilot_id is not None and scope.organization_id == comparison.pilot_id


def result_list(*, user: Any, comparison: ComparisonRound) -> QuerySet[Result]:
    """The results of ``comparison`` that ``user`` may read (the round must be visible: use round_get)."""
    results = Result.objects.filter(point__round=comparison).select_related(
        "participant__organization", "point"
    )
    scope = user_scope(user)
    if _sees_all_results(scope, comparison):
        return results
    if scope.organization_id is None:
        return results.none()
    return results.filter(participant__organization_id=scope.organization_id)


def participant_for_user(*, user: Any, comparison: ComparisonRound) -> Participant | None:
    """The user's own laboratory among the participants, if any."""
    organization_id = user_scope(user).organization_id
    if organization_id is None:
        return None
    return comparison.participants.filter(organization_id=organization_id).first()


def corrective_action_list(*, user: Any) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(round_scope_q(user, prefix="participant__round__")).select_related(
        "participant__organization", "participant__round", "participant__standard"
    )


def corrective_action_get(*, user: Any, pk: int) -> CorrectiveAction:
    return get_object_or_404(corrective_action_list(user=user), pk=pk)


def standard_comparison_history(*, user: Any, standard_id: int) -> QuerySet[Participant]:
    """The comparisons a measurement standard was used in, newest first, with their outcome and action."""
    return (
        Participant.objects.filter(standard_id=standard_id)
        .filter(round_scope_q(user, prefix="round__"))
        .select_related("round", "organization", "corrective_action")
        .order_by("-round__starts_on")
    )


def open_actions_count(*, user: Any) -> int:
    return corrective_action_list(user=user).filter(status=ActionStatus.OPEN).count()


def submission_status(*, comparison: ComparisonRound) -> dict[int, tuple[int, Any]]:
    """Per participant id: how many points it has submitted and when it last did — never the values, so
    every user who sees the round may see who is in."""
    rows = (
        Result.objects.filter(point__round=comparison)
        .values("participant_id")
        .annotate(n=Count("id"), last=Max("submitted_at"))
    )
    return {row["participant_id"]: (row["n"], row["last"]) for row in rows}
