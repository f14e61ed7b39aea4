"""``jiliang seed --scale {demo,county,city} [--seed N]``: deterministic synthetic data for Luoyang.

Each app contributes a seeder; they run in the layer order (registry first). Re-running on a seeded
database is refused rather than doubling the data.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from jiliang.comparisons.seeding import seed_comparisons
from jiliang.core.seeding import SCALES, SeedContext
from jiliang.instruments.seeding import seed_instruments
from jiliang.metering.seeding import seed_metering
from jiliang.plans.seeding import seed_plans
from jiliang.prepack.seeding import seed_prepack
from jiliang.registry.models import Person
from jiliang.registry.seeding import seed_registry
from jiliang.standards.seeding import seed_standards

SEEDERS = [
    ("registry", seed_registry),
    ("standards", seed_standards),
    ("instruments", seed_instruments),
    ("metering", seed_metering),
    ("prepack", seed_prepack),
    ("comparisons", seed_comparisons),
    ("plans", seed_plans),
]


def seed_all(*, scale: str, seed: int, log: Any = print) -> dict[str, Any]:
    """Run every app's seeder in order; returns the counts of each and the seconds taken."""
    if Person.objects.exists():
        raise CommandError("the database already holds data; seed an empty database")
    ctx = SeedContext(scale=scale, rng=random.Random(seed), today=timezone.localdate(), log=log)
    result: dict[str, Any] = {}
    for name, seeder in SEEDERS:
        started = time.perf_counter()
        with transaction.atomic():
            result[name] = seeder(ctx)
        result[f"{name}_seconds"] = round(time.perf_counter() - started, 2)
    return result


class Command(BaseCommand):
    help = "Fill an empty database with deterministic synthetic data for Luoyang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=SCALES, default="demo")
        parser.add_argument("--seed", type=int, default=2015)

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_all(scale=options["scale"], seed=options["seed"], log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"seeded ({options['scale']}): {result}"))
