"""What every app's seeder receives: the scale, a seeded random generator and "today".

Seeders create deterministic synthetic data (same ``--seed`` → same rows) with bulk inserts; they write
no audit entries because no person made these records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

SCALES = ("demo", "county", "city")


@dataclass
class SeedContext:
    scale: str
    rng: random.Random
    today: dt.date
    log: Callable[[str], None] = field(default=lambda message: None)

    def pick(self, demo: int, county: int, city: int) -> int:
        """The size of something at this scale."""
        return {"demo": demo, "county": county, "city": city}[self.scale]
