"""``jiliang prepack``: net content of prepackaged goods (JJF 1070-2005, 附表3 and 附表4 of the 办法).

    jiliang prepack plan --lot-size N [--json]
    jiliang prepack tne --nominal Q --unit U [--rounding gb8170|half-up] [--json]
    jiliang prepack judge FILE|- [--rounding gb8170|half-up] [--json]
    jiliang prepack pass-rate --from DATE --to DATE [--region CODE] [--category C] [--producer USCC] [--json]

``judge`` reads one JSON object from FILE (``-``: standard input)::

    {"nominal": 500, "unit": "g", "lot_size": 1000, "net_contents": [...]}
    {"nominal": 500, "unit": "g", "lot_size": 1000, "gross": [...],
     "tare": {"mode": "average" | "individual", "values": [...]}}

Unknown keys are refused, so that a misspelt key is reported instead of silently ignored.

The ``--json`` keys are a contract with external scripts (``PLAN_KEYS``, ``TNE_KEYS``, ``JUDGE_KEYS``).
Quantities are JSON numbers, never strings. ``judge`` gives them in the unit of the nominal quantity
(its extra keys ``unit``, ``tne_rule`` and ``rule_edition`` say which unit, band, rounding and edition);
``tne`` gives T in ``tne_unit``. mean, std and mean_limit are rounded to 4 decimals of g, mL or the
nominal's own unit, and to 7 decimals of kg or L (the same resolution).
Any input problem prints a message naming it on stderr and exits with status 2.

``pass-rate`` prints the net-content pass rate recorded on the platform (lots passed ÷ lots judged,
sampled in the period; docs/prepack.md) for the whole city or a region subtree, a product category or a
producer: the same figure as the figures page and the API.

The default rounding of T is ``settings.JILIANG_PREPACK_ROUNDING`` when set, else GB/T 8170.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiliang.kernels.prepack import (
    DEFAULT_ROUNDING,
    ROUNDING_METHODS,
    LotJudgement,
    judge_lot,
    net_contents_from_gross,
    sampling_plan,
    tolerable_negative_error,
)
from jiliang.prepack import figures
from jiliang.prepack.choices import ProductCategory
from jiliang.prepack.judging import JUDGE_KEYS as JUDGE_KEYS
from jiliang.prepack.judging import judgement_as_json
from jiliang.registry.models import Organization, Region
from jiliang.registry.selectors import SYSTEM, region_get

PLAN_KEYS = ("lot_size", "sample_size", "lambda", "t1_allowed", "t2_allowed", "mean_judged")
TNE_KEYS = ("nominal", "unit", "tne", "tne_unit", "rule")
_INPUT_KEYS = {"nominal", "unit", "lot_size", "net_contents", "gross", "tare"}
_TARE_KEYS = {"mode", "values"}
_INPUT_ERROR = 2


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=_INPUT_ERROR)


def _number(value: Decimal | None, places: int | None = None) -> float | None:
    """A JSON number (never a string): rounded to ``places`` decimals when given."""
    if value is None:
        return None
    return float(round(value, places)) if places is not None else float(value)


def _reject_constant(name: str) -> Any:
    # json accepts NaN and Infinity by default; a measured content can be neither.
    raise ValueError(f"{name} is not a measured value")


def _parse_lot(text: str) -> dict[str, Any]:
    """The judge input object, checked for shape; values are checked by the kernel."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as error:
        raise _fail(f"malformed JSON input: {error}") from None
    if not isinstance(data, dict):
        raise _fail("the input must be a JSON object with nominal, unit, lot_size and net_contents")
    unknown = sorted(set(data) - _INPUT_KEYS)
    if unknown:
        raise _fail(f"unknown key(s) {', '.join(unknown)}: expected {', '.join(sorted(_INPUT_KEYS))}")
    for key in ("nominal", "unit", "lot_size"):
        if key not in data:
            raise _fail(f"missing key '{key}'")
    has_net = "net_contents" in data
    has_gross = "gross" in data or "tare" in data
    if has_net and has_gross:
        raise _fail("give either net_contents or gross with tare, not both")
    if not has_net and not has_gross:
        raise _fail("missing key 'net_contents' (or 'gross' with 'tare')")
    if has_gross:
        for key in ("gross", "tare"):
            if key not in data:
                raise _fail(f"missing key '{key}': gross weights need a tare")
        tare = data["tare"]
        if not isinstance(tare, dict):
            raise _fail('tare must be an object {"mode": "average" | "individual", "values": [...]}')
        unknown = sorted(set(tare) - _TARE_KEYS)
        if unknown:
            raise _fail(f"unknown key(s) in tare: {', '.join(unknown)}")
        for key in ("mode", "values"):
            if key not in tare:
                raise _fail(f"missing key 'tare.{key}'")
    return data


