"""The statement panel (right): the open document's statements, one row each.

A row shows who speaks (the words in the text → the resolved speaker), the cue, the start of
the content, the kind, the review status (coloured) and the model's confidence.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Document, Statement, Status
from annotator.qt.palette import MUTED_INK, STATUS_COLOURS

_HEADERS = ("Source → speaker", "Cue", "Content", "Kind", "Status", "Conf.")
STATUS_COLUMN = 4
#: Starting widths (pixels) of the speaker and cue columns; the user can drag them.
SPEAKER_AND_CUE_WIDTHS = {0: 155, 1: 100}
EXCERPT_LENGTH = 70
_AnyIndex = QModelIndex | QPersistentModelIndex


def speaker_text(document: Document, statement: Statement) -> str:
    """ "He → an unnamed senior official": the words in the text, then who they resolve to."""
    said = statement.source.text if statement.source else "—"
    speaker = document.source_by_id(statement.source_id)
    if speaker is None or speaker.name == said:
        return said
    return f"{said} → {speaker.name}"


def excerpt(statement: Statement, length: int = EXCERPT_LENGTH) -> str:
    """The content fragments joined, cut at a word boundary near `length` characters."""
    text = " … ".join(" ".join(span.text.split()) for span in statement.content)
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"


def counts_text(document: Document | None) -> str:
    """ "19 statements · 2 reviewed · 17 to go", the panel's heading."""
    if document is None:
        return "Statements"
    total = len(document.statements)
    open_ = sum(1 for s in document.statements if is_undecided(s))
    noun = "statement" if total == 1 else "statements"
    return f"{total} {noun} · {total - open_} reviewed · {open_} to go"


def is_undecided(statement: Statement) -> bool:
    """Whether the statement still waits for a decision."""
    return statement.status is Status.SUGGESTED


class StatementTableModel(QAbstractTableModel):
    """Adapts a `Document`'s statements to a table; replaced whole when the document changes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._document: Document | None = None

    def set_document(self, document: Document | None) -> None:
        """Show the statements of `document` (None: none)."""
        self.beginResetModel()
        self._document = document
        self.endResetModel()

    def statement(self, row: int) -> Statement | None:
        """The statement in `row`, None outside the table."""
        statements = self._document.statements if self._document else []
        return statements[row] if 0 <= row < len(statements) else None

    def row_of(self, statement_id: str | None) -> int | None:
        """The row of a statement, None when it is not shown."""
        statements = self._document.statements if self._document else []
        return next((i for i, s in enumerate(statements) if s.id == statement_id), None)

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._document is None:
            return 0
        return len(self._document.statements)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: _AnyIndex, role=Qt.ItemDataRole.DisplayRole):
        statement = self.statement(index.row()) if index.isValid() else None
        if statement is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(statement, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(statement, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == STATUS_COLUMN:
            colour = STATUS_COLOURS[statement.status]
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and is_undecided(statement):
            font = QFont()
            font.setBold(index.column() == STATUS_COLUMN)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and statement.status is Status.REJECTED:
            return QColor(MUTED_INK)
        return None

    def _tooltip(self, statement: Statement, column: int) -> str:
        if column == 0:
            return speaker_text(self._document, statement)
        return f"{statement.id}: {' … '.join(s.text for s in statement.content)}"

    def _cell_text(self, statement: Statement, column: int) -> str:
        if column == 0:
            return speaker_text(self._document, statement)
        if column == 1:
            return statement.cue.text
        if column == 2:
            return excerpt(statement)
        if column == 3:
            return str(statement.kind)
        if column == STATUS_COLUMN:
            return str(statement.status)
        return "" if statement.confidence is None else f"{statement.confidence:.2f}"


class StatementPanel(QWidget):
    """The statement list; emits `statement_selected(id)` ("" when none) as the user moves."""

    statement_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StatementTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("statementList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self._size_columns()
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.heading = QLabel(self)
        self.heading.setObjectName("statementHeading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        self._show_counts(None)

    def _size_columns(self) -> None:
        # Speakers and content can be long: fixed, elided columns keep status and confidence
        # in view; the content takes whatever room is left.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column in range(len(_HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in SPEAKER_AND_CUE_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # ----------------------------------------------------------------- showing
    def show_document(self, document: Document | None) -> None:
        """Show `document`'s statements, keeping the selected one when it is still there."""
        keep = self.selected_statement_id()
        self.view.selectionModel().blockSignals(True)  # a reset is not a user's move
        self.model.set_document(document)
        self.view.selectionModel().blockSignals(False)
        self._show_counts(document)
        if keep is not None and self.model.row_of(keep) is not None:
            self.select_statement(keep)

    def _show_counts(self, document: Document | None) -> None:
        self.heading.setText(counts_text(document))

    def selected_statement_id(self) -> str | None:
        """Id of the current statement, None when none is selected."""
        statement = self.model.statement(self.view.currentIndex().row())
        return statement.id if statement else None

    def select_statement(self, statement_id: str | None) -> None:
        """Make `statement_id` the current row (and tell the others)."""
        row = self.model.row_of(statement_id)
        if row is None:
            return
        if self.view.currentIndex().row() == row:
            self.statement_selected.emit(statement_id)
        else:
            self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    def move(self, step: int) -> None:
        """Select the statement `step` rows away from the current one (J/K)."""
        count = self.model.rowCount()
        if count == 0:
            return
        current = self.view.currentIndex().row()
        row = 0 if current < 0 else max(0, min(count - 1, current + step))
        self.select_statement(self.model.statement(row).id)

    def next_undecided(self, after_id: str | None) -> str | None:
        """The first undecided statement after `after_id`, wrapping around; None if all done."""
        count = self.model.rowCount()
        start = self.model.row_of(after_id)
        start = -1 if start is None else start
        for step in range(1, count + 1):
            statement = self.model.statement((start + step) % count)
            if statement.id != after_id and is_undecided(statement):
                return statement.id
        return None

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        statement = self.model.statement(current.row())
        self.statement_selected.emit(statement.id if statement else "")
