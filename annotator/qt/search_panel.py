"""Search the corpus (Ctrl+F): a field, filters, and the hits in context.

The search runs in a worker thread after a short pause in typing (on 100,000 documents it
takes tens of milliseconds, more on a server); an answer to an older query is dropped. Each
hit shows its document's title, the speaker and the words around the match, the match in
bold. Article text is untrusted: the delegate paints it as plain text with the matched
stretches emphasised by character ranges (`QTextLayout` formats), never as HTML.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.document_list import shrinkable
from annotator.qt.plain_text import plain_tooltip
from annotator.qt.workers import Task, TaskRunner
from annotator.services.corpus_search import ANONYMITIES, STATUSES, SearchRequest, find

#: How long the field waits for the next key before searching (milliseconds).
SEARCH_DELAY_MS = 200
#: Lines of context under each hit's title.
SNIPPET_LINES = 2
_AnyIndex = QModelIndex | QPersistentModelIndex
HitRole = Qt.ItemDataRole.UserRole + 1


class HitListModel(QAbstractListModel):
    """The hits of the last search."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list = []

    def set_hits(self, hits: list) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: _AnyIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == HitRole:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:  # what a screen reader and a test read
            return f"{hit_title(hit)} — {hit_context(hit)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{hit_title(hit)}\n{hit_context(hit)}")
        return None


def hit_title(hit) -> str:
    """The hit's document as the document list names it."""
    return hit.heading


def hit_context(hit) -> str:
    """The speaker (for a statement) and the snippet, as one line of plain text."""
    return f"{hit.speaker}: {hit.snippet}" if hit.speaker else hit.snippet


