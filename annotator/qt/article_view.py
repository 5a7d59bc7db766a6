"""The article view (centre): the text, read-only, with entities and statements marked.

Marks come from `highlights.document_marks` (code points) and are painted at UTF-16
positions through `OffsetMap`, so nothing drifts after an emoji. The selected statement is
drawn on top with extra selections, which change without repainting the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.core.model import Document, Status
from annotator.qt import palette
from annotator.qt.highlights import Mark, Role, document_marks, statement_at, statement_marks
from annotator.qt.offsets import OffsetMap, display_text

LINE_HEIGHT_PERCENT = 145
PAGE_MARGIN = 28


def mark_format(mark: Mark) -> QTextCharFormat:
    """How one mark looks in the text: the single place that maps marks to formats."""
    fmt = QTextCharFormat()
    status = Status(mark.label) if mark.role is not Role.ENTITY else None
    if mark.role is Role.ENTITY:
        colour = QColor(palette.entity_label(mark.label).color)
        fmt.setForeground(colour)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(colour)
    elif mark.role is Role.CONTENT:
        tint, _ = palette.statement_colours(status)
        if tint is None:
            fmt.setForeground(QColor(palette.MUTED_INK))
        else:
            fmt.setBackground(QColor(tint))
    elif mark.role is Role.CUE:
        _, background = palette.statement_colours(status)
        fmt.setBackground(QColor(background))
        fmt.setFontStrikeOut(status is Status.REJECTED)
    else:  # the source: bold and underlined, whatever its entity colour
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(palette.INK))
    return fmt


def selected_format(mark: Mark) -> QTextCharFormat:
    """The emphasis laid over the parts of the selected statement."""
    fmt = QTextCharFormat()
    if mark.role is Role.CUE:
        fmt.setBackground(QColor(palette.SELECTED_CUE))
    elif mark.role is Role.CONTENT:
        fmt.setBackground(QColor(palette.SELECTED_CONTENT))
        fmt.setForeground(QColor(palette.INK))  # a rejected statement's grey, made legible
    else:
        fmt.setBackground(QColor(palette.SELECTED_CONTENT))
    return fmt


def article_font() -> QFont:
    """The reading font of the article: a serif at a comfortable size."""
    font = QFont()
    font.setFamilies(palette.ARTICLE_FONT_FAMILIES)
    font.setPointSize(palette.ARTICLE_POINT_SIZE)
    return font


class ArticleView(QTextEdit):
    """Shows one document; emits `statement_clicked(id)` when a click lands on a statement."""

    statement_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFont(article_font())
        self._document: Document | None = None
        self._offsets = OffsetMap("")

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
        self.setDocument(self._build_text(document))
        self.verticalScrollBar().setValue(scroll)
        self.setExtraSelections([])

    def select_statement(self, statement_id: str | None) -> None:
        """Emphasise one statement (None: none) and scroll it into view."""
        document = self._document
        statement = document.statement_by_id(statement_id) if document and statement_id else None
        if statement is None:
            self.setExtraSelections([])
            return
        selections = []
        for mark in statement_marks(statement):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor_over(mark.start, mark.end)
            selection.format = selected_format(mark)
            selections.append(selection)
        self.setExtraSelections(selections)
        self._scroll_into_view(*statement.extent)

    def position_of(self, index: int) -> int:
        """The Qt text position of code point `index` of the shown document."""
        return self._offsets.to_utf16(index)

    # -------------------------------------------------------------- internals
    def _build_text(self, document: Document | None) -> QTextDocument:
        text = QTextDocument(self)
        text.setUndoRedoEnabled(False)  # read-only; our undo lives in the Workspace
        text.setDefaultFont(article_font())
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
        for mark in document_marks(document):
            self._cursor_over(mark.start, mark.end, cursor).mergeCharFormat(mark_format(mark))
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
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return  # a drag selects text to copy; only a plain click picks a statement
        index = self._code_point_at(event.position().toPoint())
        statement_id = statement_at(self._document, index) if index is not None else None
        if statement_id is not None:
            self.statement_clicked.emit(statement_id)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event.pos(), event.globalPos())
            return True
        return super().event(event)

    def _show_tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        index = self._code_point_at(self.viewport().mapFrom(self, pos))
        text = describe_at(self._document, index) if index is not None else ""
        if text:
            QToolTip.showText(global_pos, text, self)
        else:
            QToolTip.hideText()


def describe_at(document: Document, index: int) -> str:
    """Tooltip text at code point `index`: the entity label and the statement there, if any."""
    lines = [
        f"{e.label}: {palette.entity_label(e.label).description}"
        for e in document.entities
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
    return "\n".join(lines)
