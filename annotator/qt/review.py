"""The review controller: what happens when the user opens a document or decides a statement.

Behaviour only, no layout: it keeps the panels showing the same document and statement,
turns key presses into commands applied through the Workspace (which commits them before
anything is shown as done), and refreshes whatever a Workspace change concerns. A change
carries the objects it wrote, so an edit patches the open document and repaints one table
row and the stretches of text it touched; only a change without objects reloads. Writes, and
the reads of opening or reloading a document, run on a writer thread through `WriteQueue`,
in the order of the key presses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, Signal

from annotator.core.commands import (
    AcceptStatement,
    Command,
    DeleteStatement,
    MarkDocumentDone,
    RejectStatement,
)
from annotator.core.model import Document, Origin, Statement
from annotator.qt.article_panel import ArticlePanel
from annotator.qt.detail_panel import DetailPanel
from annotator.qt.document_list import DocumentListPanel
from annotator.qt.statement_panel import StatementPanel
from annotator.qt.write_queue import Intention, WriteQueue
from annotator.services.errors import StoreError
from annotator.services.view_patch import patch_document
from annotator.services.workspace import Change, Workspace

ShowMessage = Callable[[str], None]
Opened = Callable[[Document], None]
Part = tuple[str, int]


class ReviewController(QObject):
    """Keeps the document list, article, statement and detail panels in step with the
    Workspace."""

    #: The labels of the next undo and redo ("" when there is none), after every change.
    history_changed = Signal(str, str)
    #: "undo" or "redo" becomes possible once the write just queued is saved: its key must
    #: not be refused meanwhile (A then Ctrl+Z, faster than the commit).
    history_pending = Signal(str)
    #: The id of a document whose reading starts; "" once it is shown or refused.
    opening = Signal(str)
    #: A document was opened and shown (its id).
    document_opened = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        documents: DocumentListPanel,
        article: ArticlePanel,
        statements: StatementPanel,
        detail: DetailPanel,
        show_message: ShowMessage,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._documents = documents
        self._article = article
        self._statements = statements
        self._detail = detail
        self._show_message = show_message
        self.document: Document | None = None
        #: The focused part of the selected statement: ("source"|"cue"|"content", n).
        self.focus_part: Part | None = None
        self.writes = WriteQueue(self)
        documents.document_activated.connect(self.open_document)
        statements.statement_selected.connect(self._on_statement_selected)
        article.view.statement_clicked.connect(statements.select_statement)

    def perform(self, intention: Intention) -> None:
        """Run what a key asks for once the writes before it are saved (in press order)."""
        self.writes.perform(intention)

    @property
    def idle(self) -> bool:
        """Nothing is being saved and no key press waits."""
        return self.writes.idle

    # ---------------------------------------------------------------- opening
    def open_document(self, document_id: str, then: Opened | None = None) -> None:
        """Show a document and select its first undecided statement; then `then(document)`.

        It is read on the writer thread, in turn with the keys and saves (`WriteQueue`):
        the read sees every save before it and the keys pressed after it wait until it is
        shown. Documents activated quickly one after another therefore open in order, each
        shown in turn: a key pressed between two of them acts on the first, so none may be
        skipped, and the last activated is the last shown. An unreadable document is said
        in the status bar and the one before stays shown (`then` is not called)."""
        self.writes.in_turn(lambda: self._open(document_id, then))

    def _open(self, document_id: str, then: Opened | None) -> None:
        if self.document is not None and self.document.id == document_id:
            if then is not None:
                then(self.document)
            return

        def read() -> Document:
            return self._workspace.load_document(document_id)

        def shown(document: Document) -> None:
            self.opening.emit("")
            self._show(document)
            self._documents.select_document(document_id)
            self.select_statement(self._statements.next_undecided(None))
            self.document_opened.emit(document_id)
            if then is not None:
                then(document)

        self.opening.emit(document_id)
        self.writes.write(read, shown, self._not_opened)

    def _not_opened(self, error: StoreError) -> None:
        # A damaged file, a server gone: said, not a traceback; the document before stays.
        self.opening.emit("")
        self._show_message(f"Cannot open the document: {error}")

    def open_first_document(self) -> None:
        """Open the first document of the list, when there is one and none is open."""
        if self.document is None:
            first = self._workspace.list_documents(0, 1)
            if first:
                self.open_document(first[0].id)

    def open_neighbour_document(self, step: int) -> None:
        """Open the next (+1) or previous (-1) document of the list (Ctrl+PgDown/PgUp)."""
        following = self._documents.neighbour(step)
        if following is None:
            self._show_message("No further document" if step > 0 else "This is the first document")
            return
        self.open_document(following)

    def _reload(self, document_id: str) -> None:
        """Read the open document again (a change without objects) and show it as stored."""

        def shown(document: Document) -> None:
            if self.document is not None and self.document.id == document_id:
                self._show(document)  # unless another document was opened meanwhile

        # Straight to the writer: after the write in flight (whose change this is), before
        # the keys waiting for it, which must act on what is stored.
        self.writes.write(
            lambda: self._workspace.load_document(document_id), shown, self._not_opened
        )

    def _show(self, document: Document) -> None:
        self.document = document
        self.focus_part = None
        self._article.show_document(document)
        self._statements.show_document(document)
        self._show_selected(scroll=True)

    def selected_statement(self) -> Statement | None:
        """The statement selected in the panel, None when none is."""
        statement_id = self._statements.selected_statement_id()
        if self.document is None or statement_id is None:
            return None
        return self.document.statement_by_id(statement_id)

    def select_statement(self, statement_id: str | None) -> None:
        """Select a statement of the open document (and show it everywhere)."""
        self._statements.select_statement(statement_id)

    def set_focus_part(self, part: Part | None) -> None:
        """Focus one part of the selected statement; the article outlines it."""
        self.focus_part = part
        self._show_selected(scroll=False)

    def _on_statement_selected(self, _statement_id: str) -> None:
        self.focus_part = None
        self._show_selected(scroll=True)

    def _show_selected(self, scroll: bool) -> None:
        statement = self.selected_statement()
        self._article.view.select_statement(
            statement.id if statement else None, self.focus_part, scroll=scroll
        )
        self._detail.show_statement(self.document, statement)

    # --------------------------------------------------------------- deciding
    def accept_selected(self) -> None:
        """Accept the selected statement, then move to the next undecided one."""
        self._decide(AcceptStatement)

    def reject_selected(self) -> None:
        """Reject the selected suggestion (delete a statement the user added), then move on."""
        statement = self.selected_statement()
        if statement is not None and statement.origin is Origin.HUMAN:
            self._decide(DeleteStatement)
        else:
            self._decide(RejectStatement)

    def _decide(self, command_type) -> None:
        statement_id = self._statements.selected_statement_id()
        if self.document is None or statement_id is None:
            return
        # The selection moves on at once, before the save: the next key acts on the next
        # statement. The row itself shows the decision only once it is committed.
        following = self._statements.next_undecided(statement_id)
        if following is not None:
            self.select_statement(following)
        # Refused: back to the statement, so that pressing the key again retries.
        self.apply(
            command_type(self.document.id, statement_id),
            failed=lambda: self.select_statement(statement_id),
        )

    def next_undecided_anywhere(self) -> None:
        """The next undecided statement after the selected one, in this or a later document."""
        current = self._statements.selected_statement_id()
        following = self._statements.next_undecided(current, wrap=False)
        if following is not None:
            self.select_statement(following)
            return
        self._open_with_work(iter(self._documents.following_with_work(self.document_id())))

    def _open_with_work(self, candidates: Iterator[str]) -> None:
        """Open the first of `candidates` that shows an undecided statement (the list's
        counts may be older than the document)."""
        document_id = next(candidates, None)
        if document_id is None:
            self._show_message("Every statement is decided")
            return

        def opened(_document: Document) -> None:
            first = self._statements.next_undecided(None)
            if first is None:
                self._open_with_work(candidates)
            else:
                self.select_statement(first)

        self.open_document(document_id, then=opened)

    def document_id(self) -> str | None:
        """Id of the open document."""
        return self.document.id if self.document else None

    def toggle_done(self) -> None:
        """Mark the open document done, or not done again (Ctrl+D)."""
        if self.document is None:
            return
        done = not self._documents.is_done(self.document.id)
        said = "Document marked done" if done else "Document reopened"
        self.apply(MarkDocumentDone(self.document.id, done), then=lambda: self._show_message(said))

    def apply(
        self,
        command: Command,
        then: Callable[[], None] | None = None,
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Save `command` through the Workspace on the writer thread; once it is committed
        (and its change painted) the Edit menu and the status bar say so and `then` runs.
        A failed save is reported, then `failed` runs."""

        def saved(_result) -> None:
            # The new edit is what Undo undoes, and nothing is left to redo after it: the
            # menus need no query (one less round trip per key press on a long article).
            self.history_changed.emit(command.label, "")
            self._show_message(f"Saved: {command.label} · Ctrl+Z undoes")
            if then is not None:
                then()

        def not_saved(error: StoreError) -> None:
            self._not_saved(error)
            if failed is not None:
                failed()

        self.history_pending.emit("undo")
        self.writes.write(lambda: self._workspace.apply(command), saved, not_saved)

    def undo(self) -> None:
        """Undo the last edit (it may belong to another document: that one opens)."""
        self.history_pending.emit("redo")
        self._move_in_history(self._workspace.undo, "Undone")

    def redo(self) -> None:
        """Redo the last undone edit."""
        self.history_pending.emit("undo")
        self._move_in_history(self._workspace.redo, "Redone")

    def _move_in_history(self, operation: Callable[[], Command | None], verb: str) -> None:
        def move():  # on the writer thread: the labels are read after the move, there too
            return operation(), self._history_labels()

        def moved(result) -> None:
            command, labels = result
            self.history_changed.emit(*labels)
            if command is not None:
                self._show_message(f"{verb}: {command.label}")
                self._reveal(command.document_id, command.object_ids())

        self.writes.write(move, moved, self._not_saved)

    def _reveal(self, document_id: str, object_ids: tuple[str, ...]) -> None:
        """Open the document an undo or redo touched and select its statement."""

        def opened(document: Document) -> None:
            for object_id in object_ids:
                if document.statement_by_id(object_id) is not None:
                    self.select_statement(object_id)
                    return

        self.open_document(document_id, then=opened)

    def _not_saved(self, error: StoreError) -> None:
        # A failed save must be seen, never pass as done; the view still shows what is
        # stored, since nothing is painted before a commit.
        self._show_message(f"Not saved: {error}")
        self.emit_history()

    # --------------------------------------------------------------- reacting
    def on_change(self, change: Change) -> None:
        """Refresh what a Workspace change concerns: the list row, the open document."""
        self._documents.on_change(change)
        if self.document is not None and change.document_id == self.document.id:
            self._refresh_open_document(change)

    def _refresh_open_document(self, change: Change) -> None:
        patched = patch_document(self.document, change)
        if patched.needs_reload:
            self._reload(self.document.id)
            return
        self._article.view.remark(_merged(patched.regions), patched.touched())
        self._statements.refresh(self.document, patched.changed, patched.rows_changed)
        if change.entities:  # the legend lists the entity labels in use
            self._article.legend.show_document(self.document)
        self._show_selected(scroll=False)

    def emit_history(self) -> None:
        """Tell the menus the current undo/redo labels (e.g. at start)."""
        try:
            self.history_changed.emit(*self._history_labels())
        except StoreError as error:
            self._show_message(f"Cannot read the history: {error}")

    def _history_labels(self) -> tuple[str, str]:
        return self._workspace.undo_label() or "", self._workspace.redo_label() or ""


def _merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching stretches joined, so each is painted once."""
    joined: list[list[int]] = []
    for start, end in sorted(regions):
        if joined and start <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [(start, end) for start, end in joined]
