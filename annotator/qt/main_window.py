"""The main window: composes the panels, the menus and the status bar, nothing more.

Behaviour lives in `ReviewController` (deciding statements, undo, refreshing),
`CorrectionController` (spans, speakers, identity, new statements, entities), `Startup`
(model loading and the first import) and `Importer` (File > Import); the last two run their
work in the window's one `TaskRunner`, which closing the window cancels and joins. The menus
and their shortcuts are built from the one key map (`keymap.KEYMAP`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Document
from annotator.core.settings import Settings
from annotator.qt import ui_state
from annotator.qt.anonymous_mode import AnonymousReview
from annotator.qt.appearance import Appearance
from annotator.qt.article_panel import ArticlePanel
from annotator.qt.changes import ChangeBridge
from annotator.qt.corpus_watch import CorpusWatcher
from annotator.qt.correction import CorrectionController
from annotator.qt.detail_panel import DetailPanel
from annotator.qt.document_list import DocumentListPanel
from annotator.qt.first_paint import FirstPaint, report_when_painted
from annotator.qt.importing import Importer
from annotator.qt.keymap import ENTITY_KEYS, KEYMAP, MENUS, Binding, Scope
from annotator.qt.model_menu import ModelMenu
from annotator.qt.opening_notice import OpeningNotice
from annotator.qt.palette import known_entity_labels
from annotator.qt.place_keeper import PlaceKeeper
from annotator.qt.review import ReviewController
from annotator.qt.search_panel import SearchPanel
from annotator.qt.shortcuts_dialog import ShortcutsDialog
from annotator.qt.startup import LoadNlp, Startup, default_loader
from annotator.qt.statement_panel import StatementPanel
from annotator.qt.view_options import ViewOptions
from annotator.qt.workers import TaskRunner
from annotator.services.corpus_search import hit_range
from annotator.services.models import describe_pipeline, is_folder
from annotator.services.workspace import SearchHit, Workspace

if TYPE_CHECKING:  # the dialogs are imported when first opened, not at every launch
    from annotator.qt.export_dialog import ExportDialog
    from annotator.qt.import_dialog import ImportDialog

DEFAULT_SIZE = (1360, 820)
DEFAULT_SPLIT = [330, 470, 560]
#: Actions that neither edit nor depend on the edits before them: they act at once.
UNORDERED = frozenset(
    {"import", "quit", "shortcuts", "about", "open_data_folder", "search"}
    | {"train", "choose_model", "resuggest"}
    | {"zoom_in", "zoom_out", "zoom_reset"}
)
#: Where the statement list's order (U) is remembered: "article" or "uncertainty".
STATEMENT_ORDER = "review/statement_order"
#: Status messages expire; long enough to read a sentence twice.
MESSAGE_TIMEOUT_MS = 8000
#: The model starts loading once the first document is painted, or after this long at most
#: (a window that is never painted still gets its model).
MODEL_LOAD_AT_LATEST_MS = 2000


class MainWindow(QMainWindow):
    """Document list, article and statements side by side; the status bar below."""

    def __init__(
        self,
        settings: Settings,
        workspace: Workspace,
        *,
        load_nlp: LoadNlp | None = None,
        ui_store: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Annotator — {settings.user}")
        self._ui_store = ui_store if ui_store is not None else ui_state.ui_settings()
        self._settings, self._workspace = settings, workspace
        self.appearance = Appearance(self._ui_store, self)
        self.appearance.apply()  # before the panels exist, so they are styled once
        self.search = SearchPanel(workspace, self)
        self.documents = DocumentListPanel(workspace, self)
        self.article = ArticlePanel(self)
        self.statements = StatementPanel(self)
        self.detail = DetailPanel(self)
        self.splitter = self._build_splitter()
        self._build_status_bar(settings)
        self.runner = TaskRunner(self)
        self.review = ReviewController(
            workspace,
            self.documents,
            self.article,
            self.statements,
            self.detail,
            self.show_message,
            self,
        )
        notice = OpeningNotice(
            self.statusBar(), self.show_message, self.documents.heading_of, self
        )
        self.review.opening.connect(notice.on_opening)
        self.correction = CorrectionController(
            self.review, self.article.view, self.detail, self.show_message, self
        )
        self.anonymous = AnonymousReview(
            workspace, self.review.apply, self.show_message, self.runner, self
        )
        self.setCentralWidget(self._build_modes())
        self.detail.leave_requested.connect(self._focus_statements)
        self.documents.leave_requested.connect(self._focus_statements)
        self.view_options = ViewOptions(self._ui_store, self.article.view, self.appearance, self)
        self.search.hit_activated.connect(self.open_hit)
        self.search.active_changed.connect(lambda active: self.documents.setVisible(not active))
        self.search.closed.connect(self._focus_statements)
        self.watcher = CorpusWatcher(workspace, parent=self)
        self.watcher.changed.connect(self.documents.refresh)
        self.place = self._keep_place()
        self.actions: dict[str, QAction] = {}
        self._build_menus()
        self.appearance.changed.connect(self._restyle)
        self._bridge = ChangeBridge(workspace, self)
        self._bridge.changed.connect(self.review.on_change)
        self._bridge.changed.connect(self.anonymous.on_change)
        loader = load_nlp or default_loader(settings.pipeline)
        self.startup = Startup(workspace, loader, self.runner, self)
        self.importer = Importer(workspace, self._loaded_nlp, self.runner, self)
        self.models = ModelMenu(settings, workspace, self.startup, self.runner, self)
        self.first_paint = FirstPaint(self.article.view, self._shows_document, self)
        report_when_painted(self.first_paint)
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self._connect_background_work()
        self._restore_ui_state()
        # The undo and redo labels need a query (and the ORM's first): read once the first
        # document is painted. Until then both stay enabled, unlabelled: an edit from an
        # earlier session may be there to undo, and Ctrl+Z pressed at once must not be lost
        # (it runs in turn, and finds out; nothing to undo is no error).
        self.first_paint.painted.connect(self.review.emit_history)

    # ------------------------------------------------------------------ layout
    def _build_splitter(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setHandleWidth(4)
        splitter.setObjectName("mainSplitter")
        right = QSplitter(Qt.Orientation.Vertical, splitter)
        right.setHandleWidth(4)
        right.setObjectName("statementSplitter")
        right.addWidget(self.statements)
        # Scrolled, so the panel never forces the window taller than a small screen.
        details = QScrollArea(right)
        details.setWidget(self.detail)
        details.setWidgetResizable(True)
        details.setFrameShape(QFrame.Shape.NoFrame)
        right.addWidget(details)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)
        corpus = QWidget(splitter)  # search above the list; hits replace the list
        column = QVBoxLayout(corpus)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.documents, 1)
        for panel in (corpus, self.article, right):
            splitter.addWidget(panel)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _build_modes(self) -> QStackedWidget:
        """The article view, or the anonymous-source queue (F7) in its place."""
        self.modes = QStackedWidget(self)
        self.modes.addWidget(self.splitter)
        self.modes.addWidget(self.anonymous.panel)
        self.anonymous.open_requested.connect(self._open_from_queue)
        return self.modes

    def _build_status_bar(self, settings: Settings) -> None:
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        # A trained pipeline's folder is named by its meta.json (an installed one by its name).
        name = settings.pipeline
        self._pipeline_name = describe_pipeline(name).label if is_folder(name) else name
        self.model_label = QLabel(f"Model: {self._pipeline_name} (loading)", self)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().addPermanentWidget(QLabel(f"Reviewer: {settings.user}", self))

    def _build_menus(self) -> None:
        menus = {name: self.menuBar().addMenu(name) for name in MENUS}
        handlers = self._handlers()
        for binding in KEYMAP:
            action = self._action(menus[binding.menu], binding)
            handler = handlers[binding.name]
            action.triggered.connect(
                handler if binding.name in UNORDERED else self._in_press_order(handler)
            )
            self.actions[binding.name] = action
        self._add_entity_keys(menus["E&ntities"])
        self.view_options.add_choices(menus["&View"])
        for menu in menus.values():
            self._keep_focus_across(menu)
        self.undo_action, self.redo_action = self.actions["undo"], self.actions["redo"]
        self._restore_statement_order()
        self.review.history_changed.connect(self._on_history_changed)
        self.review.history_pending.connect(lambda name: self.actions[name].setEnabled(True))

    def _handlers(self) -> dict:
        review, correction = self.review, self.correction
        return {
            "import": self.show_import_dialog,
            "export": self.show_export_dialog,
            "quit": self.close,
            "undo": review.undo,
            "redo": review.redo,
            "accept": self._accept,
            "reject": review.reject_selected,
            "next": lambda: self.statements.move(+1),
            "previous": lambda: self.statements.move(-1),
            "next_undecided": review.next_undecided_anywhere,
            "done": review.toggle_done,
            "sort_uncertainty": self._sort_by_uncertainty,
            # The Model menu's handlers exist once the model's startup does (after the menus).
            "train": lambda: self.models.show_training(),
            "choose_model": lambda: self.models.show_models(),
            "resuggest": lambda: self.models.show_resuggest(),
            "set_source": correction.set_source,
            "set_cue": correction.set_cue,
            "set_content": correction.set_content,
            "add_fragment": correction.add_fragment,
            "next_part": lambda: correction.step_part(+1),
            "previous_part": lambda: correction.step_part(-1),
            "grow_start": lambda: correction.nudge("start", -1),
            "shrink_start": lambda: correction.nudge("start", +1),
            "shrink_end": lambda: correction.nudge("end", -1),
            "grow_end": lambda: correction.nudge("end", +1),
            "remove_part": correction.remove_part,
            "cycle_kind": correction.cycle_kind,
            "link_speaker": correction.link_speaker,
            "new_speaker": correction.new_speaker,
            "merge_speaker": correction.merge_speaker,
            "identity": correction.focus_identity,
            "new_statement": correction.new_statement,
            "cancel": self._cancel,
            "entity_menu": self._entity_menu,
            "remove_entity": correction.remove_entity,
            "next_document": lambda: review.open_neighbour_document(+1),
            "previous_document": lambda: review.open_neighbour_document(-1),
            "anonymous_queue": self.toggle_anonymous_queue,
            "queue_open": self.anonymous.open_selected,
            "queue_confirm": self.anonymous.confirm_selected,
            "queue_identity": self.anonymous.focus_identity,
            "search": self.search.focus_field,
            "shortcuts": self.show_shortcuts,
            "zoom_in": self.view_options.zoom_in,
            "zoom_out": self.view_options.zoom_out,
            "zoom_reset": self.view_options.reset_zoom,
            "about": self.show_about,
            "open_data_folder": self.open_data_folder,
        }

    def _in_press_order(self, handler: Callable[[], None]) -> Callable[..., None]:
        """`handler` run once the edits of earlier key presses are saved (`WriteQueue`)."""
        return lambda *_checked: self.review.perform(handler)

    def _action(self, menu: QMenu, binding: Binding) -> QAction:
        """The menu item of `binding`; its keys act only where the binding's scope says."""
        action = QAction(binding.text, self)
        action.setShortcuts([QKeySequence(key) for key in binding.keys])
        if binding.help:
            action.setStatusTip(binding.help)
        self._scope(action, binding.scope)
        menu.addAction(action)
        if binding.text_keys:
            # Enter, Delete, Backspace keep their list meaning in the document list: a hidden
            # twin of the action carries them in the article and the statement list only.
            twin = QAction(binding.text, self)
            twin.setShortcuts([QKeySequence(key) for key in binding.text_keys])
            twin.triggered.connect(action.trigger)
            self._scope(twin, Scope.TEXT)
        return action

    def _scope(self, action: QAction, scope: Scope) -> None:
        if scope is Scope.WINDOW:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
            return
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if scope is Scope.QUEUE:
            self.anonymous.panel.view.addAction(action)
            return
        widgets = [self.article.view, self.statements.view]
        if scope is Scope.REVIEW:
            widgets.append(self.documents.view)
        for widget in widgets:
            widget.addAction(action)

    def _add_entity_keys(self, menu: QMenu) -> None:
        menu.addSeparator()
        for key, label in zip(ENTITY_KEYS, known_entity_labels(), strict=False):
            binding = Binding(f"entity_{key}", menu.title(), f"Label {label.name}", (key,))
            action = self._action(menu, binding)
            label_it = partial(self.correction.label_entity, label.name)
            action.triggered.connect(self._in_press_order(label_it))
            self.actions[binding.name] = action

    def _keep_focus_across(self, menu: QMenu) -> None:
        # Escape from a menu leaves the menu bar in keyboard mode, where ↓ and Enter would
        # open it again and run an item by accident: give the keyboard back to where it was.
        focus: list[QWidget | None] = [None]
        menu.aboutToShow.connect(lambda: focus.__setitem__(0, QApplication.focusWidget()))
        menu.aboutToHide.connect(
            lambda: QTimer.singleShot(0, self, lambda: self._refocus(focus[0]))
        )

    def _refocus(self, widget: QWidget | None) -> None:
        if QApplication.activePopupWidget() is not None or QApplication.activeModalWidget():
            return
        usable = widget is not None and widget.isVisible() and widget is not self.menuBar()
        target = widget if usable else self.statements.view
        self.activateWindow()
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _accept(self) -> None:
        # Enter finishes a new statement that has its cue; otherwise it accepts.
        if self.correction.draft is not None:
            self.correction.finish_draft()
            return
        self.review.accept_selected()

    def _sort_by_uncertainty(self) -> None:
        """U: the least certain statements first, the first undecided of them selected (the
        most informative to review); U again: the article's order, the selection kept. The
        choice is kept for the next start."""
        on = self.actions["sort_uncertainty"].isChecked()
        ui_state.remember(self._ui_store, STATEMENT_ORDER, "uncertainty" if on else "article")
        self.statements.set_uncertainty_order(on)
        if on:
            self.review.select_statement(self.statements.next_undecided(None))

    def _restore_statement_order(self) -> None:
        action = self.actions["sort_uncertainty"]
        action.setCheckable(True)
        on = ui_state.choice(self._ui_store, STATEMENT_ORDER, "article") == "uncertainty"
        action.setChecked(on)
        self.statements.set_uncertainty_order(on)

    def _cancel(self) -> None:
        if not self.correction.cancel_draft():
            self.article.view.clear_selection()
            self.review.set_focus_part(None)

    def _entity_menu(self) -> None:
        view = self.article.view
        point = view.viewport().mapToGlobal(view.cursorRect().bottomLeft())
        self.correction.entity_menu(point)

    def open_hit(self, hit: SearchHit) -> None:
        """Open a search hit's document at the hit: its statement selected, or the matched
        words selected in the article."""
        self.review.open_document(
            hit.document_id, then=lambda document: self._show_hit(hit, document)
        )

    def _show_hit(self, hit: SearchHit, document: Document) -> None:
        if hit.statement_id and document.statement_by_id(hit.statement_id) is not None:
            self.review.select_statement(hit.statement_id)
            self._focus_statements()
            return
        found = hit_range(document.text, hit)
        if found is not None:
            self.article.view.select_range(*found)
        self.article.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_statements(self, *_args) -> None:
        self.statements.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_anonymous_queue(self) -> None:
        """Show the anonymous-source queue in place of the article view, or back (F7)."""
        if self.modes.currentWidget() is self.anonymous.panel:
            self.modes.setCurrentWidget(self.splitter)
            self._focus_statements()
            return
        self.modes.setCurrentWidget(self.anonymous.panel)
        self.anonymous.show()

    def _open_from_queue(self, document_id: str, statement_id: str | None) -> None:
        self.modes.setCurrentWidget(self.splitter)

        def opened(_document: Document) -> None:
            if statement_id is not None:
                self.review.select_statement(statement_id)
            self._focus_statements()

        self.review.open_document(document_id, then=opened)

    def show_shortcuts(self) -> None:
        """The overlay of every shortcut (F1 or ?)."""
        dialog = ShortcutsDialog(self)
        dialog.exec()

    def show_about(self) -> None:
        """Versions and where the data lives (Help > About)."""
        from annotator.qt.about_dialog import AboutDialog

        AboutDialog(self._workspace.url, self.models.settings, self._ui_store, self).exec()

    def open_data_folder(self) -> None:
        """Help > Open data folder: the folder of the database in the file manager."""
        from annotator.qt.about_dialog import open_data_folder

        open_data_folder(self._workspace.url)

    def _restyle(self) -> None:
        """Paint everything again in the theme and colours now chosen."""
        self.article.show_document(self.review.document)
        self.review.set_focus_part(self.review.focus_part)  # the selection's emphasis, anew
        for view in (self.documents.view, self.statements.view):
            view.viewport().update()

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
        self.models.message.connect(self.show_message)
        self.models.model_changed.connect(self._on_model_changed)
        self.models.resuggested.connect(self.documents.reload)
        self.startup.documents_ready.connect(self._on_documents_ready)
        self.startup.model_ready.connect(self._on_model_ready)
        self.startup.model_failed.connect(self._on_model_failed)
        self.startup.model_replaced.connect(self._on_model_replaced)
        self.startup.model_ready.connect(self.importer.model_ready)
        self.startup.model_failed.connect(self.importer.model_failed)
        self.importer.finished.connect(self._on_imported)

    def _on_model_ready(self, _nlp) -> None:
        self.model_label.setText(f"Model: {self._pipeline_name}")

    def _on_model_changed(self, location: str) -> None:
        self._pipeline_name = describe_pipeline(location).label
        self.model_label.setToolTip("")
        self.model_label.setText(f"Model: {self._pipeline_name}")

    def _on_model_replaced(self, location: str, why: str) -> None:
        """The chosen model could not be loaded at start and the rules stand in: the status
        bar's label says so for the whole session (Startup says why in a message)."""
        self._pipeline_name = f"{describe_pipeline(location).label} (chosen model unavailable)"
        self.model_label.setToolTip(f"The chosen model could not be used: {why}")
        self.models.switch.current = location

    def _on_model_failed(self, _detail: str) -> None:
        self.model_label.setText(f"Model: {self._pipeline_name} (unavailable)")

    def _shows_document(self) -> bool:
        return self.article.view.document_id is not None

    def _loaded_nlp(self):
        return self.startup.nlp

    def show_import_dialog(self) -> ImportDialog:
        """File > Import: files and folders, progress, and the full list of failures."""
        self.startup.load_model()  # pre-annotation needs it: it loads while files are chosen
        if self.import_dialog is None:
            from annotator.qt.import_dialog import ImportDialog

            self.import_dialog = ImportDialog(self._workspace, self._loaded_nlp, self.runner, self)
            self.import_dialog.imported.connect(self._on_imported)
        self.import_dialog.show()
        self.import_dialog.raise_()
        return self.import_dialog

    def show_export_dialog(self) -> ExportDialog:
        """File > Export: format, gold or more, filters, split; progress and what was written."""
        if self.export_dialog is None:
            from annotator.qt.export_dialog import ExportDialog

            self.export_dialog = ExportDialog(self._workspace, self.runner, self)
        self.export_dialog.show()
        self.export_dialog.raise_()
        return self.export_dialog

    def import_files(self, paths: list[Path]) -> bool:
        """Import, pre-annotate and store `paths` in the background (File > Import); it
        waits for the language model, which starts loading now if it has not yet."""
        self.startup.load_model()
        return self.importer.import_paths(paths)

    def _on_imported(self, _report) -> None:
        self.documents.reload()
        self.review.open_first_document()

    def start(self) -> None:
        """Start the background work; call once the window is shown."""
        self.first_paint.painted.connect(self.startup.load_model)
        QTimer.singleShot(MODEL_LOAD_AT_LATEST_MS, self.startup, self.startup.load_model)
        QTimer.singleShot(MODEL_LOAD_AT_LATEST_MS, self.review, self._history_if_unpainted)
        self.startup.start()
        self.watcher.start()

    def _history_if_unpainted(self) -> None:
        if not self.first_paint.done:  # an empty database, a window never painted
            self.review.emit_history()

    def _on_documents_ready(self) -> None:
        self.documents.reload()
        self._open_where_left_off()
        self.statements.view.setFocus()  # ↑/↓ move through statements from the start

    def _open_where_left_off(self) -> None:
        """The document and statement open when the window last closed on this database,
        else the first document."""
        document_id, statement_id = ui_state.place(self._ui_store, self._workspace.url)
        if document_id is None or not self._workspace.has_document(document_id):
            self.review.open_first_document()
            return

        def opened(document: Document) -> None:
            if statement_id and document.statement_by_id(statement_id):
                self.review.select_statement(statement_id)

        self.review.open_document(document_id, then=opened)

    def _keep_place(self) -> PlaceKeeper:
        """Where the user is, written as they move (a crash must not lose it)."""
        keeper = PlaceKeeper(self._ui_store, self._workspace.url, self._place, self)
        for moved in (
            self.statements.statement_selected,
            self.review.document_opened,
            self.search.hit_activated,
            self.anonymous.open_requested,
        ):
            moved.connect(keeper.moved)
        return keeper

    def _place(self) -> tuple[str | None, str | None]:
        if self.review.document is None:
            return None, None
        return self.review.document_id(), self.statements.selected_statement_id()

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
        self.place.save_now()
        self.hide()  # gone at once, even while a model that cannot be interrupted finishes loading
        self.review.writes.shutdown()  # every key pressed before closing is saved first
        self.startup.forgo_model()
        self.watcher.stop()
        self.search.shutdown()
        self.runner.shutdown()
        self._bridge.disconnect_workspace()
        super().closeEvent(event)
