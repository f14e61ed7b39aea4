"""``jiliang calendar due|term`` and ``jiliang penalty surcharge``: the exact JSON contract and exit 2.

The dates are the worked deadlines of reference/supervision.md §0.3, counted on the calendar the data
migration seeds from chinese-calendar 1.11.0.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from jiliang.cli import main

pytestmark = pytest.mark.django_db


def run_json(command: str, *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command(command, *args, "--json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the console script in-process (same test database); its exit status, stdout, stderr."""
    code = 0
    try:
        main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--from", "2024-09-27", "--working-days", "7"), "2024-10-12"),  # make-up Saturday counts
        (("--from", "2025-09-26", "--working-days", "7"), "2025-10-13"),
        (("--from", "2025-09-26", "--working-days", "15"), "2025-10-23"),
        (("--from", "2025-09-26", "--working-days", "30"), "2025-11-13"),
        (("--from", "2025-01-20", "--working-days", "20"), "2025-02-21"),
        (("--from", "2025-01-20", "--working-days", "45"), "2025-03-28"),
        (("--from", "2024-12-20", "--working-days", "20"), "2025-01-20"),
        (("--from", "2025-04-30", "--working-days", "5"), "2025-05-12"),
        (("--from", "2025-07-03", "--days", "90"), "2025-10-09"),
        (("--from", "2024-07-03", "--days", "90"), "2024-10-08"),
        (("--from", "2025-09-20", "--days", "15"), "2025-10-09"),
        (("--from", "2025-09-16", "--days", "15"), "2025-10-09"),
        (("--from", "2025-01-31", "--months", "1"), "2025-02-28"),
    ],
)
def test_due_reproduces_the_worked_deadlines(args: tuple[str, ...], expected: str) -> None:
    kind = args[2].removeprefix("--").replace("-", "_")
    assert run_json("calendar", "due", *args) == {
        "from": args[1],
        "due": expected,
        "rule": {"kind": kind, "count": int(args[3])},
    }


def test_term_is_not_moved_off_a_holiday() -> None:
    assert run_json("calendar", "term", "--from", "2023-10-01", "--years", "3") == {
        "from": "2023-10-01",
        "ends": "2026-10-01",
    }
    assert run_json("calendar", "term", "--from", "2024-08-31", "--months", "6") == {
        "from": "2024-08-31",
        "ends": "2025-02-28",
    }


def test_the_calendar_is_the_bureaus_data_not_the_package() -> None:
    from jiliang.deadlines.models import CalendarDay, HolidayYear

    # A (hypothetical) correction of the notice: 2025-10-09 made a holiday → the 90-day decision moves.
    CalendarDay.objects.create(
        year=HolidayYear.objects.get(year=2025), date="2025-10-09", kind="holiday", name="测试"
    )
    assert run_json("calendar", "due", "--from", "2025-07-03", "--days", "90")["due"] == "2025-10-10"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("calendar", "due", "--from", "2025-02-30", "--days", "5", "--json"), "not a date"),
        (("calendar", "due", "--from", "yesterday", "--working-days", "5", "--json"), "not a date"),
        (("calendar", "due", "--from", "2025-01-02", "--days", "-1", "--json"), "cannot be negative"),
        (("calendar", "due", "--from", "2025-01-02", "--working-days", "x", "--json"), "not a whole number"),
        (("calendar", "due", "--from", "2026-12-28", "--working-days", "5", "--json"), "no year 2027"),
        (("calendar", "due", "--from", "2003-12-20", "--days", "5", "--json"), "no year 2003"),
        (("calendar", "due", "--from", "2026-12-15", "--months", "1", "--json"), "no year 2027"),
        (("calendar", "due", "--from", "2025-01-02", "--json"), "one of the arguments"),
        (("calendar", "due", "--from", "2025-01-02", "--days", "1", "--months", "1"), "not allowed with"),
        (("calendar", "term", "--from", "2025-01-02", "--years", "-3", "--json"), "cannot be negative"),
        (("penalty", "surcharge", "--fine", "abc", "--days-late", "3", "--json"), "not an amount"),
        (("penalty", "surcharge", "--fine", "-100", "--days-late", "3", "--json"), "non-negative"),
        (("penalty", "surcharge", "--fine", "100.001", "--days-late", "3", "--json"), "to the fen"),
        (("penalty", "surcharge", "--fine", "100", "--days-late", "-3", "--json"), "cannot be negative"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_due_through_the_console_script_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "calendar", "due", "--from", "2024-09-27", "--working-days", "7", "--json")
    assert code == 0
    assert json.loads(out) == {
        "from": "2024-09-27",
        "due": "2024-10-12",
        "rule": {"kind": "working_days", "count": 7},
    }


@pytest.mark.parametrize(
    ("fine", "days", "expected"),
    [("5000", "3", 450.0), ("5000", "34", 5000.0), ("1234.50", "1", 37.04), ("800", "0", 0.0)],
)
def test_surcharge_json(fine: str, days: str, expected: float) -> None:
    """行政处罚法 第七十二条: 3 % a day, capped at the fine; 1234.50 × 3 % = 37.035 → 37.04 (half up)."""
    assert run_json("penalty", "surcharge", "--fine", fine, "--days-late", days) == {"surcharge": expected}


def test_penalty_script_runs_as_a_real_process() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    script = Path(sys.executable).with_name("jiliang")
    ok = subprocess.run(
        [str(script), "penalty", "surcharge", "--fine", "5000", "--days-late", "3", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {"surcharge": 450.0}
    bad = subprocess.run(
        [str(script), "penalty", "surcharge", "--fine", "5000", "--days-late", "-1", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (bad.returncode, bad.stdout) == (2, "")


def test_remind_raises_reminders_once_a_day_and_enqueues(world: Any) -> None:
    from jiliang.deadlines import services
    from jiliang.deadlines.models import ClockReminder

    services.clock_start(
        actor=world.bureau, record=world.jianxi_org, rule="complaint-accept", start_on=dt(2025, 9, 26)
    )
    out = io.StringIO()
    call_command("calendar", "remind", "--today", "2025-10-20", stdout=out)
    assert out.getvalue().strip() == "1 reminders raised for 2025-10-20"
    call_command("calendar", "remind", "--today", "2025-10-20", "--enqueue", stdout=io.StringIO())
    assert ClockReminder.objects.filter(day="2025-10-20", kind="overdue").count() == 1
