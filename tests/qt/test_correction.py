"""Correcting in the window, as a fact-checker does it: select words, press a key, check the
database. Every test drives the real main window on a real database file with keys and
mouse, and reads the result back through a second Workspace on the same file."""

from __future__ import annotations

import json

import pytest
from keys import press_key, until_saved
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.model import Anonymity, Document, Origin, Span, Statement, Status
from annotator.qt.speaker_picker import SpeakerPicker
from annotator.qt.statement_panel import STATUS_COLUMN
from annotator.services.exporting import export_jsonl

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def open_window(make_window, open_workspace, qtbot):
    """A window on a database holding `document` (the seed with two suggestions by default)."""

    def open_one(document: Document | None = None):
        document = document or seed_document()
        open_workspace().add_document(document, pipeline=PIPELINE)
        window = make_window()
        qtbot.waitUntil(lambda: window.review.document is not None, timeout=30_000)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.statements.view.setFocus()
        return window

    return open_one


def stored(open_workspace, window) -> Document:
    """The open document as the database holds it for this user (a fresh connection)."""
    return open_workspace().load_document(window.review.document.id)


def point_at(view, index: int) -> QPoint:
    """Where code point `index` of the article sits in the viewport (scrolled into view)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(index))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    return view.cursorRect(cursor).center()


def drag_select(qtbot, view, start: int, end: int) -> None:
    """Select from code point `start` to `end` with the mouse, as a person drags."""
    first, last = point_at(view, start), None
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(end))
    last = view.cursorRect(cursor).center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseMove(view.viewport(), pos=(first + last) / 2)
    qtbot.mouseMove(view.viewport(), pos=last)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=last)


def keyboard_select(qtbot, view, start: int, words: int) -> None:
    """Click at `start`, then Shift+Ctrl+→ `words` times (the platform's word selection)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, start))
    for _ in range(words):
        qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyRelease(view, Qt.Key.Key_Shift)


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier, where=None) -> None:
    press_key(qtbot, window, where or window.article.view, key, modifier)


def pick_speaker(qtbot, window, key, typed: str) -> None:
    """Press `key` (L or M), type `typed` into the speaker picker's filter and press Enter."""
    answer_picker(qtbot, typed)
    press(qtbot, window, key)
    qtbot.waitUntil(window.isActiveWindow)  # the picker has closed; the window has the keys


def answer_picker(qtbot, typed: str) -> None:
    """When the speaker picker opens, type `typed` into its filter and press Enter."""

    def answer() -> None:
        pickers = [w for w in QApplication.topLevelWidgets() if isinstance(w, SpeakerPicker)]
        dialog = next((w for w in pickers if w.isVisible()), None)
        if dialog is None or not dialog.filter.hasFocus():  # not open and active yet
            QTimer.singleShot(10, answer)
            return
        qtbot.keyClicks(dialog.filter, typed)
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def words_of(document: Document):
    """A function giving the span of the first occurrence of some words in `document`."""

    def span(words: str) -> Span:
        start = document.text.index(words)
        return document.span(start, start + len(words))

    return span


def text_of(window) -> str:
    return window.review.document.text


def status_in_table(window, statement_id: str) -> str:
    row = window.statements.model.row_of(statement_id)
    return window.statements.model.index(row, STATUS_COLUMN).data()


def select_statement(window, statement_id: str) -> None:
    window.statements.select_statement(statement_id)


# ----------------------------------------------------------------------------- spans


def test_a_dragged_selection_snaps_to_words_and_becomes_the_source(
    open_window, open_workspace, qtbot
):
    window = open_window()
    select_statement(window, "q1")
    text = text_of(window)
    official = text.index("senior Palestinian official")
    # The drag starts inside "senior" and ends inside "official": whole words are taken.
    drag_select(qtbot, window.article.view, official + 3, official + len("senior Palestinian off"))
    assert window.article.view.textCursor().selectedText() == "senior Palestinian official"
    press(qtbot, window, Qt.Key.Key_S)

    statement = stored(open_workspace, window).statement_by_id("q1")
    assert statement.source.text == "senior Palestinian official"
    assert statement.status is Status.CORRECTED
    assert status_in_table(window, "q1") == "corrected"
    assert window.review.document.statement_by_id("q1").source.text == statement.source.text
    assert "q1" not in window.undo_action.text()  # words a person recognises, not ids

    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    statement = stored(open_workspace, window).statement_by_id("q1")
    assert statement.source.text == "an unnamed senior Palestinian official"
    assert statement.status is Status.SUGGESTED
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(open_workspace, window).statement_by_id("q1").source.text == (
        "senior Palestinian official"
    )


