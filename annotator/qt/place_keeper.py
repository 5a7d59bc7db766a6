"""Where the user is in a database (the open document and statement), written down as they
move, so the app reopens there even after a crash or a killed process, not only after a
normal close.

Moves are gathered: the place is written once the user pauses (holding J through fifty
statements writes once), and only when it differs from what is already written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, QTimer

from annotator.qt import ui_state

#: How long after the last move the place is written (a pause, not every key press).
SAVE_DELAY_MS = 400

Place = tuple[str | None, str | None]


class PlaceKeeper(QObject):
    """Writes `where()` (document id, statement id) to the UI store a moment after a move."""

    def __init__(
        self,
        store: QSettings,
        database: str,
        where: Callable[[], Place],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._database, self._where = store, database, where
        self._written: Place = ui_state.place(store, database)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

    def moved(self, *_args: object) -> None:
        """The user moved (another document or statement): write the place after a pause."""
        self._timer.start()

    def save_now(self) -> None:
        """Write the place at once (the window closes), if there is one and it changed."""
        self._timer.stop()
        document_id, statement_id = self._where()
        if document_id is None or (document_id, statement_id) == self._written:
            return
        ui_state.save_place(self._store, self._database, document_id, statement_id)
        self._written = (document_id, statement_id)
