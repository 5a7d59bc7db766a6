"""The article view (centre): the text, read-only, with entities and statements marked.

Marks come from `highlights.document_marks` (code points) and are painted at UTF-16
positions through `OffsetMap`, so nothing drifts after an emoji. The selected statement is
drawn on top with extra selections, which change without repainting the whole text; an edit
re-marks only the stretch of text it touched (`remark`).

The text can be selected with the mouse or Shift+arrows; a selection snaps to word edges
(`core.selection.snap_selection`) as soon as the mouse is released, so what the person sees
selected is exactly what a key will turn into a span.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.core.model import Anonymity, Document, Span, Statement, Status
from annotator.core.selection import snap_selection
from annotator.qt import palette
from annotator.qt.highlights import (
    Mark,
    Role,
    document_marks,
    marks_within,
    shown_entities,
    speaker_anonymity,
    statement_at,
    statement_extents,
    statement_marks,
)
from annotator.qt.offsets import OffsetMap, display_text
from annotator.qt.plain_text import plain_tooltip
from annotator.qt.schemes import Scheme
from annotator.qt.wording import identity_text

LINE_HEIGHT_PERCENT = 145
PAGE_MARGIN = 28


def mark_format(mark: Mark) -> QTextCharFormat:
    """How one mark looks in the text: the single place that maps marks to formats."""
    return _format_of(mark.role, mark.label, mark.anonymity, palette.current())


@cache
def _format_of(
    role: Role, label: str, anonymity: Anonymity | None, scheme: Scheme
) -> QTextCharFormat:
    # A handful of distinct looks for thousands of marks: made once per scheme, reused (Qt
    # copies a format when it applies it).
    mark = Mark(0, 0, role, label, anonymity=anonymity)
    fmt = QTextCharFormat()
    status = Status(mark.label) if mark.role is not Role.ENTITY else None
    if mark.role is Role.ENTITY:
        colour = QColor(palette.entity_label(mark.label).color)
        fmt.setForeground(colour)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(colour)
    elif mark.role is Role.CONTENT:
        tint, _ = scheme.statement_colours(status)
        if tint is None:
            fmt.setForeground(QColor(scheme.muted_ink))
        else:
            fmt.setBackground(QColor(tint))
    elif mark.role is Role.CUE:
        _, background = scheme.statement_colours(status)
        fmt.setBackground(QColor(background))
        fmt.setFontStrikeOut(status is Status.REJECTED)
    else:  # the source: bold and underlined, whatever its entity colour
        fmt.setFontWeight(QFont.Weight.Bold)
        _underline_source(fmt, mark.anonymity)
    return fmt


def _underline_source(fmt: QTextCharFormat, anonymity: Anonymity | None) -> None:
    """A named speaker is underlined; an anonymous one wavy, a vague one dashed."""
    scheme = palette.current()
    styles = {
        None: (QTextCharFormat.UnderlineStyle.SingleUnderline, scheme.ink),
        Anonymity.ANONYMOUS: (QTextCharFormat.UnderlineStyle.WaveUnderline, scheme.anonymous_mark),
        Anonymity.VAGUE: (QTextCharFormat.UnderlineStyle.DashUnderline, scheme.vague_mark),
    }
    style, colour = styles[anonymity]
    fmt.setUnderlineStyle(style)
    fmt.setUnderlineColor(QColor(colour))


def selected_format(mark: Mark, focused: bool = False) -> QTextCharFormat:
    """The emphasis laid over the parts of the selected statement; the focused part outlined."""
    fmt = QTextCharFormat()
    scheme = palette.current()
    if mark.role is Role.CUE:
        fmt.setBackground(QColor(scheme.selected_cue))
        fmt.setFontWeight(QFont.Weight.Bold)
    elif mark.role is Role.CONTENT:
        fmt.setBackground(QColor(scheme.selected_content))
        fmt.setForeground(QColor(scheme.ink))  # a rejected statement's grey, made legible
    else:
        fmt.setBackground(QColor(scheme.selected_content))
        fmt.setFontWeight(QFont.Weight.Bold)
        _underline_source(fmt, mark.anonymity)
    if focused:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(scheme.focus_outline))
        fmt.setFontOverline(True)
    return fmt


def nested_format(mark: Mark) -> QTextCharFormat:
    """A statement inside the selected one's content: its cue and source keep showing."""
    fmt = QTextCharFormat()
    if mark.role is Role.CUE:
        _, background = palette.statement_colours(mark.label)
        fmt.setBackground(QColor(background))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    fmt.setUnderlineColor(QColor(palette.current().nested_outline))
    return fmt


