"""File > Import and File > Export as a user drives them: keys and clicks, a worker with a
progress bar and Cancel, and the full, copyable list of what failed."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_main_window import wait_for_seed

from annotator.core.commands import AcceptStatement, MarkDocumentDone

ARTICLE = "Egypt's foreign minister said on Sunday that the talks would resume next week.\n"


def _folder(tmp_path, good: int = 2):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    for n in range(good):
        (folder / f"good{n}.txt").write_text(ARTICLE.replace("Sunday", f"day {n}"))
    (folder / "sub" / "bad.txt").write_bytes(b"\x00\x01 not text")
    (folder / "sub" / "table.csv").write_text("id,text\nrow-1,The mayor said so.\n,\n")
    return folder


def test_import_and_export_are_in_the_file_menu_with_their_keys(make_window):
    window = make_window()
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    assert "&Import articles…" in texts and "&Export dataset…" in texts
    assert window.actions["import"].shortcut().toString() == "Ctrl+I"
    assert window.actions["export"].shortcut().toString() == "Ctrl+E"


def _open_import(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    return dialog


def test_a_folder_is_imported_from_the_dialog_and_every_failure_can_be_copied(
    make_window, qtbot, tmp_path
):
    window = make_window()
    wait_for_seed(qtbot, window)
    dialog = _open_import(qtbot, window)
    folder = _folder(tmp_path)
    dialog.add_paths([folder])  # what "Add folder…" gives from the folder dialog
    assert [p.name for p in dialog.chosen_paths()] == ["articles"]
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert sorted(report.imported) == ["good0", "good1", "row-1"]
    assert dialog.panel.progress.maximum() == 5  # 2 texts, the bad one, 2 table rows
    assert dialog.panel.progress.value() == dialog.panel.progress.maximum()
    assert dialog.panel.summary.text().startswith("Import finished: 3 imported")
    lines = dialog.panel.failures.toPlainText().splitlines()
    assert lines[0].startswith(f"error: {folder / 'sub' / 'bad.txt'}: cannot tell the character")
    assert f"error: {folder / 'sub' / 'table.csv'}:3: the 'text' cell is empty" in lines
    qtbot.mouseClick(dialog.panel.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dialog.panel.failures.toPlainText()
    ids = {window.documents.model.document_id(r) for r in range(window.documents.model.rowCount())}
    assert {"good0", "good1", "row-1"} <= ids
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())  # ready for the next import
    dialog.grab().save(str(tmp_path / "import-dialog.png"))


def test_an_import_is_cancelled_from_the_dialog_and_keeps_what_it_stored(
    make_window, open_workspace, qtbot, tmp_path
):
    window = make_window()
    wait_for_seed(qtbot, window)
    dialog = _open_import(qtbot, window)
    dialog.add_paths([_folder(tmp_path, good=120)])
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.panel.progress.value() > 0, timeout=60_000)
    qtbot.mouseClick(dialog.panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=60_000)
    assert dialog.panel.summary.text() == "Import cancelled: what was stored stays"
    stored = open_workspace().document_count()
    assert 1 < stored < 1 + 122  # the seed, some of the folder, not all of it


def _review_the_seed(open_workspace) -> str:
    workspace = open_workspace()
    (doc_id,) = [s.id for s in workspace.list_documents()]
    first = workspace.load_document(doc_id).statements[0]
    workspace.apply(AcceptStatement(doc_id, first.id))
    workspace.apply(MarkDocumentDone(doc_id))
    return first.cue.text


def test_the_gold_is_exported_from_the_dialog_as_csv(make_window, open_workspace, qtbot, tmp_path):
    window = make_window()
    wait_for_seed(qtbot, window)
    cue = _review_the_seed(open_workspace)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    dialog.format.setFocus()
    while dialog.chosen_format() != "csv":
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
    out = tmp_path / "gold.csv"
    qtbot.keyClicks(dialog.output, str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.panel.summary.text().startswith("Exported"), timeout=60_000)
    assert dialog.panel.summary.text() == (
        "Exported 1 documents, 1 statements, 0 entities written as csv"
    )
    assert dialog.panel.progress.maximum() == 1 and dialog.panel.progress.value() == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["status"], r["cue"]) for r in rows] == [("accepted", cue)]
    assert f"wrote: {out}" in dialog.panel.failures.toPlainText()
    dialog.grab().save(str(tmp_path / "export-dialog.png"))


def test_an_export_with_no_decisions_says_so_and_writes_nothing(make_window, qtbot, tmp_path):
    window = make_window()
    wait_for_seed(qtbot, window)
    dialog = window.show_export_dialog()
    qtbot.keyClicks(dialog.output, str(tmp_path / "nothing.jsonl"))
    assert dialog.annotator.currentText() == "dana"
    dialog.annotator.lineEdit().clear()
    qtbot.keyClicks(dialog.annotator.lineEdit(), "zoe")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no decisions" in dialog.panel.summary.text(), timeout=60_000)
    assert dialog.panel.summary.text().startswith("zoe has made no decisions in this database")
    assert list(tmp_path.glob("nothing*")) == []


def test_a_bad_split_is_said_before_anything_runs(make_window, qtbot, tmp_path):
    window = make_window()
    dialog = window.show_export_dialog()
    qtbot.keyClicks(dialog.output, str(tmp_path / "x.jsonl"))
    qtbot.keyClicks(dialog.split, "0.8,0.4")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "add up to 1" in dialog.panel.summary.text()
    assert dialog.export_button.isEnabled()
