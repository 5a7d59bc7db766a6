"""Model > Choose model: the rules or a trained pipeline (from the models folder, or a folder
the user picks) for the suggestions of new imports and of a re-suggest.

The list reads each folder's meta.json only (nothing is loaded to show it); "Use" hands the
choice to the window's `ModelSwitch`, which loads it in a worker and says here what came of
it. Names and paths are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.model_switch import ModelSwitch
from annotator.services.models import available_pipelines, describe_pipeline

LOCATION = Qt.ItemDataRole.UserRole


class ModelDialog(QDialog):
    """The pipelines to choose from, the one in use marked."""

    def __init__(
        self,
        switch: ModelSwitch,
        use: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose model")
        self._switch, self._use = switch, use
        intro = QLabel(
            "The model makes the suggestions of new imports, and of Model > Re-suggest. "
            "Decisions people made never change.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.choices = QListWidget(self)
        self.choices.setWordWrap(True)  # a trained pipeline's line is long: all of it shows
        self.choices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.folder_button = self.buttons.addButton(
            "Choose &folder…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.use_button = self.buttons.addButton("&Use", QDialogButtonBox.ButtonRole.AcceptRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.folder_button.clicked.connect(self._choose_folder)
        self.use_button.clicked.connect(self.use_selected)
        self.choices.itemActivated.connect(lambda _item: self.use_selected())
        close.clicked.connect(self.reject)
        switch.changed.connect(self._on_changed)
        switch.message.connect(self.status.setText)  # loading, in use, or why not
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.reload()
        self.resize(640, 360)

    def reload(self) -> None:
        """List the rules and the trained pipelines; select the one in use."""
        self.choices.clear()
        for choice in available_pipelines(self._switch.current):
            self._add(choice.location)
        self._select(self._switch.current)

    def _add(self, location: str) -> None:
        choice = describe_pipeline(location)
        in_use = " (in use)" if location == self._switch.current else ""
        item = QListWidgetItem(choice.describe() + in_use, self.choices)
        item.setData(LOCATION, location)
        item.setToolTip(location)

    def _select(self, location: str) -> None:
        for row in range(self.choices.count()):
            if self.choices.item(row).data(LOCATION) == location:
                self.choices.setCurrentRow(row)

    def add_folder(self, folder: Path) -> None:
        """Offer `folder` (a pipeline saved elsewhere) and select it."""
        location = str(folder)
        known = [self.choices.item(r).data(LOCATION) for r in range(self.choices.count())]
        if location not in known:
            self._add(location)
        self._select(location)

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Choose a trained pipeline's folder")
        if name:
            self.add_folder(Path(name))

    def selected_location(self) -> str | None:
        item = self.choices.currentItem()
        return item.data(LOCATION) if item is not None else None

    def use_selected(self) -> bool:
        """Load the selected pipeline in a worker (the switch says what came of it)."""
        location = self.selected_location()
        if location is None:
            return False
        if location == self._switch.current:
            self.status.setText("That model is already in use.")
            return False
        self.status.setText(f"Loading {describe_pipeline(location).label} …")
        return self._use(location)

    def _on_changed(self, _nlp, _location: str) -> None:
        self.reload()
