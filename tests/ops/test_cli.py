"""The jiliang console script: uscc check, seed determinism, demo set-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from jiliang.registry.models import Organization, User


def _jiliang(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jiliang.config.settings.test"}
    return subprocess.run(
        [sys.executable, "-m", "jiliang.cli", *args], capture_output=True, text=True, env=env, check=False
    )


def test_uscc_check_valid_json_exit_0() -> None:
    result = _jiliang("uscc", "check", "91350100M000100Y43", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "code": "91350100M000100Y43",
        "valid": True,
        "rule": None,
        "reason": "valid",
    }


def test_uscc_check_invalid_json_exit_1() -> None:
    result = _jiliang("uscc", "check", "91110108717809965C", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["code"] == "91110108717809965C"
    assert "expected J" in data["reason"]


DIGEST = """
import hashlib
from jiliang.registry.models import Organization
from jiliang.instruments.models import Instrument, VerificationRecord
h = hashlib.sha256()
for row in Organization.objects.order_by("uscc").values_list("uscc", "name", "region__code"):
    h.update(repr(row).encode())
for row in Instrument.objects.order_by("id").values_list(
        "serial_number", "owner__uscc", "put_into_use_on", "status"):
    h.update(repr(row).encode())
for row in VerificationRecord.objects.order_by("id").values_list(
        "instrument__serial_number", "verified_on", "result"):
    h.update(repr(row).encode())
print(Organization.objects.count(), Instrument.objects.count(), h.hexdigest())
"""


def _seeded_digest(tmp_path, name: str, seed: str) -> str:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiliang.config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / name}",
    }
    for args in (["migrate", "-v0"], ["seed", "--scale", "demo", "--seed", seed], ["shell", "-c", DIGEST]):
        result = subprocess.run(
            [sys.executable, "-m", "jiliang.cli", *args], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_seed_is_deterministic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = _seeded_digest(tmp_path, "a.sqlite3", "7")
    assert first == _seeded_digest(tmp_path, "b.sqlite3", "7")
    assert first.startswith("300 5000 ")
    assert first != _seeded_digest(tmp_path, "c.sqlite3", "8")


@pytest.mark.django_db
def test_seed_refuses_a_seeded_database() -> None:
    from django.core.management.base import CommandError

    call_command("seed", "--scale", "demo")
    with pytest.raises(CommandError):
        call_command("seed", "--scale", "demo")


@pytest.mark.django_db
def test_demo_sets_up_accounts_for_every_role(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "Peony-Garden-2015" in out
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "bureau",
        "county",
        "institute",
        "enterprise",
    }
    assert User.objects.get(username="admin").check_password("Peony-Garden-2015")
    call_command("demo", "--no-serve")  # a second run changes nothing
    assert Organization.objects.count() == 300
