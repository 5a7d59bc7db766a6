"""Full-text search and filters over documents and statements, in one user's view.

SQLite answers from its FTS5 indexes (revision 0002), PostgreSQL from stored `tsvector`
columns with GIN indexes (revision 0003). Statement filters (status, speaker, anonymity) look
at what the user sees: their decision when they made one, else the model's suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from annotator.store.codec import LEAD_LENGTH, folded, heading
from annotator.store.view import in_view_sql

#: A document's progress for one user: nothing reviewed and not done, some statements
#: reviewed, marked done.
PROGRESSES = ("to do", "in progress", "done")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What to narrow a search or the document list to; None means any."""

    status: str | None = None
    speaker: str | None = None
    anonymity: str | None = None
    outlet: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    done: bool | None = None
    #: One of PROGRESSES.
    progress: str | None = None
    #: Words the title must contain (each as the start of a word, as typed).
    title: str | None = None

    @property
    def about_statements(self) -> bool:
        return any(v is not None for v in (self.status, self.speaker, self.anonymity))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A matching document (`statement_id` None) or statement, with a bit of its text.

    `snippet` is plain text; `marks` are the (start, end) stretches of it that matched, for
    a front end to emphasise without ever treating the text as markup.
    """

    document_id: str
    statement_id: str | None
    title: str | None
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()
    #: Who speaks, for a statement (the source's name in this user's view).
    speaker: str | None = None
    #: The first characters of the document's text, for a heading when it has no title.
    lead: str = ""

    @property
    def heading(self) -> str:
        """What the document list shows for the hit's document: its title, else its
        opening words, else its id."""
        return heading(self.title, self.lead) or self.document_id


#: Private-use characters around a match in the database's snippets: they never mark up
#: anything, and an article that contains them only gets a wrong emphasis.
MARK_START, MARK_END = "\ue000", "\ue001"


def unmarked(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet with MARK_START/MARK_END as plain text and the stretches they enclosed."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length, opened = 0, None
    for part in re.split(f"([{MARK_START}{MARK_END}])", snippet):
        if part == MARK_START:
            opened = length
        elif part == MARK_END:
            if opened is not None and length > opened:
                marks.append((opened, length))
            opened = None
        else:
            plain.append(part)
            length += len(part)
    return "".join(plain), tuple(marks)


_WORD = re.compile(r"[\w'’-]+\*?", re.UNICODE)


def fts5_query(query: str) -> str:
    """The user's words as a safe FTS5 query: every word must occur; `word*` is a prefix."""
    terms = []
    for word in _WORD.findall(query):
        prefix = word.endswith("*")
        word = word.rstrip("*").replace('"', '""')
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


# ---------------------------------------------------------------------------- SQL pieces


class _Where:
    """A growing list of SQL conditions and their bound parameters."""

    def __init__(self, annotator: str):
        self.conditions: list[str] = []
        self.params: dict[str, Any] = {"me": annotator}

    def add(self, condition: str, **params: Any) -> None:
        self.conditions.append(condition)
        self.params.update(params)

    def sql(self) -> str:
        return " AND ".join(self.conditions) or "1 = 1"


def _document_filters(where: _Where, filters: SearchFilters) -> None:
    if filters.outlet is not None:
        where.add("d.outlet = :outlet", outlet=filters.outlet)
    if filters.published_from is not None:
        where.add("d.published >= :published_from", published_from=filters.published_from)
    if filters.published_to is not None:
        # Dates may carry a time: "2025-03-01T10:00" still belongs to 2025-03-01.
        where.add("d.published <= :published_to", published_to=f"{filters.published_to}\uffff")
    if filters.done is not None:
        done = (
            "EXISTS (SELECT 1 FROM document_review r WHERE r.document_id = d.id"
            " AND r.annotator = :me AND r.done = :true)"
        )
        where.add(done if filters.done else f"NOT {done}", true=True)
    if filters.progress is not None:
        _progress_filter(where, filters.progress)


# The user's few decided or done documents drive these lookups (IN over an index on the
# annotator), instead of a probe for every one of 100,000 documents.
DONE_IDS = (
    "SELECT dr.document_id FROM document_review dr WHERE dr.annotator = :me AND dr.done = :true"
)
STARTED_IDS = "SELECT r.document_id FROM statement r WHERE r.annotator = :me"


def _progress_filter(where: _Where, progress: str) -> None:
    if progress not in PROGRESSES:
        raise ValueError(f"progress must be one of {', '.join(PROGRESSES)}, not {progress!r}")
    _todo, started, done = PROGRESSES
    if progress == done:
        where.add(f"d.id IN ({DONE_IDS})", true=True)
        return
    where.add(f"d.id NOT IN ({DONE_IDS})", true=True)
    where.add(f"d.id {'IN' if progress == started else 'NOT IN'} ({STARTED_IDS})")


