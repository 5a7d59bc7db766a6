"""The document JSONL exchange format (`document-jsonl.md`) as a pydantic schema.

Every field's type and range is declared here once, so a broken record is refused with one
reason per field ("statements[2].content[0].end: Input should be a valid integer (got
'x')") before anything is built from it, instead of failing somewhere later with a
traceback. Types are strict: JSON has booleans, numbers and strings, and a `"yes"` where a
boolean belongs is a mistake to report, not a value to guess at.

Checks that need the document's text (a span inside it, a span's text matching it) read
the text from the validation context; ids must be unique within their document, because
the store keys decisions by them and would otherwise merge two objects silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    Strict,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

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

#: The largest integer every store can hold (PostgreSQL's INTEGER); larger is a mistake.
MAX_INT = 2**31 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: str) -> str:
    """Refuse what no database stores faithfully: NUL and lone UTF-16 surrogates."""
    if "\x00" in value:
        raise ValueError("contains a NUL character (U+0000), which cannot be stored")
    if _SURROGATE.search(value):
        raise ValueError("contains a lone surrogate, which is not Unicode text")
    return value


def _null_is(default: Callable[[], Any]) -> BeforeValidator:
    """Read an explicit null as the field's default, as the format has always allowed."""
    return BeforeValidator(lambda value: default() if value is None else value)


Text = Annotated[StrictStr, AfterValidator(_storable)]
Id = Annotated[Text, Field(min_length=1)]
Offset = Annotated[StrictInt, Field(ge=0, le=MAX_INT)]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_INT)]
Confidence = Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)]


class _Record(BaseModel):
    """Unknown fields are ignored: the format lets producers add fields freely."""

    model_config = ConfigDict(extra="ignore")


def _document_text(info: ValidationInfo) -> str | None:
    return (info.context or {}).get("text")


class SpanRecord(_Record):
    """`{"start", "end", "text"}`: code-point offsets into the document's text."""

    start: Offset
    end: Offset
    text: Text | None = None

    @field_validator("end")
    @classmethod
    def _end_fits(cls, end: int, info: ValidationInfo) -> int:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"{end} comes before start {start}")
        text = _document_text(info)
        if text is not None and end > len(text):
            raise ValueError(f"{end} is past the end of the text ({len(text)} characters)")
        return end

    @field_validator("text")
    @classmethod
    def _text_matches(cls, value: str | None, info: ValidationInfo) -> str | None:
        text, start, end = _document_text(info), info.data.get("start"), info.data.get("end")
        if value is None or text is None or start is None or end is None:
            return value  # nothing to compare with: the broken field is reported already
        if value != text[start:end]:
            raise ValueError(
                f"says {value[:40]!r} but the text at {start}-{end} is {text[start:end][:40]!r}"
            )
        return value

    def to_span(self, text: str) -> Span:
        return Span.of(text, self.start, self.end)


class EntityRecord(SpanRecord):
    label: Annotated[Text, _null_is(str)] = ""
    status: Annotated[Status, _null_is(lambda: Status.SUGGESTED)] = Status.SUGGESTED
    origin: Annotated[Origin, _null_is(lambda: Origin.MODEL)] = Origin.MODEL
    annotator: Text | None = None

    def to_entity(self, text: str) -> Entity:
        span = self.to_span(text)
        return Entity(
            span.start, span.end, span.text, self.label, self.status, self.origin, self.annotator
        )


class DescriptorsRecord(_Record):
    role: Text | None = None
    affiliation: Text | None = None
    seniority: Text | None = None
    count: Count | None = None
    reason: Text | None = None


class SourceRecord(_Record):
    id: Id
    name: Annotated[Text, _null_is(str)] = ""
    kind: Annotated[SourceKind, _null_is(lambda: SourceKind.UNKNOWN)] = SourceKind.UNKNOWN
    anonymity: Annotated[Anonymity, _null_is(lambda: Anonymity.NAMED)] = Anonymity.NAMED
    descriptors: Annotated[DescriptorsRecord, _null_is(dict)] = Field(
        default_factory=DescriptorsRecord
    )
    mentions: Annotated[list[SpanRecord], _null_is(list)] = Field(default_factory=list)
    entity: Text | None = None
    annotator: Text | None = None

    def to_source(self, text: str) -> Source:
        d = self.descriptors
        return Source(
            id=self.id,
            name=self.name,
            kind=self.kind,
            anonymity=self.anonymity,
            descriptors=Descriptors(d.role, d.affiliation, d.seniority, d.count, d.reason),
            mentions=[m.to_span(text) for m in self.mentions],
            entity=self.entity,
            annotator=self.annotator,
        )


