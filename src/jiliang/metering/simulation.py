"""Realistic synthetic readings with injected faults, shared by the demo seed and ``jiliang simulate meters``.

Each meter follows a daily load curve (night trough, day plateau) around its mean rate with noise; a
cumulative register adds the step to its value and wraps at ``register_max``. Faults, each with a small
probability per reading when enabled: a gap (readings not sent), a rollover (the register placed near
its top so it wraps), a spike (a step far above the meter's maximum), a flat line (a stuck register), a
meter replacement (the register restarts near zero), a duplicate or a conflicting repeat, and late data
(held back and sent later, out of order).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FAULTS = ("gap", "rollover", "spike", "flat", "replacement", "duplicate", "conflict", "late", "malformed")


@dataclass
class MeterState:
    """One simulated meter: its code, kind, mean raw step per interval and its register."""

    code: str
    kind: str
    mean_step: float
    register_max: float | None = None
    value: float = 0.0
    stuck: int = 0
    held: list[dict[str, Any]] = field(default_factory=list)


def load_factor(ts: dt.datetime) -> float:
    """A plant's daily curve: about 0.55 at 03:00, 1.3 in the afternoon (local time of ``ts``)."""
    hour = ts.hour + ts.minute / 60
    return 0.925 + 0.375 * math.sin((hour - 9) / 24 * 2 * math.pi)


def readings(
    meter: MeterState,
    *,
    start: dt.datetime,
    count: int,
    step: dt.timedelta,
    rng: random.Random,
    fault_rate: float = 0.0,
    faults: tuple[str, ...] = FAULTS,
) -> Iterator[dict[str, Any]]:
    """The next ``count`` reading objects of ``meter`` from ``start``. With ``fault_rate`` > 0 each reading
    may carry one of ``faults`` (a malformed reading is still an object, with a bad field)."""
    for i in range(count):
        ts = start + i * step
        used = max(0.0, meter.mean_step * load_factor(ts) * rng.uniform(0.85, 1.15))
        fault = rng.choice(faults) if fault_rate and rng.random() < fault_rate else ""
        if fault == "spike":
            used *= 60
        if meter.stuck:
            meter.stuck -= 1
            used = 0.0 if meter.kind == "cumulative" else meter.value
        elif fault == "flat":
            meter.stuck = 14
        if meter.kind == "cumulative":
            if fault == "rollover" and meter.register_max:
                meter.value = meter.register_max - used / 2
            if fault == "replacement":
                meter.value = 0.0
            meter.value += used
            if meter.register_max and meter.value >= meter.register_max:
                meter.value -= meter.register_max
            value = round(meter.value, 2)
        else:
            value = round(used, 3)
            meter.value = value
        row = {"meter": meter.code, "ts": ts.isoformat(), "value": value}
        if fault == "gap":
            continue
        if fault == "late":
            meter.held.append(row)
            continue
        if fault == "malformed":
            broken: list[dict[str, Any]] = [
                {"meter": meter.code, "ts": ts.replace(tzinfo=None).isoformat(), "value": value},
                {"meter": meter.code, "ts": ts.isoformat(), "value": "n/a"},
                {"meter": meter.code + "-X", "ts": ts.isoformat(), "value": value},
            ]
            yield rng.choice(broken)
            continue
        yield row
        if fault == "duplicate":
            yield dict(row)
        if fault == "conflict":
            yield {**row, "value": round(value * 1.01 + 1, 2)}
        if meter.held and rng.random() < 0.2:
            yield meter.held.pop(0)
