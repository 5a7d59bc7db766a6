"""Working across the corpus in the real window on a real database file: search and open a
hit, see another process's import arrive, reopen where the work stopped."""

import json
import shutil

from keys import until_saved
from PySide6.QtCore import QSettings, Qt
from test_cli import run_cli
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.model import Document
from annotator.formats import jsonl

SEED_ID = seed_document().id
CTRL = Qt.KeyboardModifier.ControlModifier


def fill(workspace) -> None:
    """The seed article (two statements by an anonymous official), a copy of it under
    another id, and a weather report without statements."""
    seed = seed_document()
    seed.meta["title"] = "Cairo talks stall"
    workspace.add_document(seed, pipeline=PIPELINE)
    copy = seed_document()
    copy.id, copy.meta["title"] = "zz-copy", "Cairo talks stall, again"
    workspace.add_document(copy, pipeline=PIPELINE)
    weather = Document(id="weather", text="Rain is expected over the weekend, forecasters said.")
    workspace.add_document(weather)


def ready_window(make_window, open_workspace, qtbot):
    fill(open_workspace())
    window = make_window()
    qtbot.waitUntil(lambda: window.review.document is not None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def search_for(qtbot, window, words: str, hits: int) -> None:
    qtbot.keyClick(window.statements.view, Qt.Key.Key_F, CTRL)
    assert window.search.field.hasFocus()
    qtbot.keyClicks(window.search.field, words)
    qtbot.waitUntil(lambda: window.search.model.rowCount() == hits)


def hit_rows(window) -> list[str]:
    model = window.search.model
    return [model.index(row).data() for row in range(model.rowCount())]


def test_a_search_hit_opens_its_statement(make_window, open_workspace, qtbot):
    window = ready_window(make_window, open_workspace, qtbot)
    window.review.open_document("weather")
    until_saved(qtbot, window)  # opened
    search_for(qtbot, window, "mediators", hits=4)  # in 2 articles, and in 1 statement each
    assert not window.documents.isVisible()  # the hits take the list's place
    rows = hit_rows(window)
    statement_row = rows.index(
        "Cairo talks stall — an unnamed senior Palestinian official: "
        "that mediators failed to persuade the Israeli delegation"
    )
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)  # from the words to the hits
    assert window.search.hits.hasFocus()
    for _ in range(statement_row):
        qtbot.keyClick(window.search.hits, Qt.Key.Key_Down)
    qtbot.keyClick(window.search.hits, Qt.Key.Key_Return)
    until_saved(qtbot, window)  # opened
    assert window.review.document.id == SEED_ID
    assert window.statements.selected_statement_id() == "q2"
    assert window.statements.view.hasFocus()  # A, R … act on it now


def test_an_article_hit_opens_with_the_words_selected(make_window, open_workspace, qtbot):
    window = ready_window(make_window, open_workspace, qtbot)
    window.review.open_document("weather")
    until_saved(qtbot, window)  # opened
    search_for(qtbot, window, "deadlock", hits=2)  # only in the articles' text
    model = window.search.model
    row = next(r for r in range(2) if model.hits[r].document_id == "zz-copy")
    window.search.hits.setCurrentIndex(model.index(row))
    qtbot.keyClick(window.search.hits, Qt.Key.Key_Return)
    until_saved(qtbot, window)  # opened
    assert window.review.document.id == "zz-copy"
    start, end = window.article.view.selected_range()
    assert window.review.document.text[start:end] == "deadlock"
    assert window.article.view.hasFocus()


def test_a_hit_shows_article_text_as_plain_text(make_window, open_workspace, qtbot):
    workspace = open_workspace()
    text = "<b>Officials</b> said <img src='x'> the bridge opens."
    workspace.add_document(Document(id="html", text=text, meta={"title": "<i>Bridge</i>"}))
    window = make_window()
    qtbot.waitUntil(lambda: window.review.document is not None)
    window.search.field.setText("bridge")
    window.search.search_now()
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
    index = window.search.model.index(0)
    assert index.data().startswith("<i>Bridge</i> — ")  # the characters, not markup
    assert "&lt;img" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_escape_closes_the_search_and_the_list_comes_back(make_window, open_workspace, qtbot):
    window = ready_window(make_window, open_workspace, qtbot)
    search_for(qtbot, window, "rain", hits=1)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Escape)
    assert window.search.field.text() == ""
    assert window.documents.isVisible() and not window.search.hits.isVisible()


