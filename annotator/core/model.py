"""The domain model: a document and its annotations, as the exchange format names them.

Plain dataclasses with no I/O, shared by every layer: the spaCy components produce them, the
store persists them, the formats read and write them and the GUI shows them. Field names and
meanings follow `document-jsonl.md` (the exchange format is a contract: never rename).

Offsets are Python `str` indices (code points) into `Document.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Review state of a suggestion or a person's annotation."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    ADDED = "added"

    @property
    def is_gold(self) -> bool:
        """Gold labels are the ones a person confirmed, corrected or added."""
        return self in (Status.ACCEPTED, Status.CORRECTED, Status.ADDED)

    @property
    def is_reviewed(self) -> bool:
        """A person decided it: accepted, corrected, rejected or added. Labels set on a
        suggestion (claim labels) leave it to review. The statement panel and the document
        list both count by this (the list in SQL: `annotator.store.view.reviewed`)."""
        return self is not Status.SUGGESTED


class Origin(StrEnum):
    MODEL = "model"
    HUMAN = "human"


class StatementKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class SourceKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    DOCUMENT = "document"
    MEDIA = "media"
    UNKNOWN = "unknown"


class Anonymity(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    VAGUE = "vague"


DEFAULT_RATING_SCALE: tuple[str, ...] = (
    "true",
    "mostly-true",
    "half-true",
    "mostly-false",
    "false",
    "misleading",
    "unverifiable",
    "not-a-claim",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document's text: `text == document.text[start:end]`."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, document_text: str, start: int, end: int) -> Span:
        """The span `[start, end)` of `document_text`, its text taken from the document."""
        return cls(start, end, document_text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class Entity:
    """A named-entity mention."""

    start: int
    end: int
    text: str
    label: str
    status: Status = Status.SUGGESTED
    origin: Origin = Origin.MODEL
    annotator: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass(slots=True)
class Descriptors:
    """What the text says of a source that is not named."""

    role: str | None = None
    affiliation: str | None = None
    seniority: str | None = None
    count: int | None = None
    reason: str | None = None


@dataclass(slots=True)
class Source:
    """One distinct speaker in a document, with every mention that refers to it."""

    id: str
    name: str
    kind: SourceKind = SourceKind.UNKNOWN
    anonymity: Anonymity = Anonymity.NAMED
    descriptors: Descriptors = field(default_factory=Descriptors)
    mentions: list[Span] = field(default_factory=list)
    entity: str | None = None
    #: The person whose decision this source is (their edit of its identity or mentions);
    #: None for the model's suggestion. An import stores it as that person's decision.
    annotator: str | None = None


@dataclass(slots=True)
class Evidence:
    url: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Claim:
    """A fact-checker's labels for a statement as a claim."""

    checkworthy: bool | None = None
    verdict: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True)
class Statement:
    """An attribution relation: who (source) said (cue) what (content)."""

    id: str
    cue: Span
    content: list[Span]
    source: Span | None = None
    source_id: str | None = None
    kind: StatementKind = StatementKind.INDIRECT
    parent: str | None = None
    status: Status = Status.SUGGESTED
    origin: Origin = Origin.MODEL
    confidence: float | None = None
    annotator: str | None = None
    claim: Claim = field(default_factory=Claim)

    @property
    def extent(self) -> tuple[int, int]:
        """First and last character covered by the source, cue and content."""
        spans = [self.cue, *self.content, *([self.source] if self.source else [])]
        return min(s.start for s in spans), max(s.end for s in spans)

    def roles(self) -> list[tuple[str, Span, str | None]]:
        """Each span of the statement with its role ("cue", "content", "source") and, for
        the source, the speaker it is linked to: how the roles become spaCy span groups,
        for the engine's output and for gold alike."""
        roles: list[tuple[str, Span, str | None]] = [("cue", self.cue, None)]
        roles += [("content", span, None) for span in self.content]
        if self.source is not None:
            roles.append(("source", self.source, self.source_id))
        return roles


KNOWN_META_KEYS: tuple[str, ...] = ("title", "outlet", "url", "published", "dateline", "language")


@dataclass(slots=True)
class Provenance:
    tool: str | None = None
    pipeline: str | None = None
    exported_at: str | None = None
    #: Who decided something in this document (in an export: in the view exported).
    annotators: list[str] = field(default_factory=list)
    #: Who marked the document done; an import marks it done for them again.
    done_by: list[str] = field(default_factory=list)
    #: The export's selection (annotator, documents, statuses, outlet, dates, split).
    filter: dict[str, Any] | None = None


@dataclass(slots=True)
class Document:
    """An article: immutable text, its metadata and its annotations."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    provenance: Provenance = field(default_factory=Provenance)

    def __post_init__(self) -> None:
        for key in KNOWN_META_KEYS:
            self.meta.setdefault(key, None)

    def source_by_id(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def statement_by_id(self, statement_id: str) -> Statement | None:
        return next((s for s in self.statements if s.id == statement_id), None)

    def span(self, start: int, end: int) -> Span:
        """A span of this document's text."""
        return Span.of(self.text, start, end)
