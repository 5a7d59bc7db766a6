"""Opening a document from the window on a real database file: the document is read on the
writer thread, in turn with the keys (`ReviewController.open_document`), so a key pressed
while it is read acts on it, and documents activated quickly open in the order activated.

The reads are held back by the test (`held_reads`) until it has pressed its keys: the order
it then observes cannot come out right because a read happened to be quick.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from keys import SAVE_TIMEOUT_MS, until_saved
from PySide6.QtCore import Qt
from sqlalchemy import event
from test_main_window import status_in_table
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.model import Status

SEED_ID = seed_document().id
OTHERS = ("zz-second", "zz-third")


def copy_of_seed(document_id: str, title: str):
    document = seed_document()
    document.id, document.meta["title"] = document_id, title
    return document


@pytest.fixture
def window(make_window, open_workspace, qtbot):
    """The window on three articles (the seed and two copies), the seed open, the keys in
    the document list."""
    workspace = open_workspace()
    workspace.add_document(copy_of_seed(SEED_ID, "Cairo talks stall"), pipeline=PIPELINE)
    for number, document_id in enumerate(OTHERS, start=2):
        workspace.add_document(copy_of_seed(document_id, f"Copy {number}"), pipeline=PIPELINE)
    shown = make_window()
    qtbot.waitUntil(lambda: shown.review.document is not None, timeout=30_000)
    until_saved(qtbot, shown)
    assert shown.review.document.id == SEED_ID
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    shown.documents.view.setFocus()
    return shown


class HeldReads:
    """Reads of documents on the writer thread wait at the gate until `release()`."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.waiting = 0

    def __call__(self, _connection, _cursor, statement, _parameters, _context, _many) -> None:
        on_writer = threading.current_thread().name.startswith("annotator-writer")
        if on_writer and "FROM document" in statement and not self.gate.is_set():
            self.waiting += 1
            assert self.gate.wait(SAVE_TIMEOUT_MS / 1000), "the read was never released"

    def release(self) -> None:
        self.gate.set()


@contextmanager
def held_reads(window):
    reader = window.review._workspace._reader
    held = HeldReads()
    event.listen(reader, "before_cursor_execute", held)
    try:
        yield held
    finally:
        held.release()  # never leave the writer thread waiting, even when the test failed
        event.remove(reader, "before_cursor_execute", held)


def activate(qtbot, window, document_id: str) -> None:
    """Click `document_id`'s row in the document list, as a user does."""
    view = window.documents.view
    row = window.documents.model.row_of(document_id)
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def statuses(open_workspace, document_id: str) -> list[Status]:
    """The statements' decisions as the database holds them (a fresh connection)."""
    return [s.status for s in open_workspace().load_document(document_id).statements]


def test_a_key_pressed_while_a_document_opens_acts_on_that_document(
    window, open_workspace, qtbot
):
    with held_reads(window) as reads:
        activate(qtbot, window, "zz-second")
        qtbot.keyClick(window.documents.view, Qt.Key.Key_A)  # at once, before it is shown
        qtbot.waitUntil(lambda: reads.waiting > 0)  # the read waits on the writer thread
        assert window.review.document.id == SEED_ID  # meanwhile the seed stays shown
        assert window.article.view.document_id == SEED_ID
        assert not window.review.idle  # A waits for the document
        reads.release()
        until_saved(qtbot, window)
    assert window.review.document.id == "zz-second"
    assert window.article.view.document_id == "zz-second"
    # The accept landed on the first statement of the document just opened, not the seed's.
    assert statuses(open_workspace, "zz-second") == [Status.ACCEPTED, Status.SUGGESTED]
    assert statuses(open_workspace, SEED_ID) == [Status.SUGGESTED, Status.SUGGESTED]
    assert status_in_table(window, "q1") == "accepted"
    assert window.statements.selected_statement_id() == "q2"  # A moved on, as always


def test_documents_activated_quickly_open_in_order_and_the_last_stays_shown(window, qtbot):
    opened: list[str] = []
    window.review.document_opened.connect(opened.append)
    with held_reads(window) as reads:
        activate(qtbot, window, "zz-second")
        activate(qtbot, window, "zz-third")
        qtbot.waitUntil(lambda: reads.waiting > 0)
        assert window.review.document.id == SEED_ID
        reads.release()
        until_saved(qtbot, window)
    assert opened == ["zz-second", "zz-third"]
    assert window.review.document.id == "zz-third"
    assert window.article.view.document_id == "zz-third"
    assert window.statements.selected_statement_id() == "q1"  # its first undecided one
    current = window.documents.view.currentIndex().row()
    assert window.documents.model.document_id(current) == "zz-third"


def test_a_slow_open_says_so_in_the_status_bar_until_the_document_is_shown(window, qtbot):
    with held_reads(window) as reads:
        activate(qtbot, window, "zz-second")
        status = window.statusBar()
        qtbot.waitUntil(lambda: status.currentMessage() == "Opening Copy 2 …")
        reads.release()
        until_saved(qtbot, window)
    assert window.review.document.id == "zz-second"
    assert status.currentMessage() == ""
