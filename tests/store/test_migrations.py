"""A database made by the first schema, with data, is upgraded on open and keeps every row."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from workspace_fixtures import seed_document

from annotator.core.model import Status
from annotator.services.workspace import Workspace
from annotator.store.engine import create_store_engine, sqlite_path
from annotator.store.migrate import head_revision, migration_engine, upgrade

#: The PostgreSQL cases start from an empty database: the migrations are what is tested.
pytestmark = pytest.mark.empty_database

TABLES = [
    "annotator",
    "pipeline_run",
    "document",
    "statement",
    "source",
    "entity",
    "document_review",
    "object_version",
    "audit_log",
    "undo_log",
]
T = "2026-01-01T00:00:00Z"


def make_first_schema_database(url: str) -> dict[str, int]:
    """A database at revision 0001 with a row in every table; returns the row counts."""
    doc = seed_document()
    q2 = doc.statements[1]
    engine = create_store_engine(url)
    upgrade(engine, "0001")
    rows = {
        "annotator": [{"name": "dana", "role": "annotator", "created_at": T}],
        "pipeline_run": [{"name": "model", "version": "1", "tool": None, "created_at": T}],
        "document": [
            {
                "id": doc.id,
                "text": doc.text,
                "sha256": "x",
                "title": "Cairo",
                "outlet": None,
                "url": None,
                "published": "2025-03-01",
                "dateline": "TEHRAN",
                "language": "en",
                "extra_meta": "{}",
                "provenance": "{}",
                "imported_at": T,
                "suggestion_run_id": 1,
            },
        ],
        "statement": [
            {
                "document_id": doc.id,
                "statement_id": "q2",
                "run_id": run,
                "annotator": who,
                "status": status,
                "origin": "model",
                "kind": "indirect",
                "parent": None,
                "source_id": "s1",
                "source_start": q2.source.start,
                "source_end": q2.source.end,
                "cue_start": q2.cue.start,
                "cue_end": q2.cue.end,
                "content": f"[[{q2.content[0].start}, {q2.content[0].end}]]",
                "confidence": 0.8,
                "checkworthy": None,
                "verdict": None,
                "evidence": "[]",
                "note": None,
            }
            for run, who, status in [(1, None, "suggested"), (None, "dana", "accepted")]
        ],
        "source": [
            {
                "document_id": doc.id,
                "source_id": "s1",
                "run_id": 1,
                "annotator": None,
                "name": "an official",
                "kind": "person",
                "anonymity": "anonymous",
                "role": None,
                "affiliation": None,
                "seniority": None,
                "count": None,
                "reason": None,
                "mentions": "[]",
                "entity": None,
            },
        ],
        "entity": [
            {
                "document_id": doc.id,
                "run_id": 1,
                "annotator": None,
                "start_offset": 0,
                "end_offset": 1,
                "label": "ORG",
                "status": "suggested",
                "origin": "model",
            },
        ],
        "document_review": [
            {"document_id": doc.id, "annotator": "dana", "done": True, "updated_at": T}
        ],
        "object_version": [
            {
                "document_id": doc.id,
                "object_key": "statement:q2",
                "version": 1,
                "changed_by": "dana",
                "changed_at": T,
            },
        ],
        "audit_log": [
            {
                "at": T,
                "annotator": "dana",
                "action": "Accept statement q2",
                "document_id": doc.id,
                "object_key": "statement:q2",
                "before": None,
                "after": "{}",
            },
        ],
        "undo_log": [
            {
                "annotator": "dana",
                "label": "Accept statement q2",
                "undone": False,
                "applied_at": T,
                "command": f'{{"type": "AcceptStatement", "document_id": "{doc.id}",'
                ' "statement_id": "q2", "before": null}',
            },
        ],
    }
    with engine.begin() as connection:
        for table in TABLES:
            for row in rows[table]:
                columns = ", ".join(row)
                values = ", ".join(f":{c}" for c in row)
                connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)
    engine.dispose()
    return {table: len(rows[table]) for table in TABLES}


def counts(url: str) -> dict[str, int]:
    engine = create_store_engine(url)
    try:
        with engine.connect() as connection:
            return {
                t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in TABLES
            }
    finally:
        engine.dispose()


def list_keys(url: str) -> list[tuple]:
    engine = create_store_engine(url)
    try:
        with engine.connect() as connection:
            sql = "SELECT sort_title, statement_count, anonymous_count FROM document"
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def test_upgrading_the_first_schema_keeps_every_row(database_url):
    expected = make_first_schema_database(database_url)
    with Workspace.open(database_url, "dana") as ws:
        view = ws.load_document(seed_document().id)
        assert [(s.id, s.status) for s in view.statements] == [("q2", Status.ACCEPTED)]
        assert [s.id for s in view.sources] == ["s1"]
        assert ws.list_documents()[0].done is True
        assert [h.statement_id for h in ws.search("mediators", status="accepted")] == ["q2"]
        assert [h.document_id for h in ws.search("deadlock")] == [seed_document().id]
        # The document list's sort keys and counts were filled in (revision 0006).
        assert list_keys(database_url) == [("cairo", 1, 1)]
        assert ws.document_count(title="CAIR") == 1
        assert ws.document_count(title="nowhere") == 0
        assert ws.undo_label() == "Accept statement q2"
        ws.undo()  # the undo log written by the old schema still works
        assert ws.load_document(seed_document().id).statements[0].status is Status.SUGGESTED
    expected["statement"] -= 1  # the undone decision
    expected["audit_log"] += 1
    expected["object_version"] += 0
    assert counts(database_url) == {**expected, "undo_log": 1}


def test_sqlite_is_backed_up_before_the_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    make_first_schema_database(url)
    Workspace.open(url, "dana").close()
    (backup,) = tmp_path.glob("old.sqlite3.before-*")
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert connection.execute("SELECT count(*) FROM statement").fetchone() == (2,)
    with sqlite3.connect(sqlite_path(url)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_up_to_date_database_is_neither_backed_up_nor_touched(tmp_path):
    path = tmp_path / "a.sqlite3"
    Workspace.open(str(path), "dana").close()
    Workspace.open(str(path), "dana").close()
    assert list(tmp_path.glob("a.sqlite3.before-*")) == []


def _rebuild_document_table(engine) -> None:
    """What a batch migration does on SQLite: copy the table, drop it, rename the copy."""
    with engine.begin() as connection:
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("document", recreate="always") as batch:
            batch.add_column(sa.Column("extra", sa.Integer, nullable=True))


def test_a_table_rebuild_during_migration_keeps_child_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    expected = make_first_schema_database(url)
    engine = migration_engine(url)
    _rebuild_document_table(engine)
    engine.dispose()
    assert counts(url) == expected


def test_the_same_rebuild_with_foreign_keys_on_would_lose_rows(tmp_path):
    """Guard the guard: this is why migrations run with foreign keys off."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    make_first_schema_database(url)
    engine = create_store_engine(url, writer=False)
    _rebuild_document_table(engine)
    engine.dispose()
    assert counts(url)["statement"] == 0