def test_a_cue_is_extended_by_one_word_from_the_keyboard(open_window, open_workspace, qtbot):
    window = open_window()
    select_statement(window, "q2")
    press(qtbot, window, Qt.Key.Key_BracketRight)  # source
    press(qtbot, window, Qt.Key.Key_BracketRight)  # cue
    assert window.review.focus_part == ("cue", 0)
    press(qtbot, window, Qt.Key.Key_Right, ALT | SHIFT)  # its end, one word later
    statement = stored(open_workspace, window).statement_by_id("q2")
    assert statement.cue.text == "noted that"
    assert statement.status is Status.CORRECTED
    press(qtbot, window, Qt.Key.Key_Left, ALT | SHIFT)
    assert stored(open_workspace, window).statement_by_id("q2").cue.text == "noted"


def test_a_cue_selected_with_shift_ctrl_arrows_replaces_the_old_one(
    open_window, open_workspace, qtbot
):
    window = open_window()
    select_statement(window, "q1")
    text = text_of(window)
    keyboard_select(qtbot, window.article.view, text.index("stated that the meetings"), 2)
    press(qtbot, window, Qt.Key.Key_C)
    assert stored(open_workspace, window).statement_by_id("q1").cue.text == "stated that"


def test_a_content_split_by_its_cue_becomes_two_fragments(open_window, open_workspace, qtbot):
    window = open_window()
    select_statement(window, "q1")
    text = text_of(window)
    first = text.index("the meetings, intended")
    drag_select(qtbot, window.article.view, first, first + len("the meetings"))
    press(qtbot, window, Qt.Key.Key_T)
    second = text.index("have failed")
    drag_select(qtbot, window.article.view, second, second + len("have failed"))
    press(qtbot, window, Qt.Key.Key_F)

    content = stored(open_workspace, window).statement_by_id("q1").content
    assert [span.text for span in content] == ["the meetings", "have failed"]
    assert window.detail.content_label.text() == "1. “the meetings”\n2. “have failed”"
    press(qtbot, window, Qt.Key.Key_Backspace)  # the focused fragment goes again
    content = stored(open_workspace, window).statement_by_id("q1").content
    assert [span.text for span in content] == ["the meetings"]


def test_a_selection_after_an_emoji_is_saved_as_exactly_the_selected_text(
    open_window, open_workspace, qtbot
):
    text = "Rosa 🦊 Vidal 👩🏽‍🔬 said the 𝒻𝑜𝓍 report was late. Kim said it was on time."
    document = Document(id="astral", text=text)

    span = words_of(document)

    document.statements = [
        Statement(id="q1", source=span("Kim"), cue=span("said it"), content=[span("it was on")]),
        Statement(id="q2", cue=span("said the"), content=[span("report was late")]),
    ]
    window = open_window(document)
    select_statement(window, "q2")
    start = text.index("Rosa")
    drag_select(qtbot, window.article.view, start, text.index(" said the"))
    selected = window.article.view.textCursor().selectedText()
    press(qtbot, window, Qt.Key.Key_S)
    source = stored(open_workspace, window).statement_by_id("q2").source
    assert source.text == "Rosa 🦊 Vidal 👩🏽‍🔬" == selected
    assert text[source.start : source.end] == source.text
    # Shift+Ctrl+→ until "report" is in: Qt steps over the astral letters its own way.
    keyboard_select(qtbot, window.article.view, text.index("𝒻𝑜𝓍 report"), 1)
    while "report" not in window.article.view.textCursor().selectedText():
        qtbot.keyClick(window.article.view, Qt.Key.Key_Right, CTRL | SHIFT)
    press(qtbot, window, Qt.Key.Key_T)
    content = stored(open_workspace, window).statement_by_id("q2").content
    assert [s.text for s in content] == ["𝒻𝑜𝓍 report"]


