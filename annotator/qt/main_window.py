"""The main window: composes the panels, the menus and the status bar, nothing more.

Behaviour lives in `ReviewController` (deciding statements, undo, refreshing), `Startup`
(model loading and the first import) and `Importer` (File > Import); the last two run their
work in the window's one `TaskRunner`, which closing the window cancels and joins.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QWidget,
)

from annotator.core.settings import Settings
from annotator.qt import ui_state
from annotator.qt.article_panel import ArticlePanel
from annotator.qt.changes import ChangeBridge
from annotator.qt.document_list import DocumentListPanel
from annotator.qt.importing import FILE_FILTER, Importer
from annotator.qt.review import ReviewController
from annotator.qt.startup import LoadNlp, Startup, default_loader
from annotator.qt.statement_panel import StatementPanel
from annotator.qt.workers import TaskRunner

DEFAULT_SIZE = (1360, 820)
DEFAULT_SPLIT = [260, 520, 580]
MESSAGE_TIMEOUT_MS = 0  # messages stay until the next one: the user reads them when ready


class MainWindow(QMainWindow):
    """Document list, article and statements side by side; the status bar below."""

    def __init__(
        self,
        settings: Settings,
        workspace,
        *,
        load_nlp: LoadNlp | None = None,
        ui_store: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Annotator — {settings.user}")
        self._ui_store = ui_store if ui_store is not None else ui_state.ui_settings()
        self.documents = DocumentListPanel(workspace, self)
        self.article = ArticlePanel(self)
        self.statements = StatementPanel(self)
        self.splitter = self._build_splitter()
        self.setCentralWidget(self.splitter)
        self._build_status_bar(settings)
        self.review = ReviewController(
            workspace, self.documents, self.article, self.statements, self.show_message, self
        )
        self._build_menus()
        self._bridge = ChangeBridge(workspace, self)
        self._bridge.changed.connect(self.review.on_change)
        self.runner = TaskRunner(self)
        loader = load_nlp or default_loader(settings.pipeline)
        self.startup = Startup(workspace, loader, self.runner, self)
        self.importer = Importer(workspace, self._loaded_nlp, self.runner, self)
        self._connect_background_work()
        self._restore_ui_state()
        self.review.emit_history()

    # ------------------------------------------------------------------ layout
    def _build_splitter(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        for panel in (self.documents, self.article, self.statements):
            splitter.addWidget(panel)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _build_status_bar(self, settings: Settings) -> None:
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.model_label = QLabel(f"Model: {settings.pipeline} (loading)", self)
        self._pipeline_name = settings.pipeline
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().addPermanentWidget(QLabel(f"Reviewer: {settings.user}", self))

    def _build_menus(self) -> None:
        self._build_file_menu(self.menuBar().addMenu("&File"))
        self._build_edit_menu(self.menuBar().addMenu("&Edit"))
        self._build_review_menu(self.menuBar().addMenu("&Review"))

    def _build_file_menu(self, menu) -> None:
        import_action = self._action(menu, "&Import articles…", ["Ctrl+I"])
        import_action.triggered.connect(self._choose_files_to_import)
        menu.addSeparator()
        self._action(menu, "&Quit", ["Ctrl+Q"]).triggered.connect(self.close)

    def _build_edit_menu(self, menu) -> None:
        # The texts follow the Workspace's undo log: "Undo Accept statement q3".
        self.undo_action = self._action(menu, "Undo", [QKeySequence.StandardKey.Undo])
        self.redo_action = self._action(menu, "Redo", ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.undo_action.triggered.connect(self.review.undo)
        self.redo_action.triggered.connect(self.review.redo)
        self.review.history_changed.connect(self._on_history_changed)

    def _build_review_menu(self, menu) -> None:
        accept = self._action(menu, "&Accept statement", ["A", "Return", "Enter"])
        reject = self._action(menu, "&Reject statement", ["R", "Delete"])
        menu.addSeparator()
        following = self._action(menu, "&Next statement", ["J"])
        previous = self._action(menu, "&Previous statement", ["K"])
        accept.triggered.connect(lambda: self._decide_unless_browsing(self.review.accept_selected))
        reject.triggered.connect(lambda: self._decide_unless_browsing(self.review.reject_selected))
        following.triggered.connect(self._select_next)
        previous.triggered.connect(self._select_previous)

    def _action(self, menu, text: str, keys: list) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        menu.addAction(action)
        return action

    def _decide_unless_browsing(self, decide) -> None:
        # The review keys are window-wide; while the document list has focus, Enter or Delete
        # must not decide a statement the user is not looking at: they go to the statements.
        if self.documents.view.hasFocus():
            self.statements.view.setFocus()
            return
        decide()

    def _select_next(self) -> None:
        self.statements.move(+1)

    def _select_previous(self) -> None:
        self.statements.move(-1)

    def _on_history_changed(self, undo_label: str, redo_label: str) -> None:
        self.undo_action.setText(f"Undo {undo_label}" if undo_label else "Undo")
        self.undo_action.setEnabled(bool(undo_label))
        self.redo_action.setText(f"Redo {redo_label}" if redo_label else "Redo")
        self.redo_action.setEnabled(bool(redo_label))

    # ----------------------------------------------------------------- startup
    def _connect_background_work(self) -> None:
        for worker in (self.startup, self.importer):
            worker.message.connect(self.show_message)
            worker.progress.connect(self._on_progress)
        self.startup.documents_ready.connect(self._on_documents_ready)
        self.startup.model_ready.connect(self._on_model_ready)
        self.startup.model_failed.connect(self._on_model_failed)
        self.importer.finished.connect(self._on_imported)

    def _on_model_ready(self, _nlp) -> None:
        self.model_label.setText(f"Model: {self._pipeline_name}")

    def _on_model_failed(self, _detail: str) -> None:
        self.model_label.setText(f"Model: {self._pipeline_name} (unavailable)")

    def _loaded_nlp(self):
        return self.startup.nlp

    def _choose_files_to_import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", FILE_FILTER)
        if names:
            self.import_files([Path(name) for name in names])

    def import_files(self, paths: list[Path]) -> bool:
        """Import, pre-annotate and store `paths` in the background (File > Import)."""
        return self.importer.import_paths(paths)

    def _on_imported(self, _report) -> None:
        self.documents.reload()
        self.review.open_first_document()

    def start(self) -> None:
        """Start the background work; call once the window is shown."""
        self.startup.start()

    def _on_documents_ready(self) -> None:
        self.documents.reload()
        self.review.open_first_document()
        self.statements.view.setFocus()  # ↑/↓ move through statements from the start

    def _on_progress(self, done: int, total: int) -> None:
        finished = total > 0 and done >= total
        self.progress_bar.setVisible(not finished)
        self.progress_bar.setRange(0, total)  # total 0: a busy indicator
        self.progress_bar.setValue(done)

    def show_message(self, text: str) -> None:
        """Show `text` in the status bar until the next message."""
        self.statusBar().showMessage(text, MESSAGE_TIMEOUT_MS)

    # ------------------------------------------------------------------ state
    def _restore_ui_state(self) -> None:
        if not ui_state.restore(self._ui_store, self, self.splitter):
            self.resize(*DEFAULT_SIZE)
            self.splitter.setSizes(DEFAULT_SPLIT)

    def closeEvent(self, event: QCloseEvent) -> None:
        ui_state.save(self._ui_store, self, self.splitter)
        self.hide()  # gone at once, even while a model that cannot be interrupted finishes loading
        self.runner.shutdown()
        self._bridge.disconnect_workspace()
        super().closeEvent(event)
