"""The review controller: what happens when the user opens a document or decides a statement.

Behaviour only, no layout: it keeps the panels showing the same document and statement,
turns key presses into commands applied through the Workspace (which commits them before
anything is shown as done), and refreshes whatever a Workspace change concerns.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from annotator.core.commands import AcceptStatement, RejectStatement
from annotator.core.model import Document
from annotator.qt.article_panel import ArticlePanel
from annotator.qt.document_list import DocumentListPanel
from annotator.qt.statement_panel import StatementPanel
from annotator.store.errors import StoreError

ShowMessage = Callable[[str], None]


class ReviewController(QObject):
    """Keeps the document list, article and statement panels in step with the Workspace."""

    #: The labels of the next undo and redo ("" when there is none), after every change.
    history_changed = Signal(str, str)

    def __init__(
        self,
        workspace,
        documents: DocumentListPanel,
        article: ArticlePanel,
        statements: StatementPanel,
        show_message: ShowMessage,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._documents = documents
        self._article = article
        self._statements = statements
        self._show_message = show_message
        self.document: Document | None = None
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
        self._statements.select_statement(first)

    def open_first_document(self) -> None:
        """Open the first document of the list, when there is one and none is open."""
        if self.document is None:
            first = self._workspace.list_documents(0, 1)
            if first:
                self.open_document(first[0].id)

    def _show(self, document: Document) -> None:
        self.document = document
        self._article.show_document(document)
        self._statements.show_document(document)
        self._article.view.select_statement(self._statements.selected_statement_id())

    def _on_statement_selected(self, statement_id: str) -> None:
        self._article.view.select_statement(statement_id or None)

    # --------------------------------------------------------------- deciding
    def accept_selected(self) -> None:
        """Accept the selected statement, then move to the next undecided one."""
        self._decide(AcceptStatement)

    def reject_selected(self) -> None:
        """Reject the selected statement, then move to the next undecided one."""
        self._decide(RejectStatement)

    def _decide(self, command_type) -> None:
        statement_id = self._statements.selected_statement_id()
        if self.document is None or statement_id is None:
            return
        done, _ = self._run(self._workspace.apply, command_type(self.document.id, statement_id))
        if done:
            following = self._statements.next_undecided(statement_id)
            self._statements.select_statement(following or statement_id)

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
        if done and command is not None:
            self._show_message(f"{verb}: {label}")
            self._reveal(command.document_id, command.object_ids())

    def _reveal(self, document_id: str, object_ids: tuple[str, ...]) -> None:
        """Open the document an undo or redo touched and select its statement."""
        self.open_document(document_id)
        for object_id in object_ids:
            if self.document.statement_by_id(object_id) is not None:
                self._statements.select_statement(object_id)
                return

    def _run(self, operation, *args):
        """(True, result) when the Workspace committed the operation, (False, None) if not."""
        try:
            return True, operation(*args)
        except StoreError as error:  # a failed save must be seen, never pass as done
            self._show_message(f"Not saved: {error}")
            return False, None

    # --------------------------------------------------------------- reacting
    def on_change(self, change) -> None:
        """Refresh what a Workspace change concerns: the list row, the open document."""
        self._documents.on_change(change)
        if self.document is not None and change.document_id == self.document.id:
            self._show(self._workspace.load_document(self.document.id))
        self.emit_history()

    def emit_history(self) -> None:
        """Tell the menus the current undo/redo labels (e.g. at start)."""
        self.history_changed.emit(
            self._workspace.undo_label() or "", self._workspace.redo_label() or ""
        )
