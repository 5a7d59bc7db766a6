"""Fixtures for the GUI tests: a real database file, the real model, private UI state."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from workspace_fixtures import migrated_sqlite

from annotator.core.settings import Settings

USER = "dana"


@pytest.fixture(scope="session", autouse=True)
def _private_qsettings(tmp_path_factory):
    """Point every QSettings scope, and the settings folder (where the window keeps its UI
    state, `ui_state.ui_settings`), at a temporary folder: tests never touch the user's."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, folder)
    before = os.environ.get("ANNOTATOR_CONFIG_DIR")
    os.environ["ANNOTATOR_CONFIG_DIR"] = folder
    yield
    if before is None:
        os.environ.pop("ANNOTATOR_CONFIG_DIR", None)
    else:
        os.environ["ANNOTATOR_CONFIG_DIR"] = before


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a database file in tmp_path, empty and at the schema's head."""
    return Settings(database=str(migrated_sqlite(tmp_path / "annotator.sqlite3")), user=USER)


@pytest.fixture
def ui_store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_workspace(settings):
    """Opens Workspaces on the test database; all are closed after the test."""
    from annotator.services.workspace import Workspace

    opened = []

    def open_one(user: str = USER):
        workspace = Workspace.open(settings.database, user)
        opened.append(workspace)
        return workspace

    yield open_one
    for workspace in opened:
        workspace.close()


@pytest.fixture
def make_window(qtbot, settings, ui_store, open_workspace, nlp):
    """Builds, shows and starts a main window on the test database with the shared model."""
    from annotator.qt.main_window import MainWindow

    windows = []

    def make(load_nlp=None, store: QSettings | None = None):
        window = MainWindow(
            settings,
            open_workspace(),
            load_nlp=load_nlp or (lambda: nlp),
            ui_store=store if store is not None else ui_store,
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        window.start()
        return window

    yield make
    for window in windows:
        window.close()  # joins the workers before the workspaces close
