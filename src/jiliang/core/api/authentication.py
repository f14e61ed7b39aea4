"""API token authentication: ``Authorization: Token <token>``, looked up by its SHA-256 (tokens are
never stored in clear). Failed attempts are counted per client address; past the limit the address
gets 429 for the rest of the window (``JILIANG_API_AUTH_FAILURE_*``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from jiliang.core.accounts.services import api_token_user
from jiliang.core.api.throttling import auth_failure_count, auth_failures_check


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        auth_failures_check(request)
        if len(header) != 2:
            auth_failure_count(request)
            raise exceptions.AuthenticationFailed(_("Give the token after Token, without spaces."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            token = ""
        user = api_token_user(token=token) if token else None
        if user is None:
            auth_failure_count(request)
            raise exceptions.AuthenticationFailed(_("Unknown, expired or revoked API token."))
        return user, None

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


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
