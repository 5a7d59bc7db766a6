"""Every edit a user can make, as a command with `do`, `undo` and a human label.

Commands know nothing of Qt or SQL: they read and write one annotator's *decisions* through
`AnnotationState`, which the store implements inside a transaction. A command remembers the
decision it replaced (`before`), so `undo` restores it exactly, and it round-trips through
JSON (`to_json` / `command_from_json`) so the undo log survives a restart.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Protocol

from annotator.core.labels import LABEL_WIDTH, clip, quoted, statement_words
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

    `view_*` gives what the user sees (their decision, else the model's suggestion; a source
    they emptied, with no mentions and no statement, is gone); `*_decision` gives only their
    decision (None when they have not touched the object).
    """

    annotator: str
    rating_scale: tuple[str, ...]

    def document_text(self, document_id: str) -> str: ...
    def view_statements(self, document_id: str) -> list[Statement]: ...
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
    #: The label in the user's words, written by `do` from what it saw. Empty in undo-log
    #: rows written before labels named things: `label` then falls back to ids.
    summary: str = field(default="", kw_only=True)
    #: What `Change.kind` subscribers are told changed.
    change_kind: ClassVar[str] = "document"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__name__.startswith("_"):
            COMMAND_TYPES[cls.__name__] = cls

    @property
    def label(self) -> str:
        """What the Edit menu ("Undo <label>") and the status bar call this edit."""
        return self.summary or self.label_by_id()

    def label_by_id(self) -> str:
        """A label from ids alone, for a command whose `do` has not described it."""
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
        self.summary = self.describe(view, state)
        edited = self.edit(view, state)
        state.put_statement_decision(self.document_id, replace(edited, annotator=state.annotator))

    def describe(self, view: Statement, state: AnnotationState) -> str:
        """The label, from the statement as the user saw it before the edit."""
        raise NotImplementedError

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


def _speaker(state: AnnotationState, document_id: str, statement: Statement) -> str:
    """Who the user sees saying `statement`: its source's name, else the mention in the text."""
    if statement.source_id is not None:
        source = state.view_source(document_id, statement.source_id)
        if source is not None:
            return source.name
    return statement.source.text if statement.source else "unattributed"


def _said(statement: Statement) -> str:
    return " ".join(fragment.text for fragment in statement.content)


def _who_said_what(
    state: AnnotationState, document_id: str, statement: Statement, around: str = "{}"
) -> str:
    """`around` with `{}` replaced by "Ana Ruiz: “that the bridge …”", the whole in a label's
    width."""
    width = LABEL_WIDTH - len(around) + 2
    words = statement_words(_speaker(state, document_id, statement), _said(statement), width)
    return around.format(words)


@dataclass
class AcceptStatement(_StatementEdit):
    def label_by_id(self) -> str:
        return f"Accept statement {self.statement_id}"

    def describe(self, view: Statement, state: AnnotationState) -> str:
        return _who_said_what(state, self.document_id, view, "Accept {}")

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        keep = view.status in (Status.CORRECTED, Status.ADDED)
        return replace(view, status=view.status if keep else Status.ACCEPTED)


@dataclass
class RejectStatement(_StatementEdit):
    def label_by_id(self) -> str:
        return f"Reject statement {self.statement_id}"

    def describe(self, view: Statement, state: AnnotationState) -> str:
        return _who_said_what(state, self.document_id, view, "Reject {}")

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        return replace(view, status=Status.REJECTED)


