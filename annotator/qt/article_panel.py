"""The centre panel: the document's heading, the legend and the article view."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.model import Document
from annotator.qt import palette
from annotator.qt.article_view import ArticleView
from annotator.qt.legend import Legend


def first_words(text: str, length: int = 48) -> str:
    """The article's opening words, a stand-in title for articles that have none."""
    words = " ".join(text.split())
    return words if len(words) <= length else words[:length].rsplit(" ", 1)[0] + " …"


def heading_html(document: Document | None) -> str:
    """Title (or id) in bold, then the dateline and date when the article has them."""
    if document is None:
        return "<i>No document open</i>"
    title = escape(document.meta.get("title") or first_words(document.text))
    details = [document.meta.get("dateline"), document.meta.get("published"), document.id]
    extra = " · ".join(escape(str(d)) for d in details if d)
    if not extra:
        return f"<b>{title}</b>"
    muted = palette.current().muted_ink
    return f"<b>{title}</b>&nbsp;&nbsp;<span style='color:{muted}'>{extra}</span>"


class ArticlePanel(QWidget):
    """Heading, legend and text of the open document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setObjectName("articleHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)  # a long title must not widen the panel
        self.legend = Legend(self)
        self.view = ArticleView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        self.show_document(None)

    def show_document(self, document: Document | None) -> None:
        """Show `document` (None: an empty page)."""
        self.heading.setText(heading_html(document))
        self.legend.show_document(document)
        self.view.show_document(document)
