"""How a lot's judgement is shown: one summary for the kernel's result (live preview) and for the
judgement stored on a lot (detail page, printed report), and the sample unit by unit.

Display only: the figures come from the kernel or from the lot as stored; nothing is judged here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from jiliang.core.scoping import Role
from jiliang.kernels.prepack import ROUNDING_METHODS, LotJudgement
from jiliang.prepack import judging
from jiliang.prepack.choices import TareMode, Verdict
from jiliang.prepack.models import Lot
from jiliang.prepack.models.lots import quantity_text
from jiliang.registry.selectors import user_scope


def may_organize(user: Any) -> bool:
    """Whether the user's role organizes campaigns (the services decide each write)."""
    return user_scope(user).role in (Role.BUREAU, Role.COUNTY)


def may_record(user: Any) -> bool:
    """Whether the user's role records lots and their measurements."""
    return user_scope(user).role in (Role.BUREAU, Role.COUNTY, Role.INSTITUTE)


def may_declare(user: Any) -> bool:
    """Whether the user's role files capability declarations."""
    return user_scope(user).role in (Role.BUREAU, Role.COUNTY, Role.ENTERPRISE)


def _shown(value: Decimal | None, unit: str) -> str:
    """A judgement figure for display: 4 decimals of g / mL / m / …, 7 of kg and L (the same resolution)."""
    if value is None:
        return ""
    return quantity_text(round(value, 7 if unit in ("kg", "L") else 4))


def _summary(
    *,
    verdict: str,
    unit: str,
    tne: Decimal | None,
    mean: Decimal | None,
    std: Decimal | None,
    lambda_: Decimal | None,
    mean_limit: Decimal | None,
    mean_ok: bool | None,
    counts: tuple[int | None, int | None, int | None, int | None],
    reasons: list[str],
    rule_edition: str,
    tne_rule: str,
    rounding: str,
) -> dict[str, Any]:
    t1, t1_allowed, t2, t2_allowed = counts
    return {
        "verdict": verdict,
        "verdict_label": Verdict(verdict).label,
        "unit": unit,
        "tne": _shown(tne, unit),
        "two_tne": _shown(2 * tne if tne is not None else None, unit),
        "mean": _shown(mean, unit),
        "std": _shown(std, unit),
        "lambda": quantity_text(lambda_),
        "mean_limit": _shown(mean_limit, unit),
        "mean_ok": mean_ok,
        "t1_count": t1,
        "t1_allowed": t1_allowed,
        "t1_ok": t1 is not None and t1_allowed is not None and t1 <= t1_allowed,
        "t2_count": t2,
        "t2_allowed": t2_allowed,
        "t2_ok": t2 is not None and t2_allowed is not None and t2 <= t2_allowed,
        "reasons": reasons,
        "rule_edition": rule_edition,
        "tne_rule": tne_rule,
        "rounding": ROUNDING_METHODS[rounding][1] if rounding in ROUNDING_METHODS else rounding,
    }


def judgement_summary(judgement: LotJudgement, rounding: str) -> dict[str, Any]:
    """What the judgement panel shows, from the kernel's result."""
    return _summary(
        verdict=judgement.verdict,
        unit=judgement.unit,
        tne=judgement.tne,
        mean=judgement.mean,
        std=judgement.std,
        lambda_=judgement.lambda_,
        mean_limit=judgement.mean_limit,
        mean_ok=judgement.mean_ok,
        counts=(judgement.t1_count, judgement.t1_allowed, judgement.t2_count, judgement.t2_allowed),
        reasons=list(judgement.reasons),
        rule_edition=judgement.rule_edition,
        tne_rule=judgement.tne_rule,
        rounding=rounding,
    )


def stored_summary(lot: Lot) -> dict[str, Any] | None:
    """What the judgement panel shows, from the judgement stored on a lot (None before it is judged)."""
    if lot.verdict == Verdict.PENDING:
        return None
    return _summary(
        verdict=lot.verdict,
        unit=lot.unit,
        tne=lot.tne,
        mean=lot.mean,
        std=lot.std,
        lambda_=lot.lambda_factor,
        mean_limit=lot.mean_limit,
        mean_ok=lot.mean_ok,
        counts=(lot.t1_count, lot.t1_allowed, lot.t2_count, lot.t2_allowed),
        reasons=list(lot.reasons),
        rule_edition=lot.rule_edition,
        tne_rule=lot.tne_rule,
        rounding=lot.rounding,
    )


def sample_rows(lot: Lot) -> list[dict[str, str]]:
    """The stored sample unit by unit: measured value, tare, net content (kernel) and shortfall Qn − qᵢ."""
    if not lot.measurements:
        return []
    sample = judging.sample_from_input(
        measurements=lot.measurements, tare_mode=lot.tare_mode, tare_values=lot.tare_values
    )
    try:
        net = judging.net_contents(sample)
    except ValidationError:
        return []
    # Net contents and shortfalls keep the decimals the values were read with (two more for a mean tare).
    places = max((-v.as_tuple().exponent for v in sample.measurements), default=0)  # type: ignore[operator]
    places = max(places, 0) + (2 if lot.tare_mode == TareMode.AVERAGE else 0)
    rows = []
    for index, (measured, content) in enumerate(zip(sample.measurements, net, strict=True)):
        tare = ""
        if lot.tare_mode == TareMode.INDIVIDUAL:
            tare = str(sample.tare_values[index])
        shortfall = lot.nominal - content
        rows.append(
            {
                "no": str(index + 1),
                "measured": str(measured),
                "tare": tare,
                "net": f"{round(content, places):f}",
                "shortfall": f"{round(shortfall, places):f}" if shortfall > 0 else "",
            }
        )
    return rows


def detail_context(lot: Lot) -> dict[str, Any]:
    return {
        "judgement": stored_summary(lot),
        "sample": sample_rows(lot),
        "required_n": judging.required_sample_size(lot.lot_size),
    }
