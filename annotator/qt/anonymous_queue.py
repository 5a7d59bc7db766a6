"""The anonymous-source queue (F7): every statement whose source is anonymous or vague,
across the corpus, each source once with its statements beneath, the filters and the
editor's flags above, and the source's identity editor beside it.

The panel shows and asks; `AnonymousReview` (anonymous_review.py in this package) loads the
pages and applies the corrections. Article text is plain text everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.qt.anonymous_queue_model import AnonymousQueueModel, LoadPage
from annotator.qt.identity_editor import IdentityEditor
from annotator.services.anonymous_review import QueueFilters, QueueSource

ANY = "any"
_DESCRIPTOR_HELP = "e.g. role=official, affiliation=palestinian, reason=named (comma between)"


class AnonymousQueuePanel(QWidget):
    """Filters, the queue and the identity editor of the selected source."""

    #: The filters changed: the queue is to be read again.
    filters_changed = Signal()
    #: The selected row changed (its source may be None).
    source_selected = Signal(object)

    def __init__(self, load_page: LoadPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("anonymousQueue")
        self.model = AnonymousQueueModel(load_page, self)
        self._shown: tuple[str, str] | None = None  # the source in the identity editor
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_filters())
        self.summary = QLabel(self)
        self.summary.setObjectName("anonymousSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = self._build_view(splitter)
        self.identity = IdentityEditor("Source identity (I) · A confirms as shown", splitter)
        splitter.addWidget(self.view)
        splitter.addWidget(self.identity)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ layout
    def _build_filters(self) -> QWidget:
        box = QWidget(self)
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        first, second = QHBoxLayout(), QHBoxLayout()
        self.anonymity_filter = self._combo(box, (ANY, "anonymous", "vague"))
        self.review_filter = self._combo(box, (ANY, "unreviewed", "reviewed"))
        self.outlet_filter = self._field(box, "outlet", "any outlet")
        self.since_filter = self._field(box, "since", "from YYYY-MM-DD")
        self.until_filter = self._field(box, "until", "to YYYY-MM-DD")
        for narrow in (self.since_filter, self.until_filter):
            narrow.setMaximumWidth(140)
        self.outlet_filter.setMaximumWidth(220)
        self.descriptor_filter = self._field(box, "descriptor", _DESCRIPTOR_HELP)
        for label, widget in (
            ("Identity", self.anonymity_filter),
            ("Review", self.review_filter),
            ("Outlet", self.outlet_filter),
            ("Published", self.since_filter),
            ("–", self.until_filter),
        ):
            first.addWidget(QLabel(label, box))
            first.addWidget(widget)
        first.addStretch(1)
        self.no_reason_filter = self._check(box, "No stated reason")
        self.only_unnamed_filter = self._check(box, "Articles on unnamed sources only")
        self.recurring_filter = self._check(box, "Recurring descriptions")
        second.addWidget(QLabel("Descriptors", box))
        second.addWidget(self.descriptor_filter, 1)
        for check in (self.no_reason_filter, self.only_unnamed_filter, self.recurring_filter):
            second.addWidget(check)
        form.addRow(first)
        form.addRow(second)
        return box

    def _combo(self, parent: QWidget, items: tuple[str, ...]) -> QComboBox:
        combo = QComboBox(parent)
        combo.addItems(list(items))
        combo.currentIndexChanged.connect(self.filters_changed)
        return combo

    def _field(self, parent: QWidget, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit(parent)
        field.setObjectName(f"filter_{name}")
        field.setPlaceholderText(placeholder)
        field.setClearButtonEnabled(True)
        field.editingFinished.connect(self.filters_changed)
        return field

    def _check(self, parent: QWidget, text: str) -> QCheckBox:
        check = QCheckBox(text, parent)
        check.toggled.connect(self.filters_changed)
        return check

    def _build_view(self, parent: QWidget) -> QTreeView:
        view = QTreeView(parent)
        view.setObjectName("anonymousQueueView")
        view.setModel(self.model)
        view.setHeaderHidden(True)
        view.setUniformRowHeights(False)
        view.setWordWrap(False)  # one line each (a source: two); the tooltip has it whole
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setExpandsOnDoubleClick(False)
        view.selectionModel().currentChanged.connect(self._on_current)
        self.model.modelReset.connect(view.expandAll)
        self.model.rowsInserted.connect(lambda *_: view.expandAll())
        return view

    # ----------------------------------------------------------------- reading
    def filters(self) -> QueueFilters:
        """The filters as the fields now hold them (an unreadable descriptor is ignored)."""
        return QueueFilters(
            anonymity=_chosen(self.anonymity_filter),
            review=_chosen(self.review_filter),
            outlet=self.outlet_filter.text().strip() or None,
            published_from=self.since_filter.text().strip() or None,
            published_to=self.until_filter.text().strip() or None,
            descriptors=descriptor_conditions(self.descriptor_filter.text()),
            no_reason=self.no_reason_filter.isChecked(),
            anonymous_only_articles=self.only_unnamed_filter.isChecked(),
            recurring=self.recurring_filter.isChecked(),
        )

    def selected_source(self) -> QueueSource | None:
        return self.model.source_at(self.view.currentIndex())

    def keyPressEvent(self, event) -> None:
        # Escape in the identity fields: back to the queue, where ↑/↓ walk on.
        if event.key() == Qt.Key.Key_Escape:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().keyPressEvent(event)

    def _on_current(self, current, _previous) -> None:
        source = self.model.source_at(current)
        key = None if source is None else (source.document_id, source.source_id)
        # The same source again (the queue reloaded after its save): words typed since stay.
        self.identity.show_source(
            None if source is None else _as_source(source), keep_typing=key == self._shown
        )
        self._shown = key
        self.source_selected.emit(source)


def _chosen(combo: QComboBox) -> str | None:
    text = combo.currentText()
    return None if text == ANY else text


DESCRIPTOR_NAMES = ("role", "affiliation", "seniority", "count", "reason")


def descriptor_conditions(text: str) -> tuple[tuple[str, str], ...]:
    """ "role=official, affiliation=palestinian" as conditions; a bare word is a role."""
    conditions = []
    for part in text.split(","):
        name, equals, value = part.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not equals:
            name, value = "role", name
        if name in DESCRIPTOR_NAMES and value and (name != "count" or value.isdigit()):
            conditions.append((name, value))
    return tuple(conditions)


def _as_source(source: QueueSource):
    """The queue's source as the identity editor takes it."""
    from annotator.core.model import Source

    return Source(
        id=source.source_id,
        name=source.name,
        anonymity=source.anonymity,
        descriptors=source.descriptors,
    )
