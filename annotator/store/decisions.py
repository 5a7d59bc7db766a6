"""One annotator's decisions, read and written inside a transaction (`AnnotationState`).

Every write is checked against the version of the object the user last saw (optimistic
concurrency: a colleague's newer change is never silently overwritten) and noted for the
audit log, with the decision before and after, and for subscribers, with what the user now
sees of the object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.model import Entity, Source, Statement
from annotator.store import codec
from annotator.store.errors import EditConflict, InvalidEdit
from annotator.store.repository import (
    document_row,
    emptied_source,
    ensure_annotator,
    now,
    statements_in_view,
)
from annotator.store.tables import (
    DocumentReviewRow,
    EntityRow,
    ObjectVersionRow,
    SourceRow,
    StatementRow,
)

#: The version a user saw of (document id, object key); None when they never loaded it.
SeenVersion = Callable[[str, str], int | None]


@dataclass(frozen=True, slots=True)
class Write:
    """One object changed by a command: what the audit log records and subscribers hear."""

    document_id: str
    object_key: str
    before: str | None
    after: str | None
    version: int
    #: The object as the user now sees it (their decision, else the model's suggestion; None
    #: when it is gone from their view); for the "document" key, the done flag.
    view: Any = None


@dataclass
class SessionState:
    """`AnnotationState` over an open session, for `annotator`."""

    session: Session
    annotator: str
    rating_scale: tuple[str, ...]
    seen_version: SeenVersion = lambda _doc, _key: None
    writes: list[Write] = field(default_factory=list)

    def __post_init__(self) -> None:
        ensure_annotator(self.session, self.annotator)

    def document_text(self, document_id: str) -> str:
        return document_row(self.session, document_id).text

    # ---------------------------------------------------------------------- statements

    def view_statement(self, document_id: str, statement_id: str) -> Statement | None:
        row = self._statement_row(document_id, statement_id, mine=True)
        row = row or self._statement_row(document_id, statement_id, mine=False)
        return None if row is None else codec.statement_from_row(self._text(document_id), row)

    def statement_decision(self, document_id: str, statement_id: str) -> Statement | None:
        row = self._statement_row(document_id, statement_id, mine=True)
        return None if row is None else codec.statement_from_row(self._text(document_id), row)

    def put_statement_decision(self, document_id: str, statement: Statement) -> None:
        try:
            codec.check_statement(self._text(document_id), statement)
        except ValueError as exc:
            raise InvalidEdit(str(exc)) from exc
        before = self.statement_decision(document_id, statement.id)
        self._delete_decision(StatementRow, document_id, StatementRow.statement_id == statement.id)
        text = self._text(document_id)
        values = codec.statement_values(document_id, text, statement, annotator=self.annotator)
        self._insert(StatementRow, values)
        view = codec.statement_from_row(text, StatementRow(**values))  # as a reload reads it
        self._wrote(document_id, f"statement:{statement.id}", before, statement, view)

    def drop_statement_decision(self, document_id: str, statement_id: str) -> None:
        before = self.statement_decision(document_id, statement_id)
        self._delete_decision(StatementRow, document_id, StatementRow.statement_id == statement_id)
        view = self.view_statement(document_id, statement_id)  # the suggestion, if any
        self._wrote(document_id, f"statement:{statement_id}", before, None, view)

    def _statement_row(self, document_id: str, statement_id: str, *, mine: bool):
        return self._row(StatementRow, document_id, StatementRow.statement_id == statement_id, mine)

    def view_statements(self, document_id: str) -> list[Statement]:
        """Every statement of the document as this annotator sees it, in document order."""
        return statements_in_view(self.session, document_id, self.annotator)

    # ------------------------------------------------------------------------- sources

    def view_source(self, document_id: str, source_id: str) -> Source | None:
        decision = self.source_decision(document_id, source_id)
        if decision is not None:
            # Only an emptied decision needs the statements: most keep their mentions.
            gone = not decision.mentions and emptied_source(
                decision, self.view_statements(document_id)
            )
            return None if gone else decision
        row = self._source_row(document_id, source_id, mine=False)
        return None if row is None else codec.source_from_row(self._text(document_id), row)

    def source_decision(self, document_id: str, source_id: str) -> Source | None:
        row = self._source_row(document_id, source_id, mine=True)
        return None if row is None else codec.source_from_row(self._text(document_id), row)

    def put_source_decision(self, document_id: str, source: Source) -> None:
        before = self.source_decision(document_id, source.id)
        self._delete_decision(SourceRow, document_id, SourceRow.source_id == source.id)
        values = codec.source_values(document_id, source, annotator=self.annotator)
        self._insert(SourceRow, values)
        view = codec.source_from_row(self._text(document_id), SourceRow(**values))
        self._wrote(document_id, f"source:{source.id}", before, source, view)

    def drop_source_decision(self, document_id: str, source_id: str) -> None:
        before = self.source_decision(document_id, source_id)
        self._delete_decision(SourceRow, document_id, SourceRow.source_id == source_id)
        view = self.view_source(document_id, source_id)
        self._wrote(document_id, f"source:{source_id}", before, None, view)

    def _source_row(self, document_id: str, source_id: str, *, mine: bool):
        return self._row(SourceRow, document_id, SourceRow.source_id == source_id, mine)

    # ------------------------------------------------------------------------ entities

    def view_entity(self, document_id: str, start: int, end: int) -> Entity | None:
        row = self._entity_row(document_id, start, end, mine=True)
        row = row or self._entity_row(document_id, start, end, mine=False)
        return None if row is None else codec.entity_from_row(self._text(document_id), row)

    def entity_decision(self, document_id: str, start: int, end: int) -> Entity | None:
        row = self._entity_row(document_id, start, end, mine=True)
        return None if row is None else codec.entity_from_row(self._text(document_id), row)

    def put_entity_decision(self, document_id: str, entity: Entity) -> None:
        if not 0 <= entity.start < entity.end <= len(self._text(document_id)):
            raise InvalidEdit(f"entity {entity.start}-{entity.end} lies outside the text")
        before = self.entity_decision(document_id, entity.start, entity.end)
        self._delete_decision(EntityRow, document_id, *_at(entity.start, entity.end))
        values = codec.entity_values(document_id, entity, annotator=self.annotator)
        self._insert(EntityRow, values)
        view = codec.entity_from_row(self._text(document_id), EntityRow(**values))
        self._wrote(document_id, f"entity:{entity.start}-{entity.end}", before, entity, view)

    def drop_entity_decision(self, document_id: str, start: int, end: int) -> None:
        before = self.entity_decision(document_id, start, end)
        self._delete_decision(EntityRow, document_id, *_at(start, end))
        view = self.view_entity(document_id, start, end)
        self._wrote(document_id, f"entity:{start}-{end}", before, None, view)

    def _entity_row(self, document_id: str, start: int, end: int, *, mine: bool):
        return self._row(EntityRow, document_id, _at(start, end), mine)

    # ----------------------------------------------------------------- document review

    def is_done(self, document_id: str) -> bool:
        row = self.session.get(DocumentReviewRow, (document_id, self.annotator))
        return bool(row and row.done)

    def set_done(self, document_id: str, done: bool) -> None:
        document_row(self.session, document_id)
        before = self.is_done(document_id)
        row = self.session.get(DocumentReviewRow, (document_id, self.annotator))
        if row is None:
            row = DocumentReviewRow(document_id=document_id, annotator=self.annotator)
        row.done, row.updated_at = done, now()
        self.session.add(row)
        self._wrote(document_id, "document", {"done": before}, {"done": done}, done)

    # ------------------------------------------------------------------------- helpers

    def _text(self, document_id: str) -> str:
        return document_row(self.session, document_id).text

    def _row(self, table, document_id: str, key_filter, mine: bool):
        key_filter = key_filter if isinstance(key_filter, tuple) else (key_filter,)
        owner = table.annotator == self.annotator if mine else table.run_id.is_not(None)
        query = select(table).where(table.document_id == document_id, owner, *key_filter)
        return self.session.execute(query.limit(1)).scalars().first()

    def _insert(self, table, values: dict) -> None:
        self.session.execute(insert(table), [values])

    def _delete_decision(self, table, document_id: str, *key_filter) -> None:
        self.session.execute(
            delete(table).where(
                table.document_id == document_id, table.annotator == self.annotator, *key_filter
            )
        )

    def _wrote(self, document_id: str, key: str, before, after, view) -> None:
        version = self._bump_version(document_id, key)
        self.writes.append(
            Write(document_id, key, codec.as_json(before), codec.as_json(after), version, view)
        )
        self.session.flush()

    def _bump_version(self, document_id: str, key: str) -> int:
        """Raise `EditConflict` unless the object is as the user last saw it; count the edit."""
        if any(w.document_id == document_id and w.object_key == key for w in self.writes):
            return self._raise_version(document_id, key)  # already checked in this command
        current = self.session.get(ObjectVersionRow, (document_id, key))
        expected = self.seen_version(document_id, key)
        found = current.version if current else 0
        if expected is not None and found != expected:
            raise _conflict(document_id, key, current)
        if current is None:
            return self._first_version(document_id, key)
        return self._raise_version(document_id, key, found)

    def _first_version(self, document_id: str, key: str) -> int:
        row = ObjectVersionRow(
            document_id=document_id,
            object_key=key,
            version=1,
            changed_by=self.annotator,
            changed_at=now(),
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # a colleague made the first edit at the same moment
            raise _conflict(
                document_id, key, self.session.get(ObjectVersionRow, (document_id, key))
            ) from None
        return 1

    def _raise_version(self, document_id: str, key: str, found: int | None = None) -> int:
        match = [ObjectVersionRow.document_id == document_id, ObjectVersionRow.object_key == key]
        if found is not None:
            match.append(ObjectVersionRow.version == found)
        result = self.session.execute(
            update(ObjectVersionRow)
            .where(*match)
            .values(
                version=ObjectVersionRow.version + 1,
                changed_by=self.annotator,
                changed_at=now(),
            )
            .returning(ObjectVersionRow.version)
        ).first()
        if result is None:
            self.session.expire_all()
            raise _conflict(
                document_id, key, self.session.get(ObjectVersionRow, (document_id, key))
            )
        return result[0]


def object_of(key: str) -> tuple[str, Any]:
    """Kind and id of an object key: ("statement", "q1"), ("entity", (3, 9)), ("document", None)."""
    kind, _, ident = key.partition(":")
    if kind == "entity":
        start, _, end = ident.partition("-")
        return kind, (int(start), int(end))
    return kind, ident or None


def _at(start: int, end: int) -> tuple:
    return (EntityRow.start_offset == start, EntityRow.end_offset == end)


def _conflict(document_id: str, key: str, current: ObjectVersionRow | None) -> EditConflict:
    who = current.changed_by if current else "someone"
    when = current.changed_at if current else "just now"
    what = key.replace(":", " ", 1)
    return EditConflict(
        f"{what} of {document_id} was changed by {who} at {when} since you loaded it; "
        "your change was not saved. The document has been reloaded: check it and try again.",
        document_id=document_id,
        object_key=key,
        changed_by=who,
    )
