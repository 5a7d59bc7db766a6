"""`annotator db backup` and `annotator db check`: keep a copy, and find out what is wrong.

Both read the database without changing it: a check opens SQLite files read-only.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from annotator.store.backup import backup_sqlite
from annotator.store.engine import create_store_engine, safe_url, sqlite_path, to_url
from annotator.store.errors import NotADatabase, StoreError
from annotator.store.migrate import SQLITE_HEADER, head_revision, known_revisions

__all__ = ["CheckReport", "backup_database", "check_database"]


def backup_database(url_or_path: str, target: str | Path) -> Path:
    """Copy an SQLite database to `target` while it stays in use (consistent, online)."""
    url = to_url(url_or_path)
    path = sqlite_path(url)
    if path is None:
        raise StoreError(
            "back up a PostgreSQL database on the server, with pg_dump; "
            "`annotator db backup` copies SQLite files"
        )
    _require_sqlite_file(path)
    return backup_sqlite(path, Path(target))


def _require_sqlite_file(path: Path) -> None:
    if not path.is_file():
        raise StoreError(f"{path} does not exist")
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotADatabase(f"{path} is not an annotator database (not SQLite at all).")


@dataclass
class CheckReport:
    """What `check_database` found: facts about the database and any problems."""

    url: str
    problems: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_text(self) -> str:
        """A report for the terminal: the facts, then OK or each problem."""
        lines = [f"Database: {self.url}"]
        lines += [f"  {name}: {value}" for name, value in self.facts.items()]
        if self.ok:
            lines.append("OK: no problems found.")
        else:
            lines.append(f"{len(self.problems)} problem(s):")
            lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def check_database(url_or_path: str) -> CheckReport:
    """Check integrity, schema version, immutable texts and spans, without changing anything."""
    url = to_url(url_or_path)
    report = CheckReport(safe_url(url))
    path = sqlite_path(url)
    try:
        if path is not None:
            _require_sqlite_file(path)
            _check_sqlite_pages(path, report)
        engine = _read_only_engine(url, path)
        try:
            with engine.connect() as connection:
                _check_schema(connection, report)
                if report.facts.get("schema") in known_revisions():
                    _check_contents(connection, report)
        finally:
            engine.dispose()
    except (StoreError, DBAPIError, sqlite3.DatabaseError) as exc:
        report.problems.append(f"cannot read the database: {exc}")
    return report


def _read_only_engine(url: str, path: Path | None) -> Engine:
    if path is None:
        return create_store_engine(url)
    return create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    )


def _check_sqlite_pages(path: Path, report: CheckReport) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        report.facts["integrity_check"] = "ok" if integrity == ["ok"] else "FAILED"
        if integrity != ["ok"]:
            report.problems += [f"integrity: {line}" for line in integrity[:20]]
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            report.problems.append(f"{len(dangling)} rows point at missing rows: {dangling[:5]}")
        report.facts["journal_mode"] = connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()
    _check_search_index(path, report)


def _check_search_index(path: Path, report: CheckReport) -> None:
    """FTS5's own consistency check (needs a writable connection; nothing is written)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        connection.execute("BEGIN")
        for index in ("document_fts", "statement_fts"):
            if index not in tables:
                continue
            try:
                # rank = 1: compare the index with the table it indexes, not only itself.
                connection.execute(
                    f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as exc:
                report.problems.append(
                    f"search index {index} does not match its table ({exc}); "
                    f"rebuild it with INSERT INTO {index}({index}) VALUES ('rebuild')"
                )
        connection.execute("ROLLBACK")
    finally:
        connection.close()


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
