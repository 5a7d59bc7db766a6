"""Rows to domain objects and back; span texts always come from the document's text."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from annotator.core.model import (
    KNOWN_META_KEYS,
    Anonymity,
    Claim,
    Descriptors,
    Document,
    Entity,
    Evidence,
    Origin,
    Provenance,
    Source,
    SourceKind,
    Span,
    Statement,
    StatementKind,
    Status,
)
from annotator.core.plain import build, to_plain
from annotator.store.tables import DocumentRow, EntityRow, SourceRow, StatementRow

#: Document metadata kept in columns of their own (filtered and sorted on).
META_COLUMNS = ("title", "outlet", "url", "published", "dateline", "language")
assert set(META_COLUMNS) == set(KNOWN_META_KEYS)


def _spans_to_json(spans: list[Span]) -> str:
    return json.dumps([[s.start, s.end] for s in spans])


def _spans_from_json(text: str, data: str) -> list[Span]:
    return [Span.of(text, start, end) for start, end in json.loads(data)]


def check_span(text: str, span: Span, what: str) -> None:
    """Refuse a span outside the text or whose text disagrees with the document."""
    if not 0 <= span.start <= span.end <= len(text):
        raise ValueError(f"{what} {span.start}-{span.end} lies outside the text")
    if span.text and text[span.start : span.end] != span.text:
        raise ValueError(f"{what} {span.start}-{span.end} is not {span.text!r} in the text")


# ------------------------------------------------------------------------------- documents


def document_values(
    doc: Document, sha256: str, imported_at: str, run_id: int | None
) -> dict[str, Any]:
    """The `document` row for `doc` (plain values: bulk inserts skip building objects)."""
    extra = {k: v for k, v in doc.meta.items() if k not in META_COLUMNS}
    known = {k: _meta_text(doc.meta.get(k)) for k in META_COLUMNS}
    return dict(
        id=doc.id,
        suggestion_run_id=run_id,
        text=doc.text,
        sha256=sha256,
        extra_meta=json.dumps(extra, ensure_ascii=False),
        provenance=json.dumps(to_plain(doc.provenance), ensure_ascii=False),
        imported_at=imported_at,
        **known,
        **list_values(doc),
    )


#: How many characters of the heading are kept for sorting (migration 0006 freezes a copy).
SORT_TITLE_LENGTH = 80
#: How much of the text stands in for a missing title.
LEAD_LENGTH = 160
_UNNAMED = (Anonymity.ANONYMOUS, Anonymity.VAGUE)


def heading(title: str | None, lead: str) -> str:
    """What the document list shows as a title: the title, else the text's opening words."""
    return title or " ".join(lead[:LEAD_LENGTH].split())


def folded(text: str) -> str:
    """`text` as it sorts and matches in the list: case and accents set aside ("Ápple" and
    "apple" are neighbours)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def list_values(doc: Document) -> dict[str, Any]:
    """The document list's sort keys for `doc`: its heading, its counts (migration 0006)."""
    title = _meta_text(doc.meta.get("title"))
    return dict(
        sort_title=folded(heading(title, doc.text)[:SORT_TITLE_LENGTH]),
        statement_count=len(doc.statements),
        anonymous_count=sum(s.anonymity in _UNNAMED for s in doc.sources),
    )


def with_pipeline(provenance: str | None, pipeline: dict | None) -> str:
    """A document's stored provenance naming `pipeline` ("name version", and its tool) as
    the one that made its suggestions: a re-run's export says which model it was."""
    values = json.loads(provenance or "{}")
    pipeline = pipeline or {}
    values["pipeline"] = " ".join(filter(None, (pipeline.get("name"), pipeline.get("version"))))
    if pipeline.get("tool"):
        values["tool"] = pipeline["tool"]
    return json.dumps(values, ensure_ascii=False)


def _meta_text(value: Any) -> str | None:
    return None if value is None else str(value)


def document_shell(row: DocumentRow) -> Document:
    """The document with its metadata and no annotations yet."""
    meta: dict[str, Any] = {k: getattr(row, k) for k in META_COLUMNS}
    meta.update(json.loads(row.extra_meta or "{}"))
    provenance = build(Provenance, json.loads(row.provenance or "{}"))
    return Document(id=row.id, text=row.text, meta=meta, provenance=provenance)


# ------------------------------------------------------------------------------ statements


