"""The anonymous-source queue (F7): every statement whose source is anonymous or vague,
across the corpus, each source once with its statements beneath, the filters and the
editor's flags above, and the source's identity editor beside it.

The panel shows and asks; `AnonymousReview` (anonymous_review.py in this package) loads the
pages and applies the corrections. Article text is plain text everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
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
#: The choices' words and what they mean to the service.
GROUP_CHOICES = {
    "source": "source",
    "description": "description",
    "outlet": "outlet",
    "month": "month",
    "day": "day",
}
ORDER_CHOICES = {"by article": "article", "newest first": "newest", "oldest first": "oldest"}
#: Statements whose sentence names no speaker ("it was reported") rest on a vague source of
#: their own (the spec's "no speaker at all"): in the queue, and a choice away.
SPEAKER_CHOICES = {ANY: None, "described": "described", "none named": "none"}
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
        form.addRow(self._build_grouping(box))
        return box

    def _build_grouping(self, box: QWidget) -> QHBoxLayout:
        """Group by, order, one description, speaker: each reached by its Alt+letter."""
        row = QHBoxLayout()
        self.group_by = self._combo(box, tuple(GROUP_CHOICES))
        self.group_by.setObjectName("anonymousGroupBy")
        self.order = self._combo(box, tuple(ORDER_CHOICES))
        self.order.setObjectName("anonymousOrder")
        self.description_filter = self._field(
            box, "description", "e.g. senior palestinian official"
        )
        self.speaker_filter = self._combo(box, tuple(SPEAKER_CHOICES))
        for text, widget in (
            ("Grou&p by", self.group_by),
            ("&Sort", self.order),
            ("&Description", self.description_filter),
            ("Spea&ker", self.speaker_filter),
        ):
            label = QLabel(text, box)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, 1 if widget is self.description_filter else 0)
        return row

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
        self.model.modelReset.connect(self._on_reset)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        return view

    def _on_reset(self) -> None:
        # Ungrouped: every source shows its statements. Grouped: the headings stay closed
        # (opening one reads its sources) but the first, so the keys have somewhere to go.
        if not self.model.grouped:
            self.view.expandAll()
        elif self.model.rowCount():
            first = self.model.index(0, 0)
            if self.model.canFetchMore(first):  # now: the selection may be among them
                self.model.fetchMore(first)
            self.view.expand(first)

    def _on_rows_inserted(self, parent, first: int, last: int) -> None:
        """Sources read in (a page, or a heading opened) show their statements."""
        if parent.isValid() and self.model.group_at(parent) is None:
            return  # statements: nothing to open
        for row in range(first, last + 1):
            self.view.expand(self.model.index(row, 0, parent))

    def _on_scrolled(self, value: int) -> None:
        """At the bottom of a grouped queue: read on in the last open heading."""
        if value < self.view.verticalScrollBar().maximum() or not self.model.grouped:
            return
        self._read_on(self.view.indexAt(self.view.viewport().rect().bottomLeft()))

    def _read_on(self, index) -> None:
        """Read on in a heading when `index` is (in) the last of its sources read so far."""
        if self.model.is_statement(index):
            index = index.parent()
        group = index.parent()
        last = index.row() == self.model.rowCount(group) - 1
        if self.model.group_at(group) is not None and last and self.model.canFetchMore(group):
            self.model.fetchMore(group)

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
            description=normalised_description(self.description_filter.text()),
            speaker=SPEAKER_CHOICES[self.speaker_filter.currentText()],
            no_reason=self.no_reason_filter.isChecked(),
            anonymous_only_articles=self.only_unnamed_filter.isChecked(),
            recurring=self.recurring_filter.isChecked(),
        )

    def grouping(self) -> tuple[str, str]:
        """What the queue is grouped by (`GROUP_BY`) and its order (`ORDERS`)."""
        return GROUP_CHOICES[self.group_by.currentText()], ORDER_CHOICES[self.order.currentText()]

    def selected_source(self) -> QueueSource | None:
        return self.model.source_at(self.view.currentIndex())

    def keyPressEvent(self, event) -> None:
        # Escape in the identity fields: back to the queue, where ↑/↓ walk on.
        if event.key() == Qt.Key.Key_Escape:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().keyPressEvent(event)

    def _on_current(self, current, _previous) -> None:
        if self.model.grouped:  # ↓ onto a heading's last source read: read on
            QTimer.singleShot(0, self, lambda: self._read_on(self.view.currentIndex()))
        source = self.model.source_at(current)
        key = None if source is None else (source.document_id, source.source_id)
        # The same source again (the queue reloaded after its save): words typed since stay.
        self.identity.show_source(
            None if source is None else _as_source(source), keep_typing=key == self._shown
        )
        self._shown = key
        self.source_selected.emit(source)


def normalised_description(text: str) -> str | None:
    """A description as the queue compares them: lower case, single spaces."""
    return " ".join(text.lower().split()) or None


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
