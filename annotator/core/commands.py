"""Every edit a user can make, as a command with `do`, `undo` and a human label.

Commands know nothing of Qt or SQL: they read and write one annotator's *decisions* through
`AnnotationState`, which the store implements inside a transaction. A command remembers the
decision it replaced (`before`), so `undo` restores it exactly, and it round-trips through
JSON (`to_json` / `command_from_json`) so the undo log survives a restart.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Protocol

from annotator.core.model import (
    DEFAULT_RATING_SCALE,
    Anonymity,
    Descriptors,
    Entity,
    Evidence,
    Origin,
    Source,
    Span,
    Statement,
    StatementKind,
    Status,
)
from annotator.core.plain import build, to_plain


class CommandError(ValueError):
    """A command that cannot apply to the current state; nothing was changed."""


class AnnotationState(Protocol):
    """One annotator's view of the annotations, as commands read and change it.

    `view_*` gives what the user sees (their decision, else the model's suggestion);
    `*_decision` gives only their decision (None when they have not touched the object).
    """

    annotator: str
    rating_scale: tuple[str, ...]

    def document_text(self, document_id: str) -> str: ...
    def view_statement(self, document_id: str, statement_id: str) -> Statement | None: ...
    def statement_decision(self, document_id: str, statement_id: str) -> Statement | None: ...
    def put_statement_decision(self, document_id: str, statement: Statement) -> None: ...
    def drop_statement_decision(self, document_id: str, statement_id: str) -> None: ...
    def view_source(self, document_id: str, source_id: str) -> Source | None: ...
    def source_decision(self, document_id: str, source_id: str) -> Source | None: ...
    def put_source_decision(self, document_id: str, source: Source) -> None: ...
    def drop_source_decision(self, document_id: str, source_id: str) -> None: ...
    def view_entity(self, document_id: str, start: int, end: int) -> Entity | None: ...
    def entity_decision(self, document_id: str, start: int, end: int) -> Entity | None: ...
    def put_entity_decision(self, document_id: str, entity: Entity) -> None: ...
    def drop_entity_decision(self, document_id: str, start: int, end: int) -> None: ...
    def is_done(self, document_id: str) -> bool: ...
    def set_done(self, document_id: str, done: bool) -> None: ...


COMMAND_TYPES: dict[str, type[Command]] = {}


@dataclass
class Command:
    """Base of all edits: one document, a label for menus, `do` and `undo`."""

    document_id: str
    #: What `Change.kind` subscribers are told changed.
    change_kind: ClassVar[str] = "document"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__name__.startswith("_"):
            COMMAND_TYPES[cls.__name__] = cls

    @property
    def label(self) -> str:
        raise NotImplementedError

    def object_ids(self) -> tuple[str, ...]:
        """Ids of the objects this command changes, for subscribers."""
        return (self.document_id,)

    def do(self, state: AnnotationState) -> None:
        raise NotImplementedError

    def undo(self, state: AnnotationState) -> None:
        raise NotImplementedError

    def to_json(self) -> str:
        """The command, with what it replaced, as one JSON object."""
        return json.dumps({"type": type(self).__name__, **to_plain(self)}, ensure_ascii=False)


def command_from_json(text: str) -> Command:
    """The command `Command.to_json` wrote."""
    data = json.loads(text)
    cls = COMMAND_TYPES.get(data.pop("type", None))
    if cls is None:
        raise CommandError(f"unknown command in the undo log: {text[:80]}")
    return build(cls, data)


# ----------------------------------------------------------------------------- statements


@dataclass
class _StatementEdit(Command):
    """An edit of one statement: the user's decision replaces what they saw."""

    statement_id: str
    #: This annotator's decision before `do`, None when they had none.
    before: Statement | None = field(default=None, kw_only=True)
    change_kind: ClassVar[str] = "statement"

    def object_ids(self) -> tuple[str, ...]:
        return (self.statement_id,)

    def do(self, state: AnnotationState) -> None:
        view = state.view_statement(self.document_id, self.statement_id)
        if view is None:
            raise CommandError(f"no statement {self.statement_id} in {self.document_id}")
        self.before = state.statement_decision(self.document_id, self.statement_id)
        edited = self.edit(view, state)
        state.put_statement_decision(self.document_id, replace(edited, annotator=state.annotator))

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        raise NotImplementedError

    def undo(self, state: AnnotationState) -> None:
        if self.before is None:
            state.drop_statement_decision(self.document_id, self.statement_id)
        else:
            state.put_statement_decision(self.document_id, self.before)


def _corrected(status: Status) -> Status:
    """A person's change keeps `added` (their own statement), otherwise makes it `corrected`."""
    return Status.ADDED if status is Status.ADDED else Status.CORRECTED


@dataclass
class AcceptStatement(_StatementEdit):
    @property
    def label(self) -> str:
        return f"Accept statement {self.statement_id}"

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        keep = view.status in (Status.CORRECTED, Status.ADDED)
        return replace(view, status=view.status if keep else Status.ACCEPTED)


@dataclass
class RejectStatement(_StatementEdit):
    @property
    def label(self) -> str:
        return f"Reject statement {self.statement_id}"

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        return replace(view, status=Status.REJECTED)


@dataclass
class CorrectStatement(_StatementEdit):
    """New spans and kind for a statement (the speaker mention may be None: passive)."""

    cue: Span
    content: list[Span]
    source: Span | None = None
    kind: StatementKind = StatementKind.INDIRECT

    @property
    def label(self) -> str:
        return f"Correct statement {self.statement_id}"

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        if not self.content:
            raise CommandError("a statement needs at least one content fragment")
        return replace(
            view,
            cue=self.cue,
            content=list(self.content),
            source=self.source,
            kind=self.kind,
            status=_corrected(view.status),
        )


@dataclass
class RelinkSpeaker(_StatementEdit):
    """Point a statement at another source (None: no identifiable speaker)."""

    source_id: str | None

    @property
    def label(self) -> str:
        return f"Relink speaker of {self.statement_id} to {self.source_id or 'nobody'}"

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        if self.source_id is not None and not state.view_source(self.document_id, self.source_id):
            raise CommandError(f"no source {self.source_id} in {self.document_id}")
        return replace(view, source_id=self.source_id, status=_corrected(view.status))


@dataclass
class SetClaimLabels(_StatementEdit):
    """A fact-checker's labels: check-worthiness, verdict, evidence links and a note."""

    checkworthy: bool | None = None
    verdict: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    note: str | None = None

    @property
    def label(self) -> str:
        return f"Set claim labels of {self.statement_id}"

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        scale = getattr(state, "rating_scale", None) or DEFAULT_RATING_SCALE
        if self.verdict is not None and self.verdict not in scale:
            raise CommandError(f"verdict {self.verdict!r} is not on the scale: {', '.join(scale)}")
        claim = replace(
            view.claim,
            checkworthy=self.checkworthy,
            verdict=self.verdict,
            evidence=list(self.evidence),
            note=self.note,
        )
        return replace(view, claim=claim)


@dataclass
class AddStatement(Command):
    """A statement the model missed, made by a person."""

    statement: Statement
    change_kind: ClassVar[str] = "statement"

    @property
    def label(self) -> str:
        return f"Add statement {self.statement.id}"

    def object_ids(self) -> tuple[str, ...]:
        return (self.statement.id,)

    def do(self, state: AnnotationState) -> None:
        if state.view_statement(self.document_id, self.statement.id) is not None:
            raise CommandError(f"statement {self.statement.id} exists in {self.document_id}")
        added = replace(
            self.statement,
            status=Status.ADDED,
            origin=Origin.HUMAN,
            confidence=None,
            annotator=state.annotator,
        )
        state.put_statement_decision(self.document_id, added)

    def undo(self, state: AnnotationState) -> None:
        state.drop_statement_decision(self.document_id, self.statement.id)


@dataclass
class DeleteStatement(Command):
    """Remove a statement the user added (a model's suggestion is rejected, not deleted)."""

    statement_id: str
    before: Statement | None = field(default=None, kw_only=True)
    change_kind: ClassVar[str] = "statement"

    @property
    def label(self) -> str:
        return f"Delete statement {self.statement_id}"

    def object_ids(self) -> tuple[str, ...]:
        return (self.statement_id,)

    def do(self, state: AnnotationState) -> None:
        decision = state.statement_decision(self.document_id, self.statement_id)
        if decision is None or decision.origin is not Origin.HUMAN:
            raise CommandError(
                f"statement {self.statement_id} was not added by {state.annotator}; reject it"
            )
        self.before = decision
        state.drop_statement_decision(self.document_id, self.statement_id)

    def undo(self, state: AnnotationState) -> None:
        if self.before is not None:
            state.put_statement_decision(self.document_id, self.before)


# ------------------------------------------------------------------------ sources, entities


@dataclass
class SetAnonymity(Command):
    """Whether a source is named, and what the text says of it when it is not."""

    source_id: str
    anonymity: Anonymity
    descriptors: Descriptors = field(default_factory=Descriptors)
    before: Source | None = field(default=None, kw_only=True)
    change_kind: ClassVar[str] = "source"

    @property
    def label(self) -> str:
        return f"Set anonymity of {self.source_id} to {self.anonymity}"

    def object_ids(self) -> tuple[str, ...]:
        return (self.source_id,)

    def do(self, state: AnnotationState) -> None:
        view = state.view_source(self.document_id, self.source_id)
        if view is None:
            raise CommandError(f"no source {self.source_id} in {self.document_id}")
        self.before = state.source_decision(self.document_id, self.source_id)
        descriptors = dataclasses.replace(self.descriptors)
        state.put_source_decision(
            self.document_id, replace(view, anonymity=self.anonymity, descriptors=descriptors)
        )

    def undo(self, state: AnnotationState) -> None:
        if self.before is None:
            state.drop_source_decision(self.document_id, self.source_id)
        else:
            state.put_source_decision(self.document_id, self.before)


@dataclass
class LabelEntity(Command):
    """Add, relabel or (label None) reject the entity at `[start, end)`."""

    start: int
    end: int
    label_name: str | None
    before: Entity | None = field(default=None, kw_only=True)
    change_kind: ClassVar[str] = "entity"

    @property
    def label(self) -> str:
        where = f"{self.start}-{self.end}"
        if self.label_name is None:
            return f"Reject entity {where}"
        return f"Label entity {where} as {self.label_name}"

    def object_ids(self) -> tuple[str, ...]:
        return (f"{self.start}-{self.end}",)

    def do(self, state: AnnotationState) -> None:
        view = state.view_entity(self.document_id, self.start, self.end)
        if view is None and self.label_name is None:
            raise CommandError(f"no entity at {self.start}-{self.end} to reject")
        self.before = state.entity_decision(self.document_id, self.start, self.end)
        state.put_entity_decision(self.document_id, self._decided(view, state))

    def _decided(self, view: Entity | None, state: AnnotationState) -> Entity:
        if view is None:
            text = state.document_text(self.document_id)[self.start : self.end]
            return Entity(
                self.start, self.end, text, str(self.label_name), Status.ADDED, Origin.HUMAN
            )
        if self.label_name is None:
            status, label = Status.REJECTED, view.label
        elif self.label_name == view.label:
            status, label = _accepted(view.status), view.label
        else:
            status, label = _corrected(view.status), self.label_name
        return replace(view, label=label, status=status, annotator=state.annotator)

    def undo(self, state: AnnotationState) -> None:
        if self.before is None:
            state.drop_entity_decision(self.document_id, self.start, self.end)
        else:
            state.put_entity_decision(self.document_id, self.before)


def _accepted(status: Status) -> Status:
    return status if status in (Status.ADDED, Status.CORRECTED) else Status.ACCEPTED


@dataclass
class MarkDocumentDone(Command):
    """The annotator has finished (or, with done=False, reopened) a document."""

    done: bool = True
    before: bool | None = field(default=None, kw_only=True)

    @property
    def label(self) -> str:
        return f"Mark {self.document_id} {'done' if self.done else 'not done'}"

    def do(self, state: AnnotationState) -> None:
        self.before = state.is_done(self.document_id)
        state.set_done(self.document_id, self.done)

    def undo(self, state: AnnotationState) -> None:
        state.set_done(self.document_id, bool(self.before))