@dataclass
class CorrectStatement(_StatementEdit):
    """New spans and kind for a statement (the speaker mention may be None: passive)."""

    cue: Span
    content: list[Span]
    source: Span | None = None
    kind: StatementKind = StatementKind.INDIRECT

    def label_by_id(self) -> str:
        return f"Correct statement {self.statement_id}"

    def describe(self, view: Statement, state: AnnotationState) -> str:
        """Name the one part that changed ("Cue → “has stated”"), else the statement."""
        changed = [
            part
            for part, before, after in (
                ("source", view.source, self.source),
                ("cue", view.cue, self.cue),
                ("content", list(view.content), list(self.content)),
                ("kind", view.kind, self.kind),
            )
            if before != after
        ]
        if changed == ["source"]:
            speaker = quoted(self.source.text, 28) if self.source else "nobody"
            return f"Source of {quoted(_said(view), 30)} → {speaker}"
        if changed == ["cue"]:
            return f"Cue → {quoted(self.cue.text, LABEL_WIDTH - 6)}"
        if changed == ["content"]:
            return _who_said_what(state, self.document_id, view, "Content of {} changed")
        if changed == ["kind"]:
            return f"Kind → {self.kind}"
        return _who_said_what(state, self.document_id, view, "Correct {}")

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
class SetClaimLabels(_StatementEdit):
    """A fact-checker's labels: check-worthiness, verdict, evidence links and a note."""

    checkworthy: bool | None = None
    verdict: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    note: str | None = None

    def label_by_id(self) -> str:
        return f"Set claim labels of {self.statement_id}"

    def describe(self, view: Statement, state: AnnotationState) -> str:
        return _who_said_what(state, self.document_id, view, "Claim labels of {}")

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

    def label_by_id(self) -> str:
        return f"Add statement {self.statement.id}"

    def object_ids(self) -> tuple[str, ...]:
        return (self.statement.id,)

    def do(self, state: AnnotationState) -> None:
        if state.view_statement(self.document_id, self.statement.id) is not None:
            raise CommandError(f"statement {self.statement.id} exists in {self.document_id}")
        self.summary = f"Add statement: {quoted(_said(self.statement), LABEL_WIDTH - 15)}"
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

    def label_by_id(self) -> str:
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
        self.summary = f"Delete statement: {quoted(_said(decision), LABEL_WIDTH - 18)}"
        state.drop_statement_decision(self.document_id, self.statement_id)

    def undo(self, state: AnnotationState) -> None:
        if self.before is not None:
            state.put_statement_decision(self.document_id, self.before)


# ------------------------------------------------------------------ speakers and mentions


@dataclass
class SourceBefore:
    """A source decision a command replaced (None: the annotator had none), for `undo`."""

    source_id: str
    decision: Source | None = None


def _put_source(
    state: AnnotationState, document_id: str, source: Source, befores: list[SourceBefore]
) -> None:
    """Write `source` as a decision, remembering the first time what it replaced."""
    if all(before.source_id != source.id for before in befores):
        befores.append(SourceBefore(source.id, state.source_decision(document_id, source.id)))
    state.put_source_decision(document_id, source)


def _restore_sources(state: AnnotationState, document_id: str, befores: list[SourceBefore]) -> None:
    for before in reversed(befores):
        if before.decision is None:
            state.drop_source_decision(document_id, before.source_id)
        else:
            state.put_source_decision(document_id, before.decision)


def _holds(mentions: list[Span], mention: Span) -> bool:
    return any((m.start, m.end) == (mention.start, mention.end) for m in mentions)


def _joined(mentions: list[Span], more: Iterable[Span]) -> list[Span]:
    """`mentions` and `more` in text order, each place once."""
    places = {(m.start, m.end): m for m in [*mentions, *more]}
    return [places[place] for place in sorted(places)]


def _move_mention(
    state: AnnotationState,
    document_id: str,
    mention: Span | None,
    old_id: str | None,
    new_id: str | None,
    befores: list[SourceBefore],
) -> None:
    """Keep the coreference chains true: `mention` leaves source `old_id` and joins `new_id`."""
    if mention is None or old_id == new_id:
        return
    old = state.view_source(document_id, old_id) if old_id else None
    if old is not None and _holds(old.mentions, mention):
        kept = [m for m in old.mentions if (m.start, m.end) != (mention.start, mention.end)]
        _put_source(state, document_id, replace(old, mentions=kept), befores)
    new = state.view_source(document_id, new_id) if new_id else None
    if new is not None and not _holds(new.mentions, mention):
        joined = replace(new, mentions=_joined(new.mentions, [mention]))
        _put_source(state, document_id, joined, befores)


