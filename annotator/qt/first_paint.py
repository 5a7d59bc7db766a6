"""The moment the first document is on screen: what the launch is waiting for.

The language model starts loading only after it (loading spaCy holds the interpreter for a
second or more, and the window's first paint must not queue behind it), and with
`ANNOTATOR_REPORT_STARTUP` set the app writes the time to stderr for
`benchmarks/bench_launch.py` (`quit`: and then closes, as a launch benchmark wants).
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QTextEdit

#: Set to anything to report the first paint of a document; "quit" also closes the app then.
REPORT_ENV = "ANNOTATOR_REPORT_STARTUP"
#: The line written to stderr, followed by the wall-clock time (seconds since the epoch).
REPORT_PREFIX = "annotator: first document shown at"


class FirstPaint(QObject):
    """Emits `painted` once, right after the view first paints a document."""

    painted = Signal()

    def __init__(self, view: QTextEdit, has_document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._has_document = has_document
        self.done = False
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint and self._has_document():
            self.done = True
            self._view.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self, self.painted.emit)  # once this paint has finished
        return False


def report_when_painted(first_paint: FirstPaint) -> None:
    """With `ANNOTATOR_REPORT_STARTUP` set, write the time of the first paint to stderr."""
    mode = os.environ.get(REPORT_ENV)
    if not mode:
        return

    def report() -> None:
        print(f"{REPORT_PREFIX} {time.time():.6f}", file=sys.stderr, flush=True)
        if mode == "quit":
            QApplication.closeAllWindows()

    first_paint.painted.connect(report)
