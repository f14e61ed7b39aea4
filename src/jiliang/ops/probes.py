"""Probe the external services a test run needs: ``python -m jiliang.ops.probes {postgres,chromium}``.

Exit 0 when the service is there. When it is not: exit 1 with a visible "SKIPPED" line, or — with
JILIANG_REQUIRE_SERVICES=1, as in CI — exit 2 so the run fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import sys

from jiliang.config.env import read_env


def postgres_available(url: str) -> str | None:
    """None when a connection succeeds, else the reason."""
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.Error as exc:
        return f"no PostgreSQL at {url}: {exc}".strip()
    return None


def chromium_available(path: str) -> str | None:
    if os.path.exists(path) or shutil.which(path):
        return None
    return f"no Chromium at {path} (apt-get install chromium)"


def main(argv: list[str]) -> int:
    env = read_env()
    service = argv[1] if len(argv) > 1 else ""
    if service == "postgres":
        reason = postgres_available(env.test_postgres_url)
    elif service == "chromium":
        reason = chromium_available(env.chromium_path)
    else:
        print("usage: python -m jiliang.ops.probes {postgres,chromium}", file=sys.stderr)
        return 2
    if reason is None:
        return 0
    if env.require_services:
        print(f"FAILED: {reason} — JILIANG_REQUIRE_SERVICES=1 forbids skipping", file=sys.stderr)
        return 2
    print(f"SKIPPED: {reason}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