def statement_values(
    document_id: str,
    text: str,
    st: Statement,
    *,
    run_id: int | None = None,
    annotator: str | None = None,
) -> dict[str, Any]:
    """A row for `st`: a suggestion of run `run_id` or a decision of `annotator`."""
    return dict(
        run_id=run_id,
        annotator=annotator,
        search_text=" ".join(text[c.start : c.end] for c in st.content),
        document_id=document_id,
        statement_id=st.id,
        status=str(st.status),
        origin=str(st.origin),
        kind=str(st.kind),
        parent=st.parent,
        source_id=st.source_id,
        source_start=st.source.start if st.source else None,
        source_end=st.source.end if st.source else None,
        cue_start=st.cue.start,
        cue_end=st.cue.end,
        content=_spans_to_json(st.content),
        confidence=st.confidence,
        checkworthy=st.claim.checkworthy,
        verdict=st.claim.verdict,
        evidence=json.dumps(to_plain(st.claim.evidence), ensure_ascii=False),
        note=st.claim.note,
    )


def statement_from_row(text: str, row: StatementRow) -> Statement:
    source = None
    if row.source_start is not None and row.source_end is not None:
        source = Span.of(text, row.source_start, row.source_end)
    return Statement(
        id=row.statement_id,
        cue=Span.of(text, row.cue_start, row.cue_end),
        content=_spans_from_json(text, row.content),
        source=source,
        source_id=row.source_id,
        kind=StatementKind(row.kind),
        parent=row.parent,
        status=Status(row.status),
        origin=Origin(row.origin),
        confidence=row.confidence,
        annotator=row.annotator,
        claim=Claim(
            checkworthy=row.checkworthy,
            verdict=row.verdict,
            evidence=[build(Evidence, e) for e in json.loads(row.evidence or "[]")],
            note=row.note,
        ),
    )


def check_document_spans(doc: Document) -> None:
    """Refuse a document any of whose spans does not fit its text (before anything is written)."""
    for statement in doc.statements:
        check_statement(doc.text, statement)
    for entity in doc.entities:
        check_span(doc.text, entity.span, f"entity {entity.label}")
    for source in doc.sources:
        for mention in source.mentions:
            check_span(doc.text, mention, f"source {source.id} mention")


def check_statement(text: str, st: Statement) -> None:
    for span, what in ((st.cue, "cue"), (st.source, "source")):
        if span is not None:
            check_span(text, span, f"statement {st.id} {what}")
    for fragment in st.content:
        check_span(text, fragment, f"statement {st.id} content")


# --------------------------------------------------------------------------------- sources


def source_values(
    document_id: str, source: Source, *, run_id: int | None = None, annotator: str | None = None
) -> dict[str, Any]:
    d = source.descriptors
    return dict(
        run_id=run_id,
        annotator=annotator,
        document_id=document_id,
        source_id=source.id,
        name=source.name,
        kind=str(source.kind),
        anonymity=str(source.anonymity),
        role=d.role,
        affiliation=d.affiliation,
        seniority=d.seniority,
        count=d.count,
        reason=d.reason,
        mentions=_spans_to_json(source.mentions),
        entity=source.entity,
    )


def descriptors_from_row(row) -> Descriptors:
    """The descriptors held in a `source` row's columns (an ORM row or a plain SQL one)."""
    return Descriptors(
        role=row.role,
        affiliation=row.affiliation,
        seniority=row.seniority,
        count=row.count,
        reason=row.reason,
    )


def source_from_row(text: str, row: SourceRow) -> Source:
    return Source(
        id=row.source_id,
        name=row.name,
        kind=SourceKind(row.kind),
        anonymity=Anonymity(row.anonymity),
        descriptors=descriptors_from_row(row),
        mentions=_spans_from_json(text, row.mentions),
        entity=row.entity,
        annotator=row.annotator,
    )


# -------------------------------------------------------------------------------- entities


def entity_values(
    document_id: str, entity: Entity, *, run_id: int | None = None, annotator: str | None = None
) -> dict[str, Any]:
    return dict(
        run_id=run_id,
        annotator=annotator,
        document_id=document_id,
        start_offset=entity.start,
        end_offset=entity.end,
        label=entity.label,
        status=str(entity.status),
        origin=str(entity.origin),
    )


def entity_from_row(text: str, row: EntityRow) -> Entity:
    return Entity(
        start=row.start_offset,
        end=row.end_offset,
        text=text[row.start_offset : row.end_offset],
        label=row.label,
        status=Status(row.status),
        origin=Origin(row.origin),
        annotator=row.annotator,
    )


def as_json(value: Any) -> str | None:
    """A domain object as JSON for the audit log (None stays None)."""
    return None if value is None else json.dumps(to_plain(value), ensure_ascii=False)
