"""The embedded database (SQLite, the demo) takes concurrent writers without "database is locked".

Two threads run the same transaction at once on a real file database in WAL mode — read, then write,
like the HTTP ingest staging readings — through Django's own connection handling with the options the
settings give SQLite. With IMMEDIATE transactions the second writer waits for the first; the control
run with Django's default (deferred) transactions shows the scenario does hit the lock otherwise.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from django.db import OperationalError, connections, transaction

from jiliang.config.settings.base import SQLITE_OPTIONS

ALIAS = "sqlite_writers"


def _run_writers(path: Path, options: dict[str, Any], threads: int = 2, rounds: int = 3) -> list[str]:
    """Run ``rounds`` of ``threads`` concurrent read-then-write transactions; return the errors raised."""
    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}
    connections.settings[ALIAS] = connections.configure_settings({"default": config, ALIAS: config})[ALIAS]
    errors: list[str] = []
    try:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS reading (id INTEGER PRIMARY KEY, n INTEGER)")
        connections[ALIAS].close()
        for _round in range(rounds):
            start = threading.Barrier(threads)

            def writer(start: threading.Barrier = start) -> None:
                try:
                    start.wait(timeout=10)
                    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM reading")
                        (count,) = cursor.fetchone()
                        time.sleep(0.3)  # both transactions are open at once
                        cursor.execute("INSERT INTO reading (n) VALUES (%s)", [count])
                except OperationalError as exc:
                    errors.append(str(exc))
                finally:
                    connections[ALIAS].close()
                    del connections[ALIAS]

            workers = [threading.Thread(target=writer) for _ in range(threads)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(timeout=60)
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]  # the handler keeps one connection per thread: drop this thread's
        del connections.settings[ALIAS]
    return errors


def test_settings_give_sqlite_immediate_transactions_and_a_busy_timeout() -> None:
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert SQLITE_OPTIONS["timeout"] >= 5


def _rows(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM reading").fetchone()[0])


def test_two_writers_at_once_never_see_database_is_locked(tmp_path: Path, django_db_blocker: Any) -> None:
    path = tmp_path / "demo.sqlite3"
    with django_db_blocker.unblock():
        errors = _run_writers(path, dict(SQLITE_OPTIONS))
    assert errors == []
    assert _rows(path) == 6  # every transaction of the 3 rounds × 2 writers committed


def test_control_deferred_transactions_do_hit_the_lock(tmp_path: Path, django_db_blocker: Any) -> None:
    """Without IMMEDIATE the same run fails: the test above would catch a regression of the setting."""
    deferred = {k: v for k, v in SQLITE_OPTIONS.items() if k != "transaction_mode"}
    with django_db_blocker.unblock():
        errors = _run_writers(tmp_path / "deferred.sqlite3", deferred)
    assert errors
    assert all("database is locked" in e for e in errors), errors
