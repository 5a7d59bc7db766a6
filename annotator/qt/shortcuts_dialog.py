"""The shortcut overlay (F1 or ?): every action and its keys, read from the key map."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from annotator.qt.keymap import ENTITY_KEYS, KEYMAP, Scope
from annotator.qt.palette import known_entity_labels

_WHERE = {
    Scope.WINDOW: "anywhere",
    Scope.REVIEW: "lists and article",
    Scope.TEXT: "article and statements",
    Scope.QUEUE: "anonymous-source queue",
}


def key_text(key: str) -> str:
    """A key as the platform writes it ("Ctrl+PgDown", "⌘Z" on macOS)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_rows() -> list[tuple[str, str, str, str, str]]:
    """(menu, action, keys, where the keys act, what it does) for every binding, entity keys
    included."""
    rows = []
    for binding in KEYMAP:
        keys = [*binding.keys, *binding.text_keys]
        shown = ", ".join(key_text(k) for k in keys)
        where = _WHERE[binding.scope]
        text = binding.text.replace("&", "")
        rows.append((binding.menu.replace("&", ""), text, shown, where, binding.help))
    labels = known_entity_labels()
    for key, label in zip(ENTITY_KEYS, labels, strict=False):
        where = _WHERE[Scope.REVIEW]
        rows.append(("Entities", f"Label {label.name}", key, where, label.description))
    return rows


class ShortcutsDialog(QDialog):
    """A table of every shortcut; Escape or F1 closes it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        rows = shortcut_rows()
        self.table = QTableWidget(len(rows), 5, self)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys", "Where", "What it does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.resize(1000, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
