"""The jiliang console script: uscc check, seed determinism, demo set-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from jiliang.registry.models import Expert, Organization, Person, User


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


def _snapshot() -> list[tuple[str, str, str]]:
    return list(Organization.objects.order_by("uscc").values_list("uscc", "name", "region__code"))


@pytest.mark.django_db
def test_seed_is_deterministic() -> None:
    call_command("seed", "--scale", "demo", "--seed", "7")
    first = _snapshot()
    people = Person.objects.count()
    assert len(first) == 300
    assert people > 0
    assert Expert.objects.exists()
    assert Organization.objects.filter(is_key_energy_unit=True).count() == 60
    Expert.disciplines.through.objects.all().delete()
    Expert.objects.all().delete()
    from jiliang.registry.models import VerifierQualification

    VerifierQualification.instrument_types.through.objects.all().delete()
    VerifierQualification.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.all().delete()
    call_command("seed", "--scale", "demo", "--seed", "7")
    assert _snapshot() == first


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
    assert "jiliang-demo" in out
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "bureau",
        "county",
        "institute",
        "enterprise",
    }
    assert User.objects.get(username="admin").check_password("jiliang-demo")
    call_command("demo", "--no-serve")  # a second run changes nothing
    assert Organization.objects.count() == 300
