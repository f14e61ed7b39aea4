"""Comparison rounds: the pilot's workflow, who sees what, the evaluation and its consequences."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiliang.comparisons import selectors, services
from jiliang.comparisons.choices import ActionStatus, Level, Method, Outcome, RoundStatus
from jiliang.comparisons.models import CorrectiveAction, PointEvaluation, Result
from jiliang.core.models import AuditEntry
from jiliang.kernels import comparison as kernel
from jiliang.standards.models import StandardFlag
from tests.comparisons.factories import Lab, comparison_round, enrol, lab_user, point, submit
from tests.standards.factories import institute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def pilot() -> Any:
    organization = institute("410300", name="洛阳市计量测试所")
    return organization, lab_user(organization)


def _three_labs_round(pilot: Any) -> tuple[Any, Any, list[Lab]]:
    """A pilot creates a city round with one point and three laboratories, the third an outlier."""
    pilot_org, pilot_user = pilot
    comparison = comparison_round(actor=pilot_user, pilot=pilot_org)
    at = point(comparison, actor=pilot_user)
    labs = [enrol(comparison, actor=pilot_user, name=f"实验室{i}") for i in range(3)]
    services.round_open(actor=pilot_user, comparison=comparison)
    submit(labs[0], at, "0.10", "0.20")
    submit(labs[1], at, "0.30", "0.20")
    submit(labs[2], at, "2.50", "0.20")  # far off: the outlier
    return comparison, at, labs


def test_pilot_round_three_labs_weighted_mean_outlier_flags_its_standard(pilot: Any) -> None:
    comparison, at, labs = _three_labs_round(pilot)
    pilot_user = pilot[1]
    services.round_close(actor=pilot_user, comparison=comparison)
    opened = services.round_evaluate(actor=pilot_user, comparison=comparison)

    # The weighted mean with exclusion: C fails the chi-squared check and is dropped; X = mean of A and B.
    evaluation = PointEvaluation.objects.get(point=at)
    assert evaluation.method == Method.WEIGHTED_MEAN
    assert evaluation.excluded == ["C"]
    assert evaluation.reference_value == pytest.approx(0.20)
    assert evaluation.reference_uncertainty == pytest.approx((2 / 0.1**2) ** -0.5)
    outlier = Result.objects.get(participant=labs[2].participant)
    assert outlier.excluded
    assert not outlier.contributed
    assert outlier.status == Outcome.UNSATISFACTORY
    # C did not enter the reference value: En = d / sqrt(U² + U_ref²), no correlation term.
    u_ref = evaluation.reference_uncertainty
    assert outlier.en == pytest.approx(2.30 / (0.20**2 + (2 * u_ref) ** 2) ** 0.5)
    for lab in labs[:2]:
        result = Result.objects.get(participant=lab.participant)
        assert result.contributed
        assert result.status == Outcome.SATISFACTORY
    # The outlier's laboratory gets a corrective action and its standard a flag; the others nothing.
    assert [a.participant for a in opened] == [labs[2].participant]
    action = CorrectiveAction.objects.get(participant=labs[2].participant)
    assert action.status == ActionStatus.OPEN
    assert comparison.code in action.finding
    flag = StandardFlag.objects.get(standard=labs[2].standard)
    assert flag.closed_on is None
    assert flag.reference == comparison.code
    assert action.standard_flag == flag
    assert not StandardFlag.objects.filter(standard__in=[labs[0].standard, labs[1].standard]).exists()
    # The standard's comparison history names the round and the open action.
    history = list(selectors.standard_comparison_history(user=pilot_user, standard_id=labs[2].standard.pk))
    assert [(p.round.code, p.outcome, p.corrective_action.status) for p in history] == [
        (comparison.code, Outcome.UNSATISFACTORY, ActionStatus.OPEN)
    ]


def test_evaluation_matches_the_kernel_for_every_method(pilot: Any) -> None:
    comparison, at, labs = _three_labs_round(pilot)
    pilot_user = pilot[1]
    services.round_close(actor=pilot_user, comparison=comparison)
    inputs = [
        kernel.LabResult(lab=c, value=v, expanded_uncertainty=0.2)
        for c, v in zip("ABC", (0.1, 0.3, 2.5), strict=False)
    ]
    for method in (Method.MEAN, Method.MEDIAN, Method.ALGORITHM_A):
        services.round_update(actor=pilot_user, instance=comparison, data={"method": method})
        services.round_evaluate(actor=pilot_user, comparison=comparison)
        expected = kernel.evaluate(inputs, method)
        stored = PointEvaluation.objects.get(point=at)
        assert stored.reference_value == pytest.approx(expected.reference.value)
        assert stored.reference_uncertainty == pytest.approx(expected.reference.standard_uncertainty)
        ens = dict(Result.objects.filter(point=at).values_list("participant__lab_code", "en"))
        assert ens == pytest.approx({s.lab: s.en for s in expected.labs})
    # Re-evaluating never opens a second action nor closes the first.
    assert CorrectiveAction.objects.filter(participant=labs[2].participant).count() == 1


def test_assigned_value_and_z_scores(pilot: Any) -> None:
    pilot_org, pilot_user = pilot
    comparison = comparison_round(actor=pilot_user, pilot=pilot_org, method=Method.ASSIGNED)
    at = point(comparison, actor=pilot_user, sigma_pt=Decimal("0.5"))
    labs = [enrol(comparison, actor=pilot_user) for _ in range(2)]
    services.round_open(actor=pilot_user, comparison=comparison)
    submit(labs[0], at, "10.2", "0.4")
    submit(labs[1], at, "11.3", "0.4")
    services.round_close(actor=pilot_user, comparison=comparison)
    with pytest.raises(ValidationError, match="assigned value"):
        services.round_evaluate(actor=pilot_user, comparison=comparison)
    services.point_update(
        actor=pilot_user,
        instance=at,
        data={"assigned_value": Decimal("10.0"), "assigned_expanded_uncertainty": Decimal("0.2")},
    )
    services.round_evaluate(actor=pilot_user, comparison=comparison)
    z = dict(Result.objects.filter(point=at).values_list("participant__lab_code", "z"))
    assert z == pytest.approx({"A": 0.4, "B": 2.6})
    status = dict(Result.objects.filter(point=at).values_list("participant__lab_code", "status"))
    assert status == {"A": Outcome.SATISFACTORY, "B": Outcome.QUESTIONABLE}  # 2 < |z| < 3
    assert not CorrectiveAction.objects.exists()  # questionable is a warning, not a finding


def test_results_are_hidden_from_other_participants_until_submission_closes(pilot: Any, world: Any) -> None:
    comparison, _at, labs = _three_labs_round(pilot)
    pilot_user = pilot[1]
    own = selectors.result_list(user=labs[0].user, comparison=comparison)
    assert [r.participant for r in own] == [labs[0].participant]
    assert selectors.result_list(user=pilot_user, comparison=comparison).count() == 3
    assert selectors.result_list(user=world.bureau, comparison=comparison).count() == 3
    comparison = services.round_close(actor=pilot_user, comparison=comparison)
    assert selectors.result_list(user=labs[0].user, comparison=comparison).count() == 3
    # Rounds themselves: a laboratory sees only rounds it pilots or joins.
    assert list(selectors.round_list(user=labs[0].user)) == [comparison]
    assert not selectors.round_list(user=world.institute_user).exists()


def test_only_the_lab_itself_submits_and_only_while_open(pilot: Any, world: Any) -> None:
    pilot_org, pilot_user = pilot
    comparison = comparison_round(actor=pilot_user, pilot=pilot_org)
    at = point(comparison, actor=pilot_user)
    lab, other = (enrol(comparison, actor=pilot_user) for _ in range(2))
    with pytest.raises(ValidationError, match="not open"):
        submit(lab, at, "1", "0.1")
    services.round_open(actor=pilot_user, comparison=comparison)
    for intruder in (other.user, pilot_user, world.bureau):
        with pytest.raises(PermissionDenied):
            services.result_submit(
                actor=intruder,
                participant=lab.participant,
                point=at,
                data={"value": Decimal(1), "expanded_uncertainty": Decimal("0.1")},
            )
    submit(lab, at, "1", "0.1")
    submit(lab, at, "1.5", "0.1")  # a correction before the deadline replaces the value, audited
    result = Result.objects.get(participant=lab.participant)
    assert result.value == Decimal("1.5")
    assert AuditEntry.objects.filter(object_id=str(result.pk), action="update").exists()
    with pytest.raises(ValidationError, match="expanded_uncertainty"):
        submit(lab, at, "1", "-0.1")
    services.round_close(actor=pilot_user, comparison=comparison)
    with pytest.raises(ValidationError, match="not open"):
        submit(lab, at, "2", "0.1")


def test_several_points_are_stored_all_or_none(pilot: Any) -> None:
    pilot_org, pilot_user = pilot
    comparison = comparison_round(actor=pilot_user, pilot=pilot_org)
    first, second = (
        point(comparison, actor=pilot_user, label="1 kg"),
        point(comparison, actor=pilot_user, label="2 kg"),
    )
    lab = enrol(comparison, actor=pilot_user)
    services.round_open(actor=pilot_user, comparison=comparison)
    good = {"value": Decimal("1"), "expanded_uncertainty": Decimal("0.1")}
    bad = {"value": Decimal("1"), "expanded_uncertainty": Decimal("0")}
    with pytest.raises(ValidationError, match="2 kg"):
        services.results_submit(
            actor=lab.user, participant=lab.participant, rows=[(first, good), (second, bad)]
        )
    assert not Result.objects.exists()


def test_closing_the_corrective_action_clears_the_flag(pilot: Any) -> None:
    comparison, _at, labs = _three_labs_round(pilot)
    pilot_user = pilot[1]
    services.round_close(actor=pilot_user, comparison=comparison)
    services.round_evaluate(actor=pilot_user, comparison=comparison)
    action = CorrectiveAction.objects.get()
    with pytest.raises(PermissionDenied):
        services.corrective_action_close(actor=labs[2].user, action=action)
    with pytest.raises(ValidationError, match="cause"):
        services.corrective_action_close(actor=pilot_user, action=action)
    services.corrective_action_update(
        actor=labs[2].user, instance=action, data={"cause": "砝码沾污", "action_taken": "清洗后重新校准"}
    )
    services.corrective_action_close(actor=pilot_user, action=action, note="复测合格")
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert action.closed_on is not None
    flag = StandardFlag.objects.get(standard=labs[2].standard)
    assert flag.closed_on == action.closed_on
    assert flag.closing_note == "复测合格"


def test_star_and_ring_circulation_schedules(pilot: Any) -> None:
    pilot_org, pilot_user = pilot
    star = comparison_round(actor=pilot_user, pilot=pilot_org)
    labs = [enrol(star, actor=pilot_user) for _ in range(2)]
    legs = services.schedule_build(
        actor=pilot_user, comparison=star, start=dt.date(2024, 3, 1), days_per_laboratory=10
    )
    assert [(t.sender and t.sender.lab_code, t.receiver and t.receiver.lab_code) for t in legs] == [
        (None, "A"),
        ("A", None),
        (None, "B"),
        ("B", None),
    ]
    assert [t.planned_on for t in legs] == [dt.date(2024, 3, 1) + dt.timedelta(days=10 * i) for i in range(4)]
    ring = comparison_round(actor=pilot_user, pilot=pilot_org, circulation="ring")
    for _ in range(3):
        enrol(ring, actor=pilot_user)
    legs = services.schedule_build(
        actor=pilot_user, comparison=ring, start=dt.date(2024, 3, 1), days_per_laboratory=7
    )
    assert [(t.sender and t.sender.lab_code, t.receiver and t.receiver.lab_code) for t in legs] == [
        (None, "A"),
        ("A", "B"),
        ("B", "C"),
        ("C", None),
    ]
    # The receiving laboratory records the hand-over; once the artefact travels the plan is fixed.
    services.custody_record(
        actor=labs[0].user,
        instance=star.transfers.get(sequence=1),
        data={"sent_on": dt.date(2024, 3, 1), "received_on": dt.date(2024, 3, 2), "condition": "完好"},
    )
    with pytest.raises(ValidationError, match="travelling"):
        services.schedule_build(
            actor=pilot_user, comparison=star, start=dt.date(2024, 4, 1), days_per_laboratory=5
        )
    with pytest.raises(PermissionDenied):
        services.custody_record(
            actor=labs[1].user, instance=star.transfers.get(sequence=2), data={"sent_on": dt.date(2024, 3, 9)}
        )


def test_who_creates_and_runs_rounds(pilot: Any, world: Any) -> None:
    pilot_org, pilot_user = pilot
    with pytest.raises(PermissionDenied):
        comparison_round(actor=world.enterprise, pilot=pilot_org)
    with pytest.raises(PermissionDenied):  # a laboratory pilots only as itself
        comparison_round(actor=world.institute_user, pilot=pilot_org)
    with pytest.raises(ValidationError, match="pilot"):
        comparison_round(actor=world.bureau, pilot=None, level=Level.CITY)
    # A laboratory records a provincial round it joins: piloted outside the city, it becomes a participant.
    provincial = comparison_round(actor=world.institute_user, pilot=None, level=Level.PROVINCIAL)
    assert [p.organization for p in provincial.participants.all()] == [world.institute]
    assert selectors.may_manage(world.institute_user, provincial)
    city = comparison_round(actor=pilot_user, pilot=pilot_org)
    assert not selectors.may_manage(world.institute_user, city)
    with pytest.raises(PermissionDenied):
        services.round_open(actor=world.institute_user, comparison=city)
    assert RoundStatus(city.status) == RoundStatus.PLANNED


def test_evaluating_with_another_method_makes_it_the_rounds_method(pilot: Any) -> None:
    comparison, at, _labs = _three_labs_round(pilot)
    pilot_user = pilot[1]
    comparison = services.round_close(actor=pilot_user, comparison=comparison)
    services.round_evaluate(actor=pilot_user, comparison=comparison, method=Method.MEDIAN)
    comparison.refresh_from_db()
    assert comparison.method == Method.MEDIAN
    assert PointEvaluation.objects.get(point=at).method == Method.MEDIAN
    entry = AuditEntry.objects.filter(object_id=str(comparison.pk), action="update").latest("at")
    assert entry.changes["method"] == [Method.WEIGHTED_MEAN, Method.MEDIAN]
    with pytest.raises(ValidationError, match="method"):
        services.round_evaluate(actor=pilot_user, comparison=comparison, method="mode")
