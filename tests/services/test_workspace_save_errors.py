"""A save the database refuses is never silent: a `StoreError` a person can act on."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from workspace_fixtures import PIPELINE, fresh_postgres_database, seed_document

from annotator.core.commands import AcceptStatement, SetClaimLabels
from annotator.core.model import Status
from annotator.services.workspace import Change, Workspace
from annotator.store.engine import sqlite_path
from annotator.store.errors import (
    DatabaseLocked,
    DiskFull,
    ReadOnlyDatabase,
    SaveFailed,
    StoreError,
    save_error,
)

DOC_ID = seed_document().id


@pytest.fixture
def workspace(tmp_path):
    """A workspace that waits only 0.2 s for a lock, the seed document loaded."""
    with Workspace.open(str(tmp_path / "annotations.sqlite3"), "dana", busy_timeout_ms=200) as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        ws.load_document(DOC_ID)
        yield ws


def hold_write_lock(workspace: Workspace) -> sqlite3.Connection:
    """Another program's connection holding the database's write lock."""
    other = sqlite3.connect(sqlite_path(workspace.url), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def status_of_q1(workspace: Workspace) -> Status:
    return workspace.load_document(DOC_ID).statements[0].status


def test_a_locked_database_refuses_the_edit_saying_so(workspace):
    heard: list[Change] = []
    workspace.subscribe(heard.append)
    other = hold_write_lock(workspace)
    try:
        with pytest.raises(StoreError) as error:
            workspace.apply(AcceptStatement(DOC_ID, "q1"))
    finally:
        other.rollback()
        other.close()
    assert isinstance(error.value, DatabaseLocked)
    assert str(error.value) == (
        "The database is locked by another program; your change was not saved. Try again."
    )
    assert isinstance(error.value.__cause__, OperationalError)
    assert heard == []  # nothing is shown as saved
    assert status_of_q1(workspace) is Status.SUGGESTED
    assert workspace.undo_label() is None and workspace.audit_trail() == []

    workspace.apply(AcceptStatement(DOC_ID, "q1"))  # once the lock is gone, the same edit
    assert status_of_q1(workspace) is Status.ACCEPTED
    assert [c.kind for c in heard] == ["statement"]


def test_undo_on_a_locked_database_is_refused_and_can_be_retried(workspace):
    accept = AcceptStatement(DOC_ID, "q1")
    workspace.apply(accept)
    other = hold_write_lock(workspace)
    try:
        with pytest.raises(DatabaseLocked):
            workspace.undo()
    finally:
        other.rollback()
        other.close()
    assert status_of_q1(workspace) is Status.ACCEPTED
    assert workspace.undo().label == accept.label
    assert status_of_q1(workspace) is Status.SUGGESTED


def test_a_full_disk_refuses_the_edit_saying_so(workspace):
    # SQLite's page limit stands in for the disk: past it, a write fails with SQLITE_FULL.
    def cap(dbapi_connection, _record, _proxy):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(workspace._writer, "checkout", cap)  # the engine every edit goes through
    big_note = "a long note " * 50_000  # needs new pages
    with pytest.raises(DiskFull, match="The disk is full; your change was not saved"):
        workspace.apply(SetClaimLabels(DOC_ID, "q1", True, None, [], big_note))
    event.remove(workspace._writer, "checkout", cap)
    assert workspace.load_document(DOC_ID).statements[0].claim.note is None
    assert workspace.undo_label() is None


class ServerError(Exception):
    """A PostgreSQL driver's error: its SQLSTATE in `sqlstate`."""

    def __init__(self, sqlstate: str, message: str):
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("driver_error", "expected", "words"),
    [
        (sqlite3.OperationalError("database is locked"), DatabaseLocked, "locked"),
        (sqlite3.OperationalError("database or disk is full"), DiskFull, "disk is full"),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            ReadOnlyDatabase,
            "read-only",
        ),
        (sqlite3.OperationalError("disk I/O error"), SaveFailed, "disk I/O error"),
        (ServerError("55P03", "lock timeout"), DatabaseLocked, "locked"),
        (ServerError("53100", "could not extend file"), DiskFull, "disk is full"),
        (ServerError("08006", "server closed the connection"), SaveFailed, "not be reached"),
    ],
)
def test_database_errors_become_messages_a_person_can_act_on(driver_error, expected, words):
    error = save_error(OperationalError("INSERT ...", {}, driver_error))
    assert type(error) is expected
    assert words in str(error) and "your change was not saved" in str(error)


def test_a_connection_found_dead_mid_save_is_a_server_out_of_reach():
    """A dropped network gives the driver no SQLSTATE; SQLAlchemy marks the connection dead."""
    dropped = OperationalError(
        "UPDATE ...",
        {},
        Exception("server closed the connection unexpectedly"),
        connection_invalidated=True,
    )
    error = save_error(dropped)
    assert type(error) is SaveFailed
    assert str(error).startswith("The database server could not be reached")


def test_other_database_errors_are_store_errors_too():
    integrity = IntegrityError("INSERT ...", {}, sqlite3.IntegrityError("FOREIGN KEY failed"))
    error = save_error(integrity)
    assert isinstance(error, SaveFailed) and isinstance(error, StoreError)
    assert "FOREIGN KEY failed" in str(error)


@pytest.fixture
def pg_url():
    yield from fresh_postgres_database(migrated=True)


@pytest.fixture
def server_workspace(pg_url):
    """A workspace on a fresh PostgreSQL database, the seed document loaded."""
    with Workspace.open(pg_url, "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        yield ws


def test_a_server_connection_lost_during_a_save_says_so_and_the_edit_can_be_retried(
    server_workspace,
):
    """The server ends the connection in the middle of a save (a restart, a dropped network):
    the message says the server could not be reached, nothing is saved or shown as saved,
    and the same edit goes through once the server answers again."""
    import psycopg
    from sqlalchemy import make_url

    workspace = server_workspace
    admin = make_url(workspace.url).set(drivername="postgresql")
    admin = admin.render_as_string(hide_password=False)
    cut = []

    def end_this_connection(connection, _cursor, statement, *_args):
        if not cut and statement.lstrip().upper().startswith("UPDATE"):
            cut.append(connection.connection.dbapi_connection.info.backend_pid)
            with psycopg.connect(admin, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", (cut[0],))

    heard: list[Change] = []
    workspace.subscribe(heard.append)
    event.listen(workspace._writer, "before_cursor_execute", end_this_connection)
    try:
        with pytest.raises(SaveFailed) as error:
            workspace.apply(AcceptStatement(DOC_ID, "q1"))
    finally:
        event.remove(workspace._writer, "before_cursor_execute", end_this_connection)
    assert cut, "the save never reached an UPDATE"
    assert str(error.value).startswith(
        "The database server could not be reached; your change was not saved."
    )
    assert heard == []
    assert status_of_q1(workspace) is Status.SUGGESTED

    workspace.apply(AcceptStatement(DOC_ID, "q1"))
    assert status_of_q1(workspace) is Status.ACCEPTED