def draft_format() -> QTextCharFormat:
    """The parts of a new statement being made."""
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(palette.current().draft))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor(palette.current().focus_outline))
    return fmt


def article_font(point_size: int = palette.ARTICLE_POINT_SIZE) -> QFont:
    """The reading font of the article: a serif at a comfortable size (or the zoomed one)."""
    font = QFont()
    font.setFamilies(palette.ARTICLE_FONT_FAMILIES)
    font.setPointSize(point_size)
    return font


class ArticleView(QTextEdit):
    """Shows one document; emits `statement_clicked(id)` when a click lands on a statement
    and `selection_snapped(start, end)` (code points) when a selection settles."""

    statement_clicked = Signal(str)
    selection_snapped = Signal(int, int)
    #: Ctrl+wheel: zoom in (+1) or out (-1), done by whoever keeps the zoom (View menu).
    zoom_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._point_size = palette.ARTICLE_POINT_SIZE
        self.setFont(article_font())
        self._document: Document | None = None
        self._offsets = OffsetMap("")
        self._emphasis: list[QTextEdit.ExtraSelection] = []
        self._draft: list[QTextEdit.ExtraSelection] = []
        self._extents: dict[str, tuple[int, int]] = {}
        self._text: QTextDocument | None = None

    # ---------------------------------------------------------------- showing
    @property
    def document_id(self) -> str | None:
        """Id of the shown document (None when none is shown)."""
        return self._document.id if self._document else None

    def show_document(self, document: Document | None) -> None:
        """Show `document` with its marks; the scroll position stays when it is the same one."""
        same = document is not None and document.id == self.document_id
        scroll = self.verticalScrollBar().value() if same else 0
        self._document = document
        self._offsets = OffsetMap(document.text if document else "")
        self._extents = statement_extents(document) if document else {}
        previous, self._text = self._text, self._build_text(document)
        self.setDocument(self._text)
        if previous is not None:
            previous.deleteLater()  # setDocument keeps the old text alive: one at a time
        self.verticalScrollBar().setValue(scroll)
        self._emphasis, self._draft = [], []
        self.setExtraSelections([])

    def remark(self, regions: list[tuple[int, int]], statement_ids: list[str]) -> None:
        """Paint the stretches `regions` afresh after an edit of `statement_ids` (patched in
        the shown document).

        Only those stretches are touched: their formats are cleared and every mark
        overlapping them is laid again in paint order, so a neighbour's or a nested
        statement's marks survive. `regions` must not overlap one another.
        """
        if self._document is None:
            return
        for statement_id in statement_ids:
            statement = self._document.statement_by_id(statement_id)
            if statement is None:
                self._extents.pop(statement_id, None)
            else:
                self._extents[statement_id] = statement.extent
        if not regions:
            return
        marks = marks_within(self._document, regions, self._extents)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for start, end in regions:
            self._cursor_over(start, end, cursor).setCharFormat(QTextCharFormat())
            for mark in marks:
                first, last = max(start, mark.start), min(end, mark.end)
                if first < last:
                    self._cursor_over(first, last, cursor).mergeCharFormat(mark_format(mark))
        cursor.endEditBlock()

    def select_statement(
        self, statement_id: str | None, focus: tuple[str, int] | None = None, scroll: bool = True
    ) -> None:
        """Emphasise one statement (None: none), its focused part outlined, and show it.

        `focus` is ("source", 0), ("cue", 0) or ("content", n).
        """
        document = self._document
        statement = document.statement_by_id(statement_id) if document and statement_id else None
        if statement is None:
            self._emphasis = []
            self._update_extra_selections()
            return
        self._emphasis = self._nested_selections(statement) + self._part_selections(
            statement, focus
        )
        self._update_extra_selections()
        if scroll:
            self._scroll_into_view(*statement.extent)

    def show_draft(self, spans: list[Span]) -> None:
        """Show the parts of a new statement being made (empty: none)."""
        self._draft = [self._selection(s.start, s.end, draft_format()) for s in spans]
        self._update_extra_selections()

    @property
    def point_size(self) -> int:
        """The article's font size in points (zoom)."""
        return self._point_size

    def set_point_size(self, points: int) -> None:
        """Show the article at `points` (View > Zoom): this and every later document."""
        self._point_size = points
        self.setFont(article_font(points))
        self.document().setDefaultFont(article_font(points))

    def position_of(self, index: int) -> int:
        """The Qt text position of code point `index` of the shown document."""
        return self._offsets.to_utf16(index)

    # -------------------------------------------------------------- selecting
    def selected_range(self) -> tuple[int, int] | None:
        """The selection in code points, snapped to word edges; None when nothing is selected."""
        cursor = self.textCursor()
        if self._document is None or not cursor.hasSelection():
            return None
        start = self._offsets.to_code_point(cursor.selectionStart())
        end = self._offsets.to_code_point(cursor.selectionEnd())
        return snap_selection(self._document.text, start, end)

    def caret_index(self) -> int | None:
        """The code point at the text cursor (the caret), None when no document is shown."""
        if self._document is None:
            return None
        return self._offsets.to_code_point(self.textCursor().position())

    def select_range(self, start: int, end: int) -> None:
        """Make `[start, end)` (code points) the visible text selection."""
        cursor = self._cursor_over(start, end)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        """Drop the text selection, keeping the caret where it is."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def snap_current_selection(self) -> None:
        """Snap the live selection to word edges, so the person sees what a key will take."""
        snapped = self.selected_range()
        if snapped is None:
            return
        cursor = self.textCursor()
        forward = cursor.position() >= cursor.anchor()
        start, end = (self.position_of(i) for i in snapped)
        cursor.setPosition(start if forward else end)
        cursor.setPosition(end if forward else start, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.selection_snapped.emit(*snapped)

    # -------------------------------------------------------------- internals
    def _part_selections(
        self, statement: Statement, focus: tuple[str, int] | None
    ) -> list[QTextEdit.ExtraSelection]:
        selections = []
        fragment = 0
        for mark in statement_marks(statement, self._document):
            if mark.role is Role.CONTENT:
                part, fragment = ("content", fragment), fragment + 1
            else:
                part = (str(mark.role), 0)
            focused = focus is not None and tuple(focus) == part
            selections.append(self._selection(mark.start, mark.end, selected_format(mark, focused)))
        return selections

    def _nested_selections(self, statement: Statement) -> list[QTextEdit.ExtraSelection]:
        """The cue and source of statements nested in the selected one's content."""
        first, last = self._extents.get(statement.id) or statement.extent
        # The extents index first (plain tuples): on a long article only a few statements
        # lie within the selected one, and only those are looked at closely.
        within = {
            other_id
            for other_id, (start, end) in self._extents.items()
            if first <= start and end <= last and other_id != statement.id
        }
        inner = [
            mark
            for other in self._document.statements
            if other.id in within and (other.parent == statement.id or _inside(other, statement))
            for mark in statement_marks(other, self._document)
            if mark.role is not Role.CONTENT
        ]
        return [self._selection(m.start, m.end, nested_format(m)) for m in inner]

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._cursor_over(start, end)
        selection.format = fmt
        return selection

    def _update_extra_selections(self) -> None:
        self.setExtraSelections(self._emphasis + self._draft)

    def _build_text(self, document: Document | None) -> QTextDocument:
        text = QTextDocument(self)
        text.setUndoRedoEnabled(False)  # read-only; our undo lives in the Workspace
        text.setDefaultFont(article_font(self._point_size))
        text.setDocumentMargin(PAGE_MARGIN)
        if document is None:
            return text
        text.setPlainText(display_text(document.text))
        cursor = QTextCursor(text)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        spacing = QTextBlockFormat()
        proportional = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        spacing.setLineHeight(LINE_HEIGHT_PERCENT, proportional)
        cursor.mergeBlockFormat(spacing)
        # One cursor moved from mark to mark: a copy per mark cost a quarter of the loop on
        # a long article (5,000 marks).
        to_utf16, keep = self._offsets.to_utf16, QTextCursor.MoveMode.KeepAnchor
        for mark in document_marks(document):
            cursor.setPosition(to_utf16(mark.start))
            cursor.setPosition(to_utf16(mark.end), keep)
            cursor.mergeCharFormat(mark_format(mark))
        cursor.endEditBlock()
        return text

    def _cursor_over(self, start: int, end: int, cursor: QTextCursor | None = None) -> QTextCursor:
        cursor = QTextCursor(cursor) if cursor is not None else QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _scroll_into_view(self, start: int, end: int) -> None:
        # Show the end first, then the start, so a long statement shows from its beginning.
        for index in (end, start):
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_utf16(index))
            rect = self.cursorRect(cursor)
            if not self.viewport().rect().contains(rect):
                self._scroll_to_rect(rect)

    def _scroll_to_rect(self, rect) -> None:
        bar = self.verticalScrollBar()
        margin = self.viewport().height() // 4
        bar.setValue(bar.value() + rect.top() - margin)

    def _code_point_at(self, point: QPoint) -> int | None:
        if self._document is None:
            return None
        position = self.cursorForPosition(point).position()
        return self._offsets.to_code_point(min(position, self._offsets.utf16_length))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self.snap_current_selection()  # a drag selects words; a key then gives them a role
            return
        index = self._code_point_at(event.position().toPoint())
        statement_id = statement_at(self._document, index) if index is not None else None
        if statement_id is not None:
            self.statement_clicked.emit(statement_id)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # QTextEdit zooms on Ctrl+wheel by itself, past the View menu's zoom and its memory.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps:
                self.zoom_requested.emit(1 if steps > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def keyReleaseEvent(self, event) -> None:
        super().keyReleaseEvent(event)
        snapped = self.selected_range() if event.key() == Qt.Key.Key_Shift else None
        if snapped is not None:
            # Shift+arrows paused: say what a key would take, but leave the selection alone,
            # or the next Shift+Ctrl+→ would start again from the trimmed end.
            self.selection_snapped.emit(*snapped)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event.pos(), event.globalPos())
            return True
        return super().event(event)

    def _show_tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        index = self._code_point_at(self.viewport().mapFrom(self, pos))
        text = describe_at(self._document, index) if index is not None else ""
        if text:
            QToolTip.showText(global_pos, plain_tooltip(text), self)
        else:
            QToolTip.hideText()


def _inside(inner: Statement, outer: Statement) -> bool:
    """Whether `inner`'s cue lies inside one of `outer`'s content fragments."""
    return inner.id != outer.id and any(
        span.start <= inner.cue.start and inner.cue.end <= span.end for span in outer.content
    )


def describe_at(document: Document, index: int) -> str:
    """Tooltip text at code point `index`: the entity label and the statement there, if any."""
    lines = [
        f"{e.label}: {palette.entity_label(e.label).description}"
        for e in shown_entities(document)
        if e.start <= index < e.end
    ]
    statement_id = statement_at(document, index)
    statement = document.statement_by_id(statement_id) if statement_id else None
    if statement is not None:
        speaker = document.source_by_id(statement.source_id)
        who = speaker.name if speaker else (statement.source.text if statement.source else "—")
        lines.append(
            f"{statement.id} · {who} · “{statement.cue.text}” · {statement.kind} · "
            f"{statement.status}"
        )
        if speaker_anonymity(document, statement) is not None:
            lines.append(identity_text(speaker))
    return "\n".join(lines)
