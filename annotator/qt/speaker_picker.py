"""The speaker picker (L, M): a filtered list of the document's speakers, chosen by keyboard.

Typing filters on any part of a speaker's name or mentions ("He → ?": type "off" to find
"an unnamed senior official"); ↑/↓ move, Enter chooses, Escape cancels. Each row shows the
name, its anonymity and how often the text mentions it. Extra rows offer a new speaker from
the article's selection and "nobody" (no identifiable speaker).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Anonymity, Source

NEW, NOBODY = "__new__", "__nobody__"


@dataclass(frozen=True, slots=True)
class Choice:
    """A row of the picker: a source id, or NEW / NOBODY."""

    key: str
    text: str
    search: str


def speaker_choices(
    sources: list[Source], new_from: str | None = None, nobody: bool = True
) -> list[Choice]:
    """The rows the picker offers, speakers in the document's order."""
    rows = []
    if new_from:
        rows.append(Choice(NEW, f"＋ New speaker: “{new_from}”", new_from.lower()))
    for source in sources:
        mentions = len(source.mentions)
        badge = "" if source.anonymity is Anonymity.NAMED else f" · {source.anonymity}"
        noun = "mention" if mentions == 1 else "mentions"
        words = " ".join([source.name, *(m.text for m in source.mentions)]).lower()
        rows.append(Choice(source.id, f"{source.name}{badge} · {mentions} {noun}", words))
    if nobody:
        rows.append(Choice(NOBODY, "∅ Nobody (no identifiable speaker)", "nobody"))
    return rows


class SpeakerPicker(QDialog):
    """Pick one row; `chosen` holds its key after `exec()` returns Accepted."""

    def __init__(self, title: str, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("speakerPicker")
        self.chosen: str | None = None
        self._choices = choices
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type to filter speakers…")
        self.list = QListWidget(self)
        hint = QLabel("↑/↓ move · Enter choose · Esc cancel", self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title, self))
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(hint)
        self.filter.textChanged.connect(self._fill)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self._choose())
        self.resize(460, 320)
        self._fill("")

    def _fill(self, text: str) -> None:
        needle = text.strip().lower()
        self.list.clear()
        for choice in self._choices:
            if needle in choice.search or needle in choice.text.lower():
                item = QListWidgetItem(choice.text)
                item.setData(Qt.ItemDataRole.UserRole, choice.key)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The filter field keeps the keyboard; ↑/↓ and Enter act on the list below it.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if key == Qt.Key.Key_Up else 1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose()
                return True
        return super().eventFilter(watched, event)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