@dataclass
class _SpeakerEdit(_StatementEdit):
    """A statement edit that changes who speaks, and the sources' mentions with it."""

    #: The source decisions it replaced, in the order it first wrote them.
    sources_before: list[SourceBefore] = field(default_factory=list, kw_only=True)

    def do(self, state: AnnotationState) -> None:
        self.sources_before = []
        super().do(state)

    def undo(self, state: AnnotationState) -> None:
        super().undo(state)
        _restore_sources(state, self.document_id, self.sources_before)


@dataclass
class RelinkSpeaker(_SpeakerEdit):
    """Point a statement at another source (None: no identifiable speaker); its mention in
    the text ("He") moves from the old source's mentions to the new one's."""

    source_id: str | None

    def label_by_id(self) -> str:
        return f"Relink speaker of {self.statement_id} to {self.source_id or 'nobody'}"

    def describe(self, view: Statement, state: AnnotationState) -> str:
        target = None
        if self.source_id is not None:
            target = state.view_source(self.document_id, self.source_id)
        return f"Speaker of {_mention(view)} → {clip(target.name, 30) if target else 'nobody'}"

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        if self.source_id is not None and not state.view_source(self.document_id, self.source_id):
            raise CommandError(f"no source {self.source_id} in {self.document_id}")
        _move_mention(
            state,
            self.document_id,
            view.source,
            view.source_id,
            self.source_id,
            self.sources_before,
        )
        return replace(view, source_id=self.source_id, status=_corrected(view.status))


def _mention(view: Statement) -> str:
    """The statement's speaker as it stands in the text ("He"), else its opening words."""
    return quoted(view.source.text, 30) if view.source else quoted(_said(view), 30)


@dataclass
class CreateSource(_SpeakerEdit):
    """Words the user selected ("the deputy mayor") name a new speaker of a statement.

    `source.mentions[0]` is the selection; the new source (a decision of this annotator, with
    no model suggestion behind it) is named by it when `source.name` is empty. The statement
    is relinked to it, its mention moving as in `RelinkSpeaker`; a statement that had no
    mention of its speaker takes the selection as one.
    """

    source: Source

    def label_by_id(self) -> str:
        return f"New source {self.source.id} for {self.statement_id}"

    def do(self, state: AnnotationState) -> None:
        self._check(state)
        super().do(state)

    def _check(self, state: AnnotationState) -> None:
        document_id, new_id = self.document_id, self.source.id
        if state.view_source(document_id, new_id) or state.source_decision(document_id, new_id):
            raise CommandError(f"source {new_id} exists in {document_id}")
        if not self.source.mentions:
            raise CommandError("a new source needs the words that name it")
        selection = self.source.mentions[0]
        text = state.document_text(self.document_id)
        inside = 0 <= selection.start < selection.end <= len(text)
        if not inside or text[selection.start : selection.end] != selection.text:
            raise CommandError(f"the selection {selection.text!r} is not where the text has it")

    def _named(self) -> Source:
        selection = self.source.mentions[0]
        return replace(self.source, name=self.source.name or selection.text, mentions=[selection])

    def describe(self, view: Statement, state: AnnotationState) -> str:
        return f"Speaker of {_mention(view)} → new {quoted(self._named().name, 30)}"

    def edit(self, view: Statement, state: AnnotationState) -> Statement:
        new = self._named()
        _put_source(state, self.document_id, new, self.sources_before)
        mention = view.source or new.mentions[0]
        _move_mention(state, self.document_id, mention, view.source_id, new.id, self.sources_before)
        return replace(view, source=mention, source_id=new.id, status=_corrected(view.status))


@dataclass
class StatementBefore:
    """A statement decision a command replaced (None: the annotator had none), for `undo`."""

    statement_id: str
    decision: Statement | None = None


