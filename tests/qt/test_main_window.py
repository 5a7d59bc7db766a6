"""The walking skeleton, end to end: first start imports the seed, review with keys, restart."""

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.core.model import Status

SEED_START = "A Palestinian leader"


def wait_for_seed(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: (
            window.article.view.toPlainText().startswith(SEED_START)
            and window.statements.model.rowCount() > 0
        ),
        timeout=60_000,
    )


def status_in_table(window, statement_id: str) -> str:
    row = window.statements.model.row_of(statement_id)
    return window.statements.model.index(row, 4).data()


def cue_background(window, statement):
    """The background colour painted on the first character of a statement's cue."""
    view = window.article.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(statement.cue.start) + 1)
    brush = cursor.charFormat().background()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else QColor()


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.statements.view, key, modifier)


def test_the_window_shows_before_the_model_has_loaded(make_window, qtbot, nlp):
    release = threading.Event()

    def slow_loader():
        release.wait(60)
        return nlp

    window = make_window(load_nlp=slow_loader)
    assert window.isVisible()
    assert "Loading language model" in window.statusBar().currentMessage()
    release.set()
    wait_for_seed(qtbot, window)


def test_review_with_keys_is_saved_undone_and_survives_a_restart(
    make_window, open_workspace, qtbot
):
    window = make_window()
    wait_for_seed(qtbot, window)
    document_id = window.review.document.id
    assert window.documents.model.rowCount() == 1
    assert window.article.view.document().toPlainText().startswith(SEED_START)
    assert cue_background(window, window.statements.model.statement(0)).isValid()
    assert window.article.view.extraSelections()  # the selected statement is emphasised
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # J moves down, K back up: the second statement ends up selected.
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_K)
    accepted_id = window.statements.selected_statement_id()
    assert accepted_id == window.statements.model.statement(1).id

    press(qtbot, window, Qt.Key.Key_A)
    assert status_in_table(window, accepted_id) == "accepted"
    assert (
        open_workspace().load_document(document_id).statement_by_id(accepted_id).status
        is Status.ACCEPTED
    )
    assert window.undo_action.text() == f"Undo Accept statement {accepted_id}"

    rejected_id = window.statements.selected_statement_id()  # moved on to the next undecided
    assert rejected_id not in (None, accepted_id)
    press(qtbot, window, Qt.Key.Key_R)
    assert status_in_table(window, rejected_id) == "rejected"

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert status_in_table(window, rejected_id) == "suggested"
    assert window.statements.selected_statement_id() == rejected_id
    assert (
        open_workspace().load_document(document_id).statement_by_id(rejected_id).status
        is Status.SUGGESTED
    )
    window.close()

    again = make_window()
    wait_for_seed(qtbot, again)
    assert status_in_table(again, accepted_id) == "accepted"
    assert status_in_table(again, rejected_id) == "suggested"
    assert again.undo_action.text() == f"Undo Accept statement {accepted_id}"
