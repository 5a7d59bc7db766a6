"""Engines for SQLite and PostgreSQL, with SQLite's durability settings on every connection.

SQLite: WAL (readers never block the writer), `synchronous=FULL` (a commit that returned
survives a power cut), foreign keys on, and a busy timeout so a briefly held lock waits
instead of failing. Writes begin with `BEGIN IMMEDIATE` so two writers queue at the start of
a transaction rather than failing half-way when a read lock cannot be upgraded.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

#: How long a connection waits for another one's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000


def to_url(url_or_path: str | Path) -> str:
    """An SQLAlchemy URL for a file path or a URL (returned unchanged)."""
    text = str(url_or_path)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The database file of an SQLite URL; None for other databases or in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def safe_url(url: str) -> str:
    """`url` with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def apply_sqlite_pragmas(
    dbapi_connection: sqlite3.Connection, busy_timeout_ms: int, foreign_keys: bool = True
) -> None:
    """The durability settings every SQLite connection of the app uses."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        _enable_wal(cursor, busy_timeout_ms)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    finally:
        cursor.close()


def _enable_wal(cursor: sqlite3.Cursor, busy_timeout_ms: int) -> None:
    """Switch to WAL, waiting (up to the busy timeout) for another connection doing the same.

    Turning a new file to WAL needs exclusive access for a moment, and SQLite reports "locked"
    at once, without its busy handler, to the second of two first opens: so wait here.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def create_store_engine(
    url: str,
    *,
    writer: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    foreign_keys: bool = True,
) -> Engine:
    """An engine for `url`; on SQLite, `writer` engines take the write lock when they begin.

    `foreign_keys=False` is for migrations only (see `annotator.store.migrate`).
    """
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    begin = "BEGIN IMMEDIATE" if writer else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's BEGIN below be the only one (pysqlite would start its own).
        dbapi_connection.isolation_level = None
        apply_sqlite_pragmas(dbapi_connection, busy_timeout_ms, foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(begin)

    return engine
