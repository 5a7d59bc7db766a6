"""The document list (left): a sortable, filterable table paged from the database.

`DocumentListModel` is a thin model over `Workspace.list_documents`: rows are fetched a page
at a time as the view scrolls (`canFetchMore`/`fetchMore`) and cached, and `data()` only
reads the cache. Sorting (a click on a header) and filtering (progress, outlet, words of the
title) are done by the database, so 100,000 documents sort as fast as ten; the model only
starts again from the first page, and never counts the documents (see `DocumentListModel`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Status
from annotator.qt import palette
from annotator.qt.plain_text import plain_tooltip
from annotator.services.workspace import PROGRESSES, Change, Workspace

PAGE_SIZE = 100
#: How long to gather document additions before reloading the list (milliseconds).
RELOAD_DELAY_MS = 250
#: How long after an edit a row's counts are read again: after the edit's own frame, and
#: once for a burst of presses.
ROW_REFRESH_DELAY_MS = 100
#: How long the title filter waits for the next key before asking the database.
FILTER_DELAY_MS = 150
_AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the list: its header, what it sorts by, its tooltip, and the widest
    text it usually shows (its width; the title takes the rest)."""

    header: str
    sort_key: str
    tip: str
    widest: str = ""


COLUMNS = (
    Column("Title", "title", "The article's title (else its opening words)"),
    Column("Outlet", "outlet", "Where it was published", "breitbart"),
    Column("Date", "published", "When it was published", "2025-03-01"),
    Column("St.", "statements", "Statements in the article", "99"),
    Column("Rev.", "reviewed", "Statements you have decided, of all statements", "10/12"),
    Column("An.", "anonymous", "Anonymous or vague sources", "99"),
    Column("Status", "progress", "To do, in progress (some decided) or done", "in progress"),
)
TITLE, OUTLET, DATE, STATEMENTS, REVIEWED, ANONYMOUS, STATUS = range(len(COLUMNS))
_NUMBERS = (STATEMENTS, REVIEWED, ANONYMOUS)


@dataclass(frozen=True, slots=True)
class ListQuery:
    """Which documents the list shows, in which order."""

    sort: str = "id"
    descending: bool = False
    progress: str | None = None
    outlet: str | None = None
    title: str | None = None

    def filters(self) -> dict:
        values = {"progress": self.progress, "outlet": self.outlet, "title": self.title}
        return {key: value for key, value in values.items() if value}


