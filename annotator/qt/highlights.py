"""Which stretches of an article get which mark: the layout of the highlights, without Qt.

The article view paints these marks in list order, a later mark over an earlier one, so the
order here decides what shows where marks overlap: content tint first, then entities (text
colour), then cues (strong background), then sources (bold and underlined).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from annotator.core.model import Document, Statement, Status


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
    """

    start: int
    end: int
    role: Role
    label: str
    statement_id: str | None = None


def statement_marks(statement: Statement) -> list[Mark]:
    """The source, cue and content marks of one statement, in paint order."""
    status = str(statement.status)
    marks = [Mark(s.start, s.end, Role.CONTENT, status, statement.id) for s in statement.content]
    marks.append(Mark(statement.cue.start, statement.cue.end, Role.CUE, status, statement.id))
    if statement.source is not None:
        source = statement.source
        marks.append(Mark(source.start, source.end, Role.SOURCE, status, statement.id))
    return marks


def document_marks(document: Document) -> list[Mark]:
    """Every mark of the document, in paint order (stable within a role)."""
    marks = [Mark(e.start, e.end, Role.ENTITY, e.label) for e in document.entities]
    for statement in document.statements:
        marks.extend(statement_marks(statement))
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