def _title_filter(session: Session, where: _Where, words: str) -> None:
    """Titles containing words that start with each word typed ("cai tal" finds "Cairo
    talks"), case and accents aside, in the title the list shows (else the opening words;
    its first 80 characters, the sort key): its own FTS5 index on SQLite (revision 0006),
    a LIKE for each word elsewhere."""
    terms = [w.rstrip("*") for w in _WORD.findall(words) if w.rstrip("*")]
    if not terms:
        return
    if _is_sqlite(session):
        title_q = " ".join(f"{fts5_query(term)}*" for term in terms)
        # Few matches: each is looked up. Many: the list's order is walked in its index
        # and each document tested against the matches (`+` keeps SQLite from looking up
        # and sorting every match, which read 7,000 documents for the first 100 of them).
        walk = "+" if _title_matches(session, title_q) > TITLE_LOOKUPS else ""
        where.add(
            f"{walk}d.rowid IN (SELECT rowid FROM document_title_fts"
            " WHERE document_title_fts MATCH :title_q)",
            title_q=title_q,
        )
        return
    for n, term in enumerate(terms):
        pattern = folded(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.add(f"d.sort_title LIKE :title_{n} ESCAPE '\\'", **{f"title_{n}": f"%{pattern}%"})


#: Above this many titles matching, the title filter walks the list's order instead of
#: looking up each match (`_title_filter`).
TITLE_LOOKUPS = 1000


def _title_matches(session: Session, title_q: str) -> int:
    """How many titles match, counted in the title index alone (up to TITLE_LOOKUPS + 1)."""
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM document_title_fts"
        " WHERE document_title_fts MATCH :q LIMIT :cap)"
    )
    return session.execute(text(sql), {"q": title_q, "cap": TITLE_LOOKUPS + 1}).scalar_one()


def _statement_filters(where: _Where, filters: SearchFilters) -> None:
    if filters.status is not None and filters.status != "suggested":
        # Suggestion rows are always "suggested": any other status is one of the user's
        # decisions, found through the annotator index instead of a scan of all statements.
        where.add("s.annotator = :me")
    else:
        where.add(in_view_sql("s", "statement", "statement_id"))
    if filters.status is not None:
        where.add("s.status = :status", status=filters.status)
    source_conditions = []
    if filters.speaker is not None:
        source_conditions.append("lower(src.name) LIKE :speaker")
        where.params["speaker"] = f"%{filters.speaker.lower()}%"
    if filters.anonymity is not None:
        source_conditions.append("src.anonymity = :anonymity")
        where.params["anonymity"] = filters.anonymity
    if source_conditions:
        where.add(
            "EXISTS (SELECT 1 FROM source src WHERE src.document_id = s.document_id"
            " AND src.source_id = s.source_id AND "
            + in_view_sql("src", "source", "source_id")
            + " AND "
            + " AND ".join(source_conditions)
            + ")"
        )


# -------------------------------------------------------------------------------- search


def search(
    session: Session, annotator: str, query: str, filters: SearchFilters, limit: int = 50
) -> list[SearchHit]:
    """Documents and statements matching `query` (all words) and `filters`, best first."""
    words = query.strip() if _WORD.search(query) else ""  # "?!" alone has nothing to find
    hits: list[SearchHit] = []
    if not filters.about_statements and words:
        hits += _document_hits(session, annotator, words, filters, limit)
    if words or filters.about_statements:
        hits += _statement_hits(session, annotator, words, filters, limit)
    return hits[:limit] if not words else hits


def _document_hits(session, annotator, words, filters, limit) -> list[SearchHit]:
    where = _Where(annotator)
    _document_filters(where, filters)
    marks = {"mark_start": MARK_START, "mark_end": MARK_END}
    if _is_sqlite(session):
        where.add("document_fts MATCH :q", q=fts5_query(words))
        sql = (
            f"SELECT d.id, d.title, substr(d.text, 1, {LEAD_LENGTH}),"
            " snippet(document_fts, 1, :mark_start, :mark_end, '…', 12)"
            " FROM document_fts JOIN document d ON d.rowid = document_fts.rowid"
            f" WHERE {where.sql()} ORDER BY {_fts_order(session, 'document_fts', where)}"
            " LIMIT :limit"
        )
    else:
        where.add(f"{_PG_DOCUMENT} @@ websearch_to_tsquery('english', :q)", q=words)
        sql = (
            f"SELECT id, title, substr(text, 1, {LEAD_LENGTH}),"
            " ts_headline('english', left(text, 5000),"
            f" websearch_to_tsquery('english', :q), {_PG_HEADLINE})"
            f" FROM (SELECT d.id, d.title, d.text FROM document d WHERE {where.sql()}"
            f" ORDER BY ts_rank({_PG_DOCUMENT}, websearch_to_tsquery('english', :q)) DESC"
            " LIMIT :limit) best"
        )
    rows = session.execute(text(sql), {**where.params, **marks, "limit": limit}).all()
    return [SearchHit(r[0], None, r[1], *unmarked(r[3] or ""), lead=r[2] or "") for r in rows]


