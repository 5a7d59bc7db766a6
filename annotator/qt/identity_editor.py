"""The speaker-identity editor: named / anonymous / vague, the descriptors and the stated
reason. One widget for the detail panel (the article view) and the anonymous-source queue,
so both edit a source the same way; it only shows and asks, its owner applies the command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QPushButton, QSpinBox

from annotator.core.model import Anonymity, Descriptors, Source

DESCRIPTOR_FIELDS = ("role", "affiliation", "seniority", "reason")


class IdentityEditor(QGroupBox):
    """Edits one source's identity; emits `saved(anonymity, descriptors)` when changed."""

    #: anonymity, descriptors: what the person set for the shown source.
    saved = Signal(str, object)
    #: The person is done with the fields (Enter in one, or the save button).
    submitted = Signal()

    def __init__(self, title: str = "Speaker identity (I)", parent=None) -> None:
        super().__init__(title, parent)
        self._source: Source | None = None
        self._loading = False
        form = QFormLayout(self)
        self.anonymity_box = QComboBox(self)
        self.anonymity_box.setObjectName("identity_anonymity")
        self.anonymity_box.addItems([str(a) for a in Anonymity])
        self.anonymity_box.activated.connect(self._save)
        form.addRow("Identity", self.anonymity_box)
        self.descriptor_edits: dict[str, QLineEdit] = {}
        for name in DESCRIPTOR_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"descriptor_{name}")
            # Enter or leaving the field saves: typed words are never dropped silently.
            edit.editingFinished.connect(self._save)
            edit.returnPressed.connect(self.submitted)
            self.descriptor_edits[name] = edit
            if name == "reason":
                edit.setPlaceholderText("the stated reason for anonymity, if any")
            form.addRow(name.capitalize(), edit)
        self.count_box = QSpinBox(self)
        self.count_box.setRange(0, 10_000)
        self.count_box.setSpecialValueText("unknown")
        self.count_box.editingFinished.connect(self._save)
        form.addRow("Count", self.count_box)
        self.save_button = QPushButton("Save identity (Enter)", self)
        self.save_button.clicked.connect(self._save)
        self.save_button.clicked.connect(self.submitted)
        form.addRow("", self.save_button)
        self.show_source(None)

    def show_source(self, source: Source | None, keep_typing: bool = False) -> None:
        """Show `source`'s identity (None: empty and disabled). `keep_typing`: the same
        source again (an earlier save of it landed), so words typed and not yet saved stay."""
        self._source = source
        self._loading = True
        self.setEnabled(source is not None)
        descriptors = source.descriptors if source else Descriptors()
        self.anonymity_box.setCurrentText(str(source.anonymity if source else Anonymity.NAMED))
        for name, edit in self.descriptor_edits.items():
            # An earlier save of the same speaker lands while the user types in a field:
            # their words stay until they save them (Enter or leaving the field).
            if keep_typing and edit.isModified():
                continue
            edit.setText(getattr(descriptors, name) or "")
        self.count_box.setValue(descriptors.count or 0)
        self._loading = False

    def focus(self) -> None:
        """Put the keyboard in the first field."""
        if self.isEnabled():
            self.anonymity_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def edited_descriptors(self) -> Descriptors:
        """The descriptors as the fields now hold them (empty fields: unknown)."""
        values = {name: edit.text().strip() or None for name, edit in self.descriptor_edits.items()}
        return Descriptors(count=self.count_box.value() or None, **values)

    def _save(self, *_args) -> None:
        if self._loading or self._source is None:
            return
        anonymity = self.anonymity_box.currentText()
        descriptors = self.edited_descriptors()
        for edit in self.descriptor_edits.values():
            edit.setModified(False)  # handed over: what is saved may show in the field again
        if anonymity == str(self._source.anonymity) and descriptors == self._source.descriptors:
            return
        self.saved.emit(anonymity, descriptors)
