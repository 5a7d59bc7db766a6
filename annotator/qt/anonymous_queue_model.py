"""The anonymous-source queue as a two-level Qt model: each source once, the statements
resting on it beneath. A thin adapter over `services.anonymous_review`: pages are fetched as
the view scrolls (`canFetchMore`/`fetchMore`) and cached; `data()` only reads the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from annotator.qt.plain_text import plain_tooltip
from annotator.services.anonymous_review import QueueGroup, QueueSource, QueueStatement
from annotator.services.anonymous_review_output import article_words, flag_words, source_heading

PAGE_SIZE = 100
#: internalId of a group heading; a source row's is 1 + its branch (the group it is in, 0
#: when the queue is not grouped); a statement row's is _STATEMENT + branch << 24 + the
#: source's row.
_GROUP = 0
_STATEMENT = 1 << 48
_ROW_BITS = 24
_AnyIndex = QModelIndex | QPersistentModelIndex
#: Loads a page of a group's sources (group None: the whole queue): (group, how many are
#: loaded, the last of them or None, limit).
LoadPage = Callable[[QueueGroup | None, int, QueueSource | None, int], list[QueueSource]]
#: What a row is: (document id, source id, statement id or None).
RowKey = tuple[str, str, str | None]


@dataclass(slots=True)
class _Branch:
    """A group heading (or, ungrouped, the whole queue) and its sources read so far."""

    group: QueueGroup | None
    sources: list[QueueSource] = field(default_factory=list)
    exhausted: bool = False


class AnonymousQueueModel(QAbstractItemModel):
    """Sources and their statements (children), paged from the workspace; grouped, under
    a heading per description, outlet or date whose sources are read when it is opened."""

    def __init__(self, load_page: LoadPage, parent=None) -> None:
        super().__init__(parent)
        self._load_page = load_page
        self._branches: list[_Branch] = [_Branch(None, exhausted=True)]
        self._grouped = False
        # Nothing is read until the first `reload` (when the queue is first shown): a view
        # would otherwise fetch a page while the window opens, queue hidden (60 ms).

    # ----------------------------------------------------------------- loading
    def reload(self, at_least: int = PAGE_SIZE) -> None:
        """Read the (ungrouped) queue again from the start, at least `at_least` sources."""
        sources = self._load_page(None, 0, None, max(at_least, PAGE_SIZE))
        self.beginResetModel()
        exhausted = len(sources) < max(at_least, PAGE_SIZE)
        self._branches, self._grouped = [_Branch(None, sources, exhausted)], False
        self.endResetModel()

    def show_groups(self, groups: list[QueueGroup]) -> None:
        """Headings in place of the queue; each one's sources are read when it opens."""
        self.beginResetModel()
        self._branches, self._grouped = [_Branch(group) for group in groups], True
        self.endResetModel()

    @property
    def grouped(self) -> bool:
        return self._grouped

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        branch = self._branch_of_parent(parent)
        return branch is not None and not branch.exhausted

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        self.read_on(parent, PAGE_SIZE)

    def read_on(self, parent: _AnyIndex, count: int) -> None:
        """Read `count` more of `parent`'s sources (a heading, or the ungrouped queue)."""
        branch = self._branch_of_parent(parent)
        if branch is None or branch.exhausted:
            return
        last = branch.sources[-1] if branch.sources else None
        page = self._load_page(branch.group, len(branch.sources), last, count)
        branch.exhausted = len(page) < count
        if not page:
            return
        first = len(branch.sources)
        self.beginInsertRows(parent, first, first + len(page) - 1)
        branch.sources.extend(page)
        self.endInsertRows()

    def _branch_of_parent(self, parent: _AnyIndex) -> _Branch | None:
        """The branch whose sources are `parent`'s children (None: it has no sources)."""
        if not parent.isValid():
            return None if self._grouped else self._branches[0]
        if self._grouped and parent.internalId() == _GROUP:
            return self._branches[parent.row()]
        return None

    @property
    def loaded(self) -> int:
        """How many sources are cached."""
        return sum(len(branch.sources) for branch in self._branches)

    def loaded_under(self, heading: _AnyIndex) -> int:
        """How many of a heading's sources are cached."""
        branch = self._branch_of_parent(heading)
        return len(branch.sources) if branch is not None else 0

    # -------------------------------------------------------------- structure
    def index(self, row: int, column: int, parent: _AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0 or row >= self.rowCount(parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP if self._grouped else 1)
        kind = parent.internalId()
        if self._grouped and kind == _GROUP:
            return self.createIndex(row, 0, 1 + parent.row())
        branch = kind - 1
        return self.createIndex(row, 0, _STATEMENT + (branch << _ROW_BITS) + parent.row())

    def parent(self, child: _AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        kind = child.internalId()
        if kind >= _STATEMENT:
            branch, row = divmod(kind - _STATEMENT, 1 << _ROW_BITS)
            return self.createIndex(row, 0, 1 + branch)
        if self._grouped and kind != _GROUP:
            return self.createIndex(kind - 1, 0, _GROUP)
        return QModelIndex()

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._branches) if self._grouped else len(self._branches[0].sources)
        kind = parent.internalId()
        if kind >= _STATEMENT:
            return 0
        if self._grouped and kind == _GROUP:
            return len(self._branches[parent.row()].sources)
        source = self.source_at(parent)
        return len(source.statements) if source else 0

    def hasChildren(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        # A heading shows it can open before its sources are read.
        if parent.isValid() and self._grouped and parent.internalId() == _GROUP:
            return self._branches[parent.row()].group.sources > 0
        return self.rowCount(parent) > 0

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    # ---------------------------------------------------------------- reading
    def group_at(self, index: _AnyIndex) -> QueueGroup | None:
        """The group of a heading row (None for any other row)."""
        if index.isValid() and self._grouped and index.internalId() == _GROUP:
            return self._branches[index.row()].group
        return None

    def _source_place(self, index: _AnyIndex) -> tuple[int, int] | None:
        """(branch, row) of the source a row is or rests on; None for a heading."""
        if not index.isValid():
            return None
        kind = index.internalId()
        if kind >= _STATEMENT:
            return divmod(kind - _STATEMENT, 1 << _ROW_BITS)
        if self._grouped and kind == _GROUP:
            return None
        return kind - 1, index.row()

    def source_at(self, index: _AnyIndex) -> QueueSource | None:
        """The source of a row (a statement row: the source it rests on; a heading: None)."""
        place = self._source_place(index)
        if place is None or place[0] >= len(self._branches):
            return None
        sources = self._branches[place[0]].sources
        return sources[place[1]] if place[1] < len(sources) else None

    def is_statement(self, index: _AnyIndex) -> bool:
        """Whether the row is a statement (not a heading or a source)."""
        return index.isValid() and index.internalId() >= _STATEMENT

    def statement_at(self, index: _AnyIndex) -> QueueStatement | None:
        """The statement of a statement row; a source row: its first statement."""
        source = self.source_at(index)
        if source is None or not source.statements:
            return None
        row = index.row() if self.is_statement(index) else 0
        return source.statements[row] if row < len(source.statements) else None

    def key_of(self, index: _AnyIndex) -> RowKey | None:
        source = self.source_at(index)
        if source is None:
            return None
        statement = self.statement_at(index) if self.is_statement(index) else None
        return source.document_id, source.source_id, statement.statement_id if statement else None

    def index_of(self, key: RowKey) -> QModelIndex:
        """The row of `key` among the cached sources (invalid when it is not there)."""
        document_id, source_id, statement_id = key
        for number, branch in enumerate(self._branches):
            for row, source in enumerate(branch.sources):
                if (source.document_id, source.source_id) != (document_id, source_id):
                    continue
                parent = self.createIndex(row, 0, 1 + number)
                for n, statement in enumerate(source.statements):
                    if statement_id is not None and statement.statement_id == statement_id:
                        return self.index(n, 0, parent)
                return parent
        return QModelIndex()

    def group_index(self, group_by: str, key: str | None) -> QModelIndex:
        """The heading of the group `key` (invalid when it is not shown)."""
        for row, branch in enumerate(self._branches):
            if branch.group is not None and (branch.group.group_by, branch.group.key) == (
                group_by,
                key,
            ):
                return self.createIndex(row, 0, _GROUP)
        return QModelIndex()

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        group = self.group_at(index)
        if group is not None:
            return self._group_data(group, role)
        source = self.source_at(index)
        if source is None:
            return None
        if not self.is_statement(index):
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

    def _group_data(self, group: QueueGroup, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return group.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(group.label)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None
