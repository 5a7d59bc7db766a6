"""The status bar says "Opening …" while a document is read for longer than a moment.

Opening reads the document on the writer thread (`ReviewController.open_document`): on a slow
or busy team server the user sees why the article has not changed yet. A quick read says
nothing, so it never covers a message such as "Seed corpus ready" with a flash of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStatusBar

#: What the status bar says (the document's title follows).
OPENING = "Opening "
#: Said once a read has taken this long: longer than a user takes for granted.
SAID_AFTER_MS = 200


class OpeningNotice(QObject):
    """Says "Opening <title> …" (by `show_message`, the window's way of saying things in
    `status_bar`) while a read lasts; takes it back after."""

    def __init__(
        self,
        status_bar: QStatusBar,
        show_message: Callable[[str], None],
        title_of: Callable[[str], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._status_bar, self._show_message, self._title_of = status_bar, show_message, title_of
        self._document_id = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAID_AFTER_MS)
        self._timer.timeout.connect(self._say)

    def on_opening(self, document_id: str) -> None:
        """A read of `document_id` started; "" when it ended (shown or refused)."""
        self._document_id = document_id
        if document_id:
            self._timer.start()
            return
        self._timer.stop()
        if self._status_bar.currentMessage().startswith(OPENING):  # not a later message
            self._status_bar.clearMessage()

    def _say(self) -> None:
        title = self._title_of(self._document_id)
        self._show_message(f"{OPENING}{title} …")
