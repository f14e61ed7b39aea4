"""``jiliang prepack plan|tne|judge``: the JSON contract and the exit status 2 on every input problem.

Figures are worked by hand from 附表3 / 附表4 (reference/domain.md §1); the judge lots are the ones of
tests/kernels/test_prepack.py, so the two layers are checked against the same numbers.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from jiliang.prepack.management.commands.prepack import JUDGE_KEYS, PLAN_KEYS, TNE_KEYS

# Qn 500 g, N 20 → n 10, T 15.0 g; unit #10 is 16 g short (T1, none allowed). q̄ 498.5, s 5.40062,
# limit 500 − 1.028 × 5.40062 = 494.4482.
LOT_20 = [501, 499, 502, 498, 500, 503, 497, 500, 501, 484]
LOT_20_JSON = {
    "sample_size_required": 10,
    "sample_size": 10,
    "tne": 15.0,
    "mean": 498.5,
    "std": 5.4006,
    "lambda": 1.028,
    "mean_limit": 494.4482,
    "mean_ok": True,
    "t1_count": 1,
    "t2_count": 0,
    "t1_allowed": 0,
    "t2_allowed": 0,
    "verdict": "fail",
    "reasons": ["1 unit(s) short by more than T = 15 g and at most 2T (T1), at most 0 allowed: #10"],
    "unit": "g",
    "tne_rule": "附表3: 300 g < Qn ≤ 500 g → T = 3 % × Qn = 15 g; "
    "rounded to 0.1 g (GB/T 8170 round half to even) → 15.0 g",
    "rule_edition": "JJF 1070-2005 附表4 / 办法 附表3 (2023 tables unconfirmed)",
}


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    options: dict[str, Any] = {"stdout": out}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("prepack", *args, **options)
    return out.getvalue()


def run_json(*args: str, stdin: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(run(*args, "--json", stdin=stdin))
    return result


def judge_json(tmp_path: Path, lot: object, *extra: str) -> dict[str, Any]:
    path = tmp_path / "lot.json"
    path.write_text(json.dumps(lot), encoding="utf-8")
    return run_json("judge", str(path), *extra)


def assert_input_error(message: str, *args: str, stdin: str | None = None) -> None:
    with pytest.raises(CommandError, match=message) as caught:
        run(*args, stdin=stdin)
    assert caught.value.returncode == 2


def assert_json_numbers(data: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        assert not isinstance(data[key], str), f"{key} is a string"


# ---------------------------------------------------------------------------------------------------------
# plan
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lot_size", "sample_size", "lambda_", "t1_allowed", "mean_judged"),
    [
        (1, 1, None, 0, False),
        (10, 10, None, 0, False),
        (11, 10, 1.028, 0, True),
        (50, 10, 1.028, 0, True),
        (51, 13, 0.848, 1, True),
        (99, 13, 0.848, 1, True),
        (100, 50, 0.379, 3, True),
        (500, 50, 0.379, 3, True),
        (501, 80, 0.295, 5, True),
        (3200, 80, 0.295, 5, True),
        (3201, 125, 0.234, 7, True),
    ],
)
def test_plan_json_at_every_fubiao4_edge(
    lot_size: int, sample_size: int, lambda_: float | None, t1_allowed: int, mean_judged: bool
) -> None:
    data = run_json("plan", "--lot-size", str(lot_size))
    assert data == {
        "lot_size": lot_size,
        "sample_size": sample_size,
        "lambda": lambda_,
        "t1_allowed": t1_allowed,
        "t2_allowed": 0,
        "mean_judged": mean_judged,
    }
    assert tuple(data) == PLAN_KEYS


def test_plan_text() -> None:
    out = run("plan", "--lot-size", "1000")
    assert "n = 80" in out
    assert "λ = 0.295" in out


@pytest.mark.parametrize(
    ("lot_size", "message"),
    [
        ("0", "at least 1 unit, got 0"),
        ("-3", "at least 1 unit"),
        ("abc", "--lot-size must be a whole number"),
    ],
)
def test_plan_bad_lot_size_exits_2(lot_size: str, message: str) -> None:
    assert_input_error(message, "plan", "--lot-size", lot_size)


# ---------------------------------------------------------------------------------------------------------
# tne
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nominal", "unit", "rounding", "tne", "tne_unit", "band"),
    [
        ("1500", "g", [], 22.0, "g", "1000 g < Qn ≤ 10000 g"),  # 22.5 → 22 (GB/T 8170)
        ("1500", "g", ["--rounding", "half-up"], 23.0, "g", "1000 g < Qn ≤ 10000 g"),
        ("1500", "g", ["--rounding", "gb8170"], 22.0, "g", "1000 g < Qn ≤ 10000 g"),
        ("50", "g", [], 4.5, "g", "Qn ≤ 50 g"),
        ("50.1", "ml", [], 4.5, "mL", "50 mL < Qn ≤ 100 mL"),
        ("1000", "mL", [], 15.0, "mL", "500 mL < Qn ≤ 1000 mL"),
        ("1000.1", "g", [], 15.0, "g", "1000 g < Qn ≤ 10000 g"),
        ("0.5", "L", [], 15.0, "mL", "300 mL < Qn ≤ 500 mL"),
        ("15.001", "kg", [], 150.0, "g", "15000 g < Qn ≤ 50000 g"),
        ("50", "kg", [], 500.0, "g", "15000 g < Qn ≤ 50000 g"),
        ("150", "pcs", [], 2.0, "count", "rounded up"),
        ("50", "个", [], 0.0, "count", "Qn ≤ 50"),
        ("6", "m", [], 0.12, "m", "Qn > 5 m"),
        ("2", "m²", [], 0.06, "m2", "area"),
    ],
)
def test_tne_json(nominal: str, unit: str, rounding: list[str], tne: float, tne_unit: str, band: str) -> None:
    data = run_json("tne", "--nominal", nominal, "--unit", unit, *rounding)
    assert tuple(data) == TNE_KEYS
    assert data["nominal"] == float(nominal)
    assert data["tne"] == tne
    assert data["tne_unit"] == tne_unit
    assert band in data["rule"]
    assert_json_numbers(data, ("nominal", "tne"))


def test_tne_json_names_the_rounding_method() -> None:
    assert "GB/T 8170" in run_json("tne", "--nominal", "1500", "--unit", "g")["rule"]
    assert (
        "round half up"
        in run_json("tne", "--nominal", "1500", "--unit", "g", "--rounding", "half-up")["rule"]
    )


@pytest.mark.parametrize("rounding", ["gb8170", "half-up"])
def test_tne_default_rounding_follows_the_setting(rounding: str) -> None:
    expected = {"gb8170": 22.0, "half-up": 23.0}[rounding]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "JILIANG_PREPACK_ROUNDING", rounding, raising=False)
        assert run_json("tne", "--nominal", "1500", "--unit", "g")["tne"] == expected


def test_tne_text() -> None:
    out = run("tne", "--nominal", "1.5", "--unit", "kg")
    assert "T = 22 g" in out
    assert "GB/T 8170" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--nominal", "500", "--unit", "oz"], "unknown unit 'oz'"),
        (["--nominal", "60", "--unit", "kg"], "outside the scope"),
        (["--nominal", "abc", "--unit", "g"], "nominal quantity must be a number"),
        (["--nominal", "-5", "--unit", "g"], "must be positive"),
        (["--nominal", "1500", "--unit", "g", "--rounding", "bankers"], "unknown rounding method 'bankers'"),
    ],
)
def test_tne_bad_input_exits_2(args: list[str], message: str) -> None:
    assert_input_error(message, "tne", *args)


# ---------------------------------------------------------------------------------------------------------
# judge
# ---------------------------------------------------------------------------------------------------------


def test_judge_net_contents_file(tmp_path: Path) -> None:
    data = judge_json(tmp_path, {"nominal": 500, "unit": "g", "lot_size": 20, "net_contents": LOT_20})
    assert data == LOT_20_JSON
    assert tuple(data) == JUDGE_KEYS
    assert_json_numbers(data, ("tne", "mean", "std", "lambda", "mean_limit", "t1_count", "t2_count"))


def test_judge_from_stdin() -> None:
    lot = {"nominal": 500, "unit": "g", "lot_size": 20, "net_contents": LOT_20}
    assert run_json("judge", "-", stdin=json.dumps(lot)) == LOT_20_JSON


def test_judge_gross_with_average_tare(tmp_path: Path) -> None:
    """Tare sample 10.2, 9.8, 10.3 → mean 10.1 g; gross = LOT_20 + 10.1 gives the same judgement."""
    gross = [round(q + 10.1, 1) for q in LOT_20]
    lot = {"nominal": 500, "unit": "g", "lot_size": 20, "gross": gross}
    lot["tare"] = {"mode": "average", "values": [10.2, 9.8, 10.3]}
    assert judge_json(tmp_path, lot) == LOT_20_JSON


def test_judge_gross_with_individual_tare(tmp_path: Path) -> None:
    tares = [10, 11, 9, 10, 10, 12, 10, 10, 10, 10.5]
    gross = [q + t for q, t in zip(LOT_20, tares, strict=True)]
    lot = {"nominal": 500, "unit": "g", "lot_size": 20, "gross": gross}
    lot["tare"] = {"mode": "individual", "values": tares}
    assert judge_json(tmp_path, lot) == LOT_20_JSON


def test_judge_rounding_flag_changes_t_of_a_kg_lot(tmp_path: Path) -> None:
    """Qn 1.5 kg, N 30 → n 10: T 22 g (GB/T 8170) makes 1.4779 kg a T1 unit; half-up T 23 g does not."""
    lot = {"nominal": 1.5, "unit": "kg", "lot_size": 30, "net_contents": [1.51] * 9 + [1.4779]}
    even = judge_json(tmp_path, lot)
    assert (even["tne"], even["t1_count"], even["verdict"]) == (0.022, 1, "fail")
    up = judge_json(tmp_path, lot, "--rounding", "half-up")
    assert (up["tne"], up["t1_count"], up["verdict"], up["reasons"]) == (0.023, 0, "pass", [])
    # kg figures keep 7 decimals (0.1 mg): s = 0.0101508 kg, not 0.0102.
    assert up["std"] == pytest.approx(0.0101, abs=1e-4)
    assert up["std"] != round(up["std"], 4)


def test_judge_small_lot_has_no_mean_check(tmp_path: Path) -> None:
    """附表4, N ≤ 10: lambda, mean_limit and mean_ok are null; q̄ 496 g < Qn still passes."""
    data = judge_json(
        tmp_path, {"nominal": 500, "unit": "g", "lot_size": 5, "net_contents": [490, 495, 500, 495, 500]}
    )
    assert (data["lambda"], data["mean_limit"], data["mean_ok"]) == (None, None, None)
    assert data["mean"] == 496.0
    assert data["verdict"] == "pass"
    assert data["reasons"] == []


def test_judge_mean_failure(tmp_path: Path) -> None:
    """N 300 → n 50, λ 0.379: 25 × 497 + 25 × 499 g, q̄ 498 < 500 − 0.379 × 1.010153 = 499.6172."""
    lot = {"nominal": 500, "unit": "g", "lot_size": 300, "net_contents": [497] * 25 + [499] * 25}
    data = judge_json(tmp_path, lot)
    assert (data["mean"], data["std"], data["mean_limit"], data["mean_ok"]) == (
        498.0,
        1.0102,
        499.6172,
        False,
    )
    assert data["verdict"] == "fail"
    assert data["reasons"] == ["mean 498 g is below Qn − λ·s = 500 − 0.379 × 1.0102 = 499.6172 g"]


def test_judge_text(tmp_path: Path) -> None:
    path = tmp_path / "lot.json"
    path.write_text(json.dumps({"nominal": 500, "unit": "g", "lot_size": 20, "net_contents": LOT_20}))
    out = run("judge", str(path))
    assert out.startswith("FAIL")
    assert "(T1)" in out
    assert "494.4482" in out


LOT = {"nominal": 500, "unit": "g", "lot_size": 20, "net_contents": [500] * 10}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps({**LOT, "net_contents": [500] * 9}), "requires n = 10 .*9 net contents given"),
        (json.dumps({**LOT, "net_contents": [500] * 9 + [-1]}), "net content #10 is negative"),
        (json.dumps({**LOT, "unit": "oz"}), "unknown unit 'oz'"),
        (json.dumps({**LOT, "unit": 5}), "unknown unit 5"),
        ('{"nominal": 500, "unit": "g",', "malformed JSON input"),
        ("", "malformed JSON input"),
        (
            json.dumps({**LOT, "net_contents": [500] * 9}).replace("500]", "NaN]"),
            "NaN is not a measured value",
        ),
        ("[500, 500]", "must be a JSON object"),
        (json.dumps({k: v for k, v in LOT.items() if k != "nominal"}), "missing key 'nominal'"),
        (json.dumps({k: v for k, v in LOT.items() if k != "unit"}), "missing key 'unit'"),
        (json.dumps({k: v for k, v in LOT.items() if k != "lot_size"}), "missing key 'lot_size'"),
        (json.dumps({k: v for k, v in LOT.items() if k != "net_contents"}), "missing key 'net_contents'"),
        (json.dumps({**LOT, "gross": [510] * 10}), "either net_contents or gross"),
        (json.dumps({**LOT, "net_content": []}), "unknown key.*net_content"),
        (json.dumps({**LOT, "lot_size": 20.0}), "lot size must be a whole number"),
        (json.dumps({**LOT, "lot_size": "20"}), "lot size must be a whole number"),
        (json.dumps({**LOT, "nominal": 60000}), "outside the scope"),
        (json.dumps({**LOT, "net_contents": "500"}), "net contents must be a list"),
    ],
)
def test_judge_bad_input_exits_2(text: str, message: str) -> None:
    assert_input_error(message, "judge", "-", stdin=text)


GROSS_LOT = {"nominal": 500, "unit": "g", "lot_size": 20, "gross": [510] * 10}


@pytest.mark.parametrize(
    ("tare", "message"),
    [
        (None, "missing key 'tare'"),
        ([10], "tare must be an object"),
        ({"values": [10]}, "missing key 'tare.mode'"),
        ({"mode": "average"}, "missing key 'tare.values'"),
        ({"mode": "average", "values": [10], "sd": 1}, "unknown key.*in tare: sd"),
        ({"mode": "median", "values": [10]}, "unknown tare mode 'median'"),
        ({"mode": "individual", "values": [10] * 9}, "10 gross values, 9 tares"),
        ({"mode": "average", "values": [-10]}, "tare #1 is negative"),
    ],
)
def test_judge_bad_tare_exits_2(tare: object, message: str) -> None:
    lot = dict(GROSS_LOT) if tare is None else {**GROSS_LOT, "tare": tare}
    assert_input_error(message, "judge", "-", stdin=json.dumps(lot))


def test_judge_tare_without_gross_exits_2() -> None:
    lot = {k: v for k, v in LOT.items() if k != "net_contents"}
    lot["tare"] = {"mode": "average", "values": [10]}
    assert_input_error("missing key 'gross'", "judge", "-", stdin=json.dumps(lot))


def test_judge_missing_file_exits_2(tmp_path: Path) -> None:
    assert_input_error("cannot read .*absent.json", "judge", str(tmp_path / "absent.json"))


# ---------------------------------------------------------------------------------------------------------
# The console script itself: real stdin, stderr and exit status
# ---------------------------------------------------------------------------------------------------------


def run_script(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    script = Path(sys.executable).with_name("jiliang")
    return subprocess.run(
        [str(script), "prepack", *args], input=stdin, capture_output=True, text=True, env=env, check=False
    )


def test_script_judge_reads_stdin_and_exits_0() -> None:
    lot = {"nominal": 500, "unit": "g", "lot_size": 20, "net_contents": LOT_20}
    done = run_script("judge", "-", "--json", stdin=json.dumps(lot))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == LOT_20_JSON


def test_script_input_error_goes_to_stderr_with_status_2() -> None:
    done = run_script("judge", "-", "--json", stdin=json.dumps({**LOT, "net_contents": [500] * 9}))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "requires n = 10" in done.stderr