# -------------------------------------------------------------------------- speakers


def test_he_is_relinked_to_another_speaker_from_the_picker(open_window, open_workspace, qtbot):
    window = open_window()
    select_statement(window, "q2")
    pick_speaker(qtbot, window, Qt.Key.Key_L, "khallaf")

    document = stored(open_workspace, window)
    assert document.statement_by_id("q2").source_id == "s2"
    he = document.statement_by_id("q2").source
    assert he in document.source_by_id("s2").mentions
    assert he not in document.source_by_id("s1").mentions
    assert window.detail.speaker_label.text() == "Tamim Khallaf"
    assert "Tamim Khallaf" in window.undo_action.text()

    window.close()  # undo and redo survive closing the window and reopening the database
    again = open_window()
    qtbot.waitUntil(lambda: "Tamim Khallaf" in again.undo_action.text())  # read after painting
    press(qtbot, again, Qt.Key.Key_Z, CTRL)
    document = stored(open_workspace, again)
    assert document.statement_by_id("q2").source_id == "s1"
    assert he in document.source_by_id("s1").mentions
    assert he not in document.source_by_id("s2").mentions
    press(qtbot, again, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(open_workspace, again).statement_by_id("q2").source_id == "s2"


def test_a_new_speaker_is_made_from_the_selection(open_window, open_workspace, qtbot):
    window = open_window()
    select_statement(window, "q2")
    text = text_of(window)
    start = text.index("Egyptian Foreign Ministry spokesman")
    drag_select(qtbot, window.article.view, start, start + len("Egyptian Foreign Ministry"))
    press(qtbot, window, Qt.Key.Key_S, SHIFT)
    document = stored(open_workspace, window)
    speaker = document.source_by_id(document.statement_by_id("q2").source_id)
    assert speaker.name == "Egyptian Foreign Ministry"
    assert window.detail.speaker_label.text() == "Egyptian Foreign Ministry"


def test_two_speakers_that_are_one_person_are_merged(open_window, open_workspace, qtbot):
    window = open_window()
    select_statement(window, "q1")
    pick_speaker(qtbot, window, Qt.Key.Key_M, "khallaf")
    document = stored(open_workspace, window)
    assert {s.source_id for s in document.statements} == {"s2"}
    assert len(document.source_by_id("s2").mentions) == 3
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(open_workspace, window).statement_by_id("q1").source_id == "s1"


def test_a_source_is_marked_anonymous_with_a_reason(open_window, open_workspace, qtbot):
    window = open_window()
    select_statement(window, "q1")
    press(qtbot, window, Qt.Key.Key_I)
    assert window.detail.anonymity_box.hasFocus()
    window.detail.anonymity_box.setCurrentText("vague")
    window.detail.anonymity_box.activated.emit(window.detail.anonymity_box.currentIndex())
    reason = window.detail.descriptor_edits["reason"]
    reason.setFocus()
    qtbot.keyClicks(reason, "not authorised to speak")  # letters type, they do not accept
    press(qtbot, window, Qt.Key.Key_Return, where=reason)

    speaker = stored(open_workspace, window).source_by_id("s1")
    assert speaker.anonymity is Anonymity.VAGUE
    assert speaker.descriptors.reason == "not authorised to speak"
    assert speaker.descriptors.role == "official"  # the other descriptors stay
    assert stored(open_workspace, window).statement_by_id("q1").status is Status.SUGGESTED
    assert window.statements.model.index(0, 1).data() == "○"
    assert "vague" in window.statements.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.keyClick(reason, Qt.Key.Key_Escape)
    assert window.statements.view.hasFocus()


def test_the_kind_is_changed_with_d(open_window, open_workspace, qtbot):
    window = open_window()
    select_statement(window, "q1")
    press(qtbot, window, Qt.Key.Key_D)
    assert stored(open_workspace, window).statement_by_id("q1").kind == "mixed"
    assert window.detail.kind_box.currentText() == "mixed"


# ------------------------------------------------------------------ add and delete


def test_a_missed_statement_is_added_from_three_selections_and_deleted(
    open_window, open_workspace, qtbot
):
    window = open_window()
    text = text_of(window)
    content = text.index("the resistance movement in Gaza will not release")
    drag_select(qtbot, window.article.view, content, content + len("the resistance movement"))
    press(qtbot, window, Qt.Key.Key_N)
    cue = text.index("also stressed")
    drag_select(qtbot, window.article.view, cue, cue + len("also stressed"))
    press(qtbot, window, Qt.Key.Key_C)
    source = text.index("The Palestinian leader also")
    drag_select(qtbot, window.article.view, source, source + len("The Palestinian leader"))
    press(qtbot, window, Qt.Key.Key_S)

    added = [s for s in stored(open_workspace, window).statements if s.origin is Origin.HUMAN]
    assert len(added) == 1
    statement = added[0]
    assert statement.source.text == "The Palestinian leader"
    assert statement.cue.text == "also stressed"
    assert statement.status is Status.ADDED
    assert window.statements.selected_statement_id() == statement.id
    assert window.statements.model.rowCount() == 3

    press(qtbot, window, Qt.Key.Key_R)  # on a statement of one's own: delete
    assert stored(open_workspace, window).statement_by_id(statement.id) is None
    assert window.statements.model.rowCount() == 2
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(open_workspace, window).statement_by_id(statement.id) is not None


def test_escape_cancels_a_new_statement(open_window, open_workspace, qtbot):
    window = open_window()
    text = text_of(window)
    start = text.index("mediators have reported")
    drag_select(qtbot, window.article.view, start, start + len("mediators"))
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.correction.draft is None
    assert len(stored(open_workspace, window).statements) == 2


# ------------------------------------------------------------------------ entities


def test_an_entity_is_labelled_with_a_number_and_removed_with_zero(
    open_window, open_workspace, qtbot, tmp_path
):
    window = open_window()
    text = text_of(window)
    start = text.index("Egypt also")
    drag_select(qtbot, window.article.view, start, start + len("Egy"))
    press(qtbot, window, Qt.Key.Key_4)  # the fourth label of resources/labels: GPE
    entity = next(e for e in stored(open_workspace, window).entities if e.start == start)
    assert (entity.text, entity.label, entity.status) == ("Egypt", "GPE", Status.ADDED)

    output = tmp_path / "export.jsonl"
    export_jsonl(open_workspace(), output)
    exported = json.loads(output.read_text().splitlines()[0])["entities"]
    mine = next(e for e in exported if e["start"] == start)
    assert (mine["origin"], mine["annotator"]) == ("human", "dana")

    press(qtbot, window, Qt.Key.Key_0)  # the caret is in it
    entity = next(e for e in stored(open_workspace, window).entities if e.start == start)
    assert entity.status is Status.REJECTED
    hamas = text.index("Hamas")
    qtbot.mouseClick(
        window.article.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=point_at(window.article.view, hamas + 1),
    )
    press(qtbot, window, Qt.Key.Key_1)  # relabel the entity at the caret
    relabelled = next(e for e in stored(open_workspace, window).entities if e.start == hamas)
    assert (relabelled.label, relabelled.status) == ("PERSON", Status.CORRECTED)


# --------------------------------------------------------------------- keyboard


def test_a_whole_document_is_reviewed_from_the_keyboard_alone(open_window, open_workspace, qtbot):
    window = open_window()
    press(qtbot, window, Qt.Key.Key_A, where=window.statements.view)
    press(qtbot, window, Qt.Key.Key_R, where=window.statements.view)
    statuses = {s.id: s.status for s in stored(open_workspace, window).statements}
    assert statuses == {"q1": Status.ACCEPTED, "q2": Status.REJECTED}
    press(qtbot, window, Qt.Key.Key_D, CTRL, where=window.statements.view)
    assert window.documents.is_done(window.review.document.id)
    press(qtbot, window, Qt.Key.Key_J, SHIFT, where=window.statements.view)
    assert window.statusBar().currentMessage() == "Every statement is decided"


def test_clicks_and_double_clicks_change_nothing(open_window, open_workspace, qtbot):
    window = open_window()
    view = window.article.view
    text = text_of(window)
    point = point_at(view, text.index("mediators failed") + 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    document = stored(open_workspace, window)
    assert all(s.status is Status.SUGGESTED for s in document.statements)
    qtbot.waitUntil(lambda: not window.undo_action.isEnabled())  # nothing to undo, once read


def test_escape_from_a_menu_gives_the_keyboard_back(open_window, open_workspace, qtbot):
    window = open_window()
    qtbot.keyClick(window.statements.view, Qt.Key.Key_R, ALT)  # opens the Review menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(window.statements.view.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert QApplication.activePopupWidget() is None  # ↓ did not reopen the menu
    assert all(s.status is Status.SUGGESTED for s in stored(open_workspace, window).statements)


def test_every_correction_is_undone_and_redone_after_reopening(open_window, open_workspace, qtbot):
    window = open_window()
    text = text_of(window)
    before = stored(open_workspace, window)
    select_statement(window, "q1")
    start = text.index("senior Palestinian official")
    drag_select(qtbot, window.article.view, start, start + len("senior Palestinian official"))
    press(qtbot, window, Qt.Key.Key_S)  # source
    press(qtbot, window, Qt.Key.Key_D)  # kind
    window.detail.anonymity_box.setCurrentText("vague")  # identity
    window.detail.anonymity_box.activated.emit(window.detail.anonymity_box.currentIndex())
    egypt = text.index("Egypt also")
    drag_select(qtbot, window.article.view, egypt, egypt + len("Egypt"))
    press(qtbot, window, Qt.Key.Key_4)  # entity
    select_statement(window, "q2")
    pick_speaker(qtbot, window, Qt.Key.Key_L, "khallaf")  # speaker
    after = stored(open_workspace, window)
    window.close()

    again = open_window()
    for _ in range(5):
        press(qtbot, again, Qt.Key.Key_Z, CTRL, where=again.statements.view)
    assert stored(open_workspace, again) == before
    assert not again.undo_action.isEnabled()
    for _ in range(5):
        press(qtbot, again, Qt.Key.Key_Z, CTRL | SHIFT, where=again.statements.view)
    assert stored(open_workspace, again) == after
    assert not again.redo_action.isEnabled()


def second_document() -> Document:
    text = "Ana Ruiz said the bridge would open in May. Critics said it was late."
    document = Document(id="zz-second", text=text)

    span = words_of(document)

    document.statements = [
        Statement(
            id="q1",
            source=span("Ana Ruiz"),
            cue=span("said the"),
            content=[span("the bridge would open in May")],
        ),
    ]
    return document


def test_the_first_key_after_switching_documents_acts(open_window, open_workspace, qtbot):
    open_workspace().add_document(second_document(), pipeline=PIPELINE)
    window = open_window()
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL, where=window.statements.view)
    assert window.review.document.id == "zz-second"
    press(qtbot, window, Qt.Key.Key_A, where=window.statements.view)
    assert stored(open_workspace, window).statement_by_id("q1").status is Status.ACCEPTED
    press(qtbot, window, Qt.Key.Key_PageUp, CTRL, where=window.statements.view)
    # A click in the document list, then a letter: it acts on the open document.
    view = window.documents.view
    row = window.documents.model.row_of("zz-second")
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(view.model().index(row, 0)).center(),
    )
    until_saved(qtbot, window)  # opened
    assert window.review.document.id == "zz-second"
    press(qtbot, window, Qt.Key.Key_Z, CTRL, where=view)
    press(qtbot, window, Qt.Key.Key_R, where=view)
    assert stored(open_workspace, window).statement_by_id("q1").status is Status.REJECTED


def test_next_undecided_goes_on_into_the_next_document(open_window, open_workspace, qtbot):
    open_workspace().add_document(second_document(), pipeline=PIPELINE)
    window = open_window()
    for _ in range(2):
        press(qtbot, window, Qt.Key.Key_A, where=window.statements.view)
    assert window.review.document.id != "zz-second"
    press(qtbot, window, Qt.Key.Key_J, SHIFT, where=window.statements.view)
    assert window.review.document.id == "zz-second"
    assert window.statements.selected_statement_id() == "q1"
