"""``jiliang comparison evaluate``: the JSON contract for every method, standard input, and bad input."""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiliang.kernels.comparison import LabResult, algorithm_a, made

CONTRACT_KEYS = [
    "method",
    "reference_value",
    "reference_uncertainty",
    "chi2_observed",
    "chi2_critical",
    "degrees_of_freedom",
    "consistent",
    "excluded",
    "iterations",
    "labs",
]
LAB_KEYS = ["lab", "en", "d", "U_d", "z", "zeta", "status"]

# The hand-computed Cox 2002 example of tests/kernels/test_comparison.py: D is discrepant.
RESULTS: list[dict[str, Any]] = [
    {"lab": "A", "value": 10.0, "expanded_uncertainty": 0.2, "k": 2},
    {"lab": "B", "value": 10.2, "expanded_uncertainty": 0.4},
    {"lab": "C", "value": 9.9, "expanded_uncertainty": 0.2},
    {"lab": "D", "value": 10.5, "expanded_uncertainty": 0.2},
]
VALUES: list[float] = [float(r["value"]) for r in RESULTS]


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "comparison.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("comparison", "evaluate", *args, stdout=out)
    return out.getvalue()


def _json(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_run(*args, "--json"))
    assert list(document) == CONTRACT_KEYS
    for lab in document["labs"]:
        assert list(lab) == LAB_KEYS
    return document


def _error(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        _run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


# --- every method --------------------------------------------------------------------------------


def test_weighted_mean_with_exclusion(tmp_path: Path) -> None:
    doc = _json(_write(tmp_path, {"results": RESULTS}), "--method", "weighted-mean", "--exclude-discrepant")
    assert doc["method"] == "weighted-mean"
    assert doc["reference_value"] == pytest.approx(449 / 45)
    assert doc["reference_uncertainty"] == pytest.approx(1 / 15)
    assert doc["chi2_observed"] == pytest.approx(17 / 9)
    assert doc["chi2_critical"] == pytest.approx(5.991, abs=5e-4)
    assert doc["degrees_of_freedom"] == 2
    assert doc["consistent"] is True
    assert doc["excluded"] == ["D"]
    assert doc["iterations"] is None
    labs = {lab["lab"]: lab for lab in doc["labs"]}
    assert [lab["lab"] for lab in doc["labs"]] == ["A", "B", "C", "D"]
    assert labs["A"]["U_d"] == pytest.approx(2 * math.sqrt(0.01 - 1 / 225))
    assert labs["D"]["U_d"] == pytest.approx(2 * math.sqrt(0.01 + 1 / 225))
    assert labs["D"]["status"] == "unsatisfactory"
    assert labs["A"]["status"] == "satisfactory"
    assert labs["A"]["z"] is None


def test_weighted_mean_without_exclusion_reports_inconsistency(tmp_path: Path) -> None:
    doc = _json(_write(tmp_path, {"results": RESULTS}), "--method", "weighted-mean")
    assert doc["reference_value"] == pytest.approx(3295 / 325)
    assert doc["degrees_of_freedom"] == 3
    assert doc["consistent"] is False
    assert doc["excluded"] == []


def test_assigned(tmp_path: Path) -> None:
    data = {"results": RESULTS, "assigned": {"value": 10.0, "expanded_uncertainty": 0.1}}
    doc = _json(_write(tmp_path, data), "--method", "assigned")
    assert doc["reference_value"] == 10.0
    assert doc["reference_uncertainty"] == pytest.approx(0.05)
    assert (doc["chi2_observed"], doc["chi2_critical"], doc["degrees_of_freedom"], doc["consistent"]) == (
        None,
        None,
        None,
        None,
    )
    d = doc["labs"][3]
    assert d["d"] == pytest.approx(0.5)
    assert d["en"] == pytest.approx(0.5 / math.hypot(0.2, 0.1))
    assert d["zeta"] == pytest.approx(0.5 / math.hypot(0.1, 0.05))


def test_mean_with_sigma_pt_judges_on_z(tmp_path: Path) -> None:
    doc = _json(_write(tmp_path, {"results": RESULTS}), "--method", "mean", "--sigma-pt", "0.2")
    mean = sum(VALUES) / 4
    s = math.sqrt(sum((v - mean) ** 2 for v in VALUES) / 3)
    assert doc["reference_value"] == pytest.approx(mean)
    assert doc["reference_uncertainty"] == pytest.approx(s / 2)
    assert [lab["z"] for lab in doc["labs"]] == pytest.approx([(v - mean) / 0.2 for v in VALUES])
    # D: z = 0.35/0.2 = 1.75 → satisfactory although its En would be > 1 against an assigned value.
    assert [lab["status"] for lab in doc["labs"]] == ["satisfactory"] * 4


def test_median(tmp_path: Path) -> None:
    doc = _json(_write(tmp_path, {"results": RESULTS}), "--method", "median")
    assert doc["reference_value"] == pytest.approx(10.1)
    assert doc["reference_uncertainty"] == pytest.approx(1.2533 * made(VALUES) / 2)
    assert doc["iterations"] is None


def test_algorithm_a(tmp_path: Path) -> None:
    doc = _json(_write(tmp_path, {"results": RESULTS}), "--method", "algorithm-a")
    expected = algorithm_a(VALUES)
    assert doc["reference_value"] == pytest.approx(expected.mean)
    assert doc["reference_uncertainty"] == pytest.approx(1.25 * expected.sd / 2)
    assert doc["iterations"] == expected.iterations
    assert doc["chi2_observed"] is None


def test_algorithm_a_iso_stopping_rule_and_drift(tmp_path: Path) -> None:
    path = _write(tmp_path, {"results": RESULTS})
    plain = _json(path, "--method", "algorithm-a", "--stopping", "iso-3sf")
    drifted = _json(path, "--method", "algorithm-a", "--stopping", "iso-3sf", "--drift", "0.3")
    iso = algorithm_a(VALUES, stopping="iso-3sf")
    assert plain["iterations"] == iso.iterations
    assert drifted["reference_value"] == plain["reference_value"]
    assert drifted["reference_uncertainty"] == pytest.approx(
        math.hypot(plain["reference_uncertainty"], 0.3 / 3**0.5)
    )


def test_stated_coverage_factor_is_used(tmp_path: Path) -> None:
    data = {"results": [{**RESULTS[0], "k": 3}, *RESULTS[1:]]}
    doc = _json(_write(tmp_path, data), "--method", "mean")
    a = LabResult("A", 10.0, 0.2, k=3)
    assert doc["labs"][0]["zeta"] == pytest.approx(
        (10.0 - doc["reference_value"]) / math.hypot(a.standard_uncertainty, doc["reference_uncertainty"])
    )


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"results": RESULTS})))
    doc = _json("-", "--method", "weighted-mean", "--exclude-discrepant")
    assert doc["excluded"] == ["D"]


