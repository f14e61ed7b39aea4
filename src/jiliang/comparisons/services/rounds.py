"""Rounds, their measurement points, participants and the circulation of the artefact."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.comparisons.choices import Circulation, Level, RoundStatus
from jiliang.comparisons.models import ComparisonPoint, ComparisonRound, CustodyTransfer, Participant
from jiliang.comparisons.selectors import may_manage
from jiliang.core.scoping import Role, ensure_in_scope, ensure_role
from jiliang.core.writes import object_create, object_update
from jiliang.registry.choices import INSTITUTE_KINDS
from jiliang.registry.models import Organization
from jiliang.registry.selectors import user_scope

#: Round fields changed only through their own services (open, close, evaluate).
STATE_FIELDS = {"status", "closed_at", "evaluated_at"}


def ensure_manager(actor: Any, comparison: ComparisonRound) -> None:
    if not may_manage(actor, comparison):
        raise PermissionDenied(_("Only the bureau and the pilot laboratory run this comparison."))


def _locked(comparison: ComparisonRound) -> ComparisonRound:
    # Lock the round row only: PostgreSQL refuses FOR UPDATE on the nullable side of the pilot outer join.
    return (
        ComparisonRound.objects.select_for_update(of=("self",))
        .select_related("pilot__region")
        .get(pk=comparison.pk)
    )


def _check_round(fields: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    pilot = fields.get("pilot")
    if pilot is not None and pilot.kind not in INSTITUTE_KINDS:
        errors["pilot"] = _("The pilot is a legal or authorized metrology institution.")
    if fields.get("level") == Level.CITY and pilot is None:
        errors["pilot"] = _("A city comparison is piloted by a laboratory of the register.")
    if pilot is None and not fields.get("pilot_name"):
        errors["pilot"] = _("Name the pilot laboratory, from the register or outside it.")
    if pilot is not None and fields.get("pilot_name"):
        errors["pilot_name"] = _("Name the pilot either from the register or outside it, not both.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(*, actor: Any, data: Mapping[str, Any]) -> ComparisonRound:
    """Create a round (planned). The bureau creates any; a county bureau one piloted in its region; a
    laboratory one it pilots, or records a provincial / national round it joins (it becomes a participant).

    """
    fields = {k: v for k, v in data.items() if k not in STATE_FIELDS}
    _check_round(fields)
    scope = user_scope(actor)
    ensure_role(scope, Role.COUNTY, Role.INSTITUTE)
    pilot: Organization | None = fields.get("pilot")
    joins_as_participant = False
    if not scope.everything:
        if pilot is not None:
            ensure_in_scope(scope, region_path=pilot.region.path, organization_id=pilot.pk, what=pilot)
        elif scope.role == Role.INSTITUTE:
            joins_as_participant = True
        else:
            raise PermissionDenied(_("A county bureau records rounds piloted in its region."))
    comparison = object_create(model=ComparisonRound, actor=actor, data=fields)
    if joins_as_participant and scope.organization_id is not None:
        organization = Organization.objects.get(pk=scope.organization_id)
        _participant_create(actor=actor, comparison=comparison, organization=organization, standard=None)
    return comparison


@transaction.atomic
def round_update(*, actor: Any, instance: ComparisonRound, data: Mapping[str, Any]) -> ComparisonRound:
    """Change a round's description or evaluation settings (not its state: open, close, evaluate).

    The pilot does not change once results are in.
    """
    locked = _locked(instance)
    ensure_manager(actor, locked)
    fields = {k: v for k, v in data.items() if k not in STATE_FIELDS}
    merged = {"level": locked.level, "pilot": locked.pilot, "pilot_name": locked.pilot_name, **fields}
    _check_round(merged)
    has_results = ComparisonRound.objects.filter(pk=locked.pk, points__results__isnull=False).exists()
    if has_results and (merged["pilot"] != locked.pilot or merged["pilot_name"] != locked.pilot_name):
        raise ValidationError({"pilot": _("Results are in: the pilot can no longer change.")})
    # The locked row, not the caller's copy: a stale status on ``instance`` must not be saved back.
    return object_update(instance=locked, actor=actor, data=fields)


def _set_state(
    *, actor: Any, comparison: ComparisonRound, fields: dict[str, Any], note: str
) -> ComparisonRound:
    return object_update(instance=comparison, actor=actor, data=fields, note=note)


@transaction.atomic
def round_open(*, actor: Any, comparison: ComparisonRound) -> ComparisonRound:
    """Start taking results: the round needs a measurement point and a participant."""
    locked = _locked(comparison)
    ensure_manager(actor, locked)
    if locked.status != RoundStatus.PLANNED:
        raise ValidationError({"status": _("Only a planned comparison can be opened.")})
    if not locked.points.exists():
        raise ValidationError({"points": _("Add at least one measurement point first.")})
    if not locked.participants.exists():
        raise ValidationError({"participants": _("Add at least one participant first.")})
    return _set_state(actor=actor, comparison=locked, fields={"status": RoundStatus.OPEN}, note="opened")


@transaction.atomic
def round_close(*, actor: Any, comparison: ComparisonRound) -> ComparisonRound:
    """Close submission: from now on every participant sees every result, and the round can be evaluated."""
    locked = _locked(comparison)
    ensure_manager(actor, locked)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError({"status": _("Only a comparison open for results can be closed.")})
    return _set_state(
        actor=actor,
        comparison=locked,
        fields={"status": RoundStatus.CLOSED, "closed_at": timezone.now()},
        note="submission closed",
    )


# --- points ---------------------------------------------------------------------------------------


def _ensure_points_editable(comparison: ComparisonRound, fields: Mapping[str, Any], *, new: bool) -> None:
    if new and comparison.status != RoundStatus.PLANNED:
        raise ValidationError({"round": _("Measurement points are added while the comparison is planned.")})
    if comparison.status != RoundStatus.PLANNED and set(fields) & {"label", "unit"}:
        raise ValidationError({"label": _("Results are being taken: the point's label and unit are fixed.")})


@transaction.atomic
def point_create(*, actor: Any, data: Mapping[str, Any]) -> ComparisonPoint:
    comparison = _locked(data["round"])
    ensure_manager(actor, comparison)
    _ensure_points_editable(comparison, data, new=True)
    fields = dict(data)
    if not fields.get("position"):
        fields["position"] = comparison.points.count() + 1
    return object_create(model=ComparisonPoint, actor=actor, data=fields)


@transaction.atomic
def point_update(*, actor: Any, instance: ComparisonPoint, data: Mapping[str, Any]) -> ComparisonPoint:
    """Change a point; the assigned value, σ_pt and drift may still be entered after submission closed."""
    comparison = _locked(instance.round)
    ensure_manager(actor, comparison)
    fields = {k: v for k, v in data.items() if k != "round"}
    changed = {k for k, v in fields.items() if getattr(instance, k) != v}
    _ensure_points_editable(comparison, {k: fields[k] for k in changed}, new=False)
    return object_update(instance=instance, actor=actor, data=fields)


# --- participants ---------------------------------------------------------------------------------


def _next_lab_code(comparison: ComparisonRound) -> str:
    used = set(comparison.participants.values_list("lab_code", flat=True))
    for n in range(1, 1000):
        code, m = "", n
        while m:  # A … Z, AA, AB, … like spreadsheet columns
            m, r = divmod(m - 1, 26)
            code = string.ascii_uppercase[r] + code
        if code not in used:
            return code
    raise ValidationError({"lab_code": _("No laboratory code left.")})


def _check_standard(organization: Organization, standard: Any) -> None:
    if standard is not None and standard.holder_id != organization.pk:
        raise ValidationError({"standard": _("The standard used must be one the laboratory holds.")})


def _participant_create(
    *, actor: Any, comparison: ComparisonRound, organization: Organization, standard: Any, lab_code: str = ""
) -> Participant:
    _check_standard(organization, standard)
    if comparison.participants.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This laboratory already takes part.")})
    return object_create(
        model=Participant,
        actor=actor,
        data={
            "round": comparison,
            "organization": organization,
            "standard": standard,
            "lab_code": lab_code or _next_lab_code(comparison),
            "position": comparison.participants.count() + 1,
        },
    )


@transaction.atomic
def participant_add(
    *,
    actor: Any,
    comparison: ComparisonRound,
    organization: Organization,
    standard: Any = None,
    lab_code: str = "",
) -> Participant:
    """Enrol a laboratory (coded A, B, … unless a code is given) before submission closes."""
    locked = _locked(comparison)
    ensure_manager(actor, locked)
    if locked.status not in (RoundStatus.PLANNED, RoundStatus.OPEN):
        raise ValidationError({"round": _("Submission is closed: no new participant.")})
    if locked.pilot_id == organization.pk:
        raise ValidationError(
            {"organization": _("The pilot laboratory provides the reference, not a result.")}
        )
    return _participant_create(
        actor=actor, comparison=locked, organization=organization, standard=standard, lab_code=lab_code
    )


@transaction.atomic
def participant_update(*, actor: Any, instance: Participant, data: Mapping[str, Any]) -> Participant:
    """The participant's own laboratory names the standard it uses; the managers may also reorder."""
    comparison = _locked(instance.round)
    scope = user_scope(actor)
    own = scope.organization_id == instance.organization_id
    if not own:
        ensure_manager(actor, comparison)
    allowed = (
        {"standard"} if own and not may_manage(actor, comparison) else {"standard", "position", "lab_code"}
    )
    refused = set(data) - allowed
    if refused:
        raise ValidationError(dict.fromkeys(sorted(refused), _("You may not change this.")))
    if "standard" in data:
        _check_standard(instance.organization, data["standard"])
    return object_update(instance=instance, actor=actor, data=data)


