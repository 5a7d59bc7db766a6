"""One annotator's decisions, read and written inside a transaction (`AnnotationState`).

Every write is checked against what the user last saw of the object (optimistic
concurrency: a newer change to their view is never silently overwritten) and noted for the
audit log, with the decision before and after. A user's view of an object is their decision,
else the model's suggestion; so it changes when they decide again elsewhere (another window,
another session under their name) or when a new run of the pre-annotator replaces the
suggestion they saw, and only then is a save refused. A colleague's decision is theirs
alone: versions are counted per annotator. When the command is done, `views` tells what
the user now sees of every object it wrote, for the notification.

A `SessionState` lives for one transaction, so it keeps what it has read: the document's
text and each object's rows are read at most once, and a write updates what it keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from annotator.core.model import Entity, Source, Statement
from annotator.store import codec
from annotator.store.errors import EditConflict, InvalidEdit
from annotator.store.repository import (
    document_text,
    emptied_source,
    ensure_annotator,
    now,
    statements_in_view,
)
from annotator.store.tables import (
    DocumentReviewRow,
    DocumentRow,
    EntityRow,
    ObjectVersionRow,
    SourceRow,
    StatementRow,
)
from annotator.store.view import candidates, shown


@dataclass(frozen=True, slots=True)
class Seen:
    """What a user last loaded of a document: the versions of the objects of their view (by
    object key; absent: never changed) and the pipeline run whose suggestions they saw."""

    versions: dict[str, int]
    suggestion_run: int | None


#: What a user last loaded of a document; None when they never loaded it (nothing to check).
SeenDocument = Callable[[str], Seen | None]


@dataclass(frozen=True, slots=True)
class Write:
    """One object changed by a command: what the audit log records."""

    document_id: str
    object_key: str
    before: str | None
    after: str | None
    version: int


@dataclass
class _Layers:
    """The rows of one object in the user's view: their decision and the model's suggestion."""

    mine: Any = None
    suggestion: Any = None

    @property
    def shown(self) -> Any:
        return shown(self.mine, self.suggestion)


@dataclass
class SessionState:
    """`AnnotationState` over an open session, for `annotator`.

    `annotator_known` skips registering the annotator (a Workspace did it when it opened).
    """

    session: Session
    annotator: str
    rating_scale: tuple[str, ...]
    seen: SeenDocument = lambda _doc: None
    writes: list[Write] = field(default_factory=list)
    annotator_known: bool = False
    _texts: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _layers: dict[tuple, _Layers] = field(default_factory=dict, init=False, repr=False)
    _reviews: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    #: Per document, the sources a written statement was linked to before or after.
    _relinked: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.annotator_known:
            ensure_annotator(self.session, self.annotator)

    def document_text(self, document_id: str) -> str:
        return self._text(document_id)

    # ---------------------------------------------------------------------- statements

    def view_statement(self, document_id: str, statement_id: str) -> Statement | None:
        return self._statement(document_id, self._statement_layers(document_id, statement_id).shown)

    def statement_decision(self, document_id: str, statement_id: str) -> Statement | None:
        return self._statement(document_id, self._statement_layers(document_id, statement_id).mine)

    def put_statement_decision(self, document_id: str, statement: Statement) -> None:
        text = self._text(document_id)
        try:
            codec.check_statement(text, statement)
        except ValueError as exc:
            raise InvalidEdit(str(exc)) from exc
        values = codec.statement_values(document_id, text, statement, annotator=self.annotator)
        layers = self._statement_layers(document_id, statement.id)
        before, linked = self._statement(document_id, layers.mine), _source_of(layers.shown)
        self._replace_decision(layers, StatementRow, values, _statement_match(statement.id))
        self._note_relink(document_id, linked, _source_of(layers.shown))
        self._wrote(document_id, _statement_key(statement.id), before, statement)

    def drop_statement_decision(self, document_id: str, statement_id: str) -> None:
        layers = self._statement_layers(document_id, statement_id)
        before, linked = self._statement(document_id, layers.mine), _source_of(layers.shown)
        self._drop_decision(layers, StatementRow, document_id, _statement_match(statement_id))
        self._note_relink(document_id, linked, _source_of(layers.shown))
        self._wrote(document_id, _statement_key(statement_id), before, None)

    def _note_relink(self, document_id: str, old: str | None, new: str | None) -> None:
        """Remember the sources a statement left or joined: an emptied decision of theirs
        leaves the view, or comes back, without being written."""
        if old != new:
            self._relinked.setdefault(document_id, set()).update({old, new} - {None})

    def _statement_layers(self, document_id: str, statement_id: str) -> _Layers:
        match = _statement_match(statement_id)
        return self._layers_of(StatementRow, document_id, _statement_key(statement_id), match)

    def _statement(self, document_id: str, row) -> Statement | None:
        return None if row is None else codec.statement_from_row(self._text(document_id), row)

    def view_statements(self, document_id: str) -> list[Statement]:
        """Every statement of the document as this annotator sees it, in document order."""
        text = self._text(document_id)
        return statements_in_view(self.session, document_id, self.annotator, text)

    # ------------------------------------------------------------------------- sources

    def view_source(self, document_id: str, source_id: str) -> Source | None:
        layers = self._source_layers(document_id, source_id)
        if layers.mine is None:
            return self._source(document_id, layers.suggestion)
        decision = self._source(document_id, layers.mine)
        # Only an emptied decision needs the statements: most keep their mentions.
        gone = not decision.mentions and emptied_source(decision, self.view_statements(document_id))
        return None if gone else decision

    def source_decision(self, document_id: str, source_id: str) -> Source | None:
        return self._source(document_id, self._source_layers(document_id, source_id).mine)

    def put_source_decision(self, document_id: str, source: Source) -> None:
        values = codec.source_values(document_id, source, annotator=self.annotator)
        layers = self._source_layers(document_id, source.id)
        before = self._source(document_id, layers.mine)
        self._replace_decision(layers, SourceRow, values, _source_match(source.id))
        self._wrote(document_id, _source_key(source.id), before, source)

    def drop_source_decision(self, document_id: str, source_id: str) -> None:
        layers = self._source_layers(document_id, source_id)
        before = self._source(document_id, layers.mine)
        self._drop_decision(layers, SourceRow, document_id, _source_match(source_id))
        self._wrote(document_id, _source_key(source_id), before, None)

    def _source_layers(self, document_id: str, source_id: str) -> _Layers:
        match = _source_match(source_id)
        return self._layers_of(SourceRow, document_id, _source_key(source_id), match)

    def _source(self, document_id: str, row) -> Source | None:
        return None if row is None else codec.source_from_row(self._text(document_id), row)

    # ------------------------------------------------------------------------ entities

    def view_entity(self, document_id: str, start: int, end: int) -> Entity | None:
        return self._entity(document_id, self._entity_layers(document_id, start, end).shown)

    def entity_decision(self, document_id: str, start: int, end: int) -> Entity | None:
        return self._entity(document_id, self._entity_layers(document_id, start, end).mine)

    def put_entity_decision(self, document_id: str, entity: Entity) -> None:
        if not 0 <= entity.start < entity.end <= len(self._text(document_id)):
            raise InvalidEdit(f"entity {entity.start}-{entity.end} lies outside the text")
        values = codec.entity_values(document_id, entity, annotator=self.annotator)
        layers = self._entity_layers(document_id, entity.start, entity.end)
        before = self._entity(document_id, layers.mine)
        self._replace_decision(layers, EntityRow, values, _entity_match(entity.start, entity.end))
        self._wrote(document_id, _entity_key(entity.start, entity.end), before, entity)

    def drop_entity_decision(self, document_id: str, start: int, end: int) -> None:
        layers = self._entity_layers(document_id, start, end)
        before = self._entity(document_id, layers.mine)
        self._drop_decision(layers, EntityRow, document_id, _entity_match(start, end))
        self._wrote(document_id, _entity_key(start, end), before, None)

    def _entity_layers(self, document_id: str, start: int, end: int) -> _Layers:
        match = _entity_match(start, end)
        return self._layers_of(EntityRow, document_id, _entity_key(start, end), match)

    def _entity(self, document_id: str, row) -> Entity | None:
        return None if row is None else codec.entity_from_row(self._text(document_id), row)

    # ----------------------------------------------------------------- document review

    def is_done(self, document_id: str) -> bool:
        row = self._review(document_id)
        return bool(row and row.done)

    def set_done(self, document_id: str, done: bool) -> None:
        self._text(document_id)  # an unknown document fails here, before anything is written
        before = self.is_done(document_id)
        row = self._review(document_id)
        if row is None:
            row = DocumentReviewRow(document_id=document_id, annotator=self.annotator)
            self._reviews[document_id] = row
        row.done, row.updated_at = done, now()
        self.session.add(row)
        self._wrote(document_id, "document", {"done": before}, {"done": done})

    def _review(self, document_id: str) -> DocumentReviewRow | None:
        # Kept here: the identity map forgets a row nobody holds, and would read it again.
        if document_id not in self._reviews:
            key = (document_id, self.annotator)
            self._reviews[document_id] = self.session.get(DocumentReviewRow, key)
        return self._reviews[document_id]

    # ------------------------------------------------------------------ after the edit

    def views(self, document_id: str) -> dict[str, Any]:
        """What the user now sees of each object written in `document_id`, by object key:
        the object (None when gone from their view), or the done flag for "document".

        Ask when the command is done: a later write can change an earlier one's view (a
        relink empties the source it first took a mention from). Sources a statement left
        or joined are included when the user has a decision for them (only a decision can
        be emptied).
        """
        keys = dict.fromkeys(w.object_key for w in self.writes if w.document_id == document_id)
        for source_id in sorted(self._relinked.get(document_id, ())):
            if self._source_layers(document_id, source_id).mine is not None:
                keys.setdefault(_source_key(source_id))
        return {key: self._view_of(document_id, key) for key in keys}

    def _view_of(self, document_id: str, key: str) -> Any:
        kind, ident = object_of(key)
        if kind == "statement":
            return self.view_statement(document_id, ident)
        if kind == "source":
            return self.view_source(document_id, ident)
        if kind == "entity":
            return self.view_entity(document_id, *ident)
        return self.is_done(document_id)

    # ------------------------------------------------------------------------- helpers

    def _text(self, document_id: str) -> str:
        """The document's text, read once per transaction (texts never change)."""
        if document_id not in self._texts:
            self._texts[document_id] = document_text(self.session, document_id)
        return self._texts[document_id]

    def _layers_of(self, table, document_id: str, key: str, match: tuple) -> _Layers:
        """The user's decision and the suggestion for one object, in one query, once."""
        layers = self._layers.get((document_id, key))
        if layers is None:
            layers = self._layers[(document_id, key)] = _Layers()
            owner = candidates(table, self.annotator)
            query = select(table).where(table.document_id == document_id, owner, *match)
            # By pk, like the document view: of several rows the first one counts.
            for row in self.session.execute(query.order_by(table.pk)).scalars():
                if row.annotator is not None and layers.mine is None:
                    layers.mine = row
                elif row.annotator is None and layers.suggestion is None:
                    layers.suggestion = row
        return layers

    def _replace_decision(self, layers: _Layers, table, values: dict, match: tuple) -> None:
        """Store `values` as the user's decision, in place of the one they had, if any."""
        if layers.mine is not None:
            self._delete_decision(table, values["document_id"], *match)
        self.session.execute(insert(table), [values])
        layers.mine = table(**values)  # what a reload would read, without reading it

    def _drop_decision(self, layers: _Layers, table, document_id: str, match: tuple) -> None:
        if layers.mine is not None:  # nothing to delete otherwise: skip the statement
            self._delete_decision(table, document_id, *match)
        layers.mine = None

    def _delete_decision(self, table, document_id: str, *match) -> None:
        self.session.execute(
            delete(table).where(
                table.document_id == document_id, table.annotator == self.annotator, *match
            )
        )

    def _wrote(self, document_id: str, key: str, before, after) -> None:
        version = self._bump_version(document_id, key, decided=before is not None)
        self.writes.append(
            Write(document_id, key, codec.as_json(before), codec.as_json(after), version)
        )
        self.session.flush()

    def _bump_version(self, document_id: str, key: str, *, decided: bool) -> int:
        """Raise `EditConflict` unless the object is as the user last saw it; count the edit.

        `decided`: the user had a decision for it before this write (their view was that
        decision, not the suggestion). One statement in the usual case: the version the user
        saw is the condition of the update (or, for an object never edited, of the insert);
        the suggestion's run comes with the rows already read.
        """
        if any(w.document_id == document_id and w.object_key == key for w in self.writes):
            version = self._raise_version(document_id, key)  # already checked in this command
        else:
            seen = self.seen(document_id)
            if seen is None:  # never loaded: nothing to check, count the edit
                version = self._raise_version(document_id, key)
                version = version or self._first_version(document_id, key)
            elif not decided and self._suggestion_replaced(document_id, key, seen):
                raise self._replaced(document_id, key)
            elif key not in seen.versions:
                version = self._first_version(document_id, key)
            else:
                version = self._raise_version(document_id, key, seen.versions[key])
        if version is None:
            raise self._conflict(document_id, key)
        return version

    def _suggestion_replaced(self, document_id: str, key: str, seen: Seen) -> bool:
        """Whether the suggestion the user saw for `key` came from another pipeline run than
        the one there now (a re-run replaced it since they loaded the document)."""
        layers = self._layers.get((document_id, key))
        suggestion = layers.suggestion if layers else None
        return suggestion is not None and suggestion.run_id != seen.suggestion_run

    def _first_version(self, document_id: str, key: str) -> int | None:
        """Version 1 of an object this user never changed; None if they have (elsewhere)."""
        # ON CONFLICT instead of catching the duplicate key: no savepoint, one statement.
        values = dict(
            document_id=document_id,
            annotator=self.annotator,
            object_key=key,
            version=1,
            changed_by=self.annotator,
            changed_at=now(),
        )
        dialect = sqlite
        if self.session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect  # only for a server: 50 ms

        statement = dialect.insert(ObjectVersionRow).values(values).on_conflict_do_nothing()
        return self.session.execute(statement.returning(ObjectVersionRow.version)).scalar()

    def _raise_version(self, document_id: str, key: str, found: int | None = None) -> int | None:
        """This user's version of the object plus one; None when it has no version (or not
        `found`)."""
        match = [
            ObjectVersionRow.document_id == document_id,
            ObjectVersionRow.annotator == self.annotator,
            ObjectVersionRow.object_key == key,
        ]
        if found is not None:
            match.append(ObjectVersionRow.version == found)
        return self.session.execute(
            update(ObjectVersionRow)
            .where(*match)
            .values(
                version=ObjectVersionRow.version + 1,
                changed_by=self.annotator,
                changed_at=now(),
            )
            .returning(ObjectVersionRow.version)
        ).scalar()

    def _conflict(self, document_id: str, key: str) -> EditConflict:
        """The refusal, naming who changed the object last and when."""
        self.session.expire_all()  # read the version row afresh
        current = self.session.get(ObjectVersionRow, (document_id, self.annotator, key))
        return _conflict(document_id, key, current)

    def _replaced(self, document_id: str, key: str) -> EditConflict:
        """The refusal of an edit of a suggestion that a new pipeline run replaced."""
        what = key.replace(":", " ", 1)
        return EditConflict(
            f"The model's suggestion for {what} of {document_id} was replaced by a new run of "
            "the pre-annotator since you loaded it; your change was not saved. The document "
            "has been reloaded: check it and try again.",
            document_id=document_id,
            object_key=key,
            changed_by="the pre-annotator",
        )


