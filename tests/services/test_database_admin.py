"""`db backup` and `db check` as services: an online copy, and a read-only health report."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import time

import pytest
from failing_storage import (
    damage_an_index,
    files_in,
    full_disk,
    lock_held_by_another_process,
    read_only_folder,
    truncate,
    use_delete_journal,
)
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import AcceptStatement
from annotator.core.model import Status
from annotator.services.database_admin import backup_database, check_database
from annotator.services.workspace import Workspace
from annotator.store.errors import (
    DamagedDatabase,
    DatabaseLocked,
    DiskFull,
    NotADatabase,
    StoreError,
)

DOC_ID = seed_document().id


def fingerprint(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


# ------------------------------------------------------------- refusals, never a partial copy


def test_a_backup_of_a_file_that_is_not_a_database_is_refused(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("milk, eggs\n" * 100)
    with pytest.raises(NotADatabase, match="not an annotator database"):
        backup_database(str(notes), tmp_path / "backup.sqlite3")
    assert files_in(tmp_path) == ["notes.txt"]


def test_a_backup_of_a_truncated_database_is_refused(database, tmp_path):
    truncate(database)
    with pytest.raises(DamagedDatabase, match="damaged"):
        backup_database(str(database), tmp_path / "copies" / "backup.sqlite3")
    assert files_in(tmp_path / "copies") == []


def test_a_backup_of_a_damaged_database_is_refused_after_the_integrity_check(database, tmp_path):
    damage_an_index(database)
    before = fingerprint(database)
    with pytest.raises(DamagedDatabase, match="is damaged"):
        backup_database(str(database), tmp_path / "copies" / "backup.sqlite3")
    assert files_in(tmp_path / "copies") == []
    assert fingerprint(database) == before


def test_a_backup_of_a_folder_says_it_is_a_folder(tmp_path):
    with pytest.raises(StoreError, match="is a folder, not a database file"):
        backup_database(str(tmp_path), tmp_path / "backup.sqlite3")


def test_a_backup_waits_for_a_lock_only_as_long_as_the_busy_timeout(database, tmp_path):
    use_delete_journal(database)  # there a writer's lock keeps readers out
    copies = tmp_path / "copies"
    with lock_held_by_another_process(database):
        started = time.monotonic()
        with pytest.raises(DatabaseLocked, match="locked by another program"):
            backup_database(str(database), copies / "backup.sqlite3", busy_timeout_ms=300)
        assert time.monotonic() - started < 5
    assert files_in(copies) == []
    backup_database(str(database), copies / "backup.sqlite3")  # fine once the lock is gone


def test_a_backup_onto_a_full_disk_leaves_nothing(database, tmp_path, monkeypatch):
    """Simulated: SQLite's page limit on the copy stands in for the disk."""
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        connection = real_connect(target, *args, **kwargs)
        if str(target).endswith(".part"):  # the copy being written
            connection.execute("PRAGMA max_page_count = 2")
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect)
    with pytest.raises(DiskFull, match="disk is full: no backup was written"):
        backup_database(str(database), tmp_path / "copies" / "backup.sqlite3")
    assert files_in(tmp_path / "copies") == []


def test_a_backup_onto_a_real_full_disk_leaves_nothing(database, tmp_path):
    with full_disk(tmp_path / "small", size="64k") as small:
        with pytest.raises(DiskFull, match="disk is full"):
            backup_database(str(database), small / "backup.sqlite3")
        assert files_in(small) == []


def test_a_backup_into_a_read_only_folder_is_refused(database, tmp_path):
    folder = tmp_path / "shelf"
    folder.mkdir()
    with read_only_folder(folder) as shelf:
        with pytest.raises(StoreError, match="cannot write the backup"):
            backup_database(str(database), shelf / "backup.sqlite3")
        assert files_in(shelf) == []


def test_a_database_in_a_read_only_folder_can_be_backed_up(database, tmp_path):
    with read_only_folder(database.parent) as shelf:
        copy = backup_database(str(shelf / database.name), tmp_path.parent / f"{tmp_path.name}.bk")
    try:
        with sqlite3.connect(copy) as connection:
            assert connection.execute("SELECT count(*) FROM document").fetchone() == (1,)
        connection.close()
    finally:
        copy.unlink()


# ------------------------------------------------------------- check: locked, read-only, damaged


def test_check_of_a_folder_says_it_is_a_folder(tmp_path):
    report = check_database(str(tmp_path))
    assert not report.ok
    assert "is a folder, not a database file" in report.to_text()
    assert "does not exist" not in report.to_text()


def test_check_of_a_truncated_database_says_it_is_damaged(database):
    truncate(database)
    report = check_database(str(database))
    assert report.exit_code == 1
    assert "damaged" in report.to_text()


def test_check_of_a_damaged_index_reports_the_integrity_failure(database):
    damage_an_index(database)
    report = check_database(str(database))
    assert report.facts["integrity_check"] == "FAILED"
    assert report.exit_code == 1


def test_check_of_a_read_only_file_is_not_a_broken_search_index(database):
    database.chmod(stat.S_IRUSR)
    try:
        report = check_database(str(database))
    finally:
        database.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert report.ok, report.to_text()
    assert "does not match" not in report.to_text()


def test_check_in_a_read_only_folder_is_ok_and_says_what_it_skipped(database):
    with read_only_folder(database.parent) as shelf:
        report = check_database(str(shelf / database.name))
    assert report.ok, report.to_text()
    assert report.facts["search_index"] == "not checked (the database is read-only)"
    assert report.facts["documents"] == 1


def test_check_while_another_program_writes_says_locked_not_damaged(database):
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # WAL: reads go on, the index check must wait
    try:
        report = check_database(str(database), busy_timeout_ms=200)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert report.problems == []
    assert report.exit_code == 2
    assert report.facts["integrity_check"] == "ok"
    assert "locked by another program" in report.to_text()
    assert "does not match" not in report.to_text()


def test_check_of_a_database_locked_for_reading_says_locked_not_damaged(database):
    use_delete_journal(database)
    with lock_held_by_another_process(database):
        report = check_database(str(database), busy_timeout_ms=200)
    assert report.problems == []
    assert report.exit_code == 2
    assert "locked by another program" in report.to_text()
