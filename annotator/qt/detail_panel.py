"""The detail panel (right, under the statements): the selected statement and its speaker, whole.

Nothing here is cut short: the speaker's full name, every content fragment, the kind, and
the speaker's identity (named / anonymous / vague, descriptors and the stated reason), each
editable. The panel only shows and asks; the controller turns its requests into commands.
Article text is always shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Descriptors, Document, Source, Statement, StatementKind
from annotator.qt.identity_editor import DESCRIPTOR_FIELDS, IdentityEditor

#: Fragments longer than this are cut in the panel (the article shows them whole).
FRAGMENT_LENGTH = 240
__all__ = ["DESCRIPTOR_FIELDS", "DetailPanel", "fragments_text"]


def _plain_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fragments_text(statement: Statement) -> str:
    """The content fragments, numbered when there are several."""
    texts = [" ".join(span.text.split()) for span in statement.content]
    texts = [t if len(t) <= FRAGMENT_LENGTH else t[:FRAGMENT_LENGTH] + " …" for t in texts]
    if len(texts) == 1:
        return f"“{texts[0]}”"
    return "\n".join(f"{n}. “{text}”" for n, text in enumerate(texts, 1))


class DetailPanel(QWidget):
    """Shows one statement and its speaker; emits what the person asks to change."""

    kind_chosen = Signal(str)
    #: anonymity, descriptors: the identity of the shown statement's speaker.
    identity_saved = Signal(str, object)
    link_requested = Signal()
    merge_requested = Signal()
    #: The person is done here (Escape): focus goes back to the statements.
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPanel")
        self._statement: Statement | None = None
        self._source: Source | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_statement_box())
        layout.addWidget(self._build_identity_box())
        layout.addStretch(1)
        self.show_statement(None, None)

    # ------------------------------------------------------------------ layout
    def _build_statement_box(self) -> QGroupBox:
        box = QGroupBox("Statement", self)
        form = QFormLayout(box)
        self.status_label = _plain_label(box, "detailStatus")
        self.speaker_label = _plain_label(box, "detailSpeaker")
        self.mention_label = _plain_label(box, "detailMention")
        self.cue_label = _plain_label(box, "detailCue")
        self.content_label = _plain_label(box, "detailContent")
        self.kind_box = QComboBox(box)
        self.kind_box.addItems([str(kind) for kind in StatementKind])
        self.kind_box.activated.connect(self._on_kind)
        # The buttons under the name, not beside it: a wrapped label in a row of its own is
        # given the height its lines need (beside buttons, a long name was cut off).
        speaker_row = QHBoxLayout()
        self.link_button = QPushButton("Link… (L)", box)
        self.merge_button = QPushButton("Merge… (M)", box)
        self.link_button.clicked.connect(self.link_requested)
        self.merge_button.clicked.connect(self.merge_requested)
        speaker_row.addWidget(self.link_button)
        speaker_row.addWidget(self.merge_button)
        speaker_row.addStretch(1)
        form.addRow("Status", self.status_label)
        form.addRow("Speaker", self.speaker_label)
        form.addRow("", speaker_row)
        form.addRow("In the text", self.mention_label)
        form.addRow("Cue", self.cue_label)
        form.addRow("Content", self.content_label)
        form.addRow("Kind (D)", self.kind_box)
        return box

    def _build_identity_box(self) -> IdentityEditor:
        box = IdentityEditor("Speaker identity (I)", self)
        box.saved.connect(self.identity_saved)
        # The editor's fields, by the names the rest of the window and its tests know.
        self.anonymity_box = box.anonymity_box
        self.descriptor_edits = box.descriptor_edits
        self.count_box = box.count_box
        self.save_button = box.save_button
        self.identity_box = box
        return box

    # ----------------------------------------------------------------- showing
    def show_statement(self, document: Document | None, statement: Statement | None) -> None:
        """Show `statement` of `document` and its speaker (None: an empty panel)."""
        shown = self._source
        self._statement = statement
        self._source = document.source_by_id(statement.source_id) if statement else None
        same_speaker = (
            shown is not None and self._source is not None and shown.id == self._source.id
        )
        self._loading = True
        self._show_statement_fields(statement)
        self._show_identity_fields(self._source, keep_typing=same_speaker)
        self._loading = False

    def _show_statement_fields(self, statement: Statement | None) -> None:
        enabled = statement is not None
        for widget in (self.kind_box, self.link_button, self.merge_button):
            widget.setEnabled(enabled)
        if statement is None:
            for label in (self.status_label, self.mention_label, self.cue_label):
                label.setText("")
            self.speaker_label.setText("No statement selected")
            self.content_label.setText("")
            return
        self.status_label.setText(f"{statement.status} · {statement.origin} · {statement.id}")
        self.speaker_label.setText(self._source.name if self._source else "nobody linked")
        self.mention_label.setText(f"“{statement.source.text}”" if statement.source else "—")
        self.cue_label.setText(f"“{statement.cue.text}”")
        self.content_label.setText(fragments_text(statement))
        self.kind_box.setCurrentText(str(statement.kind))
        self.merge_button.setEnabled(self._source is not None)

    def _show_identity_fields(self, source: Source | None, keep_typing: bool = False) -> None:
        self.identity_box.show_source(source, keep_typing=keep_typing)

    # -------------------------------------------------------------- requests
    def focus_identity(self) -> None:
        """Put the keyboard in the identity fields (key I)."""
        self.identity_box.focus()

    def edited_descriptors(self) -> Descriptors:
        """The descriptors as the fields now hold them (empty fields: unknown)."""
        return self.identity_box.edited_descriptors()

    def _on_kind(self, _index: int) -> None:
        if not self._loading and self._statement is not None:
            chosen = self.kind_box.currentText()
            if chosen != str(self._statement.kind):
                self.kind_chosen.emit(chosen)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)