def test_a_command_line_import_shows_up_in_the_open_window(
    make_window, open_workspace, qtbot, settings, tmp_path
):
    window = ready_window(make_window, open_workspace, qtbot)
    window.documents.view.selectRow(window.documents.model.row_of("zz-copy"))
    until_saved(qtbot, window)  # opened
    assert window.review.document.id == "zz-copy"
    new = Document(
        id="cli-doc", text="Ministers said the budget is late.", meta={"title": "Budget"}
    )
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(jsonl.document_to_dict(new)) + "\n", encoding="utf-8")
    run_cli("--db", settings.database, "import", "--no-annotate", path, data_dir=tmp_path)

    model = window.documents.model
    qtbot.waitUntil(lambda: model.row_of("cli-doc") is not None, timeout=10_000)
    assert model.index(model.row_of("cli-doc"), 0).data() == "Budget"
    assert window.documents.view.currentIndex().row() == model.row_of("zz-copy")  # kept
    assert window.review.document.id == "zz-copy"


def test_the_window_reopens_at_the_last_statement(make_window, open_workspace, qtbot):
    window = ready_window(make_window, open_workspace, qtbot)
    for _ in range(2):  # the next document, twice (the list is in id order)
        qtbot.keyClick(window.statements.view, Qt.Key.Key_PageDown, CTRL)
    until_saved(qtbot, window)  # opened
    assert window.review.document.id == "zz-copy"
    window.statements.select_statement("q2")
    window.close()

    again = make_window()
    qtbot.waitUntil(lambda: again.review.document is not None)
    assert again.review.document.id == "zz-copy"
    assert again.statements.selected_statement_id() == "q2"
    assert again.documents.view.currentIndex().row() == again.documents.model.row_of("zz-copy")


def test_the_place_is_on_disk_while_working_so_a_crash_keeps_it(
    make_window, open_workspace, qtbot, ui_store, tmp_path
):
    """A crash or a killed process never runs closeEvent: the place is written as the user
    moves, and a new window reading only the file on disk reopens there."""
    window = ready_window(make_window, open_workspace, qtbot)
    for _ in range(2):  # the next document, twice (the list is in id order)
        qtbot.keyClick(window.statements.view, Qt.Key.Key_PageDown, CTRL)
    qtbot.keyClick(window.statements.view, Qt.Key.Key_J)  # the next statement
    until_saved(qtbot, window)  # J waited for the document to open, then acted
    assert (window.review.document.id, window.statements.selected_statement_id()) == (
        "zz-copy",
        "q2",
    )
    on_disk = tmp_path / "ui-state.ini"
    assert ui_store.fileName() == str(on_disk)

    def written() -> str:
        return on_disk.read_text() if on_disk.exists() else ""

    qtbot.waitUntil(lambda: "statement=q2" in written(), timeout=5000)
    assert "document=zz-copy" in written()
    assert window.isVisible()  # never closed: nothing was saved by closing

    # What the next launch finds: a copy of the file as it is now, in a store of its own
    # (QSettings objects on one path share their cache within a process).
    after_crash = tmp_path / "after-crash.ini"
    shutil.copy(on_disk, after_crash)
    again = make_window(store=QSettings(str(after_crash), QSettings.Format.IniFormat))
    qtbot.waitUntil(lambda: again.review.document is not None)
    assert again.review.document.id == "zz-copy"
    assert again.statements.selected_statement_id() == "q2"


def test_a_place_in_a_document_gone_falls_back_to_the_first(
    make_window, open_workspace, qtbot, ui_store, settings
):
    from annotator.qt import ui_state

    window = ready_window(make_window, open_workspace, qtbot)
    url = window._workspace.url
    window.close()
    ui_state.save_place(ui_store, url, "no-such-document", "q9")
    again = make_window()
    qtbot.waitUntil(lambda: again.review.document is not None)
    assert again.review.document.id == SEED_ID
