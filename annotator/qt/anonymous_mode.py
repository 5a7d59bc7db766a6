"""The controller of the anonymous-source queue (F7): loads its pages, turns the reviewer's
keys into the same commands as the article view, and keeps the queue current.

A correction is a `SetAnonymity` saved through the review controller's `apply` (on its
writer thread, in the order of the key presses), so it is audited, named in the Edit menu
and undone by Ctrl+Z like any other edit.
Every workspace change reloads the queue's loaded rows (one query of a page or two), keeping
the selected row; while the queue is hidden it is only marked stale. How often descriptions
recur is read once (one pass over the corpus) and again only after a change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from annotator.core.commands import Command, SetAnonymity
from annotator.core.model import Anonymity, Descriptors
from annotator.qt.anonymous_queue import AnonymousQueuePanel
from annotator.qt.workers import Task, TaskRunner
from annotator.services.anonymous_review import (
    DescriptionCounts,
    QueueFilters,
    QueueGroup,
    QueueSource,
    queue_count,
    queue_groups,
    queue_page,
)
from annotator.services.errors import StoreError
from annotator.services.workspace import Change, Workspace

Apply = Callable[[Command], None]
ShowMessage = Callable[[str], None]
COUNT_DESCRIPTIONS = "count-descriptions"
GROUP_QUEUE = "group-anonymous-queue"
#: The summary counts this far, then says "1,000+": a count of everything reads the corpus.
SUMMARY_CAP = 1000
#: After a burst of edits, how long to wait before counting the descriptions again (ms).
RECOUNT_DELAY_MS = 1500


class AnonymousReview(QObject):
    """Keeps the queue panel in step with the workspace and applies its corrections."""

    #: document id, statement id (or None): open it in the article view (Enter).
    open_requested = Signal(str, object)

    def __init__(
        self,
        workspace: Workspace,
        apply: Apply,
        show_message: ShowMessage,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._apply = apply
        self._show_message = show_message
        self._runner = runner
        self._filters = QueueFilters()
        self._group_by, self._order = "source", "article"
        #: Counts the groupings asked for: a heading list read for an older one is dropped.
        self._grouping_asked = 0
        # Pages use the last counts; a worker reads fresh ones (one pass over the corpus).
        self._counts = DescriptionCounts(workspace, wait=False)
        self._stale = True
        self.panel = AnonymousQueuePanel(self._load_page)
        self.panel.filters_changed.connect(self._on_filters_changed)
        self.panel.identity.saved.connect(self._save_identity)
        # Enter in a field: saved (above), then back to the list, where ↓ walks on.
        self.panel.identity.submitted.connect(lambda: QTimer.singleShot(0, self, self._focus_queue))
        self.panel.view.activated.connect(lambda _index: self.open_selected())
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)  # once for a burst of changes
        self._reload_timer.timeout.connect(self.reload)
        self._recount_timer = QTimer(self)
        self._recount_timer.setSingleShot(True)
        self._recount_timer.setInterval(RECOUNT_DELAY_MS)
        self._recount_timer.timeout.connect(self._count_descriptions)

    # ----------------------------------------------------------------- loading
    def _load_page(
        self, group: QueueGroup | None, loaded: int, last: QueueSource | None, limit: int
    ) -> list[QueueSource]:
        """A page of the queue, or of one heading's sources, after the `loaded` ones."""
        filters = group.narrow(self._filters) if group else self._filters
        try:
            # Read on after the last source: an index seek, as fast deep down as at the top.
            return queue_page(self._workspace, filters, 0, limit, self._counts, last, self._order)
        except (StoreError, ValueError) as error:
            self._show_message(f"The queue could not be read: {error}")
            return []

    def reload(self) -> None:
        """Read the loaded rows again, keeping the selected one (or its place); grouped,
        the headings are read in a worker (one pass over the queue) and come back open."""
        if self._group_by != "source":
            self._read_groups()
            return
        view, model = self.panel.view, self.panel.model
        key = model.key_of(view.currentIndex())
        row = view.currentIndex().parent().row() if key and key[2] else view.currentIndex().row()
        model.reload(at_least=model.loaded if not model.grouped else 0)
        self._stale = False
        self._show_summary()
        self._select(key, row)

    def _select(self, key, row: int) -> None:
        view, model = self.panel.view, self.panel.model
        index = model.index_of(key) if key else model.index(0, 0)
        if not index.isValid() and model.rowCount():
            index = model.index(min(max(row, 0), model.rowCount() - 1), 0)
        if index.isValid():
            view.setCurrentIndex(index)
            view.scrollTo(index)
        else:
            self.panel.identity.show_source(None)

    def _read_groups(self) -> None:
        """Read the headings in a worker; `_on_grouped` shows them."""
        self._grouping_asked += 1
        asked, filters, group_by = self._grouping_asked, self._filters, self._group_by
        workspace, counts = self._workspace, self._counts
        self._stale = False
        self.panel.summary.setText("grouping the queue…")

        def work(_progress, _cancelled):
            return asked, queue_groups(workspace, filters, group_by, counts)

        task = Task(GROUP_QUEUE, work)
        task.succeeded.connect(self._on_grouped)
        task.failed.connect(self._on_group_failed)
        self._runner.start(task)

    @Slot(object)
    def _on_grouped(self, result) -> None:
        asked, groups = result
        if asked != self._grouping_asked:
            return  # the filters or the grouping changed meanwhile: a newer list comes
        view, model = self.panel.view, self.panel.model
        key = model.key_of(view.currentIndex())
        heading = model.group_at(view.currentIndex())
        # The open headings, and how many of their sources were read: read as many again,
        # so the reviewer stays where they were however deep in a heading.
        opened = {}
        for row in range(model.rowCount() if model.grouped else 0):
            index = model.index(row, 0)
            if view.isExpanded(index) and (group := model.group_at(index)):
                opened[group.group_by, group.key] = model.loaded_under(index)
        model.show_groups(groups)
        for (group_by, group_key), loaded in opened.items():
            index = model.group_index(group_by, group_key)
            if (missing := loaded - model.loaded_under(index)) > 0:
                model.read_on(index, missing)
            view.expand(index)
        self._show_summary(groups)
        if heading is not None:
            index = model.group_index(heading.group_by, heading.key)
            if index.isValid():
                view.setCurrentIndex(index)
                return
        self._select(key, 0)

    @Slot(str)
    def _on_group_failed(self, detail: str) -> None:
        self._show_message(f"The queue could not be grouped: {detail}")

    def _show_summary(self, groups: list[QueueGroup] | None = None) -> None:
        if groups is None:
            try:
                total = queue_count(self._workspace, self._filters, self._counts, SUMMARY_CAP)
            except (StoreError, ValueError):
                return
            number = f"{SUMMARY_CAP:,}+" if total >= SUMMARY_CAP else f"{total:,}"
        else:  # the headings counted them all
            total = sum(group.sources for group in groups)
            headings = f"{len(groups):,} {_GROUP_WORDS[self._group_by]}"
            number = f"{total:,}"
        flagged = ", ".join(_flag_words(self._filters))
        suffix = f" · {flagged}" if flagged else ""
        if groups is not None:
            suffix = f" in {headings}{suffix}"
        counting = "" if self._counts.fresh else " · counting recurring descriptions…"
        self.panel.summary.setText(f"{number} anonymous or vague sources{suffix}{counting}")

    def _count_descriptions(self) -> None:
        """Read how often descriptions recur, in a worker; the queue reloads when done."""
        if self._counts.fresh or self._runner.is_running(COUNT_DESCRIPTIONS):
            return
        task = Task(COUNT_DESCRIPTIONS, lambda _progress, _cancelled: self._counts.compute())
        task.succeeded.connect(self._on_counted)
        task.failed.connect(self._on_count_failed)
        self._runner.start(task)

    @Slot(object)
    def _on_counted(self, _result) -> None:
        if not self._counts.fresh:  # a change came meanwhile: count again
            self._recount_timer.start()
        if self.panel.isVisible():
            self.reload()
        else:
            self._stale = True

    @Slot(str)
    def _on_count_failed(self, detail: str) -> None:
        self._show_message(f"Could not count the recurring descriptions: {detail}")

    def _on_filters_changed(self) -> None:
        filters = self.panel.filters()
        for value, name in ((filters.published_from, "from"), (filters.published_to, "to")):
            if value is not None and not _is_date(value):
                self._show_message(f"Published {name}: use a date such as 2025-03-01")
                return
        grouping = self.panel.grouping()
        if filters == self._filters and grouping == (self._group_by, self._order):
            return
        self._filters, (self._group_by, self._order) = filters, grouping
        if self._group_by != "source":
            self._read_groups()
            return
        self.panel.model.reload()
        self._show_summary()
        first = self.panel.model.index(0, 0)
        self.panel.view.setCurrentIndex(first)

    def show(self) -> None:
        """The queue is about to be seen: read it if it is stale; the keys go to it."""
        if self._stale:
            self.reload()
        self._count_descriptions()
        self.panel.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_change(self, change: Change) -> None:
        """Any edit, undo, import or reload may move a source in or out of the queue."""
        self._counts.forget()
        if self.panel.isVisible():
            self._reload_timer.start()
            self._recount_timer.start()
        else:
            self._stale = True

    # --------------------------------------------------------------- requests
    def open_selected(self) -> None:
        """Open the selected statement (a source row: its first) in its article (Enter); on
        a heading, open or close it."""
        index = self.panel.view.currentIndex()
        if self.panel.model.group_at(index) is not None:
            view = self.panel.view
            view.setExpanded(index, not view.isExpanded(index))
            return
        source = self.panel.model.source_at(index)
        statement = self.panel.model.statement_at(index)
        if source is not None:
            statement_id = statement.statement_id if statement else None
            self.open_requested.emit(source.document_id, statement_id)

    def focus_identity(self) -> None:
        """Put the keyboard in the selected source's identity fields (I)."""
        self.panel.identity.focus()

    def confirm_selected(self) -> None:
        """Confirm the selected source's identity as shown (A): it counts as reviewed."""
        source = self.panel.selected_source()
        if source is None:
            return
        if source.reviewed:
            self._show_message(f"{source.name}: already reviewed")
            return
        self._correct(source, source.anonymity, source.descriptors)

    def _save_identity(self, anonymity: str, descriptors: Descriptors) -> None:
        source = self.panel.selected_source()
        if source is not None:
            self._correct(source, Anonymity(anonymity), descriptors)

    def _focus_queue(self) -> None:
        self.panel.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _correct(self, source: QueueSource, anonymity: Anonymity, descriptors: Descriptors) -> None:
        self._apply(SetAnonymity(source.document_id, source.source_id, anonymity, descriptors))


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


_GROUP_WORDS = {
    "description": "descriptions",
    "outlet": "outlets",
    "month": "months",
    "day": "days",
}


def _flag_words(filters: QueueFilters) -> list[str]:
    words = []
    if filters.no_reason:
        words.append("no stated reason")
    if filters.anonymous_only_articles:
        words.append("in articles on unnamed sources only")
    if filters.recurring:
        words.append("recurring descriptions")
    return words
