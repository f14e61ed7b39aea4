"""The plan file format (YAML), checked with JSON Schema so a bad file is refused naming the bad field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
import yaml

from jiliang.plans.choices import Comparator, Period, TargetScope

DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
NUMBER = {"type": "number"}

PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "title", "issuer", "region", "starts_on", "ends_on", "targets"],
    "properties": {
        "code": {"type": "string", "pattern": r"^[a-z0-9-]+$", "maxLength": 64},
        "title": {"type": "string", "minLength": 1, "maxLength": 255},
        "issuer": {"type": "string", "minLength": 1, "maxLength": 128},
        "document_number": {"type": "string", "maxLength": 64},
        "region": {"type": "string", "pattern": r"^\d{6}$"},
        "starts_on": DATE,
        "ends_on": DATE,
        "default": {"type": "boolean"},
        "targets": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "text", "metric", "comparator", "deadline"],
                "properties": {
                    "code": {"type": "string", "minLength": 1, "maxLength": 32},
                    "section": {"type": "string", "maxLength": 32},
                    "text": {"type": "string", "minLength": 1},
                    "metric": {"type": "string", "minLength": 1},
                    "comparator": {"enum": list(Comparator.values)},
                    "value": NUMBER,
                    "unit": {"type": "string", "maxLength": 16},
                    "baseline": NUMBER,
                    "baseline_on": DATE,
                    "deadline": DATE,
                    "scope": {"enum": list(TargetScope.values)},
                    "period": {"enum": list(Period.values)},
                },
            },
        },
    },
}


class PlanFileError(ValueError):
    """A plan file that cannot be loaded; ``path`` names the bad field (e.g. ``targets[3].comparator``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _normalise(value: Any) -> Any:
    """YAML reads 2020-12-31 as a date; the schema checks strings, so turn dates back into ISO text."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def parse_plan(text: str) -> dict[str, Any]:
    """Parse and validate a plan file; raise PlanFileError naming the first bad field."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise PlanFileError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    document = _normalise(document)
    validator = jsonschema.Draft202012Validator(PLAN_SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        raise PlanFileError(_path(error.absolute_path) or "(file)", error.message)
    for index, target in enumerate(document["targets"]):
        if target["comparator"] != Comparator.ESTABLISHED and "value" not in target:
            raise PlanFileError(f"targets[{index}].value", "required unless the comparator is 'established'")
    if document["ends_on"] < document["starts_on"]:
        raise PlanFileError("ends_on", "before starts_on")
    codes = [t["code"] for t in document["targets"]]
    for index, code in enumerate(codes):
        if codes.index(code) != index:
            raise PlanFileError(f"targets[{index}].code", f"duplicate target code {code!r}")
    return document  # type: ignore[no-any-return]
