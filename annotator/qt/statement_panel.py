"""The statement panel (right): the open document's statements, one row each.

A row shows who speaks (the words in the text → the resolved speaker), whether that speaker
is anonymous or vague, the cue, the start of the content, the kind, the review status
(coloured) and the model's confidence. An edit updates its row alone (`refresh_statements`);
rows are reset only when statements come or go.
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

from annotator.core.model import Anonymity, Document, Statement, Status
from annotator.qt import palette
from annotator.qt.appearance import set_heading_font
from annotator.qt.plain_text import plain_tooltip
from annotator.qt.wording import identity_text

_HEADERS = ("Source → speaker", "◐○", "Cue", "Content", "Kind", "Status", "Conf.")
SPEAKER_COLUMN, ANONYMITY_COLUMN, CUE_COLUMN, CONTENT_COLUMN = 0, 1, 2, 3
KIND_COLUMN, STATUS_COLUMN, CONFIDENCE_COLUMN = 4, 5, 6
#: Starting widths (pixels) of the speaker and cue columns; the user can drag them.
SPEAKER_AND_CUE_WIDTHS = {SPEAKER_COLUMN: 140, CUE_COLUMN: 90}
#: The widest text of the short columns, which sets their width.
FIXED_COLUMN_SAMPLES = {
    ANONYMITY_COLUMN: "◐○",
    KIND_COLUMN: "indirect",
    STATUS_COLUMN: "suggested ",  # drawn bold while undecided
    CONFIDENCE_COLUMN: "Conf.",
}
#: What the anonymity column shows: a symbol of its own for each, never colour alone (the
#: tooltip and the detail panel say it in words).
ANONYMITY_CELLS = {Anonymity.ANONYMOUS: "◐", Anonymity.VAGUE: "○"}
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


def uncertainty_order(statements: list[Statement]) -> list[int]:
    """Indices of `statements`, the model's least certain first: confidence closest to 0.5,
    then the rest by distance; statements without a confidence (a person's) last. Ties keep
    the document's order, so the list never shuffles among equals."""

    def distance(index: int) -> tuple[bool, float, int]:
        confidence = statements[index].confidence
        return confidence is None, abs((confidence or 0.0) - 0.5), index

    return sorted(range(len(statements)), key=distance)


def is_undecided(statement: Statement) -> bool:
    """Whether the statement still waits for a decision (`Status.is_reviewed`, which the
    document list counts by too)."""
    return not statement.status.is_reviewed


class StatementTableModel(QAbstractTableModel):
    """Adapts a `Document`'s statements to a table; replaced whole when the document changes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._document: Document | None = None
        #: Rows by the model's uncertainty (`uncertainty_order`), else in document order;
        #: the order is taken when rows are set, so an edit in place never moves a row.
        self.by_uncertainty = False
        #: Row → index in the document's statements (document order, or by uncertainty).
        self._order: list[int] = []

    def set_document(self, document: Document | None) -> None:
        """Show the statements of `document` (None: none)."""
        self.beginResetModel()
        self._document = document
        self._order = self._rows_of(document)
        self.endResetModel()

    def _rows_of(self, document: Document | None) -> list[int]:
        statements = document.statements if document else []
        if self.by_uncertainty:
            return uncertainty_order(statements)
        return list(range(len(statements)))

    @property
    def document(self) -> Document | None:
        return self._document

    def refresh_statements(self, statement_ids: list[str]) -> None:
        """Repaint the rows of statements edited in place (the document object was patched)."""
        for statement_id in statement_ids:
            row = self.row_of(statement_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))

    def statement(self, row: int) -> Statement | None:
        """The statement in `row`, None outside the table."""
        statements = self._document.statements if self._document else []
        if not 0 <= row < len(self._order) or self._order[row] >= len(statements):
            return None
        return statements[self._order[row]]

    def row_of(self, statement_id: str | None) -> int | None:
        """The row of a statement, None when it is not shown."""
        statements = self._document.statements if self._document else []
        return next(
            (
                row
                for row, i in enumerate(self._order)
                if i < len(statements) and statements[i].id == statement_id
            ),
            None,
        )

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._document is None:
            return 0
        return len(self._order)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == ANONYMITY_COLUMN:
            return "◐ anonymous speaker (described, not named) · ○ vague (no identifiable speaker)"
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
            colour = palette.current().status_colours[statement.status]
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and is_undecided(statement):
            font = QFont()
            font.setBold(index.column() == STATUS_COLUMN)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(statement, index.column())
        return None

    def _foreground(self, statement: Statement, column: int) -> QColor | None:
        scheme = palette.current()
        if statement.status is Status.REJECTED:
            return QColor(scheme.muted_ink)
        if column == ANONYMITY_COLUMN:
            anonymity = self._anonymity(statement)
            colours = {
                Anonymity.ANONYMOUS: scheme.anonymous_mark,
                Anonymity.VAGUE: scheme.vague_mark,
            }
            return QColor(colours[anonymity]) if anonymity in colours else None
        return None

    def _anonymity(self, statement: Statement) -> Anonymity | None:
        speaker = self._document.source_by_id(statement.source_id)
        return speaker.anonymity if speaker else None

    def _tooltip(self, statement: Statement, column: int) -> str:
        if column == SPEAKER_COLUMN:
            return plain_tooltip(speaker_text(self._document, statement))
        if column == ANONYMITY_COLUMN:
            speaker = self._document.source_by_id(statement.source_id)
            return plain_tooltip(identity_text(speaker)) if speaker else ""
        return plain_tooltip(" … ".join(s.text for s in statement.content))

    def _cell_text(self, statement: Statement, column: int) -> str:
        if column == SPEAKER_COLUMN:
            return speaker_text(self._document, statement)
        if column == ANONYMITY_COLUMN:
            return ANONYMITY_CELLS.get(self._anonymity(statement), "")
        if column == CUE_COLUMN:
            return statement.cue.text
        if column == CONTENT_COLUMN:
            return excerpt(statement)
        if column == KIND_COLUMN:
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
        set_heading_font(self.heading, "statementHeading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        self._show_counts(None)

    def _size_columns(self) -> None:
        # Speakers and content can be long: fixed, elided columns keep status and confidence
        # in view; the content takes whatever room is left.
        # Widths come from the font, never from the rows: sizing a column to its contents
        # reads every row again after each edit, which costs a frame on a long article.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        metrics = self.view.fontMetrics()
        padding = 2 * metrics.averageCharWidth() + 8
        for column, sample in FIXED_COLUMN_SAMPLES.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + padding)
        for column, width in SPEAKER_AND_CUE_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(CONTENT_COLUMN, QHeaderView.ResizeMode.Stretch)
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

    def refresh(self, document: Document, changed: list[str], rows_changed: bool) -> None:
        """After an edit patched `document`: repaint the edited rows, or all when rows came or
        went; the heading's counts follow."""
        if rows_changed:
            self.show_document(document)
            return
        self.model.refresh_statements(changed)
        self._show_counts(document)

    def _show_counts(self, document: Document | None) -> None:
        order = " · least certain first" if self.model.by_uncertainty else ""
        self.heading.setText(counts_text(document) + order)

    def set_uncertainty_order(self, on: bool) -> None:
        """Show the model's least certain statements first (or the document's order again),
        keeping the selected statement selected and in view."""
        self.model.by_uncertainty = on
        self.show_document(self.model.document)  # keeps the selected statement

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

    def next_undecided(self, after_id: str | None, wrap: bool = True) -> str | None:
        """The first undecided statement after `after_id` (wrapping around unless `wrap` is
        False); None if there is none."""
        count = self.model.rowCount()
        start = self.model.row_of(after_id)
        start = -1 if start is None else start
        steps = range(1, count + 1) if wrap else range(1, count - start)
        for step in steps:
            statement = self.model.statement((start + step) % count)
            if statement.id != after_id and is_undecided(statement):
                return statement.id
        return None

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        statement = self.model.statement(current.row())
        self.statement_selected.emit(statement.id if statement else "")