def test_readable_table(tmp_path: Path) -> None:
    text = _run(_write(tmp_path, {"results": RESULTS}), "--method", "weighted-mean", "--exclude-discrepant")
    assert "method: weighted-mean" in text
    assert "excluded from the weighted mean: D" in text
    assert "consistent" in text
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("lab"))
    assert header.split() == ["lab", "value", "d", "U(d)", "En", "z", "zeta", "status"]
    d_row = next(line for line in lines if line.startswith("D "))
    assert d_row.split()[-1] == "unsatisfactory"


def test_real_exit_code_and_stderr(tmp_path: Path) -> None:
    """Run as users do, through the console script: the message goes to stderr and the exit code is 2."""
    env = dict(os.environ)  # pytest-django has set DJANGO_SETTINGS_MODULE to the suite's settings
    path = _write(tmp_path, {"results": [{**RESULTS[0], "expanded_uncertainty": -0.2}, *RESULTS[1:]]})
    result = subprocess.run(
        [sys.executable, "-m", "jiliang.cli", "comparison", "evaluate", path, "--method", "mean", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "expanded uncertainty must be positive" in result.stderr


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"results": []}, "no results"),
        ({}, "no results"),
        ({"results": [{**RESULTS[0], "expanded_uncertainty": -0.2}, *RESULTS[1:]]}, "must be positive"),
        ({"results": [{**RESULTS[0], "expanded_uncertainty": 0}, *RESULTS[1:]]}, "must be positive"),
        ({"results": [*RESULTS, {**RESULTS[0], "value": 9.0}]}, "duplicate laboratory name 'A'"),
        ({"results": [{**RESULTS[0], "value": "ten"}, *RESULTS[1:]]}, '"value" must be a number'),
        ({"results": [{**RESULTS[0], "value": True}, *RESULTS[1:]]}, '"value" must be a number'),
        ({"results": [{"value": 1.0, "expanded_uncertainty": 0.1}]}, '"lab" must be a non-empty string'),
        ({"results": [{"lab": "A", "value": 1.0}, RESULTS[1]]}, '"expanded_uncertainty" is missing'),
        ({"results": [{**RESULTS[0], "k": 0}, *RESULTS[1:]]}, "coverage factor"),
        ({"results": RESULTS[:1]}, "at least 2 results"),
        ([1, 2], "must hold a JSON object"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(tmp_path: Path, data: object, message: str) -> None:
    assert message in _error(_write(tmp_path, data), "--method", "mean", "--json")


def test_missing_assigned_for_method_assigned(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, {"results": RESULTS}), "--method", "assigned", "--json")
    assert '"assigned" object' in message


def test_non_positive_assigned_uncertainty(tmp_path: Path) -> None:
    data = {"results": RESULTS, "assigned": {"value": 10.0, "expanded_uncertainty": 0}}
    assert "assigned expanded uncertainty must be positive" in _error(
        _write(tmp_path, data), "--method", "assigned"
    )


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"results": [', encoding="utf-8")
    assert "not valid JSON" in _error(str(path), "--method", "mean")


def test_malformed_json_on_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("results: A"))
    assert "standard input is not valid JSON" in _error("-", "--method", "mean")


def test_unknown_method(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, {"results": RESULTS}), "--method", "trimmed-mean")
    assert "unknown method 'trimmed-mean'" in message
    assert "algorithm-a" in message


def test_missing_method(tmp_path: Path) -> None:
    assert "--method is required" in _error(_write(tmp_path, {"results": RESULTS}))


@pytest.mark.parametrize(
    ("option", "value"), [("--sigma-pt", "abc"), ("--sigma-pt", "nan"), ("--drift", "x")]
)
def test_option_values_must_be_numbers(tmp_path: Path, option: str, value: str) -> None:
    assert option in _error(_write(tmp_path, {"results": RESULTS}), "--method", "mean", option, value)


def test_non_positive_sigma_pt(tmp_path: Path) -> None:
    assert "sigma_pt must be positive" in _error(
        _write(tmp_path, {"results": RESULTS}), "--method", "mean", "--sigma-pt", "0"
    )


def test_unknown_stopping_rule(tmp_path: Path) -> None:
    assert "unknown stopping rule" in _error(
        _write(tmp_path, {"results": RESULTS}), "--method", "algorithm-a", "--stopping", "forever"
    )


def test_unreadable_file(tmp_path: Path) -> None:
    assert "cannot read" in _error(str(tmp_path / "missing.json"), "--method", "mean")
