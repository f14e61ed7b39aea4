"""Per-unit token authentication of the readings endpoint: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import permissions
from rest_framework.request import Request

from jiliang.core.api.authentication import TokenHeaderAuthentication
from jiliang.metering.models import EnergyUnit
from jiliang.metering.services import ingest_token_unit


@dataclass(frozen=True)
class UnitPrincipal:
    """The data-acquisition system of one unit: may send that unit's readings, nothing else."""

    unit: EnergyUnit
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False
    pk: None = None

    def __str__(self) -> str:
        return f"unit {self.unit.organization.uscc}"


class UnitTokenAuthentication(TokenHeaderAuthentication):
    keyword = "Bearer"
    malformed = gettext_lazy("Give the token after Bearer.")
    unknown = gettext_lazy("Unknown or revoked ingest token.")

    @staticmethod
    def principal(token: str) -> tuple[UnitPrincipal, EnergyUnit] | None:
        unit = ingest_token_unit(token=token)
        return (UnitPrincipal(unit), unit) if unit is not None else None


class IsUnit(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, UnitPrincipal)


class UnitTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Documents the unit token in the OpenAPI schema."""

    target_class = "jiliang.metering.api.auth.UnitTokenAuthentication"
    name = "unitToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "a unit's ingest token"}
