"""The legend above the article: what the marks mean, and which entity labels appear."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from annotator.core.model import Document, Status
from annotator.qt import palette


def _chip(text: str, style: str) -> str:
    # Non-breaking spaces: a chip never wraps in the middle.
    return f'<span style="{style}">&nbsp;{escape(text).replace(" ", "&nbsp;")}&nbsp;</span>'


def statement_legend_html() -> str:
    """Source, cue and content marks, and the colours of review states, in the scheme in use."""
    scheme = palette.current()
    pending_tint, pending_cue = scheme.statement_colours(Status.SUGGESTED)
    gold_tint, gold_cue = scheme.statement_colours(Status.ACCEPTED)
    chips = [
        _chip("source", "font-weight:700; text-decoration:underline"),
        _chip("cue", f"background-color:{pending_cue}"),
        _chip("content", f"background-color:{pending_tint}"),
        _chip("accepted", f"background-color:{gold_tint}; border-bottom:2px solid {gold_cue}"),
        _chip("accepted cue", f"background-color:{gold_cue}"),
        _chip("rejected", f"color:{scheme.muted_ink}; text-decoration:line-through"),
        _chip("selected", f"background-color:{scheme.selected_content}"),
        _chip("◐ anonymous speaker: wavy", f"color:{scheme.anonymous_mark}"),
        _chip("○ vague: dashed", f"color:{scheme.vague_mark}"),
    ]
    return "Statements: " + " ".join(chips)


def entity_legend_html(labels: list[str]) -> str:
    """The entity labels in use, each in its own colour."""
    chips = [
        _chip(label, f"color:{palette.entity_label(label).color}; text-decoration:underline")
        for label in labels
    ]
    return "Entities: " + " ".join(chips) if chips else ""


class Legend(QLabel):
    """One line explaining the marks; the entity part follows the open document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.show_document(None)

    def show_document(self, document: Document | None) -> None:
        """List the entity labels that occur in `document`, in the data file's order."""
        used = {entity.label for entity in document.entities} if document else set()
        known = [label.name for label in palette.known_entity_labels()]
        labels = [name for name in known if name in used] + sorted(used - set(known))
        parts = [statement_legend_html(), entity_legend_html(labels)]
        self.setText("<br>".join(part for part in parts if part))
