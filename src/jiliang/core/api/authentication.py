"""API token authentication: ``Authorization: Token <token>``, looked up by its SHA-256 (tokens are
never stored in clear). Failed attempts are counted per client address; past the limit the address
gets 429 for the rest of the window (``JILIANG_API_AUTH_FAILURE_*``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from jiliang.core.accounts.services import api_token_user
from jiliang.core.api.throttling import auth_failure_count, auth_failures_check


class TokenHeaderAuthentication(authentication.BaseAuthentication):
    """``Authorization: <keyword> <token>`` checked against stored digests; every failure counts toward the
    address's failed-token limit (429 past it). Subclasses give the keyword, the messages and ``principal``:
    the token → (user, auth) lookup, None when the token is unknown."""

    keyword = ""
    malformed: str | Promise = ""
    unknown: str | Promise = ""
    principal: Callable[[str], tuple[Any, Any] | None]

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        auth_failures_check(request)
        if len(header) != 2:
            auth_failure_count(request)
            raise exceptions.AuthenticationFailed(str(self.malformed))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            token = ""
        found = self.principal(token) if token else None
        if found is None:
            auth_failure_count(request)
            raise exceptions.AuthenticationFailed(str(self.unknown))
        return found

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenAuthentication(TokenHeaderAuthentication):
    keyword = "Token"
    malformed = gettext_lazy("Give the token after Token, without spaces.")
    unknown = gettext_lazy("Unknown, expired or revoked API token.")

    @staticmethod
    def principal(token: str) -> tuple[Any, None] | None:
        user = api_token_user(token=token)
        return (user, None) if user is not None else None


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Documents the API token in the OpenAPI schema."""

    target_class = "jiliang.core.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'a user\'s API token, prefixed "Token " (create one under Account → API tokens)',
        }
