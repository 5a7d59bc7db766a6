"""`run_gui` as `annotator gui` calls it: the window opens, fills, returns when closed."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.qt.app import run_gui
from annotator.qt.main_window import MainWindow

POLL_MS = 50
GIVE_UP_AFTER = 1200  # polls: a minute, so a broken start fails instead of hanging


def test_run_gui_shows_the_seed_article_and_returns_when_closed(settings):
    seen: list[str] = []
    polls = iter(range(GIVE_UP_AFTER))

    def close_when_ready() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        shown = [w for w in windows if w.isVisible()]
        ready = shown and shown[0].statements.model.rowCount() > 0
        if ready or next(polls, None) is None:
            if ready:
                seen.append(shown[0].article.view.toPlainText()[:20])
            for window in shown:
                window.close()
            if not ready:
                QApplication.quit()
        else:
            QTimer.singleShot(POLL_MS, close_when_ready)

    QTimer.singleShot(0, close_when_ready)
    assert run_gui(settings) == 0
    assert seen == ["A Palestinian leader"]
