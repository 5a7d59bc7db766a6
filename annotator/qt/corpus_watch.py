"""Notice documents another process added (a command-line import while the window is open).

A timer asks the workspace every second for its corpus stamp (two index lookups, tens of
microseconds on the GUI thread). When the stamp moves, `changed` is emitted and the
document list reads its rows again, keeping the selection.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.services.workspace import StoreError

POLL_INTERVAL_MS = 1000


class CorpusWatcher(QObject):
    """Emits `changed` when documents were added to the database by anyone."""

    changed = Signal()

    def __init__(
        self, workspace, interval_ms: int = POLL_INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._stamp: object = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Take the current stamp and start asking."""
        self._stamp = self._stamp_or_none()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        """Ask once; emit `changed` if documents came."""
        stamp = self._stamp_or_none()
        if stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.changed.emit()

    def _stamp_or_none(self) -> object:
        try:
            return self._workspace.corpus_stamp()
        except StoreError:
            return None  # a server gone for a moment: the next tick asks again
