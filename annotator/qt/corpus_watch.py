"""Notice documents another process added (a command-line import, a colleague's on a team
server) while the window is open.

A timer asks the workspace every second for its corpus stamp, on a thread of its own: on
SQLite that is two index lookups, but on a PostgreSQL server it is a network round trip
that waits for a slow server, a dropped network or another client's table lock, and the
window must not wait with it. At most one question is out at a time (a tick while one is
out is skipped, never queued), and the answer comes back to the GUI thread by a queued
signal. When the stamp moves, `changed` is emitted and the document list reads its rows
again, keeping the selection.

The thread is a daemon started per question (not `workers.TaskRunner` or an executor, which
are joined on closing): a question stuck on the server must not keep the window or the
process from closing. Once `stop()` returned (or the watcher was deleted) no answer is
emitted.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.services.workspace import StoreError

POLL_INTERVAL_MS = 1000

#: The stamp before the first answer (None is an answer: the server could not be asked).
_UNASKED = object()


class _Gate:
    """Lets the polling thread emit only while the watcher listens. The lock is held while
    the thread checks and emits (posting an event: microseconds), so once `shut` returned
    nothing more is posted to a watcher that may be deleted next."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = False

    def set_open(self, is_open: bool) -> None:
        with self._lock:
            self._open = is_open

    def shut(self, *_destroyed) -> None:
        self.set_open(False)

    def pass_on(self, emit: Callable[[], None]) -> None:
        with self._lock:
            if self._open:
                emit()


class CorpusWatcher(QObject):
    """Emits `changed` when documents were added to the database by anyone."""

    changed = Signal()
    #: Emitted from the polling thread; Qt queues it into the GUI thread.
    _answered = Signal(object)

    def __init__(
        self, workspace, interval_ms: int = POLL_INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._stamp: object = _UNASKED
        self._asking = False  # a question is out (GUI thread only)
        self._gate = _Gate()
        self.destroyed.connect(self._gate.shut)
        self._answered.connect(self._on_answer)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        """Ask for the current stamp (the one changes are measured from) and go on asking."""
        self._gate.set_open(True)
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        """Stop asking; an answer still on its way is dropped. Never waits for the server."""
        self._timer.stop()
        self._gate.shut()
        self._asking = False  # that answer will not come: a new start may ask again

    def poll(self) -> None:
        """Ask once in the background, unless the last question is still out (or the
        watcher is stopped)."""
        if self._asking or not self._timer.isActive():
            return
        self._asking = True
        threading.Thread(target=self._ask, name="annotator-corpus-watch", daemon=True).start()

    def _ask(self) -> None:
        try:
            stamp = self._workspace.corpus_stamp()
        except StoreError:
            stamp = None  # a server gone for a moment: the next tick asks again
        except Exception:  # a bug: show where, and keep asking
            traceback.print_exc()
            stamp = None
        # The signal is looked up only through the gate: after `stop` the watcher may be gone.
        self._gate.pass_on(lambda: self._answered.emit(stamp))

    def _on_answer(self, stamp: object) -> None:
        self._asking = False
        if self._stamp is _UNASKED:
            self._stamp = stamp
        elif stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.changed.emit()
