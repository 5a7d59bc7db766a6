"""CSV: a table of articles in (one row an article), a table of statements out.

Out, one row a statement, for spreadsheets.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading
tab or carriage return hides one), so an article quoting "=HYPERLINK(…)" could act on the
reader's machine: every such cell is written with a leading apostrophe, which spreadsheets
show as text and do not run (OWASP's advice on CSV injection). The table is for reading;
the JSONL export is the lossless one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from annotator.core.model import Document, Statement
from annotator.formats.jsonl import FormatError

COLUMNS = (
    "document",
    "title",
    "url",
    "published",
    "statement",
    "status",
    "speaker",
    "anonymity",
    "source",
    "cue",
    "content",
    "kind",
    "checkworthy",
    "verdict",
    "evidence",
    "note",
    "annotator",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Between the fragments of one content ("“…,” he said, “…”").
FRAGMENT_JOINER = " … "


def neutralised(value: object) -> str:
    """The cell's text, with an apostrophe in front when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def statement_row(doc: Document, st: Statement) -> dict[str, str]:
    source = doc.source_by_id(st.source_id)
    speaker = source.name if source else (st.source.text if st.source else "")
    row = {
        "document": doc.id,
        "title": doc.meta.get("title"),
        "url": doc.meta.get("url"),
        "published": doc.meta.get("published"),
        "statement": st.id,
        "status": str(st.status),
        "speaker": speaker,
        "anonymity": str(source.anonymity) if source else "",
        "source": st.source.text if st.source else "",
        "cue": st.cue.text,
        "content": FRAGMENT_JOINER.join(c.text for c in st.content),
        "kind": str(st.kind),
        "checkworthy": "" if st.claim.checkworthy is None else str(st.claim.checkworthy).lower(),
        "verdict": st.claim.verdict,
        "evidence": " ; ".join(" ".join(filter(None, (e.url, e.note))) for e in st.claim.evidence),
        "note": st.claim.note,
        "annotator": st.annotator,
    }
    return {key: neutralised(value) for key, value in row.items()}


def write_statements_csv(docs: Iterable[Document], out: IO[str]) -> int:
    """One header row, then a row per statement; returns the number of statements.

    `out` is opened with `newline=""`: rows end with CRLF as RFC 4180 says, and a line break
    inside a quoted cell stays what it was.
    """
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for doc in docs:
        for st in doc.statements:
            writer.writerow(statement_row(doc, st))
            count += 1
    return count


# ---------------------------------------------------------------------------------- reading

#: The columns that become a document's id and known metadata when a table has them.
ID_COLUMN = "id"
#: A cell may hold a whole article: far above the csv module's 128 kB default.
MAX_CELL = 25_000_000


def iter_csv_documents(
    path: str | Path, text_column: str = "text", *, accept_damaged: bool = False
) -> Iterator[Document | FormatError]:
    """One document per row of a table of articles, or a `FormatError` (file and line).

    The article is the `text_column` cell; an `id` column gives the id (else the file name
    and the row's line), and columns named like the known metadata (`title`, `url`, `outlet`,
    `published`, …) fill it; other columns are kept in the metadata as they are. The file's
    encoding is detected as for plain text; a tab-separated file (`.tsv`) is read as such.
    """
    from annotator.formats.text import decode

    path = Path(path)
    try:
        decoded = decode(path.read_bytes(), str(path), accept_damaged=accept_damaged)
    except FormatError as exc:
        yield exc
        return
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    csv.field_size_limit(MAX_CELL)
    reader = csv.DictReader(io.StringIO(decoded.text, newline=""), dialect=dialect)
    try:
        columns = reader.fieldnames or []
    except csv.Error as exc:
        yield FormatError(f"not a CSV table: {exc}", path, reader.line_num or 1)
        return
    if text_column not in columns:
        named = ", ".join(repr(c) for c in columns[:12]) or "none"
        yield FormatError(
            f"has no column {text_column!r} (its columns: {named}); name the article's column "
            "with --text-column",
            path,
            1,
        )
        return
    while True:
        start = reader.line_num + 1  # where the row begins (a cell may span lines)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield FormatError(f"not a CSV row: {exc}", path, reader.line_num)
            return  # the csv module cannot resynchronise after a broken quote
        line = start
        try:
            yield _row_document(row, path, line, text_column)
        except FormatError as exc:
            yield FormatError(exc.reason, path, line)


def _row_document(row: dict, path: Path, line: int, text_column: str) -> Document:
    if None in row:
        raise FormatError(f"has {len(row[None])} more cells than the header has columns")
    text = row.get(text_column)
    if not text or not text.strip():
        raise FormatError(f"the {text_column!r} cell is empty")
    if any("\x00" in (value or "") for value in row.values()):
        raise FormatError("a cell holds NUL; is it a text table?")
    doc_id = (row.get(ID_COLUMN) or "").strip() or f"{path.stem}-{line}"
    meta = {
        key: value
        for key, value in row.items()
        if key not in (text_column, ID_COLUMN) and key and value not in (None, "")
    }
    return Document(id=doc_id, text=text, meta={"language": "en", **meta})
