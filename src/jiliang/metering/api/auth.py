"""Per-unit token authentication of the readings endpoint: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from jiliang.core.api.throttling import auth_failure_count, auth_failures_check
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


class UnitTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[UnitPrincipal, EnergyUnit] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        # Failed tokens count per client address, as for user tokens: past the limit, 429 for a while.
        auth_failures_check(request)
        if len(header) != 2:
            auth_failure_count(request)
            raise exceptions.AuthenticationFailed(_("Give the token after Bearer."))
        unit = ingest_token_unit(token=header[1].decode("latin-1"))
        if unit is None:
            auth_failure_count(request)
            raise exceptions.AuthenticationFailed(_("Unknown or revoked ingest token."))
        return UnitPrincipal(unit), unit

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsUnit(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, UnitPrincipal)


class UnitTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Documents the unit token in the OpenAPI schema."""

    target_class = "jiliang.metering.api.auth.UnitTokenAuthentication"
    name = "unitToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "a unit's ingest token"}
