"""Login and secrets (issue #12 item 8): "40 wrong passwords in a minute and then the right one logs in;
100 bad tokens are answered without throttling; 83729164, county123 and jiliang-demo pass the password
rules; production starts with the public default SECRET_KEY" — each now refused, plus CSP, the request
id and the 500 traceback in the log."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from jiliang.core.logs import JsonFormatter, RequestIdFilter
from jiliang.core.models import AuditAction, AuditEntry
from jiliang.ops.management.commands.demo import DEMO_PASSWORD
from tests.core.factories import api_token_for

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "jiliang"
LOCKED_OUT_MSGID = (
    "Too many failed logins: this account is locked from your address for %(minutes)s minutes. "
    "Try again later, or ask the administrator to unlock it."
)


def _zh() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import translate_zh
    finally:
        sys.path.pop(0)
    return translate_zh.ZH


ZH = _zh()
PASSWORD = "pw-123456"  # tests/registry/factories.py


@pytest.fixture
def lockout(settings: Any) -> Any:
    """django-axes on, as in production (the test settings turn it off)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    return settings


@pytest.fixture
def failure_limit(settings: Any) -> Any:
    """The production default of failed token authentications per address (50 in 10 minutes)."""
    cache.clear()
    settings.JILIANG_API_AUTH_FAILURE_LIMIT = 50
    settings.JILIANG_API_AUTH_FAILURE_WINDOW = 600
    yield settings
    cache.clear()


def _login(client: Client, username: str, password: str, ip: str = "203.0.113.7") -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


