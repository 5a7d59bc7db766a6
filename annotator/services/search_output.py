"""Search hits as text for the command line: a table for people, JSON lines for programs."""

from __future__ import annotations

import json
import shutil
from typing import TextIO

from annotator.services.workspace import SearchHit

#: Widths of the table's first columns; the snippet takes the rest of the terminal.
TITLE_WIDTH = 32
SPEAKER_WIDTH = 24
#: The matched words are shown between these in the table (plain text, any terminal).
EMPHASIS = ("«", "»")


def write_hits(hits: list[SearchHit], out: TextIO, format: str = "table") -> None:
    """Write `hits` to `out` as a "table" or as "jsonl" (one object per hit)."""
    if format == "jsonl":
        for hit in hits:
            out.write(json.dumps(hit_record(hit), ensure_ascii=False) + "\n")
        return
    width = max(60, shutil.get_terminal_size((120, 24)).columns)
    snippet_width = max(20, width - TITLE_WIDTH - SPEAKER_WIDTH - 4)
    out.write(_row("DOCUMENT", "SPEAKER", "IN CONTEXT", snippet_width) + "\n")
    for hit in hits:
        title = hit.heading
        speaker = hit.speaker or ("(article)" if hit.statement_id is None else "")
        out.write(_row(title, speaker, emphasised(hit), snippet_width) + "\n")


def hit_record(hit: SearchHit) -> dict:
    """One hit as a JSON object: where it is, who speaks, the snippet and its matches."""
    return {
        "document_id": hit.document_id,
        "statement_id": hit.statement_id,
        "title": hit.title,
        "heading": hit.heading,  # what the window shows: the title, else the opening words
        "speaker": hit.speaker,
        "snippet": hit.snippet,
        "marks": [list(mark) for mark in hit.marks],
    }


def emphasised(hit: SearchHit) -> str:
    """The snippet on one line with each match between « and »."""
    text, shown = hit.snippet, []
    last = 0
    for start, end in hit.marks:
        shown += [text[last:start], EMPHASIS[0], text[start:end], EMPHASIS[1]]
        last = end
    shown.append(text[last:])
    return " ".join("".join(shown).split())


def _row(title: str, speaker: str, snippet: str, snippet_width: int) -> str:
    return (
        f"{_cut(title, TITLE_WIDTH):<{TITLE_WIDTH}}  "
        f"{_cut(speaker, SPEAKER_WIDTH):<{SPEAKER_WIDTH}}  {_cut(snippet, snippet_width)}"
    )


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
