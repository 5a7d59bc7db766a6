"""The document list (left): a thin, paged table model over `Workspace.list_documents`.

Rows are fetched a page at a time as the view scrolls (`canFetchMore`/`fetchMore`) and cached;
`data()` only reads the cache, never the database.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.core.model import Status
from annotator.qt import palette
from annotator.qt.plain_text import plain_tooltip
from annotator.services.workspace import Change, Workspace

PAGE_SIZE = 100
#: How long to gather document additions before reloading the list (milliseconds).
RELOAD_DELAY_MS = 250
#: How long after an edit a row's counts are read again: after the edit's own frame, and
#: once for a burst of presses.
ROW_REFRESH_DELAY_MS = 100
_HEADERS = ("Document", "Date", "Reviewed")
_AnyIndex = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """Document summaries, fetched from the workspace page by page."""

    def __init__(self, workspace: Workspace, parent=None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._rows: list = []
        self._total = 0

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Forget the cache and start again from the first page."""
        self.beginResetModel()
        self._rows = []
        self._total = self._workspace.document_count()
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        page = self._workspace.list_documents(len(self._rows), PAGE_SIZE)
        if not page:
            self._total = len(self._rows)  # the store shrank under us
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def refresh_document(self, document_id: str) -> None:
        """Re-read one cached row after its document changed."""
        row = self.row_of(document_id)
        if row is None:
            return
        fresh = self._workspace.list_documents(row, 1)
        if fresh and fresh[0].id == document_id:
            self._rows[row] = fresh[0]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))
        else:  # order changed: the cheap path is a full reload
            self.reload()

    # ----------------------------------------------------------------- queries
    def row_of(self, document_id: str) -> int | None:
        """Row of a document among the rows fetched so far."""
        return next((i for i, s in enumerate(self._rows) if s.id == document_id), None)

    def document_id(self, row: int) -> str | None:
        """Id of the document in `row` (None outside the fetched rows)."""
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def summary(self, row: int):
        """The summary shown in `row`."""
        return self._rows[row]

    def set_done(self, row: int, done: bool) -> None:
        """Show `row`'s document as done (or not) at once."""
        self._rows[row] = replace(self._rows[row], done=done)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))

    def has_work(self, row: int) -> bool:
        """Whether the document in `row` has statements nobody has reviewed yet."""
        summary = self._rows[row]
        return summary.reviewed_count < summary.statement_count

    # ------------------------------------------------------------- Qt model API
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: _AnyIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(summary, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{summary.heading}\n{summary.id}\n{_progress_text(summary)} reviewed"
            return plain_tooltip(tip)  # a title is article text: never rendered as HTML
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 2 and summary.done:
            return QColor(palette.current().status_colours[Status.ACCEPTED])
        return None


def _cell_text(summary, column: int) -> str:
    if column == 0:
        return summary.heading
    if column == 1:
        return str(summary.published or "")
    return _progress_text(summary)


def _progress_text(summary) -> str:
    mark = " ✓" if summary.done else ""
    return f"{summary.reviewed_count}/{summary.statement_count}{mark}"


class DocumentListPanel(QWidget):
    """The list of documents; emits `document_activated(id)` when the user picks one."""

    document_activated = Signal(str)
    #: Enter or Delete in the list: the person means the statements; nothing is decided here.
    leave_requested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(workspace, self)
        self.view = QTableView(self)
        self.view.setObjectName("documentList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)  # headings read from the left
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(40)  # the title column may shrink; its text elides
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        # An import adds documents one by one: gather their notifications into one reload.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        # Rows whose counts changed, refreshed together after the repaint.
        self._stale: set[str] = set()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(ROW_REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_stale_rows)
        self._current_id: str | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        leaving = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)
        if watched is self.view and event.type() == QEvent.Type.KeyPress and event.key() in leaving:
            self.leave_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        """Re-read the list from the workspace, keeping the open document's row selected."""
        self._reload_timer.stop()
        self.model.reload()
        if self._current_id is not None:
            self.select_document(self._current_id)

    def on_change(self, change: Change) -> None:
        """Refresh the row of a changed document once the window has repainted (its counts
        need a query; the edit's own marks come first); reload soon when documents came or
        went."""
        row = self.model.row_of(change.document_id) if change.document_id else None
        if row is None or change.kind == "corpus":
            self._reload_timer.start()
            return
        if change.done is not None:
            self.model.set_done(row, change.done)  # known now, no query needed
        self._stale.add(change.document_id)
        self._refresh_timer.start()

    def _refresh_stale_rows(self) -> None:
        stale, self._stale = self._stale, set()
        for document_id in stale:
            self.model.refresh_document(document_id)

    def select_document(self, document_id: str) -> None:
        """Make `document_id` the current row (opening an open document again is a no-op)."""
        self._current_id = document_id
        row = self.model.row_of(document_id)
        if row is not None and self.view.currentIndex().row() != row:
            self.view.selectRow(row)

    def neighbour(self, step: int) -> str | None:
        """Id of the document `step` rows from the open one (fetching more rows if needed)."""
        row = self.model.row_of(self._current_id) if self._current_id else None
        target = 0 if row is None else row + step
        while target >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        return self.model.document_id(target) if target >= 0 else None

    def following_with_work(self, document_id: str | None):
        """Ids of the documents after `document_id` (then from the top) that still have
        statements nobody reviewed, fetched as needed."""
        start = self.model.row_of(document_id) if document_id else None
        start = -1 if start is None else start
        row = start + 1
        while True:
            if row >= self.model.rowCount():
                if not self.model.canFetchMore(QModelIndex()):
                    break
                self.model.fetchMore(QModelIndex())
                continue
            if self.model.has_work(row):
                yield self.model.document_id(row)
            row += 1
        for row in range(0, max(0, start)):
            if self.model.has_work(row):
                yield self.model.document_id(row)

    def is_done(self, document_id: str) -> bool:
        """Whether this user marked the document done (as the list last read it)."""
        row = self.model.row_of(document_id)
        return row is not None and self.model.summary(row).done

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = self.model.document_id(current.row())
        if document_id is not None:
            self._current_id = document_id
            self.document_activated.emit(document_id)
