"""Test helpers of the platform: API tokens (hashed, like the real ones)."""

from __future__ import annotations

from typing import Any

from jiliang.core.accounts.services import api_token_create


def api_token_for(user: Any, *, name: str = "test") -> str:
    """A new API token of ``user`` (the clear token, as a client would hold it)."""
    _record, token = api_token_create(actor=user, user=user, name=name)
    return token


def token_client(client: Any, user: Any) -> Any:
    """``client`` (a DRF APIClient) sending ``Authorization: Token …`` of a new token of ``user``."""
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
    return client
