"""``jiliang bench``: seed a scale into the configured database and time the figures.

Not a test: it measures. ``make bench`` runs it on a fresh PostgreSQL database at city scale and writes
the results into docs/performance.md (between the ``<!-- bench -->`` markers) with the machine and date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from jiliang.instruments import figures
from jiliang.instruments.choices import TypeSet
from jiliang.ops.management.commands.seed import seed_all
from jiliang.registry.selectors import SYSTEM, region_counties, region_get

MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def _timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Median wall time in ms of ``repeat`` runs (after one warm-up run) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _machine() -> str:
    cpu, memory = "unknown CPU", ""
    with contextlib.suppress(OSError):  # not Linux: the report just says less about the machine
        names = [ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    with contextlib.suppress(OSError, ValueError, IndexError):
        memory = f", {int(Path('/proc/meminfo').read_text().split()[1]) / 1024 / 1024:.0f} GiB RAM"
    with connection.cursor() as cursor:
        cursor.execute("select version()" if connection.vendor == "postgresql" else "select sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    system = f"{platform.platform()}; Python {platform.python_version()}"
    return f"{os.cpu_count()} cores ({cpu}){memory}; {system}; {database}"


class Command(BaseCommand):
    help = "Seed a scale and time every mandatory-verification figure (whole city and each county)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["demo", "county", "city"], default="city")
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument("--write", help="update this markdown file between the bench markers")
        parser.add_argument("--skip-seed", action="store_true", help="measure the data already there")

    def handle(self, *args: Any, **options: Any) -> None:
        lines: list[str] = []
        if not options["skip_seed"]:
            call_command("migrate", interactive=False, verbosity=0)
            started = time.perf_counter()
            counts = seed_all(scale=options["scale"], seed=options["seed"], log=self.stdout.write)
            seconds = time.perf_counter() - started
            lines += ["### Seeding", "", "| part | rows | seconds |", "|---|---|---|"]
            for name in ("registry", "instruments"):
                written = ", ".join(f"{k} {v:,}" for k, v in counts[name].items())
                lines.append(f"| {name} | {written} | {counts[f'{name}_seconds']:.1f} |")
            lines += [f"| **total** | | **{seconds:.1f}** |", ""]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM sets the visibility map, so the figures get index-only scans as in production.
                cursor.execute("VACUUM ANALYZE")
        today = timezone.localdate()
        year = today.year - 1
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

        def bare_count() -> int:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM instruments_instrument")
                return int(cursor.fetchone()[0])

        base_ms, instruments = _timed(bare_count)
        if instruments == 0:
            raise CommandError("no instruments: seed first (drop --skip-seed)")
        city = region_get(code="410300")
        rows: list[tuple[str, float, str]] = [
            ("bare `SELECT count(*)` over instruments", base_ms, f"{instruments:,}")
        ]
        for types in TypeSet:
            ms, figure = _timed(
                lambda types=types: figures.inspection_rate(  # type: ignore[misc]
                    user=SYSTEM, start=start, end=end, filters=figures.Filters(types=types)
                )
            )
            rows.append(
                (
                    f"inspection rate {year}, whole city, {types.value}",
                    ms,
                    f"{figure.numerator:,} / {figure.denominator:,} = {figure.rate:.2%}",
                )
            )
        ms, figure = _timed(lambda: figures.valid_coverage(user=SYSTEM, day=end))
        rows.append(
            (f"valid coverage on {end}, whole city", ms, f"{figure.numerator:,} / {figure.denominator:,}")
        )
        ms, count = _timed(lambda: figures.overdue_count(user=SYSTEM, day=today))
        rows.append((f"overdue on {today}, whole city", ms, f"{count:,}"))
        ms, by_county = _timed(
            lambda: figures.inspection_rate_by_county(user=SYSTEM, start=start, end=end, root=city)
        )
        rows.append(
            (f"inspection rate {year} by county (one grouped query)", ms, f"{len(by_county)} divisions")
        )
        county_times = []
        for county in region_counties(root=city, as_of=end):
            ms, figure = _timed(
                lambda county=county: figures.inspection_rate(  # type: ignore[misc]
                    user=SYSTEM, start=start, end=end, filters=figures.Filters(region=county)
                )
            )
            county_times.append(ms)
            rows.append(
                (
                    f"inspection rate {year}, {county.name} {county.code}",
                    ms,
                    f"{figure.numerator:,} / {figure.denominator:,}",
                )
            )
        lines += [
            "### Figures (median of 3 runs after a warm-up)",
            "",
            "| query | ms | result |",
            "|---|---|---|",
        ]
        lines += [f"| {name} | {ms:.1f} | {result} |" for name, ms, result in rows]
        city_ms = rows[1][1]
        lines += [
            "",
            f"Whole-city inspection rate ÷ bare count: **{city_ms / base_ms:.1f}×** "
            f"(goal ≤ 3×); slowest county: {max(county_times):.1f} ms.",
            "",
        ]
        header = [
            f"Measured {timezone.now():%Y-%m-%d %H:%M %Z} by `make bench` (scale `{options['scale']}`, "
            f"seed {options['seed']}) on: {_machine()}.",
            "",
        ]
        report = "\n".join(header + lines)
        self.stdout.write(report)
        if options["write"]:
            path = Path(options["write"])
            text = path.read_text(encoding="utf-8") if path.exists() else f"{MARK_START}\n{MARK_END}\n"
            before, _, rest = text.partition(MARK_START)
            _, _, after = rest.partition(MARK_END)
            path.write_text(f"{before}{MARK_START}\n{report}\n{MARK_END}{after}", encoding="utf-8")
            self.stdout.write(f"wrote {path}")
