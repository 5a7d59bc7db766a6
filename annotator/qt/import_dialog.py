"""File > Import: choose files and folders, import them in a worker, see every failure.

The same service as `annotator import` (`corpus.import_documents`): each file is read on its
own, a bad one is listed by name and line with the reason while the others arrive. The
progress bar counts items against a total from a quick first pass (`corpus.count_inputs`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.task_panel import TaskPanel
from annotator.qt.workers import Cancelled, Progress, Task, TaskRunner

IMPORT_TASK = "import-dialog"
FILE_FILTER = "Articles (*.txt *.jsonl *.ndjson *.html *.htm *.xhtml *.csv *.tsv);;All files (*)"


def run_import(
    workspace, paths: list[Path], nlp, options: dict, progress: Progress, cancelled: Cancelled
):
    """Count, read, pre-annotate and store `paths`; returns the import report."""
    from annotator.services.corpus import count_inputs, import_documents, read_inputs

    total = count_inputs(paths)
    progress(0, total, "Importing")
    return import_documents(
        workspace,
        read_inputs(paths, **options),
        nlp,
        progress=lambda done: progress(done, total, "Importing"),
        cancelled=cancelled,
    )


def failure_lines(report) -> list[str]:
    """Every failed input and every notice, one a line, as the command line prints them."""
    return [f"error: {e}" for e in report.errors] + [f"note: {n}" for n in report.notices]


class ImportDialog(QDialog):
    """Files and folders to import, the options, and the running import's progress."""

    imported = Signal(object)

    def __init__(
        self,
        workspace,
        get_nlp: Callable[[], object],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import articles")
        self._workspace, self._get_nlp, self._runner = workspace, get_nlp, runner
        self.paths = QListWidget(self)
        self.add_files_button = QPushButton("Add &files…", self)
        self.add_folder_button = QPushButton("Add f&older…", self)
        self.remove_button = QPushButton("&Remove", self)
        self.add_files_button.clicked.connect(self._choose_files)
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        self.accept_damaged = QCheckBox("Import text with &damaged bytes (each marked by �)", self)
        self.text_column = QLineEdit("text", self)
        self.text_column.setToolTip("The column of a CSV or TSV table that holds the article")
        self.annotate = QCheckBox("&Pre-annotate what has no annotations yet", self)
        self.annotate.setChecked(True)
        self.panel = TaskPanel(self)
        self.panel.ended.connect(self._update_buttons)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self._layout()
        self._update_buttons()
        self.resize(640, 520)

    def _layout(self) -> None:
        chooser = QHBoxLayout()
        chooser.addWidget(self.add_files_button)
        chooser.addWidget(self.add_folder_button)
        chooser.addWidget(self.remove_button)
        chooser.addStretch(1)
        options = QFormLayout()
        options.addRow("CSV text column:", self.text_column)
        layout = QVBoxLayout(self)
        layout.addWidget(self.paths, 1)
        layout.addLayout(chooser)
        layout.addWidget(self.annotate)
        layout.addWidget(self.accept_damaged)
        layout.addLayout(options)
        layout.addWidget(self.panel, 2)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ choosing
    def add_paths(self, paths: list[Path]) -> None:
        """Add files or folders to the list (each once)."""
        present = set(self.chosen_paths())
        for path in paths:
            if Path(path) not in present:
                self.paths.addItem(str(path))
                present.add(Path(path))
        self._update_buttons()

    def chosen_paths(self) -> list[Path]:
        return [Path(self.paths.item(row).text()) for row in range(self.paths.count())]

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", FILE_FILTER)
        self.add_paths([Path(name) for name in names])

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if name:
            self.add_paths([Path(name)])

    def _remove_selected(self) -> None:
        for item in self.paths.selectedItems():
            self.paths.takeItem(self.paths.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.panel.running
        self.import_button.setEnabled(bool(self.paths.count()) and not running)
        for widget in (self.add_files_button, self.add_folder_button, self.remove_button):
            widget.setEnabled(not running)

    # ------------------------------------------------------------------- running
    def start(self) -> bool:
        """Import the chosen paths in a worker; False (and why, in the summary) if not now."""
        nlp = self._get_nlp() if self.annotate.isChecked() else None
        if self.annotate.isChecked() and nlp is None:
            self.panel.summary.setText(
                "The language model is still loading; import once it is ready "
                "(or without pre-annotation)"
            )
            return False
        if self.panel.running or self._runner.is_running(IMPORT_TASK):
            self.panel.summary.setText("An import is already running")
            return False
        workspace, paths = self._workspace, self.chosen_paths()
        options = {
            "accept_damaged": self.accept_damaged.isChecked(),
            "text_column": self.text_column.text().strip() or "text",
        }
        task = Task(IMPORT_TASK, lambda p, c: run_import(workspace, paths, nlp, options, p, c))
        task.succeeded.connect(self._on_done)
        self.panel.run(
            task,
            self._runner,
            failed="Import failed",
            cancelled="Import cancelled: what was stored stays",
        )
        self._update_buttons()
        return True

    def _on_done(self, report) -> None:
        self.panel.finished(f"Import finished: {report.summary()}", failure_lines(report))
        self.imported.emit(report)

    def reject(self) -> None:
        """Close: a running import is cancelled first (what it stored stays)."""
        self.panel.cancel()
        super().reject()