def _statement_key(statement_id: str) -> str:
    return f"statement:{statement_id}"


def _source_key(source_id: str) -> str:
    return f"source:{source_id}"


def _entity_key(start: int, end: int) -> str:
    return f"entity:{start}-{end}"


def object_of(key: str) -> tuple[str, Any]:
    """Kind and id of an object key: ("statement", "q1"), ("entity", (3, 9)), ("document", None)."""
    kind, _, ident = key.partition(":")
    if kind == "entity":
        start, _, end = ident.partition("-")
        return kind, (int(start), int(end))
    return kind, ident or None


def _source_of(statement_row) -> str | None:
    """The source a statement row links to (None for no row)."""
    return None if statement_row is None else statement_row.source_id


def _statement_match(statement_id: str) -> tuple:
    return (StatementRow.statement_id == statement_id,)


def _source_match(source_id: str) -> tuple:
    return (SourceRow.source_id == source_id,)


def _entity_match(start: int, end: int) -> tuple:
    return (EntityRow.start_offset == start, EntityRow.end_offset == end)


def _conflict(document_id: str, key: str, current: ObjectVersionRow | None) -> EditConflict:
    """Versions are per annotator: the change was made under this user's name, in another
    window or session."""
    who = current.changed_by if current else "someone"
    when = current.changed_at if current else "just now"
    what = key.replace(":", " ", 1)
    return EditConflict(
        f"{what} of {document_id} was changed by {who} in another window or session at "
        f"{when}, since you loaded it; your change was not saved. The document has been "
        "reloaded: check it and try again.",
        document_id=document_id,
        object_key=key,
        changed_by=who,
    )


def seen_by(session: Session, doc_id: str, annotator: str) -> Seen:
    """What `annotator` is about to see of the document: the versions of their view (their
    own edits only: a colleague's decisions are not part of it) and the suggestions' run."""
    query = select(ObjectVersionRow.object_key, ObjectVersionRow.version).where(
        ObjectVersionRow.document_id == doc_id, ObjectVersionRow.annotator == annotator
    )
    versions = dict(session.execute(query).tuples().all())
    run = select(DocumentRow.suggestion_run_id).where(DocumentRow.id == doc_id)
    return Seen(versions, session.execute(run).scalar())