class DocumentListModel(QAbstractTableModel):
    """Document summaries, fetched from the workspace page by page.

    Nothing counts the documents: a count reads every matching row (all 100,000 when
    unfiltered), on every sort and filter. Each page asks for one row more than it shows
    instead, and that row says whether there is a next page."""

    def __init__(self, workspace: Workspace, parent=None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._rows: list = []
        self._more = False
        self._loaded = False
        self.query = ListQuery()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Forget the cache and start again from the first page."""
        page, more = self._page(0, PAGE_SIZE)
        self.beginResetModel()
        self._rows, self._more = page, more
        self._loaded = True
        self.endResetModel()

    def refresh(self) -> None:
        """Read again the rows fetched so far (documents came, or counts changed elsewhere).
        When the rows shown are still the first ones in the same order (new documents
        sort after them, as imports in id order do), they are updated and the new ones
        inserted below, so the view keeps its selection; otherwise the model resets."""
        fresh, more = self._page(0, max(len(self._rows), PAGE_SIZE))
        self._loaded = True
        shown = len(self._rows)
        if [row.id for row in fresh[:shown]] != [row.id for row in self._rows]:
            self.beginResetModel()
            self._rows, self._more = fresh, more
            self.endResetModel()
            return
        self._more = more
        self._rows[:] = fresh[:shown]
        if shown:
            self.dataChanged.emit(self.index(0, 0), self.index(shown - 1, STATUS))
        if len(fresh) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(fresh) - 1)
            self._rows.extend(fresh[shown:])
            self.endInsertRows()

    def set_query(self, query: ListQuery) -> None:
        """Show the documents `query` selects, in its order, from the first page."""
        self.query = query
        self.reload()

    def _page(self, offset: int, limit: int) -> tuple[list, bool]:
        """Up to `limit` rows from `offset`, and whether more follow them."""
        query = self.query
        rows = self._workspace.list_documents(
            offset, limit + 1, sort=query.sort, descending=query.descending, **query.filters()
        )
        return rows[:limit], len(rows) > limit

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        page, self._more = self._page(len(self._rows), PAGE_SIZE)
        if not page:
            return  # the store shrank under us
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def refresh_document(self, document_id: str) -> None:
        """Re-read one cached row after its document changed."""
        row = self.row_of(document_id)
        if row is None:
            return
        fresh, _more = self._page(row, 1)
        if fresh and fresh[0].id == document_id:
            self._rows[row] = fresh[0]
            self.dataChanged.emit(self.index(row, 0), self.index(row, STATUS))
        else:  # its new counts moved it (sorted by them) or filtered it out
            self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (a click on its header); -1 is the order of import ids."""
        key = COLUMNS[column].sort_key if 0 <= column < len(COLUMNS) else "id"
        descending = order == Qt.SortOrder.DescendingOrder
        query = replace(self.query, sort=key, descending=descending)
        if not self._loaded:  # the view's set-up, before the first reload: nothing to read
            self.query = query
            return
        self.set_query(query)

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
        self.dataChanged.emit(self.index(row, 0), self.index(row, STATUS))

    def has_work(self, row: int) -> bool:
        """Whether the document in `row` has statements nobody has reviewed yet."""
        summary = self._rows[row]
        return summary.reviewed_count < summary.statement_count

    # ------------------------------------------------------------- Qt model API
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tip + " (click to sort)"
        return None

    def data(self, index: _AnyIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = (
                f"{summary.heading}\n{summary.outlet or ''} {summary.published or ''}\n"
                f"{summary.id}\n{_progress_text(summary)} reviewed · {summary.progress}"
            )
            return plain_tooltip(tip)  # a title is article text: never rendered as HTML
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == STATUS and summary.done:
            return QColor(palette.current().status_colours[Status.ACCEPTED])
        return None


def _cell_text(summary, column: int) -> str:
    texts = {
        TITLE: lambda: summary.heading,
        OUTLET: lambda: summary.outlet or "",
        DATE: lambda: str(summary.published or "")[:10],
        STATEMENTS: lambda: str(summary.statement_count),
        REVIEWED: lambda: _progress_text(summary),
        ANONYMOUS: lambda: str(summary.anonymous_count or ""),
        STATUS: lambda: summary.progress + (" ✓" if summary.done else ""),
    }
    return texts[column]()


def _progress_text(summary) -> str:
    return f"{summary.reviewed_count}/{summary.statement_count}"


class ListFilters(QWidget):
    """The filters above the list: words of the title, progress, outlet."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit(self)
        self.title.setObjectName("titleFilter")
        self.title.setPlaceholderText("Filter titles")
        self.title.setClearButtonEnabled(True)
        self.progress = QComboBox(self)
        self.progress.setObjectName("progressFilter")
        self.progress.addItem("Any status", None)
        for progress in PROGRESSES:
            self.progress.addItem(progress.capitalize(), progress)
        self.outlet = QComboBox(self)
        self.outlet.setObjectName("outletFilter")
        self.outlet.addItem("Any outlet", None)
        for box in (self.progress, self.outlet):
            shrinkable(box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title, 2)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.outlet, 1)
        # Typing waits for a pause; a choice in a list applies at once.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(FILTER_DELAY_MS)
        self._typing.timeout.connect(self.changed)
        self.title.textChanged.connect(self._typing.start)
        self.progress.currentIndexChanged.connect(self.changed)
        self.outlet.currentIndexChanged.connect(self.changed)

    def set_outlets(self, outlets: list[str]) -> None:
        """Offer these outlets (the chosen one stays chosen)."""
        chosen = self.outlet.currentData()
        self.outlet.blockSignals(True)
        self.outlet.clear()
        self.outlet.addItem("Any outlet", None)
        for outlet in outlets:
            self.outlet.addItem(outlet, outlet)
        index = self.outlet.findData(chosen)
        self.outlet.setCurrentIndex(max(0, index))
        self.outlet.blockSignals(False)

    def apply_to(self, query: ListQuery) -> ListQuery:
        """`query` narrowed as these filters say."""
        return replace(
            query,
            title=self.title.text().strip() or None,
            progress=self.progress.currentData(),
            outlet=self.outlet.currentData(),
        )


def shrinkable(box: QComboBox) -> None:
    """Let a filter's list shrink with a narrow panel (a long outlet name must not set the
    window's minimum width); with room, the layout's stretch shows it whole."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(4)


class DocumentListPanel(QWidget):
    """The list of documents; emits `document_activated(id)` when the user picks one."""

    document_activated = Signal(str)
    #: Enter or Delete in the list: the person means the statements; nothing is decided here.
    leave_requested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.model = DocumentListModel(workspace, self)
        self.filters = ListFilters(self)
        self.filters.changed.connect(self._apply_filters)
        self.view = QTableView(self)
        self.view.setObjectName("documentList")
        self.view.setModel(self.model)
        self._set_up_view()
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.view)
        # An import adds documents one by one: gather their notifications into one reload.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.refresh)
        # Rows whose counts changed, refreshed together after the repaint.
        self._stale: set[str] = set()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(ROW_REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_stale_rows)
        self._current_id: str | None = None

    def _set_up_view(self) -> None:
        view = self.view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setShowGrid(False)
        view.setWordWrap(False)
        # Headlines often differ only at their end ("Debate over the … continues" / "…
        # ends"): cut in the middle so both ends stay readable; the tooltip has it whole.
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = view.horizontalHeader()
        header.setMinimumSectionSize(30)  # the title column may shrink; its text elides
        cells, headers = view.fontMetrics(), header.fontMetrics()
        for number, column in enumerate(COLUMNS):
            if number != TITLE:  # sized to their usual text, not measured on every page
                width = max(
                    cells.horizontalAdvance(column.widest), headers.horizontalAdvance(column.header)
                )
                header.resizeSection(number, width + 14)  # the header's padding
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order at first
        header.setSortIndicatorClearable(True)  # a third click goes back to import order
        view.setSortingEnabled(True)
        self._offer_column_choice(header)

    def _offer_column_choice(self, header: QHeaderView) -> None:
        """A right click on the header shows or hides columns (a narrow panel keeps the
        title readable)."""
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for number, column in enumerate(COLUMNS):
            if number == TITLE:
                continue
            action = QAction(column.tip, header)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(
                lambda shown, n=number: self.view.setColumnHidden(n, not shown)
            )
            header.addAction(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        leaving = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete)
        if watched is self.view and event.type() == QEvent.Type.KeyPress and event.key() in leaving:
            self.leave_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        """Re-read the list from the workspace, keeping the open document's row selected."""
        self._reload_timer.stop()
        self.filters.set_outlets(self._workspace.outlets())
        self.model.reload()
        self._reselect()

    def refresh(self) -> None:
        """Read the shown rows again (another process added documents, say), keeping the
        selection and the scroll position."""
        self._reload_timer.stop()
        scrolled = self.view.verticalScrollBar().value()
        self.filters.set_outlets(self._workspace.outlets())
        self.model.refresh()
        self._reselect()
        self.view.verticalScrollBar().setValue(scrolled)

    def _apply_filters(self) -> None:
        self.model.set_query(self.filters.apply_to(self.model.query))
        self._reselect()

    def _reselect(self) -> None:
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
        self._reselect()

    def select_document(self, document_id: str) -> None:
        """Make `document_id` the current row (opening an open document again is a no-op)."""
        self._current_id = document_id
        row = self.model.row_of(document_id)
        if row is not None and self.view.currentIndex().row() != row:
            self.view.selectRow(row)

    def heading_of(self, document_id: str) -> str:
        """The title the list shows for a document, else its id (not among the rows read)."""
        row = self.model.row_of(document_id)
        return document_id if row is None else self.model.summary(row).heading

    def neighbour(self, step: int) -> str | None:
        """Id of the document `step` rows from the open one (fetching more rows if needed)."""
        row = self.model.row_of(self._current_id) if self._current_id else None
        target = 0 if row is None else row + step
        while target >= self.model.rowCount() and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        return self.model.document_id(target) if target >= 0 else None

    def following_with_work(self, document_id: str | None):
        """Ids of the documents after `document_id` (then from the top) that still have
        statements nobody reviewed, in the list's order, fetched as needed."""
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
        if row is not None:
            return self.model.summary(row).done
        summary = self._workspace.document_summary(document_id)  # filtered out of the list
        return summary is not None and summary.done

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = self.model.document_id(current.row())
        if document_id is not None:
            self._current_id = document_id
            self.document_activated.emit(document_id)
