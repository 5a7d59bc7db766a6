"""Look at a database from outside: an online copy, and a check of what is wrong with it.

`annotator db backup` and `annotator db check` (through `annotator.services.database_admin`).
Both read the database without changing it: a check opens SQLite files read-only. A check
tells damage (a problem of the database) from a database it could not look at right now
(locked by another program) and from one it may not write (read-only: checked all the same,
but for the search index, whose check SQLite only runs on a writable file).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from annotator.store.backup import backup_sqlite
from annotator.store.engine import (
    BUSY_TIMEOUT_MS,
    connect_read_only,
    create_store_engine,
    safe_url,
    sqlite_path,
    to_url,
)
from annotator.store.errors import (
    DamagedDatabase,
    DatabaseLocked,
    NotADatabase,
    StoreError,
    read_error,
)
from annotator.store.migrate import SQLITE_HEADER, head_revision, known_revisions

__all__ = ["CheckReport", "backup_database", "check_database"]


def backup_database(
    url_or_path: str, target: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Path:
    """Copy an SQLite database to `target` while it stays in use (consistent, online).

    A damaged database is refused, a lock is waited for at most `busy_timeout_ms`, and
    `target` appears only once the copy is complete; every refusal is a `StoreError`.
    """
    url = to_url(url_or_path)
    path = sqlite_path(url)
    if path is None:
        raise StoreError(
            "back up a PostgreSQL database on the server, with pg_dump; "
            "`annotator db backup` copies SQLite files"
        )
    _require_sqlite_file(path)
    return backup_sqlite(path, Path(target), busy_timeout_ms=busy_timeout_ms)


def _require_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(
            f"{path} is a folder, not a database file; give the path of the database file "
            "in it (the app's is named annotator.sqlite3)"
        )
    if not path.is_file():
        raise StoreError(f"{path} does not exist")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise NotADatabase(f"{path} is not an annotator database (not SQLite at all).")


@dataclass
class CheckReport:
    """What `check_database` found: facts about the database, problems (damage or
    inconsistencies) and what could not be checked (a lock held elsewhere), with why."""

    url: str
    problems: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    unchecked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Everything was checked and nothing is wrong."""
        return not self.problems and not self.unchecked

    @property
    def exit_code(self) -> int:
        """0 when OK, 1 when problems were found, 2 when the check could not be done."""
        return 1 if self.problems else 2 if self.unchecked else 0

    def to_text(self) -> str:
        """A report for the terminal: the facts, then OK, each problem, or what was not
        checked."""
        lines = [f"Database: {self.url}"]
        lines += [f"  {name}: {value}" for name, value in self.facts.items()]
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s):")
            lines += [f"  - {problem}" for problem in self.problems]
        if self.unchecked:
            lines.append("Not checked (this is not damage; try again):")
            lines += [f"  - {reason}" for reason in self.unchecked]
        if self.ok:
            lines.append("OK: no problems found.")
        return "\n".join(lines)


