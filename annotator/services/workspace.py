"""The annotation database as one user sees it: the corpus, their view, their edits.

The GUI, the command line and the tests all go through `Workspace`. It is thread-safe: one
engine, a short session per call, and edits serialised by a lock so each user's undo log
keeps its order. Subscribers hear about every change after it is committed, on the thread
that made it (a Qt front end forwards the notification to the GUI thread with a signal).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from annotator.core.commands import Command, CommandError
from annotator.core.model import DEFAULT_RATING_SCALE, Document, Entity, Source, Statement
from annotator.store import anonymous_sources, history, repository
from annotator.store import search as store_search
from annotator.store.decisions import Seen, SessionState, Write, object_of, seen_by
from annotator.store.engine import (
    BUSY_TIMEOUT_MS,
    create_store_engine,
    is_sqlite,
    safe_url,
    to_url,
)
from annotator.store.errors import (
    EditConflict,
    InvalidEdit,
    StoreError,
    read_error,
    save_error,
)
from annotator.store.export_scope import Scope, ScopeQuery, export_scope
from annotator.store.history import AuditEntry
from annotator.store.migrate import prepare_database
from annotator.store.repository import SORT_KEYS, DocumentSummary, ImportResult
from annotator.store.search import PROGRESSES, SearchFilters, SearchHit
from annotator.store.watch import CorpusWatch

__all__ = [
    "PROGRESSES",
    "SORT_KEYS",
    "AuditEntry",
    "Change",
    "DocumentSummary",
    "EditConflict",
    "ImportResult",
    "SearchHit",
    "StoreError",
    "Workspace",
]


@dataclass(frozen=True, slots=True)
class Change:
    """What changed: `kind` is "statement", "source", "entity", "document" or "corpus".

    After an edit, undo or redo it carries the objects written, so a subscriber can update
    what it shows without reloading the document.
    """

    document_id: str
    kind: str
    object_ids: tuple[str, ...] = ()
    #: What the edit wrote, as this user now sees it (their decision, else the model's
    #: suggestion); None when the object is gone from their view. Empty for "corpus" and
    #: reload-type changes (then a subscriber reloads).
    statements: tuple[tuple[str, Statement | None], ...] = ()
    sources: tuple[tuple[str, Source | None], ...] = ()
    entities: tuple[tuple[tuple[int, int], Entity | None], ...] = ()
    done: bool | None = None  # the document's done flag, when the edit changed it


Listener = Callable[[Change], None]
#: One edit inside a transaction: returns the command and the audit action, or None.
Edit = Callable[[Session, SessionState], "tuple[Command, str] | None"]


class Workspace:
    """An open annotation database, seen by one user. Thread-safe: the GUI thread and worker
    threads may call it concurrently (one engine, a short session per call)."""

    def __init__(
        self,
        url: str,
        user: str,
        writer: Engine,
        reader: Engine,
        rating_scale: tuple[str, ...] = DEFAULT_RATING_SCALE,
    ):
        self.url = url
        self.user = user
        self.rating_scale = tuple(rating_scale)
        self._writer = writer
        self._reader = reader
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        #: What this user last loaded of each document: their view's versions, the run.
        self._seen: dict[str, Seen] = {}
        #: Whether the user is registered in the database, so an edit need not check.
        self._registered = False
        self._watch = CorpusWatch(reader)

    # ------------------------------------------------------------------------ lifecycle

    @classmethod
    def open(
        cls,
        url_or_path: str,
        user: str,
        *,
        rating_scale: tuple[str, ...] = DEFAULT_RATING_SCALE,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        verify: bool = False,
    ) -> Workspace:
        """Open (creating and migrating as needed) the database at a path or URL for `user`.

        `verify` first runs SQLite's integrity check, so that a damaged file is refused
        before anything is written to it (an import writes much; the check reads every
        page, too slow for every start of the app).
        """
        if not user:
            raise StoreError("a user name is needed to open the database")
        url = to_url(url_or_path)
        try:
            prepare_database(url, busy_timeout_ms=busy_timeout_ms, verify=verify)
        except OperationalError as exc:
            raise StoreError(f"cannot open {safe_url(url)}: {exc.orig}") from exc
        except OSError as exc:  # e.g. a folder we may not create or write in
            raise StoreError(f"cannot open {safe_url(url)}: {exc}") from exc
        writer = create_store_engine(url, writer=True, busy_timeout_ms=busy_timeout_ms)
        reader = (
            create_store_engine(url, writer=False, busy_timeout_ms=busy_timeout_ms)
            if is_sqlite(url)
            else writer
        )
        workspace = cls(url, user, writer, reader, rating_scale)
        try:
            with workspace._saving("the database was not opened"), workspace._write() as session:
                repository.ensure_annotator(session, user)
        except StoreError:
            workspace.close()
            raise
        workspace._registered = True
        return workspace

    def close(self) -> None:
        """Release the database connections."""
        self._watch.close()
        self._writer.dispose()
        self._reader.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _saving(self, unsaved: str) -> Iterator[None]:
        """Turn the database's own errors in the block into a `StoreError` saying what was
        not saved (`unsaved`), as edits do."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise save_error(exc, unsaved) from exc

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only session; the database's errors (a damaged page, a server gone) come
        out as a `StoreError` saying so."""
        try:
            with Session(self._reader) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise read_error(exc, safe_url(self.url)) from exc

    # --------------------------------------------------------------------------- corpus

    def add_document(self, doc: Document, *, pipeline: dict | None = None) -> bool:
        """Import `doc` in one transaction; False (nothing changed) if it is already there."""
        with self._saving(f"document {doc.id} was not imported"), self._write() as session:
            added = repository.insert_document(session, doc, pipeline, self.user)
        if added:
            self._notify(Change(doc.id, "corpus", (doc.id,)))
        return added

    def add_documents(
        self, docs: Iterable[Document], *, pipeline: dict | None = None, batch_size: int = 500
    ) -> ImportResult:
        """Import many documents, `batch_size` per transaction (bulk import, benchmarks).

        A document whose id exists with another text is listed in `conflicts` (and not
        stored); the others are still imported. A span outside its text raises ValueError
        and its whole batch is rolled back.
        """
        result = ImportResult()
        for batch in _batches(docs, batch_size):
            added = self._add_batch(batch, pipeline, result)
            for doc_id in added:
                self._notify(Change(doc_id, "corpus", (doc_id,)))
        return result

    def _add_batch(self, batch: list[Document], pipeline, result: ImportResult) -> list[str]:
        with self._saving(_not_imported(batch)), self._write() as session:
            run: list[int] = []

            def shared_run() -> int:
                if not run:
                    run.append(repository.new_pipeline_run(session, pipeline, None))
                return run[0]

            outcome = repository.insert_documents(
                session, batch, pipeline, self.user, shared_run if pipeline else None
            )
        result.added += outcome.added
        result.skipped += outcome.skipped
        result.conflicts += outcome.conflicts
        return outcome.added

    def replace_suggestions(self, doc: Document, *, pipeline: dict) -> None:
        """Replace the model's suggestions for `doc.id` (a re-run); decisions are kept."""
        unsaved = f"the new suggestions for {doc.id} were not saved"
        with self._saving(unsaved), self._write() as session:
            repository.replace_suggestions(session, doc, pipeline)
        self._notify(Change(doc.id, "document", ()))

    def replace_untouched_suggestions(self, doc: Document, *, pipeline: dict) -> bool:
        """Replace the suggestions for `doc.id` only if nobody has decided or marked anything
        in it, checked in the same transaction (a decision saved meanwhile wins); whether
        they were replaced."""
        unsaved = f"the new suggestions for {doc.id} were not saved"
        with self._saving(unsaved), self._write() as session:
            if repository.annotators_of(session, doc.id):
                return False
            repository.replace_suggestions(session, doc, pipeline)
        self._notify(Change(doc.id, "document", ()))
        return True

    def untouched_document_ids(self) -> list[str]:
        """Documents holding the model's suggestions alone: nobody decided or marked anything."""
        with self._read() as session:
            return repository.untouched_document_ids(session)

    def stored_texts(self, docs: Iterable[Document]) -> dict[str, str]:
        """For each of `docs` whose text is stored under another id: its id → that id
        (the same article saved twice; the index of revision 0005 finds it)."""
        docs = list(docs)
        digests = {doc.id: repository.text_sha256(doc.text) for doc in docs}
        with self._read() as session:
            stored = repository.ids_by_digest(session, list(digests.values()))
        return {
            doc_id: stored[digest]
            for doc_id, digest in digests.items()
            if digest in stored and stored[digest] != doc_id
        }

    def has_document(self, doc_id: str) -> bool:
        with self._read() as session:
            return repository.has_document(session, doc_id)

    def document_count(self, query: str | None = None, **filters: Any) -> int:
        """How many documents there are, or match `query` and `filters` (see `search`)."""
        with self._read() as session:
            return repository.document_count(
                session, self.user, _filters(filters) if filters else None, query
            )

    def list_documents(
        self,
        offset: int = 0,
        limit: int = 100,
        query: str | None = None,
        *,
        sort: str = "id",
        descending: bool = False,
        **filters: Any,
    ) -> list[DocumentSummary]:
        """A page of the document list with this user's progress, ordered by `sort` (one of
        `SORT_KEYS`: id, title, outlet, published, statements, anonymous, reviewed,
        progress).

        `query` keeps documents containing all its words; `filters` are those of `search`,
        and `progress` ("to do", "in progress", "done") and `title` (words of the title).
        """
        with self._read() as session:
            return repository.list_documents(
                session, self.user, offset, limit, _filters(filters), query, sort, descending
            )

    def document_summary(self, doc_id: str) -> DocumentSummary | None:
        """One document's line of the list, with this user's progress."""
        with self._read() as session:
            return repository.document_summary(session, self.user, doc_id)

    def outlets(self) -> list[str]:
        """The outlets of the corpus, for a filter."""
        with self._read() as session:
            return repository.outlets(session)

    def corpus_stamp(self) -> object:
        """A value that changes when documents are added, by this or any other process
        (a command-line import while the window is open). Cheap enough to ask every second:
        two index lookups (`store/watch.py`)."""
        try:
            return self._watch.stamp()
        except SQLAlchemyError as exc:
            raise read_error(exc, safe_url(self.url)) from exc

    def search(self, query: str, limit: int = 50, **filters: Any) -> list[SearchHit]:
        """Documents and statements (in this user's view) containing every word of `query`.

        Filters: `status`, `speaker` (part of the source's name), `anonymity`, `outlet`,
        `published_from` / `published_to` (ISO dates, inclusive), `done`. With a statement
        filter (status, speaker, anonymity) only statements are returned, and `query` may
        be empty.
        """
        with self._read() as session:
            return store_search.search(session, self.user, query, _filters(filters), limit)

    def anonymous_source_page(
        self,
        filters: anonymous_sources.SourceFilters,
        offset: int,
        limit: int,
        after: tuple[str | None, ...] | None = None,
        order: str = "article",
    ) -> tuple[list, list]:
        """A page of anonymous and vague sources in this user's view and the statements
        resting on them (`services/anonymous_review.py` makes the queue of them)."""
        with self._read() as session:
            page = anonymous_sources.page_of_sources(
                session, self.user, filters, offset, limit, after, order
            )
            pairs = [(row.document_id, row.source_id) for row in page]
            statements = anonymous_sources.statements_of(session, self.user, pairs, filters)
        return page, statements

    def anonymous_source_count(
        self, filters: anonymous_sources.SourceFilters, cap: int | None = None
    ) -> int:
        """How many anonymous and vague sources match `filters` in this user's view (at
        most `cap`)."""
        with self._read() as session:
            return anonymous_sources.count_sources(session, self.user, filters, cap)

    def anonymous_source_groups(
        self, filters: anonymous_sources.SourceFilters, group_by: str
    ) -> list[anonymous_sources.GroupRowView]:
        """The headings of the anonymous-source queue grouped by description, outlet,
        month or day, with their counts (one pass over the matching sources)."""
        with self._read() as session:
            return anonymous_sources.source_groups(session, self.user, filters, group_by)

    def description_counts(self) -> dict[str, anonymous_sources.Recurrence]:
        """In how many articles and outlets each unnamed source's description occurs."""
        with self._read() as session:
            return anonymous_sources.description_counts(session, self.user)

    def document_ids_without_suggestions(self) -> list[str]:
        with self._read() as session:
            return repository.ids_without_suggestions(session)

    def load_document(self, doc_id: str, annotator: str | None = None) -> Document:
        """The model's suggestions merged with `annotator`'s decisions (default: this user)."""
        annotator = annotator or self.user
        with self._read() as session:
            # Versions first: a change landing between the reads then shows as a conflict
            # on the next edit instead of being overwritten.
            seen = seen_by(session, doc_id, annotator)
            doc = repository.load_view(session, doc_id, annotator)
        if annotator == self.user:
            with self._lock:
                self._seen[doc_id] = seen
        return doc

    def annotators_of(self, doc_id: str) -> list[str]:
        """Who made decisions in a document: the views a curator compares."""
        with self._read() as session:
            return repository.annotators_of(session, doc_id)

    def set_role(self, name: str, role: str) -> None:
        """Make `name` an `annotator` or a `curator`."""
        with self._saving(f"the role of {name} was not changed"), self._write() as session:
            repository.set_role(session, name, role)

    def annotator_names(self) -> list[str]:
        """Everyone registered in this database (who edited or imported decisions), sorted."""
        with self._read() as session:
            return repository.annotator_names(session)

    def role_of(self, name: str) -> str | None:
        with self._read() as session:
            return repository.role_of(session, name)

    def export_scope(self, annotator: str, **filters: Any) -> Scope:
        """The documents an export of `annotator`'s work takes (`store.export_scope`):
        filters `documents` ("done", "open", "all"), `outlet`, `since`, `until`."""
        with self._read() as session:
            return export_scope(session, ScopeQuery(annotator, **filters))

    # ---------------------------------------------------------------------------- edits

    def apply(self, command: Command) -> None:
        """Apply `command` with its audit rows and undo-log entry in one transaction."""

        def edit(session: Session, state: SessionState) -> tuple[Command, str]:
            command.do(state)
            history.push_done(session, self.user, command)
            return command, command.label

        self._edit(edit)

    def undo(self) -> Command | None:
        """Undo this user's last applied command (any document); None when there is none."""
        return self._replay(history.last_done, undone=True)

    def redo(self) -> Command | None:
        """Apply again the command undone last; None when there is nothing to redo."""
        return self._replay(history.next_undone, undone=False)

    def _replay(self, find: Callable, *, undone: bool) -> Command | None:
        """Undo (or redo) the undo-log entry `find` picks, in one audited transaction."""

        def edit(session: Session, state: SessionState) -> tuple[Command, str] | None:
            row = find(session, self.user)
            if row is None:
                return None
            command = history.command_of(row)
            (command.undo if undone else command.do)(state)
            history.mark(session, row, command, undone=undone)
            return command, f"{'Undo' if undone else 'Redo'} {command.label}"

        return self._edit(edit)

    def undo_label(self) -> str | None:
        with self._read() as session:
            row = history.last_done(session, self.user)
            return row.label if row else None

    def redo_label(self) -> str | None:
        with self._read() as session:
            row = history.next_undone(session, self.user)
            return row.label if row else None

    def audit_trail(self, document_id: str | None = None, limit: int = 100) -> list[AuditEntry]:
        """Who changed what and when (newest first), in one document or in all."""
        with self._read() as session:
            return history.audit_trail(session, document_id, limit)

    def _edit(self, edit: Edit) -> Command | None:
        """Run `edit` in one transaction, then tell the subscribers (outside the lock)."""
        try:
            with self._lock:
                done = self._commit(edit)
        except EditConflict as conflict:
            self._notify(Change(conflict.document_id, "document", ()))  # reload the view
            raise
        if done is None:
            return None
        command, views = done
        self._notify(_change_of(command, views))
        return command

    def _commit(self, edit: Edit) -> tuple[Command, dict[str, Any]] | None:
        """`edit` and its audit rows, committed together; None when there was nothing to do.

        Every failure is a `StoreError` (a locked database, a full disk...: the database's
        own errors are translated), so a front end that shows those never misses one.
        """
        try:
            with self._write() as session:
                state = SessionState(
                    session,
                    self.user,
                    self.rating_scale,
                    self._seen.get,
                    annotator_known=self._registered,
                )
                done = edit(session, state)
                if done is None:
                    return None
                command, action = done
                history.record_audit(session, self.user, action, state.writes)
                views = state.views(command.document_id)  # read before the commit
        except CommandError as exc:
            raise InvalidEdit(str(exc)) from exc
        except SQLAlchemyError as exc:
            raise save_error(exc) from exc
        self._registered = True
        self._remember(state.writes)
        return command, views

    def _remember(self, writes: list[Write]) -> None:
        """Our own committed edits are part of what we have seen."""
        for write in writes:
            if write.document_id in self._seen:
                self._seen[write.document_id].versions[write.object_key] = write.version

    # ---------------------------------------------------------------------- subscribers

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(change)` after every committed change; returns the unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, change: Change) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(change)


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _not_imported(batch: list[Document]) -> str:
    """What a failed import batch lost, for the message."""
    if len(batch) == 1:
        return f"document {batch[0].id} was not imported"
    return f"{len(batch)} documents ({batch[0].id} to {batch[-1].id}) were not imported"


def _filters(values: dict[str, Any]) -> SearchFilters:
    known = set(SearchFilters.__dataclass_fields__)
    unknown = set(values) - known
    if unknown:
        raise TypeError(f"unknown filter {sorted(unknown)}; use {', '.join(sorted(known))}")
    return SearchFilters(**{k: None if v is None else _plain(v) for k, v in values.items()})


def _plain(value: Any) -> Any:
    """Enums (Status.ACCEPTED) and dates (date(2025, 3, 1)) as the strings stored."""
    if isinstance(value, bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _change_of(command: Command, views: dict[str, Any]) -> Change:
    """The notification of a committed command, with the objects it wrote as now seen."""
    layers: dict[str, list] = {"statement": [], "source": [], "entity": []}
    done = None
    for key, view in views.items():
        kind, ident = object_of(key)
        if kind == "document":
            done = view
        else:
            layers[kind].append((ident, view))
    return Change(
        command.document_id,
        command.change_kind,
        command.object_ids(),
        statements=tuple(layers["statement"]),
        sources=tuple(layers["source"]),
        entities=tuple(layers["entity"]),
        done=done,
    )