class EvidenceRecord(_Record):
    url: Text | None = None
    note: Text | None = None


class ClaimRecord(_Record):
    checkworthy: StrictBool | None = None
    verdict: Text | None = None
    evidence: Annotated[list[EvidenceRecord], _null_is(list)] = Field(default_factory=list)
    note: Text | None = None

    def to_claim(self) -> Claim:
        evidence = [Evidence(e.url, e.note) for e in self.evidence]
        return Claim(self.checkworthy, self.verdict, evidence, self.note)


class StatementRecord(_Record):
    id: Id
    source: SpanRecord | None = None
    source_id: Text | None = None
    cue: SpanRecord
    content: Annotated[list[SpanRecord], _null_is(list)] = Field(default_factory=list)
    kind: Annotated[StatementKind, _null_is(lambda: StatementKind.INDIRECT)] = (
        StatementKind.INDIRECT
    )
    parent: Text | None = None
    status: Annotated[Status, _null_is(lambda: Status.SUGGESTED)] = Status.SUGGESTED
    origin: Annotated[Origin, _null_is(lambda: Origin.MODEL)] = Origin.MODEL
    confidence: Confidence | None = None
    annotator: Text | None = None
    claim: Annotated[ClaimRecord, _null_is(dict)] = Field(default_factory=ClaimRecord)

    def to_statement(self, text: str) -> Statement:
        return Statement(
            id=self.id,
            cue=self.cue.to_span(text),
            content=[c.to_span(text) for c in self.content],
            source=None if self.source is None else self.source.to_span(text),
            source_id=self.source_id,
            kind=self.kind,
            parent=self.parent,
            status=self.status,
            origin=self.origin,
            confidence=self.confidence,
            annotator=self.annotator,
            claim=self.claim.to_claim(),
        )