@dataclass
class MergeSources(Command):
    """Two sources are one speaker: `merged_id`'s statements and mentions go to `keep_id`.

    The merged-away source keeps no mentions and no statement, so it leaves the view.
    """

    keep_id: str
    merged_id: str
    statements_before: list[StatementBefore] = field(default_factory=list, kw_only=True)
    sources_before: list[SourceBefore] = field(default_factory=list, kw_only=True)
    change_kind: ClassVar[str] = "source"

    def label_by_id(self) -> str:
        return f"Merge source {self.merged_id} into {self.keep_id}"

    def object_ids(self) -> tuple[str, ...]:
        return (self.keep_id, self.merged_id)

    def do(self, state: AnnotationState) -> None:
        keep, merged = self._sources(state)
        self.summary = f"Merge {quoted(merged.name, 30)} into {quoted(keep.name, 30)}"
        self.statements_before, self.sources_before = [], []
        for statement in state.view_statements(self.document_id):
            if statement.source_id == merged.id:
                self._relink(state, statement)
        joined = replace(keep, mentions=_joined(keep.mentions, merged.mentions))
        _put_source(state, self.document_id, joined, self.sources_before)
        _put_source(state, self.document_id, replace(merged, mentions=[]), self.sources_before)

    def _sources(self, state: AnnotationState) -> tuple[Source, Source]:
        if self.keep_id == self.merged_id:
            raise CommandError(f"source {self.keep_id} cannot be merged into itself")
        keep = state.view_source(self.document_id, self.keep_id)
        merged = state.view_source(self.document_id, self.merged_id)
        for source_id, source in ((self.keep_id, keep), (self.merged_id, merged)):
            if source is None:
                raise CommandError(f"no source {source_id} in {self.document_id}")
        return keep, merged

    def _relink(self, state: AnnotationState, statement: Statement) -> None:
        decision = state.statement_decision(self.document_id, statement.id)
        self.statements_before.append(StatementBefore(statement.id, decision))
        # The merge corrects who spoke, not the review: a rejected statement stays rejected.
        rejected = statement.status is Status.REJECTED
        status = statement.status if rejected else _corrected(statement.status)
        relinked = replace(
            statement, source_id=self.keep_id, status=status, annotator=state.annotator
        )
        state.put_statement_decision(self.document_id, relinked)

    def undo(self, state: AnnotationState) -> None:
        for before in reversed(self.statements_before):
            if before.decision is None:
                state.drop_statement_decision(self.document_id, before.statement_id)
            else:
                state.put_statement_decision(self.document_id, before.decision)
        _restore_sources(state, self.document_id, self.sources_before)


# ------------------------------------------------------------------------ sources, entities


@dataclass
class SetAnonymity(Command):
    """Whether a source is named, and what the text says of it when it is not."""

    source_id: str
    anonymity: Anonymity
    descriptors: Descriptors = field(default_factory=Descriptors)
    before: Source | None = field(default=None, kw_only=True)
    change_kind: ClassVar[str] = "source"

    def label_by_id(self) -> str:
        return f"Set anonymity of {self.source_id} to {self.anonymity}"

    def object_ids(self) -> tuple[str, ...]:
        return (self.source_id,)

    def do(self, state: AnnotationState) -> None:
        view = state.view_source(self.document_id, self.source_id)
        if view is None:
            raise CommandError(f"no source {self.source_id} in {self.document_id}")
        self.before = state.source_decision(self.document_id, self.source_id)
        self.summary = self._describe(view)
        descriptors = dataclasses.replace(self.descriptors)
        state.put_source_decision(
            self.document_id, replace(view, anonymity=self.anonymity, descriptors=descriptors)
        )

    def _describe(self, view: Source) -> str:
        name = quoted(view.name, 40)
        if view.anonymity is self.anonymity and view.descriptors != self.descriptors:
            return f"Descriptors of {name}"
        return f"Mark {name} {self.anonymity}"

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

    def label_by_id(self) -> str:
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
        decided = self._decided(view, state)
        words = quoted(decided.text, 40)
        removed = self.label_name is None
        self.summary = f"Remove entity {words}" if removed else f"Label {words} {decided.label}"
        state.put_entity_decision(self.document_id, decided)

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

    def label_by_id(self) -> str:
        return f"Mark {self.document_id} {self._state}"

    @property
    def _state(self) -> str:
        return "done" if self.done else "not done"

    def do(self, state: AnnotationState) -> None:
        self.before = state.is_done(self.document_id)
        # The state offers no title: the opening words name the article as its list does.
        opening = quoted(state.document_text(self.document_id), 50)
        self.summary = f"Mark {opening} {self._state}"
        state.set_done(self.document_id, self.done)

    def undo(self, state: AnnotationState) -> None:
        state.set_done(self.document_id, bool(self.before))
