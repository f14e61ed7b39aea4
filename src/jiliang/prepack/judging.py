"""From entered values to a JJF 1070 lot judgement: parse, derive net contents, judge — with the kernel.

The arithmetic is all ``jiliang.kernels.prepack`` (``net_contents_from_gross``, ``sampling_plan``,
``judge_lot``); this module reads what a person typed, pasted or uploaded, and turns every problem into a
``ValidationError`` on the field it is about, so that a form, the API and an import report it alike.
It writes nothing: the services store judgements, the live preview and the API ``judge`` action only
show them.

It also holds the one JSON form of a judgement (``judgement_as_json``), shared by ``jiliang prepack
judge --json`` and the API.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiliang.kernels.prepack import (
    DEFAULT_ROUNDING,
    ROUNDING_METHODS,
    LotJudgement,
    canonical_unit,
    judge_lot,
    net_contents_from_gross,
    sampling_plan,
    tolerable_negative_error,
)
from jiliang.prepack.choices import TareMode, Verdict

#: A measured value as typed: digits with an optional decimal part (no sign, no exponent).
VALUE = re.compile(r"^\d+(?:\.\d+)?$")
#: Pasted values may be separated by whitespace, commas or semicolons (ASCII or full-width) or 、.
SEPARATORS = re.compile(r"[\s,;，；、]+")
#: More values than any sampling plan asks for (n ≤ 125) is a paste gone wrong.
MAX_VALUES = 1000

JUDGE_KEYS = (
    "sample_size_required",
    "sample_size",
    "tne",
    "mean",
    "std",
    "lambda",
    "mean_limit",
    "mean_ok",
    "t1_count",
    "t2_count",
    "t1_allowed",
    "t2_allowed",
    "verdict",
    "reasons",
    "unit",
    "tne_rule",
    "rule_edition",
)


def rounding_method() -> str:
    """The rounding of T in force: ``settings.JILIANG_PREPACK_ROUNDING`` when set, else GB/T 8170."""
    method: str = getattr(settings, "JILIANG_PREPACK_ROUNDING", DEFAULT_ROUNDING)
    if method not in ROUNDING_METHODS:
        raise ValueError(f"JILIANG_PREPACK_ROUNDING must be one of {', '.join(ROUNDING_METHODS)}")
    return method


def split_values(text: str) -> list[str]:
    """The values of a pasted text, in order: separated by whitespace, newlines, commas or semicolons."""
    return [token for token in SEPARATORS.split(text.strip()) if token]


def _value_text(value: Any) -> str:
    """The decimal text of an entered value: a string as typed, a JSON number in plain notation."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f") if math.isfinite(value) else ""
    if isinstance(value, int | Decimal):
        return format(Decimal(value), "f")
    return str(value).strip()


def parse_values(values: Sequence[Any], *, field: str) -> list[Decimal]:
    """Each entered value as a Decimal; every bad one is named by its position ("#7 'abc'")."""
    if isinstance(values, str):
        values = split_values(values)
    if len(values) > MAX_VALUES:
        raise ValidationError({field: _("At most %(max)d values.") % {"max": MAX_VALUES}})
    parsed: list[Decimal] = []
    errors: list[str] = []
    for index, value in enumerate(values, start=1):
        text = _value_text(value)
        if not VALUE.match(text):
            errors.append(
                _("#%(n)d %(value)s is not a non-negative number") % {"n": index, "value": repr(value)}
            )
        else:
            parsed.append(Decimal(text))
    if errors:
        shown = errors[:10] + ([_("and %d more") % (len(errors) - 10)] if len(errors) > 10 else [])
        raise ValidationError({field: shown})
    return parsed


@dataclass(frozen=True)
class Sample:
    """The measured sample of one lot as entered: values, how they become net contents, the tares."""

    measurements: tuple[Decimal, ...]
    tare_mode: str = TareMode.NONE
    tare_values: tuple[Decimal, ...] = ()

    def as_stored(self) -> dict[str, Any]:
        """The lot fields that hold the sample (decimal strings, as entered)."""
        return {
            "measurements": [str(v) for v in self.measurements],
            "tare_mode": self.tare_mode,
            "tare_values": [str(v) for v in self.tare_values] if self.tare_mode != TareMode.NONE else [],
        }


def sample_from_input(*, measurements: Any, tare_mode: str | None, tare_values: Any) -> Sample:
    """Check and parse an entered sample; errors name ``measurements``, ``tare_mode`` or ``tare_values``."""
    mode = tare_mode or TareMode.NONE
    if mode not in TareMode.values:
        raise ValidationError({"tare_mode": _("Choose how the values become net contents.")})
    errors: dict[str, list[str]] = {}
    values: list[Decimal] = []
    tares: list[Decimal] = []
    try:
        values = parse_values(measurements or [], field="measurements")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if mode != TareMode.NONE:
        try:
            tares = parse_values(tare_values or [], field="tare_values")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not errors and not values:
        errors["measurements"] = [_("Enter the measured values.")]
    if not errors and mode != TareMode.NONE and not tares:
        errors["tare_values"] = [_("Gross weights need the tare of the empty packages.")]
    if not errors and mode == TareMode.INDIVIDUAL and len(tares) != len(values):
        errors["tare_values"] = [
            _("Each package needs its own tare: %(gross)d gross values, %(tares)d tares.")
            % {"gross": len(values), "tares": len(tares)}
        ]
    if errors:
        raise ValidationError(errors)
    return Sample(tuple(values), mode, tuple(tares) if mode != TareMode.NONE else ())


