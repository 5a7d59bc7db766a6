"""Help > About: the versions in use and where the data lives, as plain text.

Every value is set as plain text (a path or a user name can hold "<"), selectable so it can
be copied into a bug report; "Open data folder" shows the database's folder in the file
manager.
"""

from __future__ import annotations

import PySide6
from PySide6.QtCore import QSettings, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.core.settings import Settings
from annotator.services.about import about_rows, data_folder


def open_data_folder(url: str) -> bool:
    """Show the folder of the database at `url` in the file manager; False if that failed."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_folder(url))))


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class AboutDialog(QDialog):
    """Versions, the database, the data folder and the settings files."""

    def __init__(
        self, url: str, settings: Settings, ui_store: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Annotator")
        self.setObjectName("aboutDialog")
        self._url = url
        rows = about_rows(url, settings)
        rows.insert(3, ("Qt / PySide6", f"{qVersion()} / {PySide6.__version__}"))
        rows.append(("Window and view settings", ui_store.fileName()))
        self.rows = rows
        form = QFormLayout()
        for what, value in rows:
            form.addRow(_plain_label(what, self), _plain_label(value, self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_folder_button = buttons.addButton(
            "Open data folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder_button.clicked.connect(lambda: open_data_folder(self._url))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = _plain_label("Annotator: who said what in news articles", self)
        heading.setObjectName("aboutHeading")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def text(self) -> str:
        """Everything the box says, one "what: value" line each (for tests and copying)."""
        return "\n".join(f"{what}: {value}" for what, value in self.rows)