# Stored generated columns (revision 0003): ranking reads them instead of re-parsing texts.
_PG_DOCUMENT = "d.search_vector"
_PG_STATEMENT = "s.search_vector"
_PG_HEADLINE = "'StartSel=' || :mark_start || ',StopSel=' || :mark_end || ',MaxWords=20,MinWords=8'"
#: How much of a statement is shown when no words were searched for.
STATEMENT_SNIPPET_LENGTH = 200


def _statement_hits(session, annotator, words, filters, limit) -> list[SearchHit]:
    where = _Where(annotator)
    _document_filters(where, filters)
    _statement_filters(where, filters)
    speaker = (
        "(SELECT sp.name FROM source sp WHERE sp.document_id = s.document_id"
        f" AND sp.source_id = s.source_id AND {in_view_sql('sp', 'source', 'source_id')} LIMIT 1)"
    )
    snippet = f"substr(s.search_text, 1, {STATEMENT_SNIPPET_LENGTH})"
    joins = "statement s JOIN document d ON d.id = s.document_id"
    order = "s.document_id, s.pk"
    if words and _is_sqlite(session):
        where.add("statement_fts MATCH :q", q=fts5_query(words))
        snippet = "snippet(statement_fts, 0, :mark_start, :mark_end, '…', 24)"
        joins = (
            "statement_fts JOIN statement s ON s.pk = statement_fts.rowid"
            " JOIN document d ON d.id = s.document_id"
        )
        order = _fts_order(session, "statement_fts", where)
    elif words:
        where.add(f"{_PG_STATEMENT} @@ websearch_to_tsquery('english', :q)", q=words)
        snippet = (
            "ts_headline('english', coalesce(s.search_text, ''),"
            f" websearch_to_tsquery('english', :q), {_PG_HEADLINE})"
        )
        order = f"ts_rank({_PG_STATEMENT}, websearch_to_tsquery('english', :q)) DESC"
    sql = (
        f"SELECT s.document_id, s.statement_id, d.title, {snippet}, {speaker},"
        f" substr(d.text, 1, {LEAD_LENGTH})"
        f" FROM {joins} WHERE {where.sql()} ORDER BY {order} LIMIT :limit"
    )
    marks = {"mark_start": MARK_START, "mark_end": MARK_END}
    rows = session.execute(text(sql), {**where.params, **marks, "limit": limit}).all()
    return [
        SearchHit(r[0], r[1], r[2], *unmarked(r[3] or ""), speaker=r[4], lead=r[5] or "")
        for r in rows
    ]


#: Above this many matches SQLite's FTS5 does not rank: bm25 reads every match (a word in
#: most of 100,000 articles took 0.1–0.2 s per index, where ranking says little anyway),
#: so the hits come in the order of the corpus instead.
RANKED_MATCHES = 5000


def _fts_order(session: Session, index: str, where: _Where) -> str:
    """ORDER BY of an FTS5 query: by relevance, unless the words match very many rows."""
    capped = f"SELECT count(*) FROM (SELECT 1 FROM {index} WHERE {index} MATCH :q LIMIT :cap)"
    matches = session.execute(text(capped), {"q": where.params["q"], "cap": RANKED_MATCHES + 1})
    return "rank" if matches.scalar_one() <= RANKED_MATCHES else f"{index}.rowid"


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def document_list_condition(
    session: Session, annotator: str, filters: SearchFilters, query: str | None = None
) -> tuple[str, dict]:
    """A condition on `d` (the document table) for the document list, and its parameters."""
    where = _Where(annotator)
    _document_filters(where, filters)
    if filters.title:
        _title_filter(session, where, filters.title)
    if query and _WORD.search(query):
        if _is_sqlite(session):
            where.add(
                "d.rowid IN (SELECT rowid FROM document_fts WHERE document_fts MATCH :q)",
                q=fts5_query(query),
            )
        else:
            where.add(f"{_PG_DOCUMENT} @@ websearch_to_tsquery('english', :q)", q=query)
    if filters.about_statements:
        inner = _Where(annotator)
        _statement_filters(inner, filters)
        where.add(
            f"EXISTS (SELECT 1 FROM statement s WHERE s.document_id = d.id AND {inner.sql()})",
            **inner.params,
        )
    return where.sql(), where.params
