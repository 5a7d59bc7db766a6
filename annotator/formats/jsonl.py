"""The document JSONL exchange format (`document-jsonl.md`): one document per line.

`document_to_dict` / `document_from_dict` convert without loss, so import then export gives
the same objects. Reading validates every span against the text and reports the line of
anything broken, so one bad line never hides the good ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from annotator.core.model import (
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


class FormatError(ValueError):
    """A record that cannot be read; says where (file and line) and why."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        where = ":".join(str(p) for p in (self.path, line) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)


# ---------------------------------------------------------------------------------- writing


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The exchange-format object for `doc`."""
    return {
        "id": doc.id,
        "text": doc.text,
        "meta": dict(doc.meta),
        "entities": [
            {
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "label": e.label,
                "status": str(e.status),
                "origin": str(e.origin),
                "annotator": e.annotator,
            }
            for e in doc.entities
        ],
        "sources": [
            {
                "id": s.id,
                "name": s.name,
                "kind": str(s.kind),
                "anonymity": str(s.anonymity),
                "descriptors": asdict(s.descriptors),
                "mentions": [_span(m) for m in s.mentions],
                "entity": s.entity,
            }
            for s in doc.sources
        ],
        "statements": [
            {
                "id": st.id,
                "source": _span(st.source),
                "source_id": st.source_id,
                "cue": _span(st.cue),
                "content": [_span(c) for c in st.content],
                "kind": str(st.kind),
                "parent": st.parent,
                "status": str(st.status),
                "origin": str(st.origin),
                "confidence": st.confidence,
                "annotator": st.annotator,
                "claim": {
                    "checkworthy": st.claim.checkworthy,
                    "verdict": st.claim.verdict,
                    "evidence": [asdict(e) for e in st.claim.evidence],
                    "note": st.claim.note,
                },
            }
            for st in doc.statements
        ],
        "provenance": asdict(doc.provenance),
    }


def dumps(doc: Document) -> str:
    """One JSONL line (without the newline)."""
    return json.dumps(document_to_dict(doc), ensure_ascii=False)


def write_documents(docs: Iterable[Document], out: IO[str]) -> int:
    """Write `docs` one per line; returns how many were written."""
    count = 0
    for doc in docs:
        out.write(dumps(doc))
        out.write("\n")
        count += 1
    return count


# ---------------------------------------------------------------------------------- reading


def _read_span(obj: Any, text: str, what: str) -> Span:
    if not isinstance(obj, dict):
        raise FormatError(f"{what}: expected a span object, got {type(obj).__name__}")
    try:
        start, end = int(obj["start"]), int(obj["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise FormatError(f"{what}: span needs integer start and end") from exc
    if not 0 <= start <= end <= len(text):
        raise FormatError(f"{what}: span {start}-{end} lies outside the text ({len(text)} chars)")
    expected = text[start:end]
    if "text" in obj and obj["text"] != expected:
        raise FormatError(
            f"{what}: span {start}-{end} says {obj['text']!r} but the text there is {expected!r}"
        )
    return Span(start, end, expected)


def _enum(enum_type: type, value: Any, what: str, default: Any = None) -> Any:
    if value is None and default is not None:
        return default
    try:
        return enum_type(value)
    except ValueError as exc:
        allowed = ", ".join(m.value for m in enum_type)
        raise FormatError(f"{what}: {value!r} is not one of {allowed}") from exc


def document_from_dict(obj: Any) -> Document:
    """Build a `Document` from an exchange-format object; raises `FormatError` if invalid."""
    if not isinstance(obj, dict):
        raise FormatError(f"expected a JSON object, got {type(obj).__name__}")
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        raise FormatError("document needs a non-empty string 'id'")
    if not isinstance(obj.get("text"), str):
        raise FormatError(f"document {obj['id']!r} needs a string 'text'")
    text: str = obj["text"]
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise FormatError("'meta' must be an object")

    entities = [
        Entity(
            *_span_fields(_read_span(e, text, f"entity {i}")),
            label=str(e.get("label", "")),
            status=_enum(Status, e.get("status"), f"entity {i} status", Status.SUGGESTED),
            origin=_enum(Origin, e.get("origin"), f"entity {i} origin", Origin.MODEL),
            annotator=e.get("annotator"),
        )
        for i, e in enumerate(obj.get("entities") or [])
    ]
    sources = [_read_source(s, text, i) for i, s in enumerate(obj.get("sources") or [])]
    statements = [_read_statement(s, text, i) for i, s in enumerate(obj.get("statements") or [])]
    prov = obj.get("provenance") or {}
    provenance = Provenance(
        tool=prov.get("tool"),
        pipeline=prov.get("pipeline"),
        exported_at=prov.get("exported_at"),
        annotators=list(prov.get("annotators") or []),
    )
    return Document(
        id=obj["id"],
        text=text,
        meta=dict(meta),
        entities=entities,
        sources=sources,
        statements=statements,
        provenance=provenance,
    )


def _span_fields(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.text


def _read_source(obj: Any, text: str, i: int) -> Source:
    if not isinstance(obj, dict) or not obj.get("id"):
        raise FormatError(f"source {i}: needs an object with an 'id'")
    d = obj.get("descriptors") or {}
    return Source(
        id=str(obj["id"]),
        name=str(obj.get("name") or ""),
        kind=_enum(SourceKind, obj.get("kind"), f"source {i} kind", SourceKind.UNKNOWN),
        anonymity=_enum(Anonymity, obj.get("anonymity"), f"source {i} anonymity", Anonymity.NAMED),
        descriptors=Descriptors(
            role=d.get("role"),
            affiliation=d.get("affiliation"),
            seniority=d.get("seniority"),
            count=d.get("count"),
            reason=d.get("reason"),
        ),
        mentions=[
            _read_span(m, text, f"source {i} mention {j}")
            for j, m in enumerate(obj.get("mentions") or [])
        ],
        entity=obj.get("entity"),
    )


def _read_statement(obj: Any, text: str, i: int) -> Statement:
    if not isinstance(obj, dict) or not obj.get("id"):
        raise FormatError(f"statement {i}: needs an object with an 'id'")
    if obj.get("cue") is None:
        raise FormatError(f"statement {obj['id']}: needs a 'cue'")
    claim = obj.get("claim") or {}
    confidence = obj.get("confidence")
    valid = isinstance(confidence, int | float) and 0 <= confidence <= 1
    if confidence is not None and not valid:
        raise FormatError(f"statement {obj['id']}: confidence must be a number in [0, 1]")
    return Statement(
        id=str(obj["id"]),
        cue=_read_span(obj["cue"], text, f"statement {obj['id']} cue"),
        content=[
            _read_span(c, text, f"statement {obj['id']} content {j}")
            for j, c in enumerate(obj.get("content") or [])
        ],
        source=(
            None
            if obj.get("source") is None
            else _read_span(obj["source"], text, f"statement {obj['id']} source")
        ),
        source_id=obj.get("source_id"),
        kind=_enum(StatementKind, obj.get("kind"), f"statement {i} kind", StatementKind.INDIRECT),
        parent=obj.get("parent"),
        status=_enum(Status, obj.get("status"), f"statement {i} status", Status.SUGGESTED),
        origin=_enum(Origin, obj.get("origin"), f"statement {i} origin", Origin.MODEL),
        confidence=None if confidence is None else float(confidence),
        annotator=obj.get("annotator"),
        claim=Claim(
            checkworthy=claim.get("checkworthy"),
            verdict=claim.get("verdict"),
            evidence=[
                Evidence(url=e.get("url"), note=e.get("note")) for e in claim.get("evidence") or []
            ],
            note=claim.get("note"),
        ),
    )


def loads(line: str) -> Document:
    """Parse one JSONL line."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    return document_from_dict(obj)


def iter_documents(path: str | Path) -> Iterator[Document | FormatError]:
    """Yield each document of a JSONL file, or a `FormatError` (with file and line) in its place.

    Errors are yielded rather than raised so a caller can keep the good lines of a file.
    """
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield loads(line)
            except FormatError as exc:
                yield FormatError(exc.reason, path=path, line=number)