class MetaRecord(_Record):
    """Known keys are text or null; other keys are kept as they came (any JSON value)."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, JsonValue]

    title: Text | None = None
    outlet: Text | None = None
    url: Text | None = None
    published: Text | None = None
    dateline: Text | None = None
    language: Text | None = None

    @model_validator(mode="after")
    def _extra_is_json(self) -> MetaRecord:
        # A number too large for a float arrives as infinity, which JSON cannot write back.
        try:
            json.dumps(self.__pydantic_extra__, allow_nan=False)
        except ValueError:
            raise ValueError("holds a number too large to write back as JSON") from None
        return self


class ProvenanceRecord(_Record):
    tool: Text | None = None
    pipeline: Text | None = None
    exported_at: Text | None = None
    annotators: Annotated[list[Text], _null_is(list)] = Field(default_factory=list)
    done_by: Annotated[list[Text], _null_is(list)] = Field(default_factory=list)
    filter: dict[str, JsonValue] | None = None


def _first_repeat(keys: Iterable[Any]) -> tuple[Any, int, int] | None:
    """The first key seen twice, with the positions of both, or None."""
    seen: dict[Any, int] = {}
    for index, key in enumerate(keys):
        if key in seen:
            return key, seen[key], index
        seen[key] = index
    return None


class DocumentRecord(_Record):
    """One line of a document JSONL file."""

    id: Id
    text: Text
    meta: Annotated[MetaRecord, _null_is(dict)] = Field(default_factory=MetaRecord)
    entities: Annotated[list[EntityRecord], _null_is(list)] = Field(default_factory=list)
    sources: Annotated[list[SourceRecord], _null_is(list)] = Field(default_factory=list)
    statements: Annotated[list[StatementRecord], _null_is(list)] = Field(default_factory=list)
    provenance: Annotated[ProvenanceRecord, _null_is(dict)] = Field(
        default_factory=ProvenanceRecord
    )

    @field_validator("sources", "statements")
    @classmethod
    def _ids_are_unique(cls, items: list, info: ValidationInfo) -> list:
        repeat = _first_repeat(item.id for item in items)
        if repeat:
            key, first, second = repeat
            name = info.field_name
            raise ValueError(
                f"id {key!r} is given twice ({name}[{first}] and {name}[{second}]); "
                "each needs its own id"
            )
        return items

    @field_validator("entities")
    @classmethod
    def _entity_spans_are_unique(cls, items: list[EntityRecord]) -> list[EntityRecord]:
        # An entity's identity is its span: decisions about it are keyed by its offsets.
        repeat = _first_repeat((e.start, e.end) for e in items)
        if repeat:
            (start, end), first, second = repeat
            raise ValueError(
                f"entities[{first}] and entities[{second}] mark the same span {start}-{end}; "
                "a span is one entity"
            )
        return items

    def to_document(self) -> Document:
        meta = {
            **self.meta.model_dump(exclude=set(self.meta.model_extra or ())),
            **(self.meta.model_extra or {}),
        }
        return Document(
            id=self.id,
            text=self.text,
            meta=meta,
            entities=[e.to_entity(self.text) for e in self.entities],
            sources=[s.to_source(self.text) for s in self.sources],
            statements=[s.to_statement(self.text) for s in self.statements],
            provenance=Provenance(**self.provenance.model_dump()),
        )


# ----------------------------------------------------------------------------- validating


def validate_document(obj: Any) -> Document:
    """The `Document` an exchange-format object describes.

    Raises `ValueError` whose message lists the broken fields, one reason each (see
    `describe_errors`); `InvalidRecord.reasons` holds them one by one.
    """
    if not isinstance(obj, dict):
        raise InvalidRecord([f"expected a JSON object, got {_json_type(obj)}"])
    text = obj.get("text")
    context = {"text": text} if isinstance(text, str) else {}
    try:
        record = DocumentRecord.model_validate(obj, context=context)
    except ValidationError as exc:
        raise InvalidRecord(describe_errors(exc)) from None
    return record.to_document()


class InvalidRecord(ValueError):
    """A record that breaks the schema; `reasons` says which field and why, one per line."""

    def __init__(self, reasons: list[str], shown: int = 5):
        self.reasons = reasons
        message = "; ".join(reasons[:shown])
        if len(reasons) > shown:
            message += f" (and {len(reasons) - shown} more)"
        super().__init__(message)


def describe_errors(error: ValidationError) -> list[str]:
    """One "path: reason" per broken field, the path as a reader writes it (`a[2].b`)."""
    return [
        f"{field_path(e['loc']) or 'document'}: {_reason(e)}"
        for e in error.errors(include_url=False)
    ]


def field_path(loc: tuple[int | str, ...]) -> str:
    """`("statements", 2, "content", 0, "end")` → `statements[2].content[0].end`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


def _reason(error: dict[str, Any]) -> str:
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])  # our own message, without pydantic's prefix
    if error["type"] == "missing":
        return "is required"
    if error["type"] == "enum":
        expected = f"should be one of {error['ctx']['expected']}"
    else:
        expected = _EXPECTED.get(error["type"], error["msg"].replace("Input should", "should"))
    return f"{expected} (got {_shown(error['input'])})"


#: pydantic's wording names our classes ("instance of SpanRecord"); say it in JSON terms.
_EXPECTED = {
    "model_type": "should be a JSON object",
    "dict_type": "should be a JSON object",
    "model_attributes_type": "should be a JSON object",
    "list_type": "should be a JSON array",
    "string_type": "should be a string",
    "int_type": "should be an integer",
    "float_type": "should be a number",
    "bool_type": "should be true or false",
}


def _shown(value: Any) -> str:
    """The offending value, short: a type confusion needs its type and a glimpse.

    Strings go through `repr`, which escapes lone surrogates and control characters, so
    the message itself can always be printed.
    """
    if isinstance(value, dict | list):
        return _json_type(value)
    try:
        text = repr(value) if isinstance(value, str) else json.dumps(value)
    except (TypeError, ValueError):  # not a JSON value at all (a caller's Python object)
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _json_type(value: Any) -> str:
    """What a JSON reader would call `value`: "an array", "a string" …"""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")