class HitDelegate(QStyledItemDelegate):
    """Paints a hit: its title in bold, then the context with the matched words in bold."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _AnyIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(200, line * (1 + SNIPPET_LINES) + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        hit = index.data(HitRole)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        rect = option.rect.adjusted(6, 4, -6, -4)
        bold = QFont(option.font)
        bold.setBold(True)
        title = QFontMetrics(bold).elidedText(
            hit_title(hit), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter.setFont(bold)
        line = QFontMetrics(option.font).lineSpacing()
        painter.drawText(rect.x(), rect.y(), rect.width(), line, 0, title)
        self._paint_context(painter, option.font, hit, rect.adjusted(0, line, 0, 0))
        painter.restore()

    def _paint_context(self, painter: QPainter, font: QFont, hit, rect) -> None:
        layout = QTextLayout(hit_context(hit), font)
        layout.setFormats(_emphasis(hit))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        for _ in range(SNIPPET_LINES):
            text_line = layout.createLine()
            if not text_line.isValid():
                break
            text_line.setLineWidth(rect.width())
            text_line.setPosition(QPointF(0, y))
            y += text_line.height()
        layout.endLayout()
        painter.setClipRect(rect)
        layout.draw(painter, rect.topLeft())


def _emphasis(hit) -> list[QTextLayout.FormatRange]:
    """Bold for the speaker's name; bold and underlined (never colour alone) for each
    matched stretch of the snippet."""
    ranges = []
    if hit.speaker:
        ranges.append(_format_range(0, len(hit.speaker), underline=False))
    offset = len(hit.speaker) + 2 if hit.speaker else 0
    for start, end in hit.marks:
        ranges.append(_format_range(offset + start, offset + end, underline=True))
    return ranges


def _format_range(start: int, end: int, *, underline: bool) -> QTextLayout.FormatRange:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontUnderline(underline)
    span = QTextLayout.FormatRange()
    span.start, span.length, span.format = start, end - start, fmt
    return span


class SearchPanel(QWidget):
    """The search field, its filters and the list of hits; `hit_activated(hit)` when the
    user opens one (Enter, a click)."""

    hit_activated = Signal(object)
    #: The field was emptied or left with Escape: the document list comes back.
    closed = Signal()
    #: Whether there is a search to show (the field has words or a filter is set).
    active_changed = Signal(bool)

    def __init__(self, workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._runner = TaskRunner(self)
        self._generation = 0
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search text and speakers (Ctrl+F)")
        self.field.setClearButtonEnabled(True)
        self.speaker = QLineEdit(self)
        self.speaker.setObjectName("speakerFilter")
        self.speaker.setPlaceholderText("Speaker")
        self.speaker.setClearButtonEnabled(True)
        self.anonymity = _choice(self, "anonymityFilter", "Any source", ANONYMITIES)
        self.status = _choice(self, "statusFilter", "Any decision", STATUSES)
        self.summary = QLabel(self)
        self.summary.setObjectName("searchSummary")
        self.model = HitListModel(self)
        self.hits = QListView(self)
        self.hits.setObjectName("searchHits")
        self.hits.setModel(self.model)
        self.hits.setItemDelegate(HitDelegate(self.hits))
        self.hits.setUniformItemSizes(True)
        self.hits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hits.hide()  # until there is a search: the document list has the room
        self._build_layout()
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self.search_now)
        self.field.textChanged.connect(self._delay.start)
        self.speaker.textChanged.connect(self._delay.start)
        self.anonymity.currentIndexChanged.connect(self.search_now)
        self.status.currentIndexChanged.connect(self.search_now)
        self.hits.activated.connect(self._open)
        self.hits.clicked.connect(self._open)
        for widget in (self.field, self.speaker, self.hits):
            widget.installEventFilter(self)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.speaker, 2)
        filters.addWidget(self.anonymity, 1)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addWidget(self.hits, 1)

    def request(self) -> SearchRequest:
        """What the field and the filters ask for."""
        return SearchRequest(
            self.field.text(),
            speaker=self.speaker.text().strip() or None,
            anonymity=self.anonymity.currentData(),
            status=self.status.currentData(),
        )

    def is_active(self) -> bool:
        return not self.request().is_empty

    def focus_field(self) -> None:
        """Put the keyboard in the field, its words selected (Ctrl+F)."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def search_now(self) -> None:
        """Search for what the field and filters say, in a worker thread."""
        self._delay.stop()
        self._generation += 1
        request = self.request()
        self.hits.setVisible(not request.is_empty)
        self.active_changed.emit(not request.is_empty)
        if request.is_empty:
            self.model.set_hits([])
            self.summary.setText("")
            return
        self.summary.setText("Searching…")
        generation = self._generation
        task = Task("search", lambda _progress, _cancelled: find(self._workspace, request))
        task.succeeded.connect(lambda hits: self._show_hits(generation, hits))
        task.failed.connect(lambda detail: self._show_failure(generation, detail))
        self._runner.start(task)

    def _show_hits(self, generation: int, hits: list) -> None:
        if generation != self._generation:
            return  # the user typed on: an older answer
        self.model.set_hits(hits)
        more = "+" if len(hits) >= self.request().limit else ""  # one kind at least was cut
        self.summary.setText(f"{len(hits)}{more} hits" if hits else "No hits")
        if hits:
            self.hits.setCurrentIndex(self.model.index(0))

    def _show_failure(self, generation: int, detail: str) -> None:
        if generation == self._generation:
            self.summary.setText(f"Search failed: {detail}")

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.hit_activated.emit(index.data(HitRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.field and key == Qt.Key.Key_Down and self.model.rowCount():
            self.hits.setFocus(Qt.FocusReason.OtherFocusReason)  # from the words to the hits
            return True
        if watched in (self.field, self.speaker) and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._delay.isActive():
                self.search_now()
            elif self.hits.currentIndex().isValid():
                self._open(self.hits.currentIndex())
            return True
        if key == Qt.Key.Key_Escape:
            self.clear()
            return True
        return super().eventFilter(watched, event)

    def clear(self) -> None:
        """Empty the field and the filters; the document list comes back."""
        self.field.clear()
        self.speaker.clear()
        self.anonymity.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        self.search_now()
        self.closed.emit()

    def shutdown(self) -> None:
        """Wait for a search still running (before the workspace closes)."""
        self._runner.shutdown()


def _choice(parent: QWidget, name: str, anything: str, values: tuple[str, ...]) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName(name)
    shrinkable(box)
    box.addItem(anything, None)
    for value in values:
        box.addItem(value.capitalize(), value)
    return box
