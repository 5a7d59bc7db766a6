"""Model > Re-suggest: run the model in use on the documents nobody has reviewed, in a worker,
with progress and Cancel (`services/resuggesting.py`, as `annotator resuggest`).

Documents anyone has touched keep their suggestions and every decision stays; a document
someone starts reviewing while this runs is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from annotator.qt.task_panel import TaskPanel
from annotator.qt.workers import Cancelled, Progress, Task, TaskRunner

RESUGGEST_TASK = "resuggest"


def run_resuggest(workspace, nlp, progress: Progress, cancelled: Cancelled):
    """The re-suggest report (runs in the worker)."""
    from annotator.services.resuggesting import resuggest

    return resuggest(
        workspace,
        nlp,
        progress=lambda done, total: progress(done, total, "Re-suggesting"),
        cancelled=cancelled,
    )


class ResuggestDialog(QDialog):
    """What a re-suggest does, then its progress and what it did."""

    #: A run ended (done, cancelled or failed): documents may hold new suggestions.
    ran = Signal()

    def __init__(
        self,
        workspace,
        get_nlp: Callable[[], object],
        model_label: Callable[[], str],
        busy: Callable[[], str],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Re-suggest documents nobody has reviewed")
        self._workspace, self._get_nlp, self._runner = workspace, get_nlp, runner
        self._model_label, self._busy = model_label, busy
        self.intro = QLabel(self)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self.panel = TaskPanel(self)
        self.panel.ended.connect(self._update_buttons)
        self.panel.ended.connect(self.ran)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(
            "&Re-suggest", QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.buttons)
        self.describe()
        self.resize(600, 380)

    def describe(self) -> None:
        """Say which model will run (call again when it changed)."""
        self.intro.setText(
            f"Runs {self._model_label()} on every document nobody has reviewed: no one has "
            "accepted, rejected, corrected or added anything in it, nor marked it done. Their "
            "suggestions are replaced. Documents anyone has touched keep theirs, and no "
            "decision changes."
        )

    def start(self) -> bool:
        """Re-suggest in a worker; False (and why, in the summary) if not now."""
        nlp, busy = self._get_nlp(), self._busy()
        reason = busy or ("The language model is still loading" if nlp is None else "")
        if not reason and (self.panel.running or self._runner.is_running(RESUGGEST_TASK)):
            reason = "Re-suggesting is already running"
        if reason:
            self.panel.summary.setText(f"{reason}: try again once it has finished")
            return False
        workspace = self._workspace
        task = Task(RESUGGEST_TASK, lambda p, c: run_resuggest(workspace, nlp, p, c))
        task.succeeded.connect(self._on_done)
        self.panel.run(
            task,
            self._runner,
            failed="Re-suggesting failed: the documents done so far keep their new suggestions",
            cancelled="Re-suggesting cancelled: the documents done so far keep their new "
            "suggestions",
        )
        self._update_buttons()
        return True

    def _on_done(self, report) -> None:
        self.panel.finished(f"Done: {report.summary()}", [])

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(not self.panel.running)

    def reject(self) -> None:
        """Close: a running re-suggest is cancelled (what it replaced stays replaced)."""
        self.panel.cancel()
        super().reject()
