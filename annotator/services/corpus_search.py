"""Find statements and documents across the corpus: what the window's search field and
`annotator search` show, so both list the same hits.

The words are looked for in the texts (full-text, `Workspace.search`); the speaker is part
of a source's name ("khallaf" finds what Tamim Khallaf said even where the quote does not
name him). The speaker is a field of its own, not guessed from the words: a name that no
source has makes SQLite read every statement (about 1.5 s on 100,000 documents), which
every search would then pay (docs/PERFORMANCE.md, "GUI corpus latency").
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.services.workspace import SearchHit, Workspace

ANONYMITIES = ("anonymous", "vague")
STATUSES = ("suggested", "accepted", "corrected", "rejected", "added")
DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What the user asked for; empty strings and None mean "any"."""

    query: str = ""
    speaker: str | None = None
    anonymity: str | None = None
    status: str | None = None
    limit: int = DEFAULT_LIMIT

    @property
    def is_empty(self) -> bool:
        return not (self.query.strip() or self.speaker or self.anonymity or self.status)


def find(workspace: Workspace, request: SearchRequest) -> list[SearchHit]:
    """Hits for `request`: statements first (who said what is what a fact-checker looks
    for), then articles containing every word, each kind best first and at most
    `request.limit` of each (only statements when a speaker, anonymity or status is asked
    for)."""
    if request.is_empty:
        return []
    filters = {
        "speaker": request.speaker or None,
        "anonymity": request.anonymity or None,
        "status": request.status or None,
    }
    filters = {key: value for key, value in filters.items() if value is not None}
    hits = workspace.search(request.query, limit=request.limit, **filters)
    statements = [hit for hit in hits if hit.statement_id is not None]
    return statements + [hit for hit in hits if hit.statement_id is None]


def hit_range(text: str, hit: SearchHit) -> tuple[int, int] | None:
    """Where the hit's first marked words are in the document's `text` (code points), for
    the caret; None when the snippet cannot be placed."""
    if not hit.marks:
        return None
    start, end = hit.marks[0]
    context = hit.snippet.strip("…")
    lead = len(hit.snippet) - len(hit.snippet.lstrip("…"))
    at = text.find(context)
    if at >= 0:
        return at + start - lead, at + end - lead
    word = hit.snippet[start:end]
    at = text.casefold().find(word.casefold())
    return (at, at + len(word)) if at >= 0 else None
