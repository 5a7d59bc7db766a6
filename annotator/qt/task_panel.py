"""The bottom of the Import and Export dialogs: progress with its total, Cancel, and the full
list of what failed and why, as plain text the user can copy. It runs the dialog's task too:
progress, a failure and a cancellation read the same in both dialogs; what a success says
is the dialog's.

File names and error messages come from the user's files: they are shown as plain text
(`QPlainTextEdit`, labels in `Qt.PlainText`), never interpreted as rich text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.workers import Task, TaskRunner


class TaskPanel(QWidget):
    """Progress bar, Cancel, a summary line and the copyable list of failures."""

    #: The task ran to its end: done, failed or cancelled.
    ended = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self._failed_text = self._cancelled_text = ""
        self.progress = QProgressBar(self)
        self.progress.setFormat("%v of %m")
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Ca&ncel", self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._cancel)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.failures = QPlainTextEdit(self)
        self.failures.setReadOnly(True)
        self.failures.setPlaceholderText("What failed, and why, is listed here.")
        self.failures.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # reasons whole
        self.copy_button = QPushButton("Cop&y list", self)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_failures)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.failures, 1)
        layout.addLayout(copy_row)

    @property
    def running(self) -> bool:
        """Whether a task started here has not ended yet."""
        return self._task is not None

    def run(self, task: Task, runner: TaskRunner, *, failed: str, cancelled: str) -> None:
        """Start `task` in `runner` and follow it: its progress, its failure (summary
        `failed`, the error listed), its cancellation (summary `cancelled`). The dialog
        connects `task.succeeded` itself, before calling this."""
        self._task, self._failed_text, self._cancelled_text = task, failed, cancelled
        # Bound methods, never lambdas: a slot of this QObject runs on the GUI thread.
        task.progressed.connect(self._on_progress)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_finished)
        self.started(0)
        runner.start(task)

    def cancel(self) -> None:
        """Ask the running task to stop (what it decided to keep stays)."""
        if self._task is not None:
            self._task.cancel()

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        self.advance(done, total)

    def _on_failed(self, detail: str) -> None:
        self.finished(self._failed_text, [f"error: {detail}"])

    def _on_finished(self) -> None:
        if self._task is not None and self._task.is_cancelled():
            self.finished(self._cancelled_text, [])
        self._task = None
        self.ended.emit()

    def started(self, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.summary.setText("")
        self.show_failures([])

    def advance(self, done: int, total: int) -> None:
        """Progress of `done` items of `total` (a total that grew is followed, not exceeded)."""
        total = max(total, done, self.progress.maximum())
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def finished(self, summary: str, failures: list[str]) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.setValue(self.progress.maximum())
        self.summary.setText(summary)
        self.show_failures(failures)

    def show_failures(self, lines: list[str]) -> None:
        self.failures.setPlainText("\n".join(lines))
        self.copy_button.setEnabled(bool(lines))

    def copy_failures(self) -> None:
        """Put the whole list on the clipboard, one failure a line."""
        QApplication.clipboard().setText(self.failures.toPlainText())

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.summary.setText("Cancelling …")
        self.cancel()