def check_database(url_or_path: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> CheckReport:
    """Check integrity, schema version, immutable texts and spans, without changing anything."""
    url = to_url(url_or_path)
    report = CheckReport(safe_url(url))
    path = sqlite_path(url)
    try:
        if path is not None:
            _require_sqlite_file(path)
            _check_sqlite_pages(path, report, busy_timeout_ms)
        engine = _read_only_engine(url, path, busy_timeout_ms)
        try:
            with engine.connect() as connection:
                _check_schema(connection, report)
                if report.facts.get("schema") in known_revisions():
                    _check_contents(connection, report)
        finally:
            engine.dispose()
    except (StoreError, DBAPIError, sqlite3.Error) as exc:
        waited = busy_timeout_ms if path is not None else None  # a server has no busy timeout
        _not_checked(report, exc, path or report.url, waited)
    return report


def _not_checked(report: CheckReport, exc: Exception, where: object, waited_ms: int | None) -> None:
    """File an error that stopped the check: a lock is not damage; the rest is a problem."""
    error = exc if isinstance(exc, StoreError) else read_error(exc, where, waited_ms=waited_ms)
    if isinstance(error, DatabaseLocked):
        report.unchecked.append(str(error))
    else:
        report.problems.append(f"cannot read the database: {error}")


def _read_only_engine(url: str, path: Path | None, busy_timeout_ms: int) -> Engine:
    if path is None:
        return create_store_engine(url)
    return create_engine("sqlite://", creator=lambda: connect_read_only(path, busy_timeout_ms))


def _check_sqlite_pages(path: Path, report: CheckReport, busy_timeout_ms: int) -> None:
    connection = connect_read_only(path, busy_timeout_ms)
    try:
        integrity = _integrity(connection, path)
        report.facts["integrity_check"] = "ok" if integrity == ["ok"] else "FAILED"
        if integrity != ["ok"]:
            report.problems += [f"integrity: {line}" for line in integrity[:20]]
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            report.problems.append(f"{len(dangling)} rows point at missing rows: {dangling[:5]}")
        report.facts["journal_mode"] = connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()
    _check_search_index(path, report, busy_timeout_ms)


def _integrity(connection: sqlite3.Connection, path: Path) -> list[str]:
    """SQLite's integrity check: ["ok"], or what is wrong (a page too damaged to be read
    stops the check itself with an error; that is a finding too)."""
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        error = read_error(exc, path)
        if not isinstance(error, DamagedDatabase):
            raise error from exc
        return [str(exc)]


#: The full-text indexes of an SQLite database, each checked against the table it indexes.
SEARCH_INDEXES = ("document_fts", "statement_fts", "document_title_fts")


def _check_search_index(path: Path, report: CheckReport, busy_timeout_ms: int) -> None:
    """FTS5's own consistency check, which SQLite runs only in a write transaction (rolled
    back: nothing is written). A read-only or locked database is said to be so, not to have
    a broken index."""
    try:
        broken = _broken_search_indexes(path, busy_timeout_ms)
    except sqlite3.Error as exc:
        # SQLite opens a write-protected file read-only, and cannot open a WAL file's
        # companions in a read-only folder: both mean we may read but not write.
        if getattr(exc, "sqlite_errorname", "").startswith(_CANNOT_WRITE):
            report.facts["search_index"] = "not checked (the database is read-only)"
            return
        error = read_error(exc, path)
        if not isinstance(error, DatabaseLocked):
            raise error from exc
        report.unchecked.append(f"search index: {error}")
        return
    report.facts["search_index"] = "FAILED" if broken else "ok"
    for index in broken:
        report.problems.append(
            f"search index {index} does not match its table; "
            f"rebuild it with INSERT INTO {index}({index}) VALUES ('rebuild')"
        )


_CANNOT_WRITE = ("SQLITE_READONLY", "SQLITE_CANTOPEN")


def _broken_search_indexes(path: Path, busy_timeout_ms: int) -> list[str]:
    """The search indexes that do not match their tables, checked in a write transaction
    that is rolled back."""
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=rw",
        uri=True,
        timeout=busy_timeout_ms / 1000,
        isolation_level=None,
    )
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            present = [index for index in SEARCH_INDEXES if index in tables]
            return [index for index in present if not _fts_ok(connection, index)]
        finally:
            connection.execute("ROLLBACK")
    finally:
        connection.close()


def _fts_ok(connection: sqlite3.Connection, index: str) -> bool:
    """Whether the FTS5 index `index` matches its table (rank = 1: compare with the table,
    not only with itself)."""
    try:
        connection.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_CORRUPT"):
            return False
        raise
    return True


def _check_schema(connection, report: CheckReport) -> None:
    try:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        connection.rollback()
        revision = None
    report.facts["schema"] = revision
    if revision is None:
        report.problems.append("no annotator schema in this database")
    elif revision not in known_revisions():
        report.problems.append(f"schema {revision} is from a newer version of annotator")
    elif revision != head_revision():
        report.facts["note"] = f"schema will be upgraded to {head_revision()} when opened"


COUNTS = {
    "documents": "SELECT count(*) FROM document",
    "annotators": "SELECT count(*) FROM annotator",
    "suggestions": "SELECT count(*) FROM statement WHERE run_id IS NOT NULL",
    "decisions": "SELECT count(*) FROM statement WHERE annotator IS NOT NULL",
    "audit rows": "SELECT count(*) FROM audit_log",
}

#: Spans that end beyond their document's text (lengths count characters on both back ends).
SPANS_OUTSIDE_TEXT = (
    "SELECT s.document_id, s.statement_id FROM statement s JOIN document d ON d.id = s.document_id"
    " WHERE s.cue_end > length(d.text) OR coalesce(s.source_end, 0) > length(d.text)"
)


def _check_contents(connection, report: CheckReport) -> None:
    for name, sql in COUNTS.items():
        report.facts[name] = connection.execute(text(sql)).scalar_one()
    outside = connection.execute(text(SPANS_OUTSIDE_TEXT)).all()
    if outside:
        report.problems.append(f"{len(outside)} statements have spans beyond their text")
    changed = [
        doc_id
        for doc_id, body, digest in connection.execute(
            text("SELECT id, text, sha256 FROM document")
        )
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != digest
    ]
    if changed:
        report.problems.append(
            f"{len(changed)} document texts changed since import (SHA-256 differs): "
            + ", ".join(changed[:5])
        )