# --- circulation ----------------------------------------------------------------------------------


def circulation_legs(
    circulation: str, holders: list[Participant]
) -> list[tuple[Participant | None, Participant | None]]:
    """The legs of the artefact's journey; ``None`` is the pilot. Star: pilot → A → pilot → B → pilot …;
    ring: pilot → A → B → … → pilot."""
    if circulation == Circulation.STAR:
        legs: list[tuple[Participant | None, Participant | None]] = []
        for holder in holders:
            legs += [(None, holder), (holder, None)]
        return legs
    stops: list[Participant | None] = [None, *holders, None]
    return list(pairwise(stops))


@transaction.atomic
def schedule_build(
    *, actor: Any, comparison: ComparisonRound, start: dt.date, days_per_laboratory: int
) -> list[CustodyTransfer]:
    """Plan the circulation from the participants' order: a hand-over every ``days_per_laboratory`` days
    (star: the pilot re-measures between laboratories). Replaces a plan nothing has moved on yet."""
    locked = _locked(comparison)
    ensure_manager(actor, locked)
    if days_per_laboratory < 1:
        raise ValidationError({"days_per_laboratory": _("At least one day per laboratory.")})
    if locked.transfers.filter(sent_on__isnull=False).exists():
        raise ValidationError(
            {"transfers": _("The artefact is already travelling: record hand-overs instead.")}
        )
    holders = list(locked.participants.order_by("position", "lab_code"))
    if not holders:
        raise ValidationError({"participants": _("Add at least one participant first.")})
    locked.transfers.all().delete()
    transfers = []
    day = start
    for sequence, (sender, receiver) in enumerate(circulation_legs(locked.circulation, holders), start=1):
        transfers.append(
            object_create(
                model=CustodyTransfer,
                actor=actor,
                data={
                    "round": locked,
                    "sequence": sequence,
                    "sender": sender,
                    "receiver": receiver,
                    "planned_on": day,
                },
            )
        )
        day += dt.timedelta(days=days_per_laboratory)
    return transfers


@transaction.atomic
def custody_record(*, actor: Any, instance: CustodyTransfer, data: Mapping[str, Any]) -> CustodyTransfer:
    """Record a hand-over: sent by the sender (or the pilot), received with the artefact's condition by
    the receiver (or the pilot). The managers may record either side."""
    comparison = _locked(instance.round)
    scope = user_scope(actor)
    parties = {p.organization_id for p in (instance.sender, instance.receiver) if p is not None}
    if comparison.pilot_id is not None and (instance.sender is None or instance.receiver is None):
        parties.add(comparison.pilot_id)
    if scope.organization_id not in parties:
        ensure_manager(actor, comparison)
    fields = {k: v for k, v in data.items() if k in {"sent_on", "received_on", "condition"}}
    for name in ("sent_on", "received_on"):
        day = fields.get(name)
        if isinstance(day, dt.date) and day > timezone.localdate():
            raise ValidationError({name: _("A hand-over cannot be recorded in the future.")})
    return object_update(instance=instance, actor=actor, data=fields)
