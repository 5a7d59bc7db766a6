"""The review controller: what happens when the user opens a document or decides a statement.

Behaviour only, no layout: it keeps the panels showing the same document and statement,
turns key presses into commands applied through the Workspace (which commits them before
anything is shown as done), and refreshes whatever a Workspace change concerns. A change
carries the objects it wrote, so an edit patches the open document and repaints one table
row and the stretches of text it touched; only a change without objects reloads.
"""

from __future__ import annotations

from collections.abc import Callable

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
from annotator.services.errors import StoreError
from annotator.services.view_patch import patch_document
from annotator.services.workspace import Change, Workspace

ShowMessage = Callable[[str], None]
Part = tuple[str, int]


class ReviewController(QObject):
    """Keeps the document list, article, statement and detail panels in step with the
    Workspace."""

    #: The labels of the next undo and redo ("" when there is none), after every change.
    history_changed = Signal(str, str)

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
        documents.document_activated.connect(self.open_document)
        statements.statement_selected.connect(self._on_statement_selected)
        article.view.statement_clicked.connect(statements.select_statement)

    # ---------------------------------------------------------------- opening
    def open_document(self, document_id: str) -> None:
        """Show a document and select its first undecided statement."""
        if self.document is not None and self.document.id == document_id:
            return
        self._show(self._workspace.load_document(document_id))
        self._documents.select_document(document_id)
        first = self._statements.next_undecided(None)
        self.select_statement(first)

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
        following = self._statements.next_undecided(statement_id)
        if self.apply(command_type(self.document.id, statement_id)):
            still_there = self._statements.model.row_of(statement_id) is not None
            self.select_statement(following or (statement_id if still_there else None))

    def next_undecided_anywhere(self) -> None:
        """The next undecided statement after the selected one, in this or a later document."""
        current = self._statements.selected_statement_id()
        following = self._statements.next_undecided(current, wrap=False)
        if following is not None:
            self.select_statement(following)
            return
        for document_id in self._documents.following_with_work(self.document_id()):
            self.open_document(document_id)
            first = self._statements.next_undecided(None)
            if first is not None:
                self.select_statement(first)
                return
        self._show_message("Every statement is decided")

    def document_id(self) -> str | None:
        """Id of the open document."""
        return self.document.id if self.document else None

    def toggle_done(self) -> None:
        """Mark the open document done, or not done again (Ctrl+D)."""
        if self.document is None:
            return
        done = not self._documents.is_done(self.document.id)
        if self.apply(MarkDocumentDone(self.document.id, done)):
            self._show_message("Document marked done" if done else "Document reopened")

    def apply(self, command: Command) -> bool:
        """Apply `command` through the Workspace; False (and a message) when it was not saved."""
        done, _ = self._run(self._workspace.apply, command)
        if done:
            # The new edit is what Undo undoes, and nothing is left to redo after it: the
            # menus need no query (one less round trip per key press on a long article).
            self.history_changed.emit(command.label, "")
            self._show_message(f"Saved: {command.label} · Ctrl+Z undoes")
        return done

    def undo(self) -> None:
        """Undo the last edit (it may belong to another document: that one opens)."""
        self._move_in_history(self._workspace.undo_label(), self._workspace.undo, "Undone")

    def redo(self) -> None:
        """Redo the last undone edit."""
        self._move_in_history(self._workspace.redo_label(), self._workspace.redo, "Redone")

    def _move_in_history(self, label: str | None, operation, verb: str) -> None:
        if not label:
            return
        done, command = self._run(operation)
        self.emit_history()
        if done and command is not None:
            self._show_message(f"{verb}: {label}")
            self._reveal(command.document_id, command.object_ids())

    def _reveal(self, document_id: str, object_ids: tuple[str, ...]) -> None:
        """Open the document an undo or redo touched and select its statement."""
        self.open_document(document_id)
        for object_id in object_ids:
            if self.document.statement_by_id(object_id) is not None:
                self.select_statement(object_id)
                return

    def _run(self, operation, *args):
        """(True, result) when the Workspace committed the operation, (False, None) if not."""
        try:
            return True, operation(*args)
        except StoreError as error:  # a failed save must be seen, never pass as done
            self._show_message(f"Not saved: {error}")
            self.emit_history()
            return False, None

    # --------------------------------------------------------------- reacting
    def on_change(self, change: Change) -> None:
        """Refresh what a Workspace change concerns: the list row, the open document."""
        self._documents.on_change(change)
        if self.document is not None and change.document_id == self.document.id:
            self._refresh_open_document(change)

    def _refresh_open_document(self, change: Change) -> None:
        patched = patch_document(self.document, change)
        if patched.needs_reload:
            self._show(self._workspace.load_document(self.document.id))
            return
        self._article.view.remark(_merged(patched.regions), patched.touched())
        self._statements.refresh(self.document, patched.changed, patched.rows_changed)
        if change.entities:  # the legend lists the entity labels in use
            self._article.legend.show_document(self.document)
        self._show_selected(scroll=False)

    def emit_history(self) -> None:
        """Tell the menus the current undo/redo labels (e.g. at start)."""
        self.history_changed.emit(
            self._workspace.undo_label() or "", self._workspace.redo_label() or ""
        )


def _merged(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching stretches joined, so each is painted once."""
    joined: list[list[int]] = []
    for start, end in sorted(regions):
        if joined and start <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [(start, end) for start, end in joined]
