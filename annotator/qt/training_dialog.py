"""Model > Train from my gold: train on the gold in this database, in a worker, with progress
and Cancel; then the held-out figures of the rules and of the trained pipeline, as plain text.

The same service as `annotator train --gold database` (`training_runs.run_training`): the
pipeline goes to a new folder under the data folder's models/, written whole or not at all;
a cancel leaves nothing there. "Use this model" hands the folder to the window's
`ModelSwitch`.
"""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.settings import Settings
from annotator.qt.task_panel import TaskPanel
from annotator.qt.workers import Cancelled, Progress, Task, TaskRunner
from annotator.services.models import models_dir

TRAIN_TASK = "train-from-gold"


def train_from_gold(settings: Settings, progress: Progress, cancelled: Cancelled):
    """The training report; None when cancelled; the reason (a str) when the gold cannot
    train. Runs in the worker."""
    from annotator.services.training import TrainingError
    from annotator.services.training_runs import TrainingCancelled, TrainingRequest, run_training

    try:
        report = run_training(
            TrainingRequest(),
            settings,
            progress=lambda stage, done, total: progress(done, total, stage),
            cancelled=cancelled,
        )
    except TrainingCancelled:
        return None
    except TrainingError as exc:
        return str(exc)
    if cancelled():  # Cancel pressed as the run ended: the panel will say nothing was saved
        shutil.rmtree(report.output, ignore_errors=True)
        return None
    return report


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class TrainingDialog(QDialog):
    """What training does, its progress, and the figures when it is done."""

    #: The user wants the trained pipeline (its folder) to make the suggestions.
    use_requested = Signal(str)

    def __init__(self, settings: Settings, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Train from my gold")
        self._settings, self._runner = settings, runner
        self.trained_location = ""
        self.intro = _plain_label(
            "Trains the learned parts (cue proposer, span chooser, statement filter) on your "
            f"gold: the documents {settings.user} "
            "marked done in this database, with your accepted, corrected and added statements. "
            "A fifth of them (chosen with a fixed seed) is held out to measure the rules "
            "against the trained pipeline. The pipeline is saved to a new folder in "
            f"{models_dir()}; nothing else changes until you choose to use it.",
            self,
        )
        self.stage = _plain_label("", self)
        self.panel = TaskPanel(self)
        self.panel.failures.setMaximumHeight(80)
        self.panel.ended.connect(self._update_buttons)
        self.results = QPlainTextEdit(self)
        self.results.setReadOnly(True)
        self.results.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.results.setPlaceholderText(
            "The held-out figures of the rules and of the trained pipeline appear here."
        )
        self.buttons = QDialogButtonBox(self)
        self.train_button = self.buttons.addButton("&Train", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button = self.buttons.addButton(
            "&Use this model", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.train_button.clicked.connect(self.start)
        self.use_button.clicked.connect(self._use)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.stage)
        layout.addWidget(self.panel)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.buttons)
        self._update_buttons()
        self.resize(680, 560)

    def start(self) -> bool:
        """Train in a worker; False (and why) when a run is under way."""
        if self.panel.running or self._runner.is_running(TRAIN_TASK):
            self.panel.summary.setText("Training is already running")
            return False
        settings = self._settings
        self.trained_location = ""
        self.results.clear()
        task = Task(TRAIN_TASK, lambda p, c: train_from_gold(settings, p, c))
        task.progressed.connect(self._on_stage)
        task.succeeded.connect(self._on_done)
        self.panel.run(
            task,
            self._runner,
            failed="Training failed: nothing was saved",
            cancelled="Training cancelled: nothing was saved",
        )
        self._update_buttons()
        return True

    def _on_stage(self, done: int, total: int, stage: str) -> None:
        counted = f": {done} of {total}" if total > 1 else " …"
        self.stage.setText(f"{stage[:1].upper()}{stage[1:]}{counted}")

    def _on_done(self, result) -> None:
        self.stage.setText("")
        if result is None:
            return  # cancelled: the panel says so
        if isinstance(result, str):
            self.panel.finished("Training failed: nothing was saved", [f"error: {result}"])
            return
        from annotator.services.training_runs import comparison_text

        self.trained_location = str(result.output)
        self.panel.finished(f"Trained: {result.pipeline}, saved to {result.output}", [])
        self.results.setPlainText(f"{comparison_text(result)}\n\n{result.to_text()}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.panel.running
        self.train_button.setEnabled(not running)
        self.use_button.setEnabled(bool(self.trained_location) and not running)
        if not running and not self.trained_location:
            self.stage.setText("")

    def _use(self) -> None:
        self.use_requested.emit(self.trained_location)

    def reject(self) -> None:
        """Close: a running training is cancelled first (nothing of it is saved)."""
        self.panel.cancel()
        super().reject()
