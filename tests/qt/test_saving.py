"""Saving from the window: writes wait for the database off the GUI thread, in press order."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from keys import press_key, until_saved
from PySide6.QtCore import Qt, QTimer
from sqlalchemy import event
from test_main_window import status_in_table
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.model import Status
from annotator.qt.main_window import MainWindow
from annotator.services.workspace import Workspace
from annotator.store.engine import sqlite_path

CTRL = Qt.KeyboardModifier.ControlModifier
#: Short, so the test does not wait long; long enough for the event loop to turn many times.
BUSY_TIMEOUT_MS = 1500


@pytest.fixture
def window(qtbot, settings, ui_store, nlp):
    """The main window on a database that already holds the seed with its suggestions."""
    with Workspace.open(settings.database, settings.user) as setup:
        setup.add_document(seed_document(), pipeline=PIPELINE)
    workspace = Workspace.open(settings.database, settings.user, busy_timeout_ms=BUSY_TIMEOUT_MS)
    shown = MainWindow(settings, workspace, load_nlp=lambda: nlp, ui_store=ui_store)
    qtbot.addWidget(shown)
    shown.show()
    shown.start()
    qtbot.waitUntil(lambda: shown.statements.model.rowCount() > 0, timeout=30_000)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    shown.statements.view.setFocus()
    yield shown
    shown.close()
    workspace.close()


def stored_status(settings, statement_id: str) -> Status:
    with Workspace.open(settings.database, "someone-else") as reader:
        document = reader.load_document(seed_document().id, annotator=settings.user)
        return document.statement_by_id(statement_id).status


def test_a_locked_database_never_freezes_the_window_and_the_edit_can_be_retried(
    window, settings, qtbot
):
    first = window.statements.selected_statement_id()
    other_program = sqlite3.connect(sqlite_path(window.review._workspace.url), isolation_level=None)
    other_program.execute("BEGIN EXCLUSIVE")
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(0) if not window.review.idle else None)
    timer.start(10)
    try:
        qtbot.keyClick(window.statements.view, Qt.Key.Key_A)
        assert not window.review.idle  # the save waits for the lock ...
        assert not window.statusBar().currentMessage().startswith("Saved")
        until_saved(qtbot, window)
    finally:
        timer.stop()
        other_program.rollback()
        other_program.close()
    # ... while the window goes on handling events: the wait is not on the GUI thread.
    assert len(ticks) >= 20
    message = window.statusBar().currentMessage()
    assert message.startswith("Not saved:") and "locked" in message
    assert status_in_table(window, first) == "suggested"  # what is really stored
    assert stored_status(settings, first) is Status.SUGGESTED
    assert window.statements.selected_statement_id() == first  # pressing again retries

    press_key(qtbot, window, window.statements.view, Qt.Key.Key_A)
    assert window.statusBar().currentMessage().startswith("Saved:")
    assert status_in_table(window, first) == "accepted"
    assert stored_status(settings, first) is Status.ACCEPTED


def test_quick_presses_are_saved_in_order_each_on_the_next_statement(window, settings, qtbot):
    rows = [window.statements.model.statement(row).id for row in range(2)]
    assert window.statements.selected_statement_id() == rows[0]
    # Faster than the saves: each press waits for the one before, and acts where it left.
    qtbot.keyClick(window.statements.view, Qt.Key.Key_A)
    qtbot.keyClick(window.statements.view, Qt.Key.Key_R)
    qtbot.keyClick(window.statements.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    until_saved(qtbot, window)
    assert [stored_status(settings, s) for s in rows] == [Status.ACCEPTED, Status.SUGGESTED]
    assert [status_in_table(window, s) for s in rows] == ["accepted", "suggested"]
    assert window.redo_action.isEnabled() and window.redo_action.text().startswith("Redo Reject")


def test_closing_right_after_a_key_press_saves_the_edit_first(window, settings, qtbot):
    first = window.statements.selected_statement_id()
    qtbot.keyClick(window.statements.view, Qt.Key.Key_A)
    window.close()
    assert stored_status(settings, first) is Status.ACCEPTED


def test_words_typed_while_an_earlier_save_waits_are_kept_and_saved(window, settings, qtbot):
    detail = window.detail
    press_key(qtbot, window, window.statements.view, Qt.Key.Key_I)
    assert detail.anonymity_box.hasFocus()
    reason = detail.descriptor_edits["reason"]
    other_program = sqlite3.connect(sqlite_path(window.review._workspace.url), isolation_level=None)
    other_program.execute("BEGIN EXCLUSIVE")
    try:
        detail.anonymity_box.setCurrentText("vague")  # saved at once: it waits for the lock
        detail.anonymity_box.activated.emit(detail.anonymity_box.currentIndex())
        assert not window.review.idle
        reason.setFocus()
        qtbot.keyClicks(reason, "not authorised")
    finally:
        other_program.rollback()
        other_program.close()
    until_saved(qtbot, window)  # the identity change lands while the reason is typed ...
    assert reason.text() == "not authorised"  # ... and the typed words stay
    press_key(qtbot, window, reason, Qt.Key.Key_Return)

    with Workspace.open(settings.database, "someone-else") as reader:
        document = reader.load_document(seed_document().id, annotator=settings.user)
    speaker = document.source_by_id(window.review.selected_statement().source_id)
    assert str(speaker.anonymity) == "vague"
    assert speaker.descriptors.reason == "not authorised"
    window.statements.view.setFocus()
    press_key(
        qtbot, window, window.statements.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )
    assert reason.text() == ""  # the undone reason leaves the field too


def test_a_document_that_cannot_be_read_is_reported_and_the_open_one_stays(
    window, settings, qtbot
):
    shown = window.review.document.id
    second = seed_document()
    second.id = "second-article"
    with Workspace.open(settings.database, settings.user) as other:
        other.add_document(second, pipeline=PIPELINE)
    window.documents.reload()
    qtbot.waitUntil(lambda: window.documents.neighbour(+1) is not None)

    def damaged(_cursor, statement, _parameters, _context):  # SQLite finds a damaged page
        # Only where the document is read (the writer thread): the window's other questions
        # meanwhile (the corpus watcher's, the start-up's) are not what this test is about.
        opening = threading.current_thread().name.startswith("annotator-writer")
        if opening and "FROM document" in statement:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return False  # any other statement runs as usual

    reader = window.review._workspace._reader
    event.listen(reader, "do_execute", damaged)
    try:
        press_key(qtbot, window, window.statements.view, Qt.Key.Key_PageDown, CTRL)
    finally:
        event.remove(reader, "do_execute", damaged)
    message = window.statusBar().currentMessage()
    assert message.startswith("Cannot open the document:") and "damaged" in message
    assert window.review.document.id == shown
    assert window.article.view.toPlainText().startswith(seed_document().text[:40])

    press_key(qtbot, window, window.statements.view, Qt.Key.Key_PageDown, CTRL)
    assert window.review.document.id == "second-article"
