"""Which stretches of an article get which mark: the layout of the highlights, without Qt.

The article view paints these marks in list order, a later mark over an earlier one, so the
order here decides what shows where marks overlap: content tint first, then entities (text
colour), then cues (strong background), then sources (bold and underlined).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from annotator.core.model import Anonymity, Document, Entity, Statement, Status


class Role(StrEnum):
    """What a mark stands for."""

    CONTENT = "content"
    ENTITY = "entity"
    CUE = "cue"
    SOURCE = "source"


_PAINT_ORDER = {Role.CONTENT: 0, Role.ENTITY: 1, Role.CUE: 2, Role.SOURCE: 3}


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch `[start, end)` in code points.

    `label` is the entity label for an entity, the statement's status for its parts.
    `anonymity` is set on a source mark whose speaker is anonymous or vague.
    """

    start: int
    end: int
    role: Role
    label: str
    statement_id: str | None = None
    anonymity: Anonymity | None = None


def statement_marks(statement: Statement, document: Document | None = None) -> list[Mark]:
    """The source, cue and content marks of one statement, in paint order.

    With the `document`, a source mark carries its speaker's anonymity when not named.
    """
    return _marks_of(statement, speaker_anonymity(document, statement) if document else None)


def _marks_of(statement: Statement, anonymity: Anonymity | None) -> list[Mark]:
    status = str(statement.status)
    marks = [Mark(s.start, s.end, Role.CONTENT, status, statement.id) for s in statement.content]
    marks.append(Mark(statement.cue.start, statement.cue.end, Role.CUE, status, statement.id))
    if statement.source is not None:
        source = statement.source
        marks.append(Mark(source.start, source.end, Role.SOURCE, status, statement.id, anonymity))
    return marks


def speaker_anonymity(document: Document, statement: Statement) -> Anonymity | None:
    """The anonymity of the statement's speaker when it is anonymous or vague, else None."""
    speaker = document.source_by_id(statement.source_id)
    if speaker is None or speaker.anonymity is Anonymity.NAMED:
        return None
    return speaker.anonymity


def shown_entities(document: Document) -> list[Entity]:
    """The entities a person sees: every one but those rejected (the one place of that rule)."""
    return [e for e in document.entities if e.status is not Status.REJECTED]


def entity_marks(document: Document) -> list[Mark]:
    """The marks of the entities a person sees."""
    return [Mark(e.start, e.end, Role.ENTITY, e.label) for e in shown_entities(document)]


def document_marks(document: Document) -> list[Mark]:
    """Every mark of the document, in paint order (stable within a role)."""
    marks = entity_marks(document)
    # The speakers' anonymity looked up once, not by a walk of the sources per statement.
    unnamed = {s.id: s.anonymity for s in document.sources if s.anonymity is not Anonymity.NAMED}
    for statement in document.statements:
        marks.extend(_marks_of(statement, unnamed.get(statement.source_id)))
    return sorted(marks, key=lambda mark: _PAINT_ORDER[mark.role])


Extents = dict[str, tuple[int, int]]


def statement_extents(document: Document) -> Extents:
    """First and last character of every statement, by id: an index that spares re-marking
    a long article from walking every statement's spans after each edit."""
    return {statement.id: statement.extent for statement in document.statements}


def marks_within(
    document: Document, regions: list[tuple[int, int]], extents: Extents | None = None
) -> list[Mark]:
    """The marks that touch any of `regions` (`(start, end)` pairs), in paint order: what
    re-marking those stretches paints. One pass over the document, however many regions."""
    extents = extents if extents is not None else statement_extents(document)
    low, high = min(start for start, _ in regions), max(end for _, end in regions)

    def touches(start: int, end: int) -> bool:
        if start >= high or low >= end:  # the cheap test first: most marks are far away
            return False
        return any(start < last and first < end for first, last in regions)

    marks = [m for m in entity_marks(document) if touches(m.start, m.end)]
    for statement in document.statements:
        extent = extents.get(statement.id) or statement.extent
        if touches(*extent):
            marks.extend(m for m in statement_marks(statement, document) if touches(m.start, m.end))
    return sorted(marks, key=lambda mark: _PAINT_ORDER[mark.role])


def statement_at(document: Document, index: int) -> str | None:
    """The id of the statement whose source, cue or content covers code point `index`.

    Where statements nest (one's content holds another), the shortest covering part wins, so
    a click on the inner cue selects the inner statement; rejected ones come last.
    """
    covering = [
        (mark.statement_id, mark)
        for statement in document.statements
        for mark in statement_marks(statement)
        if mark.start <= index < mark.end
    ]
    if not covering:
        return None
    best_id, _ = min(
        covering,
        key=lambda item: (item[1].label == Status.REJECTED, item[1].end - item[1].start),
    )
    return best_id
