"""File > Export: a dataset of the gold (or more), filtered and split, written in a worker.

The same service as `annotator export` (`services.exporting.export`): the format, whose
decisions, gold only or with suggestions, documents done or all, outlet and dates, and a
reproducible split. The export is written whole or not at all; cancelling leaves nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.task_panel import TaskPanel
from annotator.qt.workers import Cancelled, Progress, Task, TaskRunner
from annotator.services.exporting import (
    EXPORT_FORMATS,
    SUFFIXES,
    ExportCancelled,
    NothingToExport,
    Selection,
    Split,
    export,
)

EXPORT_TASK = "export-dialog"
DOCUMENT_LABELS = (
    ("those the annotator marked done (the gold)", "done"),
    ("those the annotator has not marked done", "open"),
    ("all", "all"),
)
FORMAT_NAMES = {
    "jsonl": "JSONL exchange format (lossless)",
    "spacy": "spaCy DocBin (.spacy, for spacy train)",
    "csv": "CSV of statements (spreadsheets)",
    "brat": "brat standoff (folder)",
    "conll": "CoNLL BIO entities",
    "claimreview": "ClaimReview JSON-LD (statements with a verdict)",
}


def run_export(workspace, output, selection, fmt, split, progress: Progress, cancel: Cancelled):
    """Export in the worker; returns the report, or a sentence saying why nothing was written."""
    progress(0, 0, "Exporting")
    try:
        return export(
            workspace,
            output,
            selection,
            fmt=fmt,
            split=split,
            progress=lambda done, total: progress(done, total, "Exporting"),
            cancelled=cancel,
        )
    except NothingToExport as exc:
        return str(exc)
    except ExportCancelled:
        return "Export cancelled: nothing was written"


class ExportDialog(QDialog):
    """The export's options, then its progress and what it wrote."""

    def __init__(self, workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export dataset")
        self._workspace, self._runner = workspace, runner
        self.format = QComboBox(self)
        for fmt in EXPORT_FORMATS:
            self.format.addItem(FORMAT_NAMES[fmt], fmt)
        self.format.currentIndexChanged.connect(self._suggest_output)
        self.output = QLineEdit(self)
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.clicked.connect(self._choose_output)
        self.annotator = QComboBox(self)
        self.annotator.setEditable(True)  # a name not registered yet is said to have no work
        self.annotator.addItems(sorted({workspace.user, *workspace.annotator_names()}))
        self.annotator.setCurrentText(workspace.user)
        self.documents = QComboBox(self)
        for label, choice in DOCUMENT_LABELS:
            self.documents.addItem(label, choice)
        self.suggestions = QCheckBox("Include &suggestions nobody reviewed", self)
        self.outlet = QLineEdit(self)
        self.outlet.setPlaceholderText("any outlet")
        self.since = QLineEdit(self)
        self.since.setPlaceholderText("YYYY-MM-DD")
        self.until = QLineEdit(self)
        self.until.setPlaceholderText("YYYY-MM-DD")
        self.split = QLineEdit(self)
        self.split.setPlaceholderText("e.g. 0.8,0.1,0.1 (empty: one file)")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.panel = TaskPanel(self)
        self.panel.ended.connect(lambda: self.export_button.setEnabled(True))
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self._layout()
        self.resize(640, 560)

    def _layout(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(self.browse_button)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(self.until)
        split = QHBoxLayout()
        split.addWidget(self.split, 1)
        split.addWidget(self.seed)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow(self._label("&Output:", self.output), where)
        form.addRow("&Annotator:", self.annotator)
        form.addRow("&Documents:", self.documents)
        form.addRow("", self.suggestions)
        form.addRow("Ou&tlet:", self.outlet)
        form.addRow("Published from, to:", dates)
        form.addRow(self._label("S&plit (train,dev,test), seed:", self.split), split)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.buttons)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        # A row whose field is a layout gets no buddy from QFormLayout: its & would show.
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def chosen_format(self) -> str:
        return self.format.currentData()

    def _suggest_output(self) -> None:
        text = self.output.text().strip()
        if text:
            path = Path(text)
            stem = path.name.removesuffix(path.suffix) if path.suffix else path.name
            self.output.setText(str(path.with_name(stem + SUFFIXES[self.chosen_format()])))

    def _choose_output(self) -> None:
        if self.chosen_format() == "brat":
            name = QFileDialog.getExistingDirectory(self, "Export into a new folder")
        else:
            suffix = SUFFIXES[self.chosen_format()]
            name, _ = QFileDialog.getSaveFileName(self, "Export dataset", f"gold{suffix}")
        if name:
            self.output.setText(name)

    def selection(self) -> tuple[Selection, Split | None]:
        """What the form asks for; ValueError saying what is wrong with it."""

        def text(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        selection = Selection(
            self.annotator.currentText().strip() or self._workspace.user,
            documents=self.documents.currentData(),
            include_suggestions=self.suggestions.isChecked(),
            outlet=text(self.outlet),
            since=text(self.since),
            until=text(self.until),
        )
        shares = text(self.split)
        return selection, Split.parse(shares, self.seed.value()) if shares else None

    def start(self) -> bool:
        """Export in a worker; False (and why, in the summary) when the form is not ready."""
        output = self.output.text().strip()
        if not output:
            self.panel.summary.setText("Choose where to write the export (Output)")
            return False
        try:
            selection, split = self.selection()
        except ValueError as exc:
            self.panel.summary.setText(str(exc))
            return False
        if self.panel.running:
            return False
        workspace, fmt = self._workspace, self.chosen_format()
        task = Task(
            EXPORT_TASK,
            lambda p, c: run_export(workspace, Path(output), selection, fmt, split, p, c),
        )
        # A bound method, never a lambda: a slot of this QObject runs on the GUI thread.
        task.succeeded.connect(self._on_done)
        self.export_button.setEnabled(False)
        self.panel.run(
            task,
            self._runner,
            failed="Export failed",
            cancelled="Export cancelled: nothing was written",
        )
        return True

    def _on_done(self, result) -> None:
        if isinstance(result, str):
            self.panel.finished(result, [])
            return
        written = [f"wrote: {path}" for path in result.files]
        notes = [f"note: {note}" for note in result.notes]
        self.panel.finished(f"Exported {result.summary()}", notes + written)

    def reject(self) -> None:
        """Close: a running export is cancelled first (it leaves nothing behind)."""
        self.panel.cancel()
        super().reject()
