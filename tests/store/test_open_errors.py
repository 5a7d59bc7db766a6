"""A database that cannot be used: a clear message, and the file left exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import sys
import threading

import pytest
from failing_storage import damage_an_index, files_in, read_only_folder, truncate
from workspace_fixtures import PIPELINE, fresh_postgres_database, seed_document

from annotator.services.workspace import Workspace
from annotator.store.engine import to_url
from annotator.store.errors import (
    DamagedDatabase,
    DatabaseLocked,
    NewerDatabase,
    NotADatabase,
    ReadOnlyDatabase,
    StoreError,
    UnsupportedDatabase,
)


def fingerprint(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def database(tmp_path):
    """A valid, closed annotation database (its WAL checkpointed into the file)."""
    path = tmp_path / "annotations.sqlite3"
    Workspace.open(str(path), "dana").close()
    return path


def test_a_database_from_a_newer_app_is_refused(database):
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = fingerprint(database)
    with pytest.raises(NewerDatabase, match="newer version") as error:
        Workspace.open(str(database), "dana")
    assert "9999_from_the_future" in str(error.value)
    assert fingerprint(database) == before
    assert list(database.parent.glob("*.before-*")) == []


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Shopping list: milk, eggs\n" * 200)
    before = fingerprint(path)
    with pytest.raises(NotADatabase, match="not an annotator database"):
        Workspace.open(str(path), "dana")
    assert fingerprint(path) == before


def test_another_applications_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    before = fingerprint(path)
    with pytest.raises(NotADatabase, match="another application"):
        Workspace.open(str(path), "dana")
    assert fingerprint(path) == before


def test_a_read_only_file_is_refused(database):
    database.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = fingerprint(database)
    try:
        with pytest.raises(ReadOnlyDatabase, match="read-only"):
            Workspace.open(str(database), "dana")
        assert fingerprint(database) == before
        assert stat.S_IMODE(database.stat().st_mode) == stat.S_IRUSR | stat.S_IRGRP
    finally:
        database.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_locked_database_is_refused_after_waiting(database):
    before = fingerprint(database)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked, match="locked by another program"):
            Workspace.open(str(database), "dana", busy_timeout_ms=100)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert fingerprint(database) == before
    Workspace.open(str(database), "dana").close()  # fine once the lock is gone


def test_an_unreachable_server_is_a_store_error_without_the_password():
    url = "postgresql+psycopg://dana:s3cret@127.0.0.1:9/annotations?connect_timeout=2"
    with pytest.raises(StoreError) as error:
        Workspace.open(url, "dana")
    assert "s3cret" not in str(error.value)
    assert "127.0.0.1" in str(error.value)


def test_every_error_is_a_store_error():
    for error in (
        NewerDatabase,
        NotADatabase,
        ReadOnlyDatabase,
        DatabaseLocked,
        DamagedDatabase,
        UnsupportedDatabase,
    ):
        assert issubclass(error, StoreError)


def test_a_folder_that_cannot_be_created_is_a_store_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open"):
        Workspace.open(str(blocker / "annotations.sqlite3"), "dana")
    assert blocker.read_text() == "not a folder"


@pytest.fixture
def pg_url():
    yield from fresh_postgres_database()


def test_a_server_database_from_a_newer_app_is_refused_without_showing_the_password(pg_url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    Workspace.open(pg_url, "dana").close()
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    # Trust authentication ignores the password; it must still never be shown.
    with_password = make_url(pg_url).set(password="hunter2").render_as_string(hide_password=False)
    with pytest.raises(NewerDatabase, match="newer version") as error:
        Workspace.open(with_password, "dana")
    assert "hunter2" not in str(error.value)


@pytest.mark.empty_database
def test_two_people_opening_a_new_database_at_once_both_get_in(database_url):
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def open_it(user: str) -> None:
        start.wait()
        try:
            Workspace.open(database_url, user).close()
            outcomes.append("opened")
        except Exception as exc:  # the assertion below shows which
            outcomes.append(exc)

    threads = [threading.Thread(target=open_it, args=(u,)) for u in ("dana", "lee")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)  # a safety net against a deadlock, not a speed check
    assert outcomes == ["opened", "opened"]


# ----------------------------------------------------------- what is not a usable database


def test_a_database_of_another_kind_is_refused_naming_what_works():
    with pytest.raises(UnsupportedDatabase, match="SQLite files and PostgreSQL servers, not mysql"):
        Workspace.open("mysql://dana:s3cret@db.example.org/annotations", "dana")


def test_a_postgresql_url_without_its_driver_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` fails as if absent
    with pytest.raises(UnsupportedDatabase, match=r"pip install 'annotator\[postgres\]'"):
        Workspace.open("postgresql://dana@127.0.0.1:9/annotations", "dana")


def test_a_plain_postgresql_url_uses_the_driver_the_app_installs():
    assert to_url("postgresql://dana@host/db") == "postgresql+psycopg://dana@host/db"
    assert to_url("postgres://dana@host/db") == "postgresql+psycopg://dana@host/db"


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(NotADatabase, match="is a folder"):
        Workspace.open(str(tmp_path), "dana")


def test_a_damaged_database_is_refused_before_anything_is_written(database):
    damage_an_index(database)
    before = fingerprint(database)
    with pytest.raises(DamagedDatabase, match="damaged"):
        Workspace.open(str(database), "dana", verify=True)
    assert fingerprint(database) == before


def test_a_truncated_database_is_refused(database):
    truncate(database)
    before = fingerprint(database)
    with pytest.raises(DamagedDatabase, match="damaged"):
        Workspace.open(str(database), "lee", verify=True)
    assert fingerprint(database) == before


def test_a_new_database_in_a_read_only_folder_is_refused(tmp_path):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    with read_only_folder(shelf) as folder:
        with pytest.raises(ReadOnlyDatabase, match="folder is read-only"):
            Workspace.open(str(folder / "annotations.sqlite3"), "dana")
        assert files_in(folder) == []


def test_a_database_in_a_read_only_folder_is_refused_saying_so(database):
    with (
        read_only_folder(database.parent) as folder,
        pytest.raises(ReadOnlyDatabase, match="read-only"),
    ):
        Workspace.open(str(folder / database.name), "dana")


def test_a_lock_held_during_an_import_is_a_store_error(database):
    with Workspace.open(str(database), "dana", busy_timeout_ms=100) as ws:
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(DatabaseLocked, match="was not imported"):
                ws.add_document(seed_document(), pipeline=PIPELINE)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert ws.document_count() == 0
