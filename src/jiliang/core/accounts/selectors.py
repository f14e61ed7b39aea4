"""Reads of a user's own credentials."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jiliang.core.models import ApiToken


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first (an administrator sees every user's)."""
    qs = ApiToken.objects.select_related("user")
    return qs if getattr(user, "is_superuser", False) else qs.filter(user=user)


def api_token_get(*, user: Any, pk: int) -> ApiToken:
    """One token the user may see, else 404."""
    return get_object_or_404(api_token_list(user=user), pk=pk)
