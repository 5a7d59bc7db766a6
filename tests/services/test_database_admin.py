"""`db backup` and `db check` as services: an online copy, and a read-only health report."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import AcceptStatement
from annotator.core.model import Status
from annotator.services.database_admin import backup_database, check_database
from annotator.services.workspace import Workspace
from annotator.store.errors import StoreError

DOC_ID = seed_document().id


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "annotations.sqlite3"
    with Workspace.open(str(path), "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        ws.apply(AcceptStatement(DOC_ID, "q1"))
    return path


def test_a_backup_taken_while_the_database_is_open_has_every_committed_edit(database, tmp_path):
    with Workspace.open(str(database), "dana") as ws:
        ws.apply(AcceptStatement(DOC_ID, "q2"))
        copy = backup_database(str(database), tmp_path / "copies" / "backup.sqlite3")
    with Workspace.open(str(copy), "dana") as restored:
        statuses = [s.status for s in restored.load_document(DOC_ID).statements]
    assert statuses == [Status.ACCEPTED, Status.ACCEPTED]


def test_a_backup_never_overwrites_a_file(database, tmp_path):
    target = tmp_path / "taken.sqlite3"
    target.write_text("precious")
    with pytest.raises(StoreError, match="already exists"):
        backup_database(str(database), target)
    assert target.read_text() == "precious"


def test_postgres_backups_are_left_to_pg_dump():
    with pytest.raises(StoreError, match="pg_dump"):
        backup_database("postgresql+psycopg://u@localhost/db", "x.sqlite3")


def test_a_healthy_database_checks_ok_without_being_changed(database):
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    report = check_database(str(database))
    assert report.ok, report.to_text()
    assert report.facts["documents"] == 1
    assert report.facts["decisions"] == 1
    assert report.facts["integrity_check"] == "ok"
    assert "OK" in report.to_text()
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_check_finds_a_text_changed_behind_the_apps_back(database):
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE document SET text = text || ' (edited)'")
    connection.close()
    report = check_database(str(database))
    assert not report.ok
    assert any("SHA-256" in problem for problem in report.problems)
    assert any("search index document_fts" in problem for problem in report.problems)
    assert DOC_ID in report.to_text()


def test_check_reports_a_database_from_a_newer_app(database):
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    report = check_database(str(database))
    assert not report.ok
    assert "newer version" in report.to_text()


def test_check_reports_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"nope" * 100)
    report = check_database(str(path))
    assert not report.ok
    assert "not an annotator database" in report.to_text()


def test_check_works_on_postgres_too(database_url):
    with Workspace.open(database_url, "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
    report = check_database(database_url)
    assert report.ok, report.to_text()
    assert report.facts["documents"] == 1


def test_a_backup_taken_during_edits_is_consistent(database, tmp_path):
    """Each edit's statement, audit row and undo entry are all in the copy, or none is."""
    import threading

    from annotator.core.commands import AddStatement
    from annotator.core.model import Statement

    stop, editing = threading.Event(), threading.Event()
    template = seed_document().statements[0]

    def keep_editing() -> None:
        try:
            with Workspace.open(str(database), "lee") as ws:
                n = 0
                while not stop.is_set():
                    ws.apply(
                        AddStatement(DOC_ID, Statement(f"e{n}", template.cue, template.content))
                    )
                    editing.set()
                    n += 1
        finally:
            editing.set()  # never leave the test waiting, even if editing failed

    writer = threading.Thread(target=keep_editing)
    writer.start()
    try:
        editing.wait()
        copies = [backup_database(str(database), tmp_path / f"copy{i}.sqlite3") for i in range(5)]
    finally:
        stop.set()
        writer.join()
    seen = []
    for copy in copies:
        with sqlite3.connect(copy) as connection:
            count = lambda sql, c=connection: c.execute(sql).fetchone()[0]  # noqa: E731
            assert count("PRAGMA integrity_check") == "ok"
            statements = count("SELECT count(*) FROM statement WHERE annotator = 'lee'")
            assert count("SELECT count(*) FROM audit_log WHERE annotator = 'lee'") == statements
            assert count("SELECT count(*) FROM undo_log WHERE annotator = 'lee'") == statements
            seen.append(statements)
        connection.close()
    assert seen[0] >= 1
