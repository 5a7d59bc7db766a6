"""Engines for SQLite and PostgreSQL, with SQLite's durability settings on every connection.

SQLite: WAL (readers never block the writer), `synchronous=FULL` (a commit that returned
survives a power cut), foreign keys on, and a busy timeout so a briefly held lock waits
instead of failing. Writes begin with `BEGIN IMMEDIATE` so two writers queue at the start of
a transaction rather than failing half-way when a read lock cannot be upgraded.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from annotator.store.errors import UnsupportedDatabase

#: How long a connection waits for another one's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000


#: Live SQLite connections of this process's engines, per database file. Closing any other
#: descriptor of a file drops every POSIX lock this process holds on it, SQLite's included;
#: another process may then take the file for its own and checkpoint the write-ahead log
#: away under our connections, which go on reading stale pages. Whoever would open the file
#: itself (to read its header) asks `sqlite_in_use` first.
_LIVE: Counter[Path] = Counter()
_LIVE_LOCK = threading.Lock()


def sqlite_in_use(path: Path) -> bool:
    """Whether an engine of this process has a connection open to the SQLite file `path`."""
    with _LIVE_LOCK:
        return _LIVE[Path(path).resolve()] > 0


def _count_connections(engine: Engine, path: Path) -> None:
    key = path.resolve()

    def opened(_dbapi_connection, _record) -> None:
        with _LIVE_LOCK:
            _LIVE[key] += 1

    def closed(_dbapi_connection, _record) -> None:
        with _LIVE_LOCK:
            _LIVE[key] -= 1

    event.listen(engine, "connect", opened)
    event.listen(engine, "close", closed)
    event.listen(engine, "close_detached", closed)


#: The PostgreSQL driver the app is tested with (the `postgres` extra installs it).
POSTGRES_DRIVER = "psycopg"

# Client-side bounds on a team database's connections. Without them a server that does not
# answer (a wrong address behind a firewall, a hung host) keeps `connect` waiting forever or
# for the OS's TCP timeout (minutes), and a network that drops mid-session leaves a query
# waiting as long: the command or the window seems frozen. With them either ends within
# seconds as a `StoreError`. A query that waits for another client's lock is not bounded
# (the server is there and answering); the window never waits for one on its own thread.
#: libpq `connect_timeout`: how long opening a connection may take (seconds).
CONNECT_TIMEOUT_S = 5
#: TCP keepalives on an idle connection: first probe after this many idle seconds, then
#: one every `KEEPALIVE_INTERVAL_S`, and the connection is dead after `KEEPALIVE_COUNT`
#: unanswered ones (about 25 s in all).
KEEPALIVE_IDLE_S = 10
KEEPALIVE_INTERVAL_S = 5
KEEPALIVE_COUNT = 3
#: libpq `tcp_user_timeout` (Linux; ignored elsewhere): data sent but not acknowledged
#: for this long (milliseconds) ends the connection, so a query sent into a dropped
#: network fails instead of waiting minutes for TCP to give up.
TCP_USER_TIMEOUT_MS = 10_000
#: PostgreSQL `lock_timeout`: a statement waiting longer than this for another client's
#: lock fails as locked ("The database is locked by another program …; try again"), as an
#: SQLite write does after its busy timeout. A colleague's save holds its locks for
#: milliseconds and a schema migration for seconds; a wait past this is a stuck session,
#: and neither a save nor the closing of the window should wait on it for ever.
LOCK_TIMEOUT_MS = 30_000


def server_connect_args(url: str) -> dict[str, int | str]:
    """The libpq parameters bounding waits on a PostgreSQL server, less those `url` sets
    itself (a `?connect_timeout=` in the URL wins; SQLAlchemy's `connect_args` would
    otherwise override it) and those the environment gives (`PGCONNECT_TIMEOUT`,
    `PGOPTIONS`, which libpq reads only when the parameter is not passed)."""
    bounds: dict[str, int | str] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE_S,
        "keepalives_interval": KEEPALIVE_INTERVAL_S,
        "keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}",
    }
    if os.environ.get("PGCONNECT_TIMEOUT"):
        del bounds["connect_timeout"]
    if os.environ.get("PGOPTIONS"):
        del bounds["options"]
    given = make_url(url).query
    return {name: value for name, value in bounds.items() if name not in given}


def to_url(url_or_path: str | Path) -> str:
    """An SQLAlchemy URL for a file path or a URL of a database the app works with.

    `postgresql://` and `postgres://` get the psycopg driver (SQLAlchemy would pick psycopg2,
    which the app does not install). Raises `UnsupportedDatabase` for anything but SQLite or
    PostgreSQL, naming what is supported, so a typo never ends in a traceback.
    """
    text = str(url_or_path)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise UnsupportedDatabase(f"{text!r} is neither a file path nor a database URL") from exc
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername=f"postgresql+{POSTGRES_DRIVER}")
        return url.render_as_string(hide_password=False)
    if backend == "sqlite":
        return text
    raise UnsupportedDatabase(
        f"annotator works with SQLite files and PostgreSQL servers, not {backend} "
        f"({_shown(url)}); give a file path or a postgresql://user@host/database URL"
    )


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


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


def connect_read_only(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection that can only read `path` and has read its schema (waiting up to the busy
    timeout for a lock); raises `sqlite3.Error` as SQLite does.

    A WAL database in a folder we may not write in (a read-only disk, a shared folder)
    cannot be opened read-only the usual way: SQLite must create its `-shm` file beside it.
    When no write-ahead log or journal lies beside it, nothing is pending, and it is read
    as an immutable file instead.
    """
    uri = Path(path).resolve().as_uri()
    try:
        return _opened(f"{uri}?mode=ro", busy_timeout_ms)
    except sqlite3.OperationalError as exc:
        pending = any(path.with_name(path.name + end).exists() for end in ("-wal", "-journal"))
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_CANTOPEN" or pending:
            raise
    return _opened(f"{uri}?mode=ro&immutable=1", busy_timeout_ms)


def _opened(uri: str, busy_timeout_ms: int) -> sqlite3.Connection:
    """A connection to `uri` that has read the schema (so opening errors show here)."""
    connection = sqlite3.connect(
        uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None
    )
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


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


def require_driver(url: str) -> None:
    """Raise `UnsupportedDatabase` when the server database's driver is not installed.

    SQLAlchemy imports the driver when it makes the engine, and would end the app with a
    `ModuleNotFoundError`; importing it here first turns that into advice.
    """
    driver = make_url(url).get_driver_name()  # psycopg, psycopg2, pg8000: the module's name
    try:
        importlib.import_module(driver)
    except ImportError as exc:
        raise UnsupportedDatabase(
            f"team mode needs the PostgreSQL driver {driver}, which is not installed: "
            "install it with  pip install 'annotator[postgres]'"
        ) from exc


def create_store_engine(
    url: str,
    *,
    writer: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    foreign_keys: bool = True,
) -> Engine:
    """An engine for `url`; on SQLite, `writer` engines take the write lock when they begin;
    on PostgreSQL, connections are bounded in time (`server_connect_args`).

    `foreign_keys=False` is for migrations only (see `annotator.store.migrate`).
    """
    if not is_sqlite(url):
        require_driver(url)
        return create_engine(url, pool_pre_ping=True, connect_args=server_connect_args(url))
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

    path = sqlite_path(url)
    if path is not None:
        _count_connections(engine, path)
    return engine
