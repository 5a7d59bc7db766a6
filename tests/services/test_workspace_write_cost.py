"""One edit is a short write: few SQL statements, and the document's text read at most once.

Counted, not timed (a count does not depend on the machine): the statements the writer
engine sends to a real SQLite file while the Workspace applies, undoes and redoes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.commands import AcceptStatement, RejectStatement
from annotator.services.workspace import Workspace

DOC_ID = seed_document().id
#: BEGIN IMMEDIATE, the statement's rows (decision and suggestion in one query), the text,
#: its speaker's source (the label names them), the decision, its version (checked in the
#: same statement), the audit row, the undo-log entry. It was 21, the text read four times.
ACCEPT_STATEMENTS = 8
#: Accepting a statement already decided also deletes the decision it replaces.
REACCEPT_STATEMENTS = 9
TEXT_READ = re.compile(r"^\s*SELECT\b.*\bdocument\.text\b", re.IGNORECASE | re.DOTALL)


@pytest.fixture
def workspace(tmp_path):
    with Workspace.open(str(tmp_path / "annotations.sqlite3"), "dana") as ws:
        ws.add_document(seed_document(), pipeline=PIPELINE)
        ws.load_document(DOC_ID)  # as the window does before any edit
        yield ws


@contextmanager
def sql_of(workspace: Workspace) -> Iterator[list[str]]:
    """The SQL statements the workspace's writer engine executes inside the block."""
    statements: list[str] = []

    def note(_connection, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    engine = workspace._writer  # the engine every edit goes through
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def text_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if TEXT_READ.search(s)]


def test_an_accept_is_a_short_write(workspace):
    with sql_of(workspace) as statements:
        workspace.apply(AcceptStatement(DOC_ID, "q1"))
    assert len(statements) <= ACCEPT_STATEMENTS, "\n".join(statements)
    assert len(text_reads(statements)) == 1


def test_accepting_a_decided_statement_is_short_too(workspace):
    workspace.apply(RejectStatement(DOC_ID, "q1"))
    with sql_of(workspace) as statements:
        workspace.apply(AcceptStatement(DOC_ID, "q1"))
    assert len(statements) <= REACCEPT_STATEMENTS, "\n".join(statements)
    assert len(text_reads(statements)) == 1


def test_undo_and_redo_read_the_text_at_most_once(workspace):
    workspace.apply(AcceptStatement(DOC_ID, "q1"))
    for step in (workspace.undo, workspace.redo):
        with sql_of(workspace) as statements:
            assert step() is not None
        assert len(text_reads(statements)) <= 1, "\n".join(statements)
