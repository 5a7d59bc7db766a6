"""Take the README screenshots: the window at start-up, after some review (also in the dark
theme and in the colour-blind safe colours), in the middle of a correction (words selected
in the article, the detail panel showing the speaker), and the anonymous-source queue.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/capture.py OUT

Uses a fresh database and private UI state in a temporary folder, so it shows what a new user
sees: the window at once, the model loading, then the seed article with its suggestions.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.settings import Settings
from annotator.qt.app import create_application
from annotator.qt.appearance import Colours, Theme
from annotator.qt.main_window import MainWindow
from annotator.qt.shortcuts_dialog import ShortcutsDialog
from annotator.services.workspace import Workspace


def save(window: MainWindow, path: Path) -> None:
    """The window as the screen shows it (frame included when a window manager draws one)."""
    screen = window.screen()
    picture = screen.grabWindow(window.winId()) if QApplication.platformName() == "xcb" else None
    if picture is None or picture.isNull():
        picture = window.grab()
    picture.save(str(path))
    print("saved", path)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    settings = Settings(database=str(folder / "annotator.sqlite3"), user="dana")
    app = create_application()
    workspace = Workspace.open(settings.database, settings.user)
    store = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, workspace, ui_store=store)
    window.show()
    window.start()
    QTimer.singleShot(300, lambda: save(window, out / "startup.png"))

    def when_ready() -> None:
        if window.statements.model.rowCount() == 0:
            QTimer.singleShot(200, when_ready)
            return
        window.statements.select_statement("q1")
        window.review.accept_selected()
        window.statements.select_statement("q2")
        window.review.reject_selected()
        window.statements.select_statement("q3")
        QTimer.singleShot(300, in_dark)

    def in_dark() -> None:
        save(window, out / "main-window.png")
        window.appearance.set_theme(Theme.DARK)
        QTimer.singleShot(300, in_colour_blind_colours)  # the screen shows the repaint

    def in_colour_blind_colours() -> None:
        save(window, out / "main-window-dark.png")
        window.appearance.set_theme(Theme.LIGHT)
        window.appearance.set_colours(Colours.COLOUR_BLIND)
        QTimer.singleShot(300, correct)

    def correct() -> None:
        save(window, out / "main-window-colour-blind.png")
        window.appearance.set_theme(Theme.SYSTEM)
        window.appearance.set_colours(Colours.STANDARD)
        # A fact-checker about to fix a speaker: the statement selected, its cue focused,
        # new words selected in the article, the detail panel open on the anonymous source.
        document = window.review.document
        anonymous = next(
            s for s in document.statements
            if (speaker := document.source_by_id(s.source_id)) and speaker.anonymity != "named"
        )
        window.statements.select_statement(anonymous.id)
        window.review.set_focus_part(("cue", 0))
        start = document.text.index("senior Palestinian official")
        window.article.view.select_range(start, start + len("senior Palestinian official"))
        window.article.view.snap_current_selection()
        QTimer.singleShot(300, finish)

    def finish() -> None:
        save(window, out / "correction.png")
        overlay = ShortcutsDialog(window)
        overlay.show()
        overlay.grab().save(str(out / "shortcuts.png"))  # the F1 overlay
        print("saved", out / "shortcuts.png")
        overlay.close()
        window.toggle_anonymous_queue()  # F7: the anonymous-source queue
        QTimer.singleShot(1000, queue)

    def queue() -> None:
        save(window, out / "anonymous-queue.png")
        window.close()
        workspace.close()
        app.quit()

    QTimer.singleShot(500, when_ready)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
