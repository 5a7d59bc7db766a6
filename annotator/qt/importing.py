"""File > Import: read articles, pre-annotate and store them in a worker.

The same service as `annotator import` on the command line (`corpus.import_documents`); the
document list fills through the Workspace's change notifications as documents are stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from annotator.qt.workers import Cancelled, Progress, Task, TaskRunner
from annotator.services.workspace import Workspace

IMPORT_FILES = "import-files"


def import_files(
    workspace: Workspace, paths: list[Path], nlp, progress: Progress, cancelled: Cancelled
):
    """Read, pre-annotate and store the articles in `paths`; returns the import report."""
    from annotator.services.corpus import import_documents, read_inputs

    progress(0, 0, "Importing")
    return import_documents(
        workspace,
        read_inputs(paths),
        nlp,
        progress=lambda done: progress(done, 0, "Importing"),
        cancelled=cancelled,
    )


def report_text(report) -> str:
    """One status-bar line: the counts, and the first error when there is one."""
    text = f"Import finished: {report.summary()}"
    if report.errors:
        text += f" (first error: {report.errors[0]})"
    return text


class Importer(QObject):
    """Runs imports one at a time in a worker and reports to the status bar. An import asked
    for while the language model still loads waits for it (`model_ready`), the window
    staying usable meanwhile."""

    message = Signal(str)
    progress = Signal(int, int)
    finished = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        get_nlp: Callable[[], object],
        runner: TaskRunner,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._get_nlp = get_nlp
        self._runner = runner
        self._waiting: list[Path] = []

    def import_paths(self, paths: list[Path]) -> bool:
        """Start importing `paths` (once the model has loaded); False (and a message) when
        another import is under way."""
        if self._runner.is_running(IMPORT_FILES) or self._waiting:
            self.message.emit("An import is already running")
            return False
        nlp = self._get_nlp()
        if nlp is None:
            self._waiting = list(paths)
            self.message.emit("The import starts once the language model has loaded …")
            self.progress.emit(0, 0)
            return True
        self._start(list(paths), nlp)
        return True

    def model_ready(self, nlp) -> None:
        """The model has loaded: start the import that waited for it, if any."""
        paths, self._waiting = self._waiting, []
        if paths:
            self._start(paths, nlp)

    def model_failed(self, detail: str) -> None:
        """The model could not load: an import waiting for it will not start."""
        if self._waiting:
            self._waiting = []
            self.message.emit(f"Import not started: could not load the language model: {detail}")
            self.progress.emit(1, 1)

    def _start(self, paths: list[Path], nlp) -> None:
        workspace = self._workspace
        task = Task(IMPORT_FILES, lambda p, c: import_files(workspace, paths, nlp, p, c))
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_done)
        task.failed.connect(self._on_failed)
        self._runner.start(task)

    def _on_progress(self, done: int, _total: int, text: str) -> None:
        self.message.emit(f"{text}: {done} stored …")
        self.progress.emit(done, 0)

    def _on_done(self, report) -> None:
        self.message.emit(report_text(report))
        self.progress.emit(1, 1)
        self.finished.emit(report)

    def _on_failed(self, detail: str) -> None:
        self.message.emit(f"Import failed: {detail}")
        self.progress.emit(1, 1)
