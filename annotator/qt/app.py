"""`run_gui(settings)`: the desktop application's entry point."""

from __future__ import annotations

import sys
from importlib.resources import files

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.settings import Settings
from annotator.qt import ui_state
from annotator.qt.appearance import apply_type_scale
from annotator.qt.main_window import MainWindow


def app_icon() -> QIcon:
    """The window icon, from resources/icons: an SVG, drawn sharp at any size and scale."""
    path = files("annotator.resources").joinpath("icons", "annotator.svg")
    return QIcon(str(path))


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one when there is one), named and styled."""
    if QApplication.instance() is None:
        # Qt 6 always scales by the screen's factor; pass fractional factors (125 %, 150 %)
        # through instead of rounding them, so text and the SVG icon stay sharp and sized.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ui_state.ORGANISATION)
    app.setApplicationName(ui_state.APPLICATION)
    app.setApplicationDisplayName("Annotator")
    app.setStyle("Fusion")  # the same look on every platform; the window sets the palette
    apply_type_scale(app)
    app.setWindowIcon(app_icon())
    return app


def run_gui(settings: Settings) -> int:
    """Open the workspace, show the main window at once, run until it closes."""
    from annotator.services.errors import StoreError
    from annotator.services.workspace import Workspace

    app = create_application()
    try:
        workspace = Workspace.open(
            settings.database, settings.user, busy_timeout_ms=settings.lock_wait_ms
        )
    except StoreError as error:
        box = QMessageBox(QMessageBox.Icon.Critical, "Annotator", "Cannot open the database.")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a path or a server's words, not HTML
        box.setInformativeText(str(error))
        box.exec()
        return 1
    try:
        window = MainWindow(settings, workspace)
        window.show()
        window.start()
        return app.exec()
    finally:
        workspace.close()
