"""Bring an open document up to date from a change notification, without reloading it.

An edit's `Change` carries the objects it wrote as the user now sees them. Applying them to
the `Document` a front end holds costs microseconds, where reloading a long article costs a
database read of its text and every annotation. The result says what a screen must redraw:
which statements changed in place, whether rows came or went, and which stretches of text
(code points) need their marks painted again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import Document, Span, Statement


@dataclass
class Patched:
    """What applying a change altered in the document."""

    #: Statements edited in place (same row).
    changed: list[str] = field(default_factory=list)
    #: Whether statements were added or removed (rows come or go).
    rows_changed: bool = False
    #: Stretches of text whose marks changed, `(start, end)` in code points.
    regions: list[tuple[int, int]] = field(default_factory=list)
    #: The change carried no objects: the document must be read again.
    needs_reload: bool = False
    #: Statements added or removed (their ids).
    came_or_went: list[str] = field(default_factory=list)

    def touched(self) -> list[str]:
        """Every statement whose spans may have moved: changed, added or removed."""
        return [*self.changed, *self.came_or_went]


def carries_objects(change) -> bool:
    """Whether `change` says what it wrote (else a subscriber reloads)."""
    return bool(change.statements or change.sources or change.entities) or change.done is not None


def patch_document(document: Document, change) -> Patched:
    """Apply the objects of `change` to `document` in place and say what changed."""
    patched = Patched()
    if change.kind == "corpus" or not carries_objects(change):
        patched.needs_reload = change.kind != "corpus"
        return patched
    for statement_id, statement in change.statements:
        _put_statement(document, statement_id, statement, patched)
    for source_id, source in change.sources:
        _put_source(document, source_id, source, patched)
    for (start, end), entity in change.entities:
        document.entities = [e for e in document.entities if (e.start, e.end) != (start, end)]
        if entity is not None:
            document.entities.append(entity)
            document.entities.sort(key=lambda e: (e.start, e.end))
        patched.regions.append((start, end))
    return patched


def _put_statement(
    document: Document, statement_id: str, statement: Statement | None, patched: Patched
) -> None:
    index = next((i for i, s in enumerate(document.statements) if s.id == statement_id), None)
    if index is not None:
        patched.regions.extend(_part_regions(document.statements[index]))
    if statement is None:
        if index is not None:
            del document.statements[index]
            patched.rows_changed = True
            patched.came_or_went.append(statement_id)
        return
    patched.regions.extend(_part_regions(statement))
    if index is None:
        document.statements.append(statement)
        patched.rows_changed = True
        patched.came_or_went.append(statement_id)
    else:
        document.statements[index] = statement
        patched.changed.append(statement_id)


def _put_source(document: Document, source_id: str, source, patched: Patched) -> None:
    document.sources = [s for s in document.sources if s.id != source_id]
    if source is not None:
        document.sources.append(source)
    # A speaker's name or anonymity shows on every statement linked to it.
    for statement in document.statements:
        if statement.source_id == source_id:
            if statement.id not in patched.changed:
                patched.changed.append(statement.id)
            if statement.source is not None:
                patched.regions.append((statement.source.start, statement.source.end))


def _part_regions(statement: Statement) -> list[tuple[int, int]]:
    spans: list[Span] = [statement.cue, *statement.content]
    if statement.source is not None:
        spans.append(statement.source)
    return [(span.start, span.end) for span in spans]
