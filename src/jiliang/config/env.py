"""Every environment variable jiliang reads, in one place (documented in docs/configuration.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Repository root when installed in editable mode; the data folder lives beside src/.
PROJECT_DIR = Path(__file__).resolve().parents[3]
#: The public key of the local demo: anyone can read it here, so production refuses to start with it.
DEMO_SECRET_KEY = "insecure-local-demo-key-change-me-in-production"


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
    mqtt_broker_config: str
    site_url: str
    email_host: str
    email_port: int
    email_user: str
    email_password: str
    email_use_tls: bool
    email_from: str
    chromium_path: str
    certificate_number_pattern: str
    standard_approval_years: int
    standard_reexam_lead_months: int
    trace_max_ratio: str
    public_check_limit: int
    public_check_window: int
    log_level: str
    log_format: str
    cache: str
    proxy_count: int
    login_failure_limit: int
    login_cooloff_minutes: int
    api_auth_failure_limit: int
    api_auth_failure_window: int
    throttle_anon: str
    throttle_user: str
    require_staff_2fa: bool
    secure_ssl_redirect: bool
    secure_hsts_seconds: int
    secure_hsts_include_subdomains: bool
    secure_hsts_preload: bool
    proxy_ssl_header: str
    makeup_days_work: bool
    clock_due_soon_working_days: int


def read_env() -> Env:
    """Read the environment once; settings modules use the result."""
    data_dir = Path(os.environ.get("JILIANG_DATA_DIR", PROJECT_DIR / "data"))
    return Env(
        data_dir=data_dir,
        database_url=os.environ.get("DATABASE_URL", f"sqlite:///{data_dir / 'jiliang.sqlite3'}"),
        secret_key=os.environ.get("JILIANG_SECRET_KEY", DEMO_SECRET_KEY),
        debug=_flag("JILIANG_DEBUG", default=True),
        allowed_hosts=[
            h.strip() for h in os.environ.get("JILIANG_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
        ],
        require_services=_flag("JILIANG_REQUIRE_SERVICES"),
        test_postgres_url=os.environ.get(
            "JILIANG_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
        mqtt_url=os.environ.get("JILIANG_MQTT_URL", "mqtt://127.0.0.1:1884"),
        mqtt_broker_config=os.environ.get(
            "JILIANG_MQTT_BROKER_CONFIG", str(PROJECT_DIR / "deploy" / "mosquitto.conf")
        ),
        site_url=os.environ.get("JILIANG_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
        email_host=os.environ.get("JILIANG_EMAIL_HOST", ""),
        email_port=int(os.environ.get("JILIANG_EMAIL_PORT", "587")),
        email_user=os.environ.get("JILIANG_EMAIL_USER", ""),
        email_password=os.environ.get("JILIANG_EMAIL_PASSWORD", ""),
        email_use_tls=_flag("JILIANG_EMAIL_TLS", default=True),
        email_from=os.environ.get("JILIANG_EMAIL_FROM", "jiliang@localhost"),
        chromium_path=os.environ.get("JILIANG_CHROMIUM", "/usr/bin/chromium"),
        certificate_number_pattern=os.environ.get(
            "JILIANG_CERTIFICATE_NUMBER_PATTERN", "{kind}{year}-{institution:04d}-{seq:06d}"
        ),
        standard_approval_years=int(os.environ.get("JILIANG_STANDARD_APPROVAL_YEARS", "4")),
        standard_reexam_lead_months=int(os.environ.get("JILIANG_STANDARD_REEXAM_LEAD_MONTHS", "6")),
        trace_max_ratio=os.environ.get("JILIANG_TRACE_MAX_RATIO", "1/3"),
        public_check_limit=int(os.environ.get("JILIANG_PUBLIC_CHECK_LIMIT", "30")),
        public_check_window=max(1, int(os.environ.get("JILIANG_PUBLIC_CHECK_WINDOW", "300"))),
        log_level=os.environ.get("JILIANG_LOG_LEVEL", "INFO").upper(),
        log_format=os.environ.get("JILIANG_LOG_FORMAT", "json").lower(),
        cache=os.environ.get("JILIANG_CACHE", "local").lower(),
        proxy_count=int(os.environ.get("JILIANG_PROXY_COUNT", "0")),
        login_failure_limit=int(os.environ.get("JILIANG_LOGIN_FAILURE_LIMIT", "5")),
        login_cooloff_minutes=int(os.environ.get("JILIANG_LOGIN_COOLOFF_MINUTES", "15")),
        api_auth_failure_limit=int(os.environ.get("JILIANG_API_AUTH_FAILURE_LIMIT", "50")),
        api_auth_failure_window=int(os.environ.get("JILIANG_API_AUTH_FAILURE_WINDOW", "600")),
        throttle_anon=os.environ.get("JILIANG_THROTTLE_ANON", "60/minute"),
        throttle_user=os.environ.get("JILIANG_THROTTLE_USER", "1200/minute"),
        require_staff_2fa=_flag("JILIANG_REQUIRE_STAFF_2FA"),
        secure_ssl_redirect=_flag("JILIANG_SECURE_SSL_REDIRECT", default=True),
        secure_hsts_seconds=int(os.environ.get("JILIANG_SECURE_HSTS_SECONDS", "31536000")),
        secure_hsts_include_subdomains=_flag("JILIANG_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True),
        secure_hsts_preload=_flag("JILIANG_SECURE_HSTS_PRELOAD", default=True),
        proxy_ssl_header=os.environ.get("JILIANG_PROXY_SSL_HEADER", ""),
        makeup_days_work=_flag("JILIANG_MAKEUP_DAYS_WORK", default=True),
        clock_due_soon_working_days=int(os.environ.get("JILIANG_CLOCK_DUE_SOON", "3")),
    )


ENV = read_env()
