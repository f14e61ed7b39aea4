"""API tokens stored hashed and shown once (page, CLI, migration of the old clear keys), and TOTP
two-factor sign-in (issue #12 item 8)."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import re
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from jiliang.core.accounts import services
from jiliang.core.models import ApiToken, AuditAction, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "pw-123456"


def _get(token: str, path: str = "/api/v1/organizations/") -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(path)


# --- tokens ------------------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_digest_and_authenticates(world) -> None:  # type: ignore[no-untyped-def]
    record, token = services.api_token_create(actor=world.county, user=world.county, name="script")
    assert token.startswith("jl_")
    assert len(token) > 40
    stored = ApiToken.objects.values().get(pk=record.pk)
    assert token not in {str(v) for v in stored.values()}
    assert stored["digest"] == hashlib.sha256(token.encode()).hexdigest()
    assert stored["prefix"] == token[:8]
    # the audit entry names the token but holds neither it nor its digest
    entry = AuditEntry.objects.get(object_id=str(record.pk), action=AuditAction.CREATE)
    assert token not in str(entry.changes)
    assert record.digest not in str(entry.changes)
    response = _get(token)
    assert response.status_code == 200
    assert {o["name"] for o in response.json()["results"]} == {"涧西测试企业"}  # the county's scope
    record.refresh_from_db()
    assert record.last_used_at is not None


def test_revoked_expired_and_inactive_tokens_answer_401(world) -> None:  # type: ignore[no-untyped-def]
    revoked, t1 = services.api_token_create(actor=world.county, user=world.county, name="a")
    services.api_token_revoke(actor=world.county, token=revoked)
    expiring, t2 = services.api_token_create(
        actor=world.county, user=world.county, name="b", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    ApiToken.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    _rec, t3 = services.api_token_create(actor=world.bureau, user=world.bureau, name="c")
    world.bureau.is_active = False
    world.bureau.save()
    for token in (t1, t2, t3, t1[:-1] + ("A" if t1[-1] != "A" else "B"), "jl_nothing"):
        response = _get(token)
        assert response.status_code == 401
        assert response.json()["error"]["status"] == 401


def test_only_the_owner_or_an_administrator_manages_a_token(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied, ValidationError

    record, _t = services.api_token_create(actor=world.county, user=world.county, name="a")
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=world.enterprise, user=world.county, name="x")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=world.enterprise, token=record)
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(
            actor=world.county, user=world.county, name="x", expires_at=timezone.now() - dt.timedelta(days=1)
        )
    assert set(refused.value.message_dict) == {"expires_at"}
    services.api_token_revoke(actor=world.county, token=record)
    with pytest.raises(ValidationError):
        services.api_token_revoke(actor=world.county, token=record)


def test_the_account_page_shows_a_new_token_once(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.county)
    response = client.post("/accounts/tokens/create/", {"name": "report script", "expires_on": ""})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    record = ApiToken.objects.get(user=world.county)
    token = re.search(r"jl_[A-Za-z0-9_-]{43}", response.content.decode()).group()  # type: ignore[union-attr]
    assert _get(token).status_code == 200
    page = client.get("/accounts/").content.decode()
    assert "report script" in page
    assert record.prefix in page
    assert token not in page
    # another user's token cannot be revoked by id; the owner's can
    other = Client()
    other.force_login(world.enterprise)
    assert other.post(f"/accounts/tokens/{record.pk}/revoke/").status_code == 404
    client.post(f"/accounts/tokens/{record.pk}/revoke/")
    assert _get(token).status_code == 401


def test_cli_creates_lists_and_revokes_tokens(world, capsys) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command(
        "token", "create", "--user", "county", "--name", "nightly", "--expires", "2099-12-31", stdout=out
    )
    token = out.getvalue().strip()
    assert _get(token).status_code == 200
    record = ApiToken.objects.get(user=world.county)
    assert record.name == "nightly"
    assert timezone.localtime(record.expires_at).date() == dt.date(2100, 1, 1)
    listing = StringIO()
    call_command("token", "list", stdout=listing)
    assert "county" in listing.getvalue()
    assert token not in listing.getvalue()
    call_command("token", "revoke", str(record.pk), stdout=StringIO())
    assert _get(token).status_code == 401
    with pytest.raises(CommandError, match="no user named") as exc:
        call_command("token", "create", "--user", "nobody")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="--expires"):
        call_command("token", "create", "--user", "county", "--expires", "2099-13-01")


def test_old_clear_drf_keys_are_hashed_and_erased_by_the_migration(world) -> None:  # type: ignore[no-untyped-def]
    migration = importlib.import_module("jiliang.core.migrations.0002_api_tokens_hashed")
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, created timestamp)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [key, world.county.pk, dt.datetime(2024, 1, 1, tzinfo=dt.UTC)],
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.hash_drf_tokens(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0  # the clear key is gone from the database
    assert _get(key).status_code == 200  # and the client's key keeps working
    migration.unhash_drf_tokens(apps, editor)
    assert _get(key).status_code == 401


# --- two-factor --------------------------------------------------------------------------------------


def _code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def _login(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrol(client: Client) -> TOTPDevice:
    page = client.get("/accounts/two-factor/enrol/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user__username=page.context["user"].username, confirmed=False)
    assert client.post("/accounts/two-factor/enrol/", {"code": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_enrolled_user_must_give_a_code_after_the_password(world) -> None:  # type: ignore[no-untyped-def]
    device = _enrol(_login("county"))
    assert AuditEntry.objects.filter(object_id=str(world.county.pk), note="TOTP device enrolled").exists()
    client = _login("county")
    response = client.get("/registry/organizations/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    api = client.get("/api/v1/organizations/")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "two_factor_required"
    wrong = client.post("/accounts/two-factor/verify/?next=/registry/organizations/", {"code": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    # right after a wrong code even the right one is refused (django-otp's growing delay)
    assert client.post("/accounts/two-factor/verify/", {"code": _code(device)}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post(
        "/accounts/two-factor/verify/", {"code": _code(device, 1), "next": "/registry/organizations/"}
    )
    assert ok.status_code == 302
    assert ok["Location"] == "/registry/organizations/"
    assert client.get("/registry/organizations/").status_code == 200
    # an outside "next" is not followed
    client2 = _login("county")
    out = client2.post(
        "/accounts/two-factor/verify/", {"code": _code(device, 2), "next": "https://evil.example/"}
    )
    assert out["Location"] == "/"


def test_a_user_without_a_device_is_not_asked_and_staff_can_be_required_to_enrol(world, settings) -> None:  # type: ignore[no-untyped-def]
    assert _login("county").get("/registry/organizations/").status_code == 200
    settings.JILIANG_REQUIRE_STAFF_2FA = True
    world.bureau.is_staff = True
    world.bureau.save()
    staff = _login("bureau")
    response = staff.get("/registry/organizations/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/enrol/")
    assert _login("county").get("/registry/organizations/").status_code == 200  # not staff: not required
    _enrol(staff)
    assert staff.get("/registry/organizations/").status_code == 200
    staff.post("/accounts/two-factor/disable/")
    assert TOTPDevice.objects.filter(user=world.bureau).exists()  # required: cannot be turned off


def test_two_factor_can_be_turned_off_by_its_owner(world) -> None:  # type: ignore[no-untyped-def]
    client = _login("county")
    _enrol(client)
    client.post("/accounts/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=world.county).exists()
    assert _login("county").get("/registry/organizations/").status_code == 200
