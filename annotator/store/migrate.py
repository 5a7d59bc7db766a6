"""Bring a database to the schema this version of the app expects, safely.

On SQLite: check the file before touching it (a database? writable, with its folder? not
locked? not from a newer app? on request, not damaged), back it up with the backup API
(which refuses a damaged file), migrate with foreign keys off (batch migrations rebuild
tables, which would otherwise cascade-delete child rows), then verify with
`PRAGMA foreign_key_check`. Any failure leaves the original file as it was.
"""

from __future__ import annotations

import ast
import os
import sqlite3
import stat
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError

from annotator.store.backup import backup_name, backup_sqlite, require_intact
from annotator.store.engine import (
    BUSY_TIMEOUT_MS,
    connect_read_only,
    create_store_engine,
    safe_url,
    sqlite_in_use,
    sqlite_path,
)
from annotator.store.errors import (
    DatabaseLocked,
    MigrationError,
    NewerDatabase,
    NotADatabase,
    ReadOnlyDatabase,
    StoreError,
    read_error,
)

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (with Mako and Pygments, 0.2 s) is imported only where a migration runs: opening a
# database that is already current, as every start of the app does, never needs it.

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


#: Search objects the migrations make in raw SQL (FTS5 tables, tsvector columns and indexes);
#: the declared tables do not know them, so schema comparisons leave them out.
SEARCH_OBJECT_MARKS = ("_fts", "search_vector", "ix_document_search", "ix_statement_search")


def is_declared_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's `include_object` hook: compare everything but the search objects."""
    return not any(mark in (name or "") for mark in SEARCH_OBJECT_MARKS)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def revision_parents() -> dict[str, str | None]:
    """Each migration's revision and the one it follows, read from the files' own
    `revision = …` / `down_revision = …` lines (as Alembic reads them, without importing
    Alembic and every migration: the test suite checks both agree)."""
    parents: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = {}
        for node in ast.parse(path.read_text("utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else None
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Constant):
                values[target.id] = node.value.value
        if "revision" in values:
            parents[values["revision"]] = values.get("down_revision")
    return parents


def known_revisions() -> set[str]:
    return set(revision_parents())


def head_revision() -> str:
    parents = revision_parents()
    heads = set(parents) - set(parents.values())
    if len(heads) != 1:
        raise MigrationError(f"the migrations have {len(heads)} heads, not one: {sorted(heads)}")
    return heads.pop()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` in one transaction on `engine`."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def prepare_database(
    url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, verify: bool = False
) -> Path | None:
    """Check, back up and migrate the database at `url`; returns the backup made, if any.

    `verify` runs SQLite's integrity check on an existing file before anything is written
    (it reads every page: worth it before an import, too slow for every start).
    """
    path = sqlite_path(url)
    if path is None:
        return _prepare_server(url)
    existed = path.exists() and (path.is_dir() or path.stat().st_size > 0)
    if existed:
        _check_sqlite_file(path, busy_timeout_ms, verify)
    else:
        _make_folder(path)
    revision = _sqlite_revision(path) if existed else None
    if revision == head_revision():
        return None
    backup = None
    if existed:
        backup = backup_sqlite(path, backup_name(path, f"before-{head_revision()}"))
    _migrate_sqlite(url, busy_timeout_ms, backup)
    return backup


#: Key of the PostgreSQL advisory lock that lets one client at a time migrate.
MIGRATION_LOCK_KEY = 0x616E6E6F  # "anno"


def _prepare_server(url: str) -> None:
    """Migrate a server database; colleagues opening it at the same moment wait their turn."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    engine = create_store_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
            revision = MigrationContext.configure(connection).get_current_revision()
            _refuse_unknown(revision, safe_url(url))
            if revision != head_revision():
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
    finally:
        engine.dispose()


def _refuse_unknown(revision: str | None, where: object) -> None:
    if revision is not None and revision not in known_revisions():
        raise NewerDatabase(
            f"{where} was written by a newer version of annotator (schema {revision}); "
            "update the app to open it. The database was not changed."
        )


def _make_folder(path: Path) -> None:
    """The folder of a new database, which must let us create files (the database, its
    write-ahead log)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = (
            "a file is in the way"
            if isinstance(exc, FileExistsError | NotADirectoryError)
            else exc.strerror or str(exc)
        )
        raise StoreError(
            f"cannot open {path}: its folder cannot be created ({why}); "
            "choose a folder you can write in."
        ) from exc
    if not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabase(
            f"cannot create {path}: its folder is read-only; choose a folder you can write in."
        )


def _check_sqlite_file(path: Path, busy_timeout_ms: int, verify: bool = False) -> None:
    if path.is_dir():
        raise NotADatabase(
            f"{path} is a folder, not a database file; give the path of a file in it."
        )
    if not sqlite_in_use(path):  # else it was checked, and must not be opened but by SQLite
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise NotADatabase(f"{path} is not an annotator database (not SQLite at all).")
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & stat.S_IWUSR:
        raise ReadOnlyDatabase(
            f"{path} is read-only; make it writable or copy it somewhere you can write."
        )
    if not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabase(
            f"{path} is in a read-only folder, where SQLite cannot keep its journal; "
            "copy it somewhere you can write."
        )
    _refuse_unknown(_sqlite_revision(path, busy_timeout_ms, verify), path)
    _probe_write_lock(path, busy_timeout_ms)


def _sqlite_revision(
    path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS, verify: bool = False
) -> str | None:
    """The schema revision recorded in the file, read without writing anything; with
    `verify`, after SQLite's integrity check has passed (else `DamagedDatabase`)."""
    try:
        connection = connect_read_only(path, busy_timeout_ms)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(exc, path) from exc
    try:
        if verify:
            require_intact(connection, path)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            if tables:
                raise NotADatabase(f"{path} is an SQLite database of another application.")
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise _unreadable(exc, path) from exc
    finally:
        connection.close()


def _unreadable(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    """Locked, damaged or read-only as such; anything else SQLite cannot read as a file
    that is not a database."""
    error = read_error(exc, path)
    if type(error) is StoreError:
        return NotADatabase(f"{path} is not a readable SQLite database ({exc}).")
    return error


def _probe_write_lock(path: Path, busy_timeout_ms: int) -> None:
    """Fail early and clearly when another program keeps the write lock."""
    connection = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(
                f"{path} is locked by another program (waited {busy_timeout_ms / 1000:g} s); "
                "close it there or try again."
            ) from exc
        if "readonly" in str(exc):
            raise ReadOnlyDatabase(f"{path} is on a read-only disk or folder.") from exc
        raise StoreError(f"cannot write to {path}: {exc}") from exc
    finally:
        connection.close()


def migration_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An SQLite engine with foreign keys off: rebuilding a parent table must not cascade."""
    return create_store_engine(
        url, writer=True, busy_timeout_ms=busy_timeout_ms, foreign_keys=False
    )


def _migrate_sqlite(url: str, busy_timeout_ms: int, backup: Path | None) -> None:
    engine = migration_engine(url, busy_timeout_ms)
    kept = f" The database as it was is saved in {backup}." if backup else ""
    try:
        upgrade(engine)
        with engine.connect() as connection:
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    except OperationalError as exc:
        raise MigrationError(f"upgrading the database failed: {exc.orig}.{kept}") from exc
    finally:
        engine.dispose()
    if broken:
        raise MigrationError(
            f"after the upgrade {len(broken)} rows point at missing rows "
            f"(first: {tuple(broken[0])}).{kept}"
        )


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())