# --- login lock-out ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_forty_wrong_passwords_then_the_right_one_does_not_log_in(world, lockout, english) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(40):
        _login(client, "county", "wrong-password")
    response = _login(client, "county", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Too many failed logins" in text
    assert "for 15 minutes" in text
    assert "登录失败次数过多" in ZH[LOCKED_OUT_MSGID]  # and says so in Chinese by default
    # audit-visible: the lock-out is in the account's history
    assert AuditEntry.objects.filter(action=AuditAction.LOCKOUT, object_id=str(world.county.pk)).exists()


@pytest.mark.django_db
def test_lockout_is_per_user_and_address_and_ends_after_the_cool_off(world, lockout) -> None:  # type: ignore[no-untyped-def]
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(4):
        assert _login(client, "county", "wrong-password").status_code == 200  # the form, with its error
    assert _login(client, "county", "wrong-password").status_code == 429  # the 5th failure locks
    assert _login(client, "county", PASSWORD).status_code == 429
    # the same user from another address, and another user from this address, are not locked out
    assert _login(Client(), "county", PASSWORD, ip="198.51.100.9").status_code == 302
    assert _login(Client(), "bureau", PASSWORD).status_code == 302
    # 16 minutes later the cool-off has passed
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _login(Client(), "county", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_four_failures_then_success_resets_the_count(world, lockout) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        _login(Client(), "county", "wrong-password")
    assert _login(Client(), "county", PASSWORD).status_code == 302
    for _ in range(4):
        _login(Client(), "county", "wrong-password")
    assert _login(Client(), "county", PASSWORD).status_code == 302


# --- passwords -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["83729164", "county123", "jiliang-demo", "JiLiang-2024!", "password123", "9876543210"]
)
def test_weak_passwords_are_refused(world, english, password: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        validate_password(password, world.county)


@pytest.mark.django_db
def test_the_demo_password_passes_the_rules_for_every_demo_account(world, english) -> None:  # type: ignore[no-untyped-def]
    from jiliang.registry.models import User

    for username in ("admin", "bureau", "county", "institute", "enterprise"):
        validate_password(DEMO_PASSWORD, User(username=username))
    with pytest.raises(ValidationError, match="too similar"):
        validate_password("countyaccount", User(username="countyaccount"))


# --- API throttles --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_hundred_bad_tokens_from_one_address_end_in_429(world, failure_limit) -> None:  # type: ignore[no-untyped-def]
    good = api_token_for(world.bureau)
    statuses = []
    for i in range(100):
        client = APIClient(REMOTE_ADDR="203.0.113.50")
        client.credentials(HTTP_AUTHORIZATION=f"Token jl_bad{i:04d}")
        statuses.append(client.get("/api/v1/organizations/"))
    assert [r.status_code for r in statuses[:50]] == [401] * 50
    assert {r.status_code for r in statuses[50:]} == {429}
    body = statuses[-1].json()["error"]
    assert body["status"] == 429
    assert body["code"] == "throttled"
    assert body["message"]
    assert 0 < int(statuses[-1]["Retry-After"]) <= 600
    # while the address cools off even a valid token is refused from it; other addresses are not affected
    locked = APIClient(REMOTE_ADDR="203.0.113.50")
    locked.credentials(HTTP_AUTHORIZATION=f"Token {good}")
    assert locked.get("/api/v1/organizations/").status_code == 429
    elsewhere = APIClient(REMOTE_ADDR="198.51.100.1")
    elsewhere.credentials(HTTP_AUTHORIZATION=f"Token {good}")
    assert elsewhere.get("/api/v1/organizations/").status_code == 200


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_escape_the_failed_token_limit(world, failure_limit) -> None:  # type: ignore[no-untyped-def]
    """With no trusted proxy configured, a client-sent X-Forwarded-For is not its address: DRF's default
    (NUM_PROXIES None) took the header as the identity, so rotating it gave every bad token a fresh count."""
    statuses = []
    for i in range(60):
        client = APIClient(REMOTE_ADDR="203.0.113.51", HTTP_X_FORWARDED_FOR=f"10.9.{i // 250}.{i % 250}")
        client.credentials(HTTP_AUTHORIZATION=f"Token jl_forged{i:04d}")
        statuses.append(client.get("/api/v1/organizations/").status_code)
    assert statuses[:50] == [401] * 50
    assert set(statuses[50:]) == {429}


@pytest.mark.django_db
def test_bad_ingest_tokens_are_throttled_too(failure_limit) -> None:  # type: ignore[no-untyped-def]
    failure_limit.JILIANG_API_AUTH_FAILURE_LIMIT = 10
    codes = []
    for _ in range(12):
        client = APIClient(REMOTE_ADDR="203.0.113.60")
        client.credentials(HTTP_AUTHORIZATION="Bearer jlu_guess")
        codes.append(client.post("/api/v1/metering/readings", [], format="json").status_code)
    assert codes == [401] * 10 + [429] * 2


@pytest.mark.django_db
def test_user_request_rates_are_limited(world, settings) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    settings.JILIANG_THROTTLE_RATES = {"anon": "2/minute", "user": "3/minute"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(world.county)}")
    assert [client.get("/api/v1/regions/").status_code for _ in range(4)] == [200, 200, 200, 429]
    # another user has a budget of their own
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(world.bureau)}")
    assert other.get("/api/v1/regions/").status_code == 200
    cache.clear()


# --- production settings ----------------------------------------------------------------------------


def _production(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # not the test run's own variables (DJANGO_ALLOW_ASYNC_UNSAFE is set by tests/conftest.py for Playwright)
    skip = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JILIANG_") and k not in skip}
    environ |= {
        "DJANGO_SETTINGS_MODULE": "jiliang.config.settings.production",
        "JILIANG_DATA_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "jiliang.cli", *args], env=environ, capture_output=True, text=True, timeout=120
    )


REAL_KEY = "k3y-for-the-test-only-9f8e7d6c5b4a39281706f5e4d3c2b1a0ZYXWVUTSRQ"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"JILIANG_ALLOWED_HOSTS": "jiliang.example.gov.cn"}, "JILIANG_SECRET_KEY is not set"),
        (
            {
                "JILIANG_SECRET_KEY": "insecure-local-demo-key-change-me-in-production",
                "JILIANG_ALLOWED_HOSTS": "jiliang.example.gov.cn",
            },
            "public demo key",
        ),
        ({"JILIANG_SECRET_KEY": "short", "JILIANG_ALLOWED_HOSTS": "a.example"}, "too weak"),
        ({"JILIANG_SECRET_KEY": REAL_KEY, "JILIANG_ALLOWED_HOSTS": "*"}, "JILIANG_ALLOWED_HOSTS must list"),
        ({"JILIANG_SECRET_KEY": REAL_KEY, "JILIANG_ALLOWED_HOSTS": ""}, "JILIANG_ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start_without_a_real_key_and_hosts(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = _production(tmp_path, "check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_check_deploy_passes_without_warnings_with_production_settings(tmp_path: Path) -> None:
    result = _production(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        JILIANG_SECRET_KEY=REAL_KEY,
        JILIANG_ALLOWED_HOSTS="jiliang.example.gov.cn",
        JILIANG_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_production_tls_settings_come_from_the_environment(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; import json; print(json.dumps([s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE]))"
    )
    result = _production(
        tmp_path,
        "shell",
        "-c",
        code,
        JILIANG_SECRET_KEY=REAL_KEY,
        JILIANG_ALLOWED_HOSTS="jiliang.example.gov.cn",
        JILIANG_PROXY_SSL_HEADER="X-Forwarded-Proto",
        JILIANG_SECURE_HSTS_SECONDS="3600",
        JILIANG_SECURE_HSTS_PRELOAD="0",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        True,
        3600,
        False,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
    ]


# --- content security policy ------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_send_a_csp_without_inline_script(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.bureau)
    for url in ("/accounts/login/", "/", "/instruments/figures/", "/api/docs/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"


def test_no_template_has_inline_script_or_event_handlers() -> None:
    """Under script-src 'self' an inline script or on…= handler would silently not run."""
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        if template.name.endswith("_pdf.html"):  # rendered by WeasyPrint, never by a browser
            continue
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text.replace("json_script", "")):
            offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offenders.append(f"{template}: event handler or javascript: URL")
    assert offenders == []


# --- request id and logging -------------------------------------------------------------------------


def boom(request: Any) -> Any:
    raise RuntimeError("the test view fails on purpose")


urlpatterns: list[Any] = []


@pytest.fixture
def failing_url(settings: Any) -> None:
    from django.urls import include, path

    global urlpatterns
    urlpatterns = [path("boom/", boom), path("", include("jiliang.config.urls"))]
    settings.ROOT_URLCONF = __name__


@pytest.mark.django_db
def test_a_500_logs_its_traceback_with_the_request_id(world, failing_url, caplog) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(world.bureau)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    rid = response["X-Request-ID"]
    records = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert len(records) == 1
    record = records[0]
    assert record.exc_info is not None
    # the configured handler's filter and formatter: one JSON line with the id and the traceback
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == rid
    assert line["level"] == "ERROR"
    assert line["status"] == 500
    assert line["path"] == "/boom/"
    assert "Traceback" in line["exception"]
    assert "the test view fails on purpose" in line["exception"]


def test_the_settings_log_json_lines_through_the_request_id_filter() -> None:
    from django.conf import settings

    handler = settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "json"
    assert handler["filters"] == ["request_id"]
    assert settings.LOGGING["root"]["handlers"] == ["console"]
    assert settings.LOGGING["loggers"]["django"]["propagate"] is True


@pytest.mark.django_db
def test_the_request_id_is_taken_from_the_proxy_or_made(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    made = client.get("/accounts/login/", HTTP_X_REQUEST_ID="bad id\nInjected: yes")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/accounts/login/")["X-Request-ID"] != made


def test_an_unknown_api_route_answers_json_404_not_html(client) -> None:  # type: ignore[no-untyped-def]
    """Issue #12 item 7: an unknown API route answered Django's HTML 404."""
    for path in ("/api/v1/no-such-thing/", "/api/v2/organizations/", "/api/v1/organizations/999999/x/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"]["status"] == 404
    slashless = client.get("/api/v1/organizations")
    assert slashless.status_code == 301
    assert slashless["Location"] == "/api/v1/organizations/"
