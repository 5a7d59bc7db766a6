"""The anonymous-source queue as a two-level Qt model: each source once, the statements
resting on it beneath. A thin adapter over `services.anonymous_review`: pages are fetched as
the view scrolls (`canFetchMore`/`fetchMore`) and cached; `data()` only reads the cache.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from annotator.qt.plain_text import plain_tooltip
from annotator.services.anonymous_review import QueueSource, QueueStatement
from annotator.services.anonymous_review_output import article_words, flag_words, source_heading

PAGE_SIZE = 100
#: internalId of a source row; a statement row's is its source's row + 1.
_TOP = 0
_AnyIndex = QModelIndex | QPersistentModelIndex
#: Loads a page: (after which (document id, source id), or None: from the start; limit).
LoadPage = Callable[[tuple[str, str] | None, int], list[QueueSource]]
#: What a row is: (document id, source id, statement id or None).
RowKey = tuple[str, str, str | None]


class AnonymousQueueModel(QAbstractItemModel):
    """Sources (top level) and their statements (children), paged from the workspace."""

    def __init__(self, load_page: LoadPage, parent=None) -> None:
        super().__init__(parent)
        self._load_page = load_page
        self._sources: list[QueueSource] = []
        # Nothing is read until the first `reload` (when the queue is first shown): a view
        # would otherwise fetch a page while the window opens, queue hidden (60 ms).
        self._exhausted = True

    # ----------------------------------------------------------------- loading
    def reload(self, at_least: int = PAGE_SIZE) -> None:
        """Read the queue again from the start, at least `at_least` sources of it."""
        sources = self._load_page(None, max(at_least, PAGE_SIZE))
        self.beginResetModel()
        self._sources = sources
        self._exhausted = len(sources) < max(at_least, PAGE_SIZE)
        self.endResetModel()

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        last = self._sources[-1] if self._sources else None
        page = self._load_page(last and (last.document_id, last.source_id), PAGE_SIZE)
        self._exhausted = len(page) < PAGE_SIZE
        if not page:
            return
        first = len(self._sources)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._sources.extend(page)
        self.endInsertRows()

    @property
    def loaded(self) -> int:
        """How many sources are cached."""
        return len(self._sources)

    # -------------------------------------------------------------- structure
    def index(self, row: int, column: int, parent: _AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._sources) else QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        if row >= len(self._sources[parent.row()].statements):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, child: _AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._sources)
        if parent.internalId() == _TOP:
            return len(self._sources[parent.row()].statements)
        return 0

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    # ---------------------------------------------------------------- reading
    def source_at(self, index: _AnyIndex) -> QueueSource | None:
        """The source of a row (a statement row: the source it rests on)."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _TOP else index.internalId() - 1
        return self._sources[row] if row < len(self._sources) else None

    def statement_at(self, index: _AnyIndex) -> QueueStatement | None:
        """The statement of a statement row; a source row: its first statement."""
        source = self.source_at(index)
        if source is None or not source.statements:
            return None
        row = 0 if index.internalId() == _TOP else index.row()
        return source.statements[row] if row < len(source.statements) else None

    def key_of(self, index: _AnyIndex) -> RowKey | None:
        source = self.source_at(index)
        if source is None:
            return None
        statement = None if index.internalId() == _TOP else self.statement_at(index)
        return source.document_id, source.source_id, statement.statement_id if statement else None

    def index_of(self, key: RowKey) -> QModelIndex:
        """The row of `key` among the cached sources (invalid when it is not there)."""
        document_id, source_id, statement_id = key
        for row, source in enumerate(self._sources):
            if (source.document_id, source.source_id) != (document_id, source_id):
                continue
            parent = self.index(row, 0)
            if statement_id is None:
                return parent
            for n, statement in enumerate(source.statements):
                if statement.statement_id == statement_id:
                    return self.index(n, 0, parent)
            return parent
        return QModelIndex()

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        source = self.source_at(index)
        if source is None:
            return None
        if index.internalId() == _TOP:
            return self._source_data(source, role)
        statement = self.statement_at(index)
        if statement is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"[{statement.status}] “{statement.cue}” · {statement.sentence}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"“{statement.cue}”: {statement.content}")
        return None

    def _source_data(self, source: QueueSource, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            flags = flag_words(source)
            article = f"in {article_words(source)}" + (f" · {flags}" if flags else "")
            return f"{source_heading(source, flags=False)}\n{article}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{source.name}\n{article_words(source)}")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(not source.reviewed)  # bold: still to review
            return font
        return None
