"""The public pages count questions per client in the cache: every test starts with an empty count."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_rate_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
