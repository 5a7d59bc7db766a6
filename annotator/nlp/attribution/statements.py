"""From draft attributions to `Statement`s: ids in text order, kind, nesting, spans."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from annotator.core.model import Origin, Span, Statement, StatementKind, Status
from annotator.nlp.attribution.content import CharRange, QuoteIndex

#: How many content fragments before a cue may hold it (see `set_parents`).
NESTING_WINDOW = 16
#: Confidence of a nested statement relative to a top-level one.
NESTED_FACTOR = 0.5


@dataclass(slots=True)
class Draft:
    """A statement being built: character ranges and a confidence."""

    cue: CharRange
    source: CharRange | None
    content: list[CharRange]
    confidence: float
    #: Whether the statement stands when it lies inside another one's content: a reported
    #: report does ("… emphasized that mediators have reported that …"); a belief or a
    #: stance inside reported speech is part of that speech ("he said he didn't think …").
    may_nest: bool = True

    @property
    def start(self) -> int:
        return min(r[0] for r in self._ranges())

    def _ranges(self) -> list[CharRange]:
        return [self.cue, *self.content, *([self.source] if self.source else [])]


def finish_statements(text: str, drafts: list[Draft], quotes: QuoteIndex) -> list[Statement]:
    """Statements numbered "q1", "q2", … in text order, with kind and parent set.

    Nested statements that may not nest are dropped; those kept are less certain than their
    parent (`NESTED_FACTOR`): reporters rarely stand behind a report inside a report.
    """
    ordered = sorted(drafts, key=lambda d: (d.start, d.cue[0]))
    statements = _numbered(text, ordered, quotes)
    set_parents(statements)
    kept = [d for d, st in zip(ordered, statements, strict=True) if st.parent is None or d.may_nest]
    if len(kept) < len(ordered):
        statements = _numbered(text, kept, quotes)
        set_parents(statements)
    for statement in statements:
        if statement.parent is not None and statement.confidence is not None:
            statement.confidence = round(statement.confidence * NESTED_FACTOR, 3)
    return statements


def _numbered(text: str, drafts: list[Draft], quotes: QuoteIndex) -> list[Statement]:
    return [
        Statement(
            id=f"q{n}",
            cue=Span.of(text, *d.cue),
            content=[Span.of(text, *r) for r in d.content],
            source=Span.of(text, *d.source) if d.source else None,
            kind=kind_of(d.content, quotes),
            status=Status.SUGGESTED,
            origin=Origin.MODEL,
            confidence=round(d.confidence, 3),
        )
        for n, d in enumerate(drafts, start=1)
    ]


def kind_of(content: list[CharRange], quotes: QuoteIndex) -> StatementKind:
    """Direct when every fragment is quoted, mixed when some quote is inside, else indirect."""
    if content and all(quotes.is_quoted(r) for r in content):
        return StatementKind.DIRECT
    if any(quotes.overlapping(*r) for r in content):
        return StatementKind.MIXED
    return StatementKind.INDIRECT


def set_parents(statements: list[Statement]) -> None:
    """Nested attribution: the parent is the smallest other statement whose content holds
    this statement's cue.

    Nesting is local (within a paragraph), so only the `NESTING_WINDOW` fragments starting
    closest before a cue are looked at: linear in the number of statements.
    """
    fragments = sorted(
        ((f.start, f.end, st) for st in statements for f in st.content), key=lambda f: f[:2]
    )
    starts = [f[0] for f in fragments]
    for inner in statements:
        last = bisect.bisect_right(starts, inner.cue.start)
        holders = [
            (end - start, outer.id)
            for start, end, outer in fragments[max(last - NESTING_WINDOW, 0) : last]
            if outer is not inner and inner.cue.end <= end
        ]
        if holders:
            inner.parent = min(holders)[1]