def net_contents(sample: Sample) -> list[Decimal]:
    """The actual contents qᵢ of the sample (kernel ``net_contents_from_gross`` for gross weights)."""
    if sample.tare_mode == TareMode.NONE:
        return list(sample.measurements)
    try:
        return net_contents_from_gross(list(sample.measurements), sample.tare_mode, list(sample.tare_values))
    except ValueError as exc:
        raise ValidationError({"measurements": str(exc)}) from None


def check_lot(*, nominal: Any, unit: str, lot_size: Any, rounding: str | None = None) -> int:
    """Check what the judgement depends on with the kernel; returns the sample size n of 附表4."""
    errors: dict[str, str] = {}
    try:
        canonical_unit(unit)
    except ValueError as exc:
        errors["unit"] = str(exc)
    else:
        try:
            tolerable_negative_error(nominal, unit, rounding or rounding_method())
        except ValueError as exc:
            errors["nominal"] = str(exc)
    try:
        n = sampling_plan(lot_size).sample_size
    except ValueError as exc:
        errors["lot_size"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return n


def required_sample_size(lot_size: int) -> int:
    """n of 附表4 for a lot of ``lot_size`` units."""
    return sampling_plan(lot_size).sample_size


def judge(
    *, nominal: Any, unit: str, lot_size: int, sample: Sample, rounding: str | None = None
) -> LotJudgement:
    """The kernel's judgement of the lot, or a ValidationError naming what prevents one.

    A sample of the wrong size is reported on ``measurements`` with both counts, before the kernel.
    """
    method = rounding or rounding_method()
    required = check_lot(nominal=nominal, unit=unit, lot_size=lot_size, rounding=method)
    if len(sample.measurements) != required:
        raise ValidationError(
            {
                "measurements": _(
                    "A lot of %(lot)d units needs a sample of n = %(n)d values (JJF 1070 附表4); "
                    "%(given)d entered."
                )
                % {"lot": lot_size, "n": required, "given": len(sample.measurements)}
            }
        )
    contents = net_contents(sample)
    try:
        return judge_lot(nominal, unit, lot_size, contents, method)
    except ValueError as exc:
        raise ValidationError({"measurements": str(exc)}) from None


#: Stored figures of a judgement carry 7 decimals of the nominal's unit (0.1 mg of a kg).
_PLACES = Decimal("0.0000001")


def _stored(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_PLACES, rounding=ROUND_HALF_EVEN)


#: The lot fields that hold a judgement (``judgement_fields`` writes exactly these).
JUDGEMENT_FIELDS = frozenset(
    {
        "verdict",
        "tne",
        "tne_rule",
        "mean",
        "std",
        "lambda_factor",
        "mean_limit",
        "mean_ok",
        "t1_count",
        "t2_count",
        "t1_allowed",
        "t2_allowed",
        "reasons",
        "rule_edition",
        "rounding",
        "judged_at",
    }
)


def judgement_fields(judgement: LotJudgement, *, rounding: str, judged_at: dt.datetime) -> dict[str, Any]:
    """The lot fields that store a kernel judgement (figures to 7 decimals of the nominal's unit)."""
    return {
        "verdict": Verdict.PASS if judgement.verdict == "pass" else Verdict.FAIL,
        "tne": _stored(judgement.tne),
        "tne_rule": judgement.tne_rule[:255],
        "mean": _stored(judgement.mean),
        "std": _stored(judgement.std),
        "lambda_factor": judgement.lambda_,
        "mean_limit": _stored(judgement.mean_limit),
        "mean_ok": judgement.mean_ok,
        "t1_count": judgement.t1_count,
        "t2_count": judgement.t2_count,
        "t1_allowed": judgement.t1_allowed,
        "t2_allowed": judgement.t2_allowed,
        "reasons": list(judgement.reasons),
        "rule_edition": judgement.rule_edition,
        "rounding": rounding,
        "judged_at": judged_at,
    }


def _number(value: Decimal | None, places: int | None = None) -> float | None:
    """A JSON number (never a string): rounded to ``places`` decimals when given."""
    if value is None:
        return None
    return float(round(value, places)) if places is not None else float(value)


def judgement_as_json(judgement: LotJudgement) -> dict[str, Any]:
    """The ``judge --json`` contract: the keys of ``JUDGE_KEYS``, numbers as JSON numbers."""
    # 4 decimals of g / mL resolve 0.1 mg; kg and L need three more for the same resolution.
    places = 7 if judgement.unit in ("kg", "L") else 4
    return {
        "sample_size_required": judgement.sample_size_required,
        "sample_size": judgement.sample_size,
        "tne": _number(judgement.tne),
        "mean": _number(judgement.mean, places),
        "std": _number(judgement.std, places),
        "lambda": _number(judgement.lambda_),
        "mean_limit": _number(judgement.mean_limit, places),
        "mean_ok": judgement.mean_ok,
        "t1_count": judgement.t1_count,
        "t2_count": judgement.t2_count,
        "t1_allowed": judgement.t1_allowed,
        "t2_allowed": judgement.t2_allowed,
        "verdict": judgement.verdict,
        "reasons": list(judgement.reasons),
        "unit": judgement.unit,
        "tne_rule": judgement.tne_rule,
        "rule_edition": judgement.rule_edition,
    }
