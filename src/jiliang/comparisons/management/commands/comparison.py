"""``jiliang comparison evaluate FILE|- --method M [--sigma-pt S] [--exclude-discrepant] [--json]``.

Evaluates one inter-laboratory comparison (计量比对) with ``jiliang.kernels.comparison``. FILE (or ``-``
for standard input) holds JSON::

    {"results": [{"lab": "A", "value": 10.01, "expanded_uncertainty": 0.02, "k": 2}, ...],
     "assigned": {"value": 10.0, "expanded_uncertainty": 0.01, "k": 2}}

``k`` is optional (default 2); ``assigned`` is read only by ``--method assigned``. Methods: assigned,
weighted-mean, mean, median, algorithm-a. ``--drift D`` adds the travelling standard's drift over the
circulation to u(X); ``--stopping`` picks Algorithm A's stopping rule.

``--json`` prints exactly these keys, a contract that external scripts rely on::

    {"method", "reference_value", "reference_uncertainty" (standard), "chi2_observed", "chi2_critical",
     "degrees_of_freedom", "consistent", "excluded", "iterations",
     "labs": [{"lab", "en", "d", "U_d", "z", "zeta", "status"}]}

with null where a field does not apply. Without ``--json`` a readable table is printed. Bad input exits
with code 2 and a message naming the problem on stderr.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.kernels.comparison import METHODS, AssignedValue, Evaluation, LabResult, Stopping, evaluate

EXIT_BAD_INPUT = 2
STOPPING_RULES: tuple[Stopping, ...] = ("tolerance", "iso-3sf")


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_BAD_INPUT)


def _number(item: dict[str, Any], key: str, where: str) -> float:
    if key not in item:
        raise _bad(f'{where}: "{key}" is missing')
    value = item[key]
    # bool is an int subclass in Python, but true/false is not a measurement.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(f'{where}: "{key}" must be a number, got {json.dumps(value, ensure_ascii=False)}')
    return float(value)


def _coverage_factor(item: dict[str, Any], where: str) -> float:
    return _number(item, "k", where) if "k" in item else 2.0


def _option_number(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise _bad(f"{option} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise _bad(f"{option} must be a finite number, got {text!r}")
    return value


def _parse_results(data: dict[str, Any]) -> list[LabResult]:
    rows = data.get("results")
    if not isinstance(rows, list):
        raise _bad('no results: the input needs a "results" list')
    if not rows:
        raise _bad('no results: the "results" list is empty')
    results = []
    for index, item in enumerate(rows):
        where = f"results[{index}]"
        if not isinstance(item, dict):
            raise _bad(f"{where} must be an object")
        lab = item.get("lab")
        if not isinstance(lab, str) or not lab.strip():
            raise _bad(f'{where}: "lab" must be a non-empty string')
        where = f"{where} ({lab})"
        results.append(
            LabResult(
                lab=lab.strip(),
                value=_number(item, "value", where),
                expanded_uncertainty=_number(item, "expanded_uncertainty", where),
                k=_coverage_factor(item, where),
            )
        )
    return results


def _parse_assigned(data: dict[str, Any]) -> AssignedValue:
    item = data.get("assigned")
    if item is None:
        raise _bad('method assigned needs an "assigned" object with "value" and "expanded_uncertainty"')
    if not isinstance(item, dict):
        raise _bad('"assigned" must be an object with "value" and "expanded_uncertainty"')
    return AssignedValue(
        value=_number(item, "value", "assigned"),
        expanded_uncertainty=_number(item, "expanded_uncertainty", "assigned"),
        k=_coverage_factor(item, "assigned"),
    )


def contract(evaluation: Evaluation) -> dict[str, Any]:
    """The ``--json`` document; its keys are a published contract, keep them exactly."""
    ref = evaluation.reference
    return {
        "method": evaluation.method,
        "reference_value": ref.value,
        "reference_uncertainty": ref.standard_uncertainty,
        "chi2_observed": ref.chi2_observed,
        "chi2_critical": ref.chi2_critical,
        "degrees_of_freedom": ref.degrees_of_freedom,
        "consistent": ref.consistent,
        "excluded": list(ref.excluded),
        "iterations": ref.iterations,
        "labs": [
            {
                "lab": s.lab,
                "en": s.en,
                "d": s.d,
                "U_d": s.d_expanded_uncertainty,
                "z": s.z,
                "zeta": s.zeta,
                "status": s.status,
            }
            for s in evaluation.labs
        ],
    }


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.6g}"


def table(evaluation: Evaluation) -> str:
    """A readable report of one evaluation."""
    ref = evaluation.reference
    lines = [f"method: {evaluation.method}"]
    reference = f"reference value X = {_fmt(ref.value)}, u(X) = {_fmt(ref.standard_uncertainty)}"
    if ref.drift_uncertainty:
        reference += f" (incl. drift u = {_fmt(ref.drift_uncertainty)})"
    lines.append(reference)
    if ref.chi2_observed is not None:
        verdict = "consistent" if ref.consistent else "NOT consistent"
        lines.append(
            f"chi2 = {_fmt(ref.chi2_observed)}, chi2_0.95({ref.degrees_of_freedom}) = "
            f"{_fmt(ref.chi2_critical)}: {verdict}"
        )
    if ref.excluded:
        lines.append(f"excluded from the weighted mean: {', '.join(ref.excluded)}")
    if ref.iterations is not None:
        state = "converged" if ref.converged else "NOT converged"
        lines.append(f"Algorithm A: s* = {_fmt(ref.robust_sd)}, {ref.iterations} iterations, {state}")
    if evaluation.sigma_pt is not None:
        lines.append(f"sigma_pt = {_fmt(evaluation.sigma_pt)}; status judged on z")
    else:
        lines.append("status judged on En")
    header = ("lab", "value", "d", "U(d)", "En", "z", "zeta", "status")
    rows = [
        (
            s.lab,
            *(_fmt(v) for v in (s.value, s.d, s.d_expanded_uncertainty, s.en, s.z, s.zeta)),
            s.status or "—",
        )
        for s in evaluation.labs
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines.append("")
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Evaluate inter-laboratory comparisons (计量比对): reference value, En, z, zeta."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ev = sub.add_parser("evaluate", help="evaluate one comparison from a JSON file or standard input")
        ev.add_argument("file", help='JSON input file, or "-" for standard input')
        # Checked in handle() rather than with argparse choices so that every bad input exits with 2,
        # also when the command is called from Python.
        ev.add_argument("--method", help=f"reference value method: {', '.join(METHODS)}")
        ev.add_argument("--sigma-pt", dest="sigma_pt", help="standard deviation for proficiency assessment")
        ev.add_argument(
            "--exclude-discrepant",
            action="store_true",
            help="weighted mean: exclude the most discrepant result until the chi-squared check passes",
        )
        ev.add_argument("--drift", help="drift of the travelling standard over the circulation (value units)")
        ev.add_argument(
            "--stopping",
            default="tolerance",
            help="Algorithm A stopping rule: tolerance (default) or iso-3sf",
        )
        ev.add_argument("--json", action="store_true", help="print the contract JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        method = options["method"]
        if method is None:
            raise _bad(f"--method is required: one of {', '.join(METHODS)}")
        if method not in METHODS:
            raise _bad(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
        if options["stopping"] not in STOPPING_RULES:
            raise _bad(
                f"unknown stopping rule {options['stopping']!r}: choose one of {', '.join(STOPPING_RULES)}"
            )
        sigma_pt = _option_number(options["sigma_pt"], "--sigma-pt")
        drift = _option_number(options["drift"], "--drift")
        data = self._read(options["file"])
        results = _parse_results(data)
        assigned = _parse_assigned(data) if method == "assigned" else None
        try:
            evaluation = evaluate(
                results,
                method,
                assigned=assigned,
                sigma_pt=sigma_pt,
                exclude_discrepant=options["exclude_discrepant"],
                drift=drift,
                stopping=cast(Stopping, options["stopping"]),
            )
        except ValueError as exc:
            raise _bad(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(contract(evaluation), ensure_ascii=False))
        else:
            self.stdout.write(table(evaluation))

    def _read(self, file: str) -> dict[str, Any]:
        name = "standard input" if file == "-" else file
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _bad(f"cannot read {name}: {exc}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _bad(f"{name} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise _bad(f'{name} must hold a JSON object with a "results" list')
        return data
