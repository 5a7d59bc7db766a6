"""The document JSONL exchange format (`document-jsonl.md`): one document per line.

`document_to_dict` / `document_from_dict` convert without loss, so import then export gives
the same objects. Reading checks every record against the schema (`formats.schema`: types,
ranges, spans against the text, unique ids) and reports the line and the fields of anything
broken, so one bad line never hides the good ones.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic_core import from_json

from annotator.core.model import Document
from annotator.core.plain import to_plain
from annotator.formats.schema import InvalidRecord, validate_document


class FormatError(ValueError):
    """A record that cannot be read; says where (file and line) and why.

    `fields` lists a schema violation field by field ("statements[2].cue: is required").
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        *,
        fields: list[str] | None = None,
    ):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        self.fields = list(fields or [])
        where = ":".join(str(p) for p in (self.path, line) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)


# ---------------------------------------------------------------------------------- writing


#: A statement's keys in the order the exchange format writes them (source before cue;
#: the model declares its fields the other way round). Any other object is written in the
#: order its dataclass declares its fields.
STATEMENT_KEYS = (
    "id",
    "source",
    "source_id",
    "cue",
    "content",
    "kind",
    "parent",
    "status",
    "origin",
    "confidence",
    "annotator",
    "claim",
)


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The exchange-format object for `doc`: the domain model's own plain form
    (`core.plain`, which the store and the undo log use too), statement keys in order."""
    plain = to_plain(doc)
    plain["statements"] = [
        {key: statement[key] for key in STATEMENT_KEYS} | statement
        for statement in plain["statements"]
    ]
    return plain


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


def document_from_dict(obj: Any) -> Document:
    """Build a `Document` from an exchange-format object; raises `FormatError` if invalid.

    The object is checked against the schema (`formats.schema`): the error names every
    broken field with its reason.
    """
    from annotator.formats import prodigy  # it reads FormatError from here

    if prodigy.is_prodigy_task(obj):  # Prodigy's `text`/`spans`/`meta` tasks, no `id`
        return prodigy.document_from_task(obj)
    try:
        return validate_document(obj)
    except InvalidRecord as exc:
        raise FormatError(str(exc), fields=exc.reasons) from None


def parse_json(line: str | bytes) -> Any:
    """The JSON value of one line, strictly: RFC 8259 JSON only.

    pydantic-core's parser refuses what Python's `json` lets through and the store cannot
    keep (`NaN`, `Infinity`, lone surrogates, invalid UTF-8) and stops at a nesting depth
    limit instead of overflowing the stack.
    """
    try:
        return from_json(line, allow_inf_nan=False)
    except ValueError as exc:
        raise FormatError(f"not valid JSON: {_without_line(str(exc))}") from None


def _without_line(message: str) -> str:
    # A JSONL record is one line: "at line 1 column 7" reads better as "at column 7".
    return message.replace("at line 1 column", "at column")


def loads(line: str | bytes) -> Document:
    """Parse and validate one JSONL line."""
    return document_from_dict(parse_json(line))


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def iter_documents(path: str | Path) -> Iterator[Document | FormatError]:
    """Yield each document of a JSONL file, or a `FormatError` (with file and line) in its place.

    Errors are yielded rather than raised so a caller can keep the good lines of a file: each
    line is decoded, parsed and validated on its own, so invalid UTF-8 or a broken record
    costs that line only.
    """
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                if raw.startswith(_UTF16_BOMS):
                    yield FormatError("is UTF-16; document JSONL is UTF-8 (convert it)", path)
                    return
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                yield loads(_utf8(raw))
            except FormatError as exc:
                yield FormatError(exc.reason, path=path, line=number, fields=exc.fields)


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"not UTF-8: byte 0x{raw[exc.start]:02X} at column {exc.start + 1}"
        ) from None