class Command(BaseCommand):
    help = "Net content of prepackaged goods: sampling plan, tolerable negative error, lot judgement."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    # Tests hand in a file-like object instead of the process's standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        rounding_help = (
            f"rounding of T for mass and volume: {' or '.join(ROUNDING_METHODS)} "
            "(default: settings.JILIANG_PREPACK_ROUNDING, else gb8170)"
        )
        sub = parser.add_subparsers(dest="action", required=True)
        plan = sub.add_parser("plan", help="the 附表4 sampling plan for a lot size")
        plan.add_argument("--lot-size", required=True, help="number of units in the lot (N)")
        plan.add_argument("--json", action="store_true", help="print the plan as JSON")
        tne = sub.add_parser("tne", help="the 附表3 tolerable negative error T of a nominal quantity")
        tne.add_argument("--nominal", required=True, help="nominal quantity Qn")
        tne.add_argument("--unit", required=True, help="g, kg, mL, L, m, cm, mm, m2 or count")
        tne.add_argument("--rounding", help=rounding_help)
        tne.add_argument("--json", action="store_true", help="print T as JSON")
        judge = sub.add_parser("judge", help="judge one lot from a JSON file ('-' reads standard input)")
        judge.add_argument("file", help="JSON input file, or - for standard input")
        judge.add_argument("--rounding", help=rounding_help)
        judge.add_argument("--json", action="store_true", help="print the judgement as JSON")
        rate = sub.add_parser(
            "pass-rate", help="the recorded pass rate: lots passed ÷ lots judged in a period"
        )
        rate.add_argument("--from", dest="start", required=True, help="first sampling day, YYYY-MM-DD")
        rate.add_argument("--to", dest="end", required=True, help="last sampling day, YYYY-MM-DD")
        rate.add_argument("--region", help="GB/T 2260 code of a region subtree (default: everything)")
        rate.add_argument("--category", choices=ProductCategory.values, help="product category")
        rate.add_argument("--producer", help="unified social credit code of a producer")
        rate.add_argument("--json", action="store_true", help="print the figure as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "plan":
                self._plan(options)
            elif options["action"] == "tne":
                self._tne(options)
            elif options["action"] == "pass-rate":
                self._pass_rate(options)
            else:
                self._judge(options)
        except ValueError as error:
            # The kernel reports every bad input (size, sign, unit, …) as ValueError naming it.
            raise _fail(str(error)) from None

    def _rounding(self, options: dict[str, Any]) -> str:
        rounding: str = options["rounding"] or getattr(settings, "JILIANG_PREPACK_ROUNDING", DEFAULT_ROUNDING)
        return rounding

    def _emit(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False) if options["json"] else text)

    def _plan(self, options: dict[str, Any]) -> None:
        try:
            lot_size = int(options["lot_size"])
        except ValueError:
            raise _fail(f"--lot-size must be a whole number of units, got {options['lot_size']!r}") from None
        plan = sampling_plan(lot_size)
        data = {
            "lot_size": plan.lot_size,
            "sample_size": plan.sample_size,
            "lambda": _number(plan.lambda_),
            "t1_allowed": plan.t1_allowed,
            "t2_allowed": plan.t2_allowed,
            "mean_judged": plan.mean_judged,
        }
        self._emit(options, data, f"N = {plan.lot_size}: n = {plan.sample_size}\n{plan.rule}")

    def _tne(self, options: dict[str, Any]) -> None:
        tne = tolerable_negative_error(options["nominal"], options["unit"], self._rounding(options))
        data = {
            "nominal": _number(tne.nominal),
            "unit": tne.unit,
            "tne": _number(tne.tne),
            "tne_unit": tne.tne_unit,
            "rule": tne.rule,
        }
        self._emit(options, data, f"Qn = {tne.nominal} {tne.unit}: T = {tne.tne} {tne.tne_unit}\n{tne.rule}")

    def _pass_rate(self, options: dict[str, Any]) -> None:
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        if start > end:
            raise _fail("--from is after --to")
        region = producer = None
        if options["region"]:
            try:
                region = region_get(code=options["region"])
            except Region.DoesNotExist:
                raise _fail(f"unknown region code {options['region']}") from None
        if options["producer"]:
            producer = Organization.objects.filter(uscc=options["producer"]).first()
            if producer is None:
                raise _fail(f"no organization with credit code {options['producer']}")
        figure = figures.pass_rate(
            user=SYSTEM, start=start, end=end, region=region, category=options["category"], producer=producer
        )
        data = {
            "figure": "pass-rate",
            "from": start.isoformat(),
            "to": end.isoformat(),
            "region": options["region"],
            "category": options["category"],
            "producer": options["producer"],
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "rate": figure.rate,
        }
        shown = "—" if figure.rate is None else f"{figure.rate:.2%}"
        self._emit(
            options, data, f"pass rate {start} … {end}: {figure.numerator} / {figure.denominator} = {shown}"
        )

    def _read(self, source: str, options: dict[str, Any]) -> str:
        if source == "-":
            stdin: IO[str] = options.get("stdin") or sys.stdin
            return stdin.read()
        try:
            with open(source, encoding="utf-8") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise _fail(f"cannot read {source}: {error}") from None

    def _judge(self, options: dict[str, Any]) -> None:
        data = _parse_lot(self._read(options["file"], options))
        if "net_contents" in data:
            contents = data["net_contents"]
        else:
            contents = net_contents_from_gross(data["gross"], data["tare"]["mode"], data["tare"]["values"])
        judgement = judge_lot(
            data["nominal"], data["unit"], data["lot_size"], contents, self._rounding(options)
        )
        self._emit(options, judgement_as_json(judgement), _judgement_text(judgement))


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(f"{option} must be a date (YYYY-MM-DD), got {text!r}") from None


def _judgement_text(j: LotJudgement) -> str:
    """A short human form: verdict, the figures behind it, and every reason it failed."""
    unit = j.unit
    lines = [
        f"{j.verdict.upper()}: Qn = {j.nominal} {unit}, N = {j.lot_size}, n = {j.sample_size}, "
        f"T = {j.tne} {unit}",
        f"T1 units {j.t1_count} (allowed {j.t1_allowed}), T2 units {j.t2_count} (allowed {j.t2_allowed})",
    ]
    if j.mean_limit is None:
        lines.append(f"mean {round(j.mean, 4)} {unit} (no mean check for lots of 10 or fewer)")
    else:
        verdict = "ok" if j.mean_ok else "below the limit"
        lines.append(
            f"mean {round(j.mean, 4)} {unit}, limit Qn − λ·s = {round(j.mean_limit, 4)} {unit}: {verdict}"
        )
    lines.extend(f"- {reason}" for reason in j.reasons)
    lines.append(j.rule_edition)
    return "\n".join(lines)
