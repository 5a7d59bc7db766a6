"""Run slow work (loading spaCy, importing, pre-annotating) off the GUI thread.

A task is a plain function `work(progress, cancelled) -> result`: it reports progress by
calling `progress(done, total, message)` and stops early when `cancelled()` is true (Orange's
ConcurrentWidgetMixin idea). It never touches widgets; its results and progress reach the
GUI thread as queued signals. The runner keeps every thread it starts and joins them all on
`shutdown()`, so closing the window never destroys a running QThread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]


class Task(QObject):
    """One piece of work that runs in its own thread and reports back by signals."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, name: str, work: Work) -> None:
        super().__init__()
        self.name = name
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check; it may finish what it is doing."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Whether `cancel` was called; the work polls this."""
        return self._cancel.is_set()

    def run(self) -> None:
        """Do the work in the calling thread and report the outcome by signals."""
        try:
            result = self._work(self.progressed.emit, self.is_cancelled)
        except Exception as error:  # the GUI shows it; the thread must end cleanly
            detail = "".join(traceback.format_exception_only(error)).strip()
            traceback.print_exc()
            self.failed.emit(detail)
        else:
            if not self.is_cancelled():
                self.succeeded.emit(result)
        finally:
            self.finished.emit()


class _TaskThread(QThread):
    """A thread that runs one task and ends: no event loop, nothing to quit."""

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setObjectName(task.name)
        self._task = task

    def run(self) -> None:
        self._task.run()


class TaskRunner(QObject):
    """Starts tasks in threads, cancels and joins them all on shutdown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[Task, _TaskThread] = {}

    def start(self, task: Task) -> Task:
        """Run `task` in a new thread; connect its signals (to QObject slots) first."""
        thread = _TaskThread(task)
        thread.finished.connect(self._forget_finished)
        self._running[task] = thread
        thread.start()
        return task

    def is_running(self, name: str) -> bool:
        """Whether a task of that name has not finished yet."""
        return any(task.name == name and not t.isFinished() for task, t in self._running.items())

    def shutdown(self) -> None:
        """Cancel every task and wait for its thread to end."""
        for task in self._running:
            task.cancel()
        for thread in self._running.values():
            thread.wait()
        self._running.clear()

    @Slot()
    def _forget_finished(self) -> None:
        for task, thread in list(self._running.items()):
            if thread.isFinished():
                del self._running[task]
