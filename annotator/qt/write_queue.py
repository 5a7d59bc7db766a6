"""Writes off the GUI thread, in the order the keys were pressed.

A commit waits for the disk (`synchronous=FULL`: an `fsync`) and, when another program holds
the database, for the busy timeout: neither may freeze the window. So a key press becomes an
*intention*, run on the GUI thread as soon as no write is in flight; an intention that edits
hands its command to one writer thread, and the next intention waits until that write has
committed and its `Change` has been painted. Each intention therefore sees what the previous
one saved: ten quick presses of A accept ten statements, Alt+→ twice moves an edge by two
words. Nothing is shown as saved before the commit returned (the `then` callback and the
"Saved" message come after it).

Opening a document is queued the same way (`in_turn`): its reads run on the writer thread, so
a slow or locked team server does not freeze the window either, the read sees every save
before it, and the keys pressed after it wait until the document is shown.
"""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QObject, QTimer, Signal

from annotator.services.errors import StoreError

Intention = Callable[[], None]
#: How long a write waits for the frame that shows the key press (Qt paints within ~5 ms).
COMMIT_AFTER_MS = 12


@dataclass
class _Write:
    """A write handed to the writer thread, and what the GUI does once it is decided."""

    operation: Callable[[], Any]
    on_saved: Callable[[Any], None]
    on_failed: Callable[[StoreError], None]
    started: bool = False  # handed to the writer thread


class WriteQueue(QObject):
    """Runs intentions in order on the GUI thread and their writes one at a time elsewhere."""

    #: Emitted from the writer thread; Qt queues it into the GUI thread.
    _decided = Signal(object, object, object)  # write, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-writer")
        self._intentions: deque[Intention] = deque()
        self._in_flight: _Write | None = None
        self._running = False  # an intention is running (it may open a dialog)
        self._in_turn = False  # an intention or a decided write's callback is running
        self._decided.connect(self._on_decided)

    @property
    def idle(self) -> bool:
        """No write in flight and no intention waiting."""
        return self._in_flight is None and not self._intentions and not self._running

    def perform(self, intention: Intention) -> None:
        """Run `intention` now if nothing is being written, else after what is."""
        self._intentions.append(intention)
        self._pump()

    def in_turn(self, intention: Intention) -> None:
        """Run `intention` now when called by what is taking its turn (an intention, or the
        callback of a decided write: Ctrl+PgDown, an undo that opens its document), else
        queue it like a key press (a click in the document list waits for the keys before)."""
        if self._in_turn:
            intention()
        else:
            self.perform(intention)

    def write(
        self,
        operation: Callable[[], Any],
        on_saved: Callable[[Any], None],
        on_failed: Callable[[StoreError], None],
    ) -> None:
        """Run `operation` on the writer thread; then `on_saved(result)` or `on_failed(error)`
        on the GUI thread. Called while another write is in flight, it waits its turn."""
        if self._in_flight is not None:
            self._intentions.appendleft(lambda: self.write(operation, on_saved, on_failed))
            return
        job = _Write(operation, on_saved, on_failed)
        self._in_flight = job
        # The commit starts once the key's own feedback (the selection moved on) is painted:
        # its Python work holds the interpreter's lock, and started at once it stretched
        # that frame by 5-9 ms. One frame later costs the save no more than that frame.
        QTimer.singleShot(COMMIT_AFTER_MS, self, lambda: self._start(job))

    def _start(self, job: _Write) -> None:
        job.started = True
        self._writer.submit(job.operation).add_done_callback(lambda done: self._report(job, done))

    def _report(self, job: _Write, done: Future) -> None:
        # On the writer thread, after the Workspace told its subscribers: this signal is
        # queued behind the change notification, so the view is patched first.
        error = done.exception()
        self._decided.emit(job, None if error else done.result(), error)

    def _on_decided(self, job: _Write, result: Any, error: BaseException | None) -> None:
        self._in_flight = None
        before, self._in_turn = self._in_turn, True
        try:
            if error is None:
                job.on_saved(result)
            elif isinstance(error, StoreError):
                job.on_failed(error)
            else:  # a bug, not a refused save: say so and show where
                job.on_failed(StoreError(f"unexpected error: {error!r}"))
                traceback.print_exception(error)
        finally:
            self._in_turn = before
            self._pump()

    def _pump(self) -> None:
        if self._running:
            return  # an intention is running a nested event loop (a dialog): it goes on after
        self._running = True
        try:
            while self._in_flight is None and self._intentions:
                self._take_turn(self._intentions.popleft())
        finally:
            self._running = False

    def _take_turn(self, intention: Intention) -> None:
        # A dialog the intention opens runs a nested event loop: what arrives from outside
        # meanwhile (an import finished) also runs at once, as it did before opening moved
        # to the writer thread.
        before, self._in_turn = self._in_turn, True
        try:
            intention()
        finally:
            self._in_turn = before

    def drain(self, timeout_ms: int = 30_000) -> bool:
        """Run every waiting intention and write (closing the window); False on timeout."""
        deadline = QDeadlineTimer(timeout_ms)
        app = QCoreApplication.instance()
        while not self.idle and not deadline.hasExpired():
            self._pump()
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        return self.idle

    def shutdown(self) -> None:
        """Finish what is queued and stop the writer thread."""
        self.drain()
        self._writer.shutdown(wait=True)
