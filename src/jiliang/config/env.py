"""Every environment variable jiliang reads, in one place (documented in docs/configuration.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Repository root when installed in editable mode; the data folder lives beside src/.
PROJECT_DIR = Path(__file__).resolve().parents[3]


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Env:
    """The settings that come from the environment, with the defaults of a local SQLite demo."""

    data_dir: Path
    database_url: str
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    require_services: bool
    test_postgres_url: str
    mqtt_url: str
    chromium_path: str
    certificate_number_pattern: str
    standard_approval_years: int
    standard_reexam_lead_months: int
    trace_max_ratio: str
    makeup_days_work: bool
    clock_due_soon_working_days: int


def read_env() -> Env:
    """Read the environment once; settings modules use the result."""
    data_dir = Path(os.environ.get("JILIANG_DATA_DIR", PROJECT_DIR / "data"))
    return Env(
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL", f"sqlite:///{data_dir / 'jiliang.sqlite3'}"),
        secret_key=os.environ.get("JILIANG_SECRET_KEY", "insecure-local-demo-key-change-me-in-production"),
        debug=_flag("JILIANG_DEBUG", default=True),
        allowed_hosts=[
            h.strip() for h in os.environ.get("JILIANG_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
        ],
        require_services=_flag("JILIANG_REQUIRE_SERVICES"),
        test_postgres_url=os.environ.get(
            "JILIANG_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
        mqtt_url=os.environ.get("JILIANG_MQTT_URL", "mqtt://127.0.0.1:1883"),
        chromium_path=os.environ.get("JILIANG_CHROMIUM", "/usr/bin/chromium"),
        certificate_number_pattern=os.environ.get(
            "JILIANG_CERTIFICATE_NUMBER_PATTERN", "{kind}{year}-{institution:04d}-{seq:06d}"
        ),
        standard_approval_years=int(os.environ.get("JILIANG_STANDARD_APPROVAL_YEARS", "4")),
        standard_reexam_lead_months=int(os.environ.get("JILIANG_STANDARD_REEXAM_LEAD_MONTHS", "6")),
        trace_max_ratio=os.environ.get("JILIANG_TRACE_MAX_RATIO", "1/3"),
        makeup_days_work=_flag("JILIANG_MAKEUP_DAYS_WORK", default=True),
        clock_due_soon_working_days=int(os.environ.get("JILIANG_CLOCK_DUE_SOON", "3")),
    )


ENV = read_env()
