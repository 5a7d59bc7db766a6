"""Statements as a CSV table for spreadsheets: one row a statement.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading
tab or carriage return hides one), so an article quoting "=HYPERLINK(…)" could act on the
reader's machine: every such cell is written with a leading apostrophe, which spreadsheets
show as text and do not run (OWASP's advice on CSV injection). The table is for reading;
the JSONL export is the lossless one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from annotator.core.model import Document, Statement

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
