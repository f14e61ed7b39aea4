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
import time
from collections.abc import Callable, Iterator
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


# --- sending, with retries -------------------------------------------------------------------------


class SendError(Exception):
    """A request that failed. ``retry``: worth trying again (network error, timeout, 408, 429, 5xx);
    otherwise the target refused the content itself (another 4xx) and sending it again changes nothing."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff: ``attempts`` tries in all, waiting ``base`` s, 2·``base`` s, … capped
    at ``cap`` s between them (with ±20 % jitter so many simulators do not retry in step)."""

    attempts: int = 5
    base: float = 1.0
    cap: float = 30.0

    def delay(self, failures: int, rng: random.Random) -> float:
        return float(min(self.cap, self.base * 2 ** (failures - 1)) * rng.uniform(0.8, 1.2))


def send_with_retry(
    send_once: Callable[[], None],
    *,
    policy: RetryPolicy,
    log: Callable[[str], None],
    what: str = "request",
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
) -> bool:
    """Call ``send_once`` until it succeeds, retrying a retryable :class:`SendError` (or an ``OSError``)
    with ``policy``'s backoff and logging each failure. Returns False — never raises — when it gives up
    (attempts exhausted, or a refusal not worth retrying): one failed request does not stop a simulator."""
    rng = rng or random.Random()
    for attempt in range(1, policy.attempts + 1):
        try:
            send_once()
            if attempt > 1:
                log(f"{what}: sent on attempt {attempt}")
            return True
        except (SendError, OSError) as exc:
            retry = exc.retry if isinstance(exc, SendError) else True
            if not retry:
                log(f"{what}: refused, not retried: {exc}")
                return False
            if attempt == policy.attempts:
                log(f"{what}: failed {attempt} times, giving up: {exc}")
                return False
            wait = policy.delay(attempt, rng)
            log(f"{what}: attempt {attempt} failed ({exc}); retrying in {wait:.1f} s")
            sleep(wait)
    return False
