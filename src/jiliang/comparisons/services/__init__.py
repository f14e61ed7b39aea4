"""Writes of comparison rounds: each checks who may act, validates fully and audits (core.writes)."""

from jiliang.comparisons.services.actions import corrective_action_close, corrective_action_update
from jiliang.comparisons.services.evaluation import round_evaluate
from jiliang.comparisons.services.results import result_submit, results_submit
from jiliang.comparisons.services.rounds import (
    custody_record,
    participant_add,
    participant_update,
    point_create,
    point_update,
    round_close,
    round_create,
    round_open,
    round_update,
    schedule_build,
)

__all__ = [
    "corrective_action_close",
    "corrective_action_update",
    "custody_record",
    "participant_add",
    "participant_update",
    "point_create",
    "point_update",
    "result_submit",
    "results_submit",
    "round_close",
    "round_create",
    "round_evaluate",
    "round_open",
    "round_update",
    "schedule_build",
]
