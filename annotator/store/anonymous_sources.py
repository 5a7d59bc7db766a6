"""Anonymous and vague sources across the corpus, as one annotator sees them.

The queries behind the anonymous-source review: a page of sources (their decision over the
model's suggestion, `view.in_view_sql`, the same rule as search and the document list) with
the article they are in and the statements that rest on each: the filtering, the flags and
the paging are done in SQL, so a page costs about the same on 100 documents as on 100,000.
How often each description recurs across articles and outlets is one pass over the corpus
(`description_counts`), which the caller keeps until the corpus changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from annotator.core.model import Descriptors
from annotator.store.codec import LEAD_LENGTH, descriptors_from_row, heading

# The search's SQL helpers (private there: this module is their only other user).
from annotator.store.search import _is_sqlite, _Where
from annotator.store.view import in_view_sql

UNNAMED = ("anonymous", "vague")
DESCRIPTOR_COLUMNS = ("role", "affiliation", "seniority", "count", "reason")
#: Characters of article text read around a statement, to find its sentence in.
WINDOW_BEFORE = 600
WINDOW_LENGTH = 1600
#: The characters of an article's date that make its month and its day ("2025-03-01").
_DATE_KEY_LENGTH = {"month": 7, "day": 10}


def description_sql(alias: str) -> str:
    """A source's description, normalised so that "an unnamed senior Palestinian official"
    and "a senior Palestinian official" in another article compare equal: its seniority,
    affiliation and role when it has a role, else its name; lower case."""
    return (
        f"lower(trim(CASE WHEN {alias}.role IS NOT NULL AND {alias}.role <> ''"
        f" THEN coalesce({alias}.seniority || ' ', '') || coalesce({alias}.affiliation || ' ', '')"
        f" || {alias}.role ELSE {alias}.name END))"
    )


@dataclass(frozen=True, slots=True)
class SourceFilters:
    """What to narrow the queue to; None (or False) means any."""

    anonymity: str | None = None  # "anonymous" or "vague"; None: both
    #: Descriptor conditions: role/affiliation/seniority/reason contain the value (any
    #: case); count equals it.
    descriptors: tuple[tuple[str, str], ...] = ()
    #: The normalised description (`description_sql`), exactly.
    description: str | None = None
    outlet: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    #: "reviewed": the annotator confirmed or corrected the source's identity; "unreviewed".
    review: str | None = None
    #: The statement's status; rejected statements are left out unless asked for.
    statement_status: str | None = None
    no_reason: bool = False
    anonymous_only_articles: bool = False
    #: Only sources with one of these descriptions (the recurring ones, from
    #: `description_counts`); None: any.
    descriptions_in: tuple[str, ...] | None = None
    #: "described": sources the text describes (they have a mention); "none": the
    #: pipeline's one source per article for statements whose sentence names no speaker
    #: ("it was reported that …", vague by the spec); None: both.
    speaker: str | None = None
    #: Only articles without an outlet / without a date (a group of the queue).
    no_outlet: bool = False
    undated: bool = False
    #: Only articles of one date group: ("month", "2025-03") or ("day", "2025-03-01").
    published_group: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class SourceRowView:
    """One anonymous or vague source of the page, as the annotator sees it."""

    document_id: str
    source_id: str
    name: str
    anonymity: str
    descriptors: Descriptors
    reviewed: bool
    description: str
    has_mentions: bool
    title: str | None
    outlet: str | None
    published: str | None
    #: Every statement of the article rests on an anonymous or vague source (or none).
    only_unnamed_article: bool


@dataclass(frozen=True, slots=True)
class StatementRowView:
    """A statement resting on one of the page's sources, with text around it."""

    document_id: str
    statement_id: str
    source_id: str
    status: str
    cue: tuple[int, int]
    mention: tuple[int, int] | None
    content_json: str
    window_start: int
    window: str


@dataclass(frozen=True, slots=True)
class Recurrence:
    articles: int
    outlets: int


@dataclass(frozen=True, slots=True)
class GroupRowView:
    """One heading of the grouped queue: its key (None: no description / outlet / date)
    and how many sources, articles and outlets are under it."""

    key: str | None
    sources: int
    articles: int
    outlets: int


# ---------------------------------------------------------------------------- conditions


def _unnamed_in_view(alias: str) -> str:
    unnamed = f"{alias}.anonymity IN ('anonymous', 'vague')"
    return f"{unnamed} AND {in_view_sql(alias, 'source', 'source_id')}"


def _statement_condition(where: _Where, alias: str, filters: SourceFilters) -> str:
    """Statements in view that the queue shows; rejected ones only when asked for."""
    conditions = [in_view_sql(alias, "statement", "statement_id")]
    if filters.statement_status is not None:
        conditions.append(f"{alias}.status = :statement_status")
        where.params["statement_status"] = filters.statement_status
    else:
        conditions.append(f"{alias}.status <> 'rejected'")
    return " AND ".join(conditions)


def _only_unnamed_sql() -> str:
    """No statement of src's article (in view, not rejected) rests on a named source."""
    return (
        "NOT EXISTS (SELECT 1 FROM statement ns JOIN source nsrc"
        " ON nsrc.document_id = ns.document_id AND nsrc.source_id = ns.source_id"
        " WHERE ns.document_id = src.document_id AND ns.status <> 'rejected' AND "
        + in_view_sql("ns", "statement", "statement_id")
        + " AND nsrc.anonymity = 'named' AND "
        + in_view_sql("nsrc", "source", "source_id")
        + ")"
    )


def _document_conditions(where: _Where, filters: SourceFilters, column: str) -> None:
    """Outlet and dates; `column` is "d" or, on SQLite, "+d" so the planner does not use the
    document's indexes (see `_plan`)."""
    if filters.outlet is not None:
        where.add(f"{column}.outlet = :outlet", outlet=filters.outlet)
    if filters.no_outlet:
        where.add(f"{column}.outlet IS NULL")
    if filters.undated:
        where.add(f"{column}.published IS NULL")
    if filters.published_group is not None:
        grouping, key = filters.published_group
        length = _DATE_KEY_LENGTH[grouping]
        # The range lets the date index find them; the key keeps a bare "2025" out of March.
        where.add(
            f"{column}.published >= :group_from AND {column}.published <= :group_to"
            f" AND substr({column}.published, 1, {length}) = :group_key",
            group_from=key,
            group_to=f"{key}\uffff",
            group_key=key,
        )
    if filters.published_from is not None:
        where.add(f"{column}.published >= :published_from", published_from=filters.published_from)
    if filters.published_to is not None:
        # Dates may carry a time: "2025-03-01T10:00" still belongs to 2025-03-01.
        where.add(
            f"{column}.published <= :published_to", published_to=f"{filters.published_to}\uffff"
        )


#: Past this many matching articles, a page is found faster by walking the sources in
#: article order and checking each article's outlet and date than by sorting every source
#: of every matching article; below it, the other way round. SQLite's planner guesses
#: (0.5–1.7 s either way on 100,000 articles when wrong), so `_plan` counts and tells it.
SCAN_IN_ORDER_FROM = 2_000
_FROM = "source src JOIN document d ON d.id = src.document_id"


def _plan(session: Session, filters: SourceFilters) -> tuple[str, bool]:
    """The FROM clause of a page and whether the document conditions are to be checked
    row by row (`+d`, no index) while walking the sources in article order."""
    if not _is_sqlite(session) or (
        filters.outlet is None
        and filters.published_from is None
        and filters.published_to is None
        and filters.published_group is None
    ):
        return _FROM, False
    where = _Where("")
    _document_conditions(where, filters, "d")
    sql = f"SELECT count(*) FROM (SELECT 1 FROM document d WHERE {where.sql()} LIMIT :cap) m"
    params = {**where.params, "cap": SCAN_IN_ORDER_FROM}
    if session.execute(text(sql), params).scalar_one() >= SCAN_IN_ORDER_FROM:
        return _FROM, True
    # Few articles: find them by their index first (CROSS JOIN keeps that order in SQLite).
    index = "ix_document_outlet" if filters.outlet is not None else "ix_document_published"
    return f"document d INDEXED BY {index} CROSS JOIN source src ON src.document_id = d.id", False


#: The elements of the JSON array `:descriptions`, as a list SQL can test with IN: one
#: parameter however many descriptions recur.
_JSON_LIST = {
    True: "SELECT value FROM json_each(:descriptions)",
    False: "SELECT jsonb_array_elements_text(CAST(:descriptions AS jsonb))",
}


def _queue_where(
    annotator: str, filters: SourceFilters, sqlite: bool, in_order: bool = False
) -> _Where:
    where = _Where(annotator)
    where.add(_unnamed_in_view("src"))
    _document_conditions(where, filters, "+d" if in_order else "d")
    if filters.anonymity is not None:
        where.add("src.anonymity = :anonymity", anonymity=filters.anonymity)
    for n, (name, value) in enumerate(filters.descriptors):
        if name not in DESCRIPTOR_COLUMNS:
            raise ValueError(f"no descriptor {name!r}; use {', '.join(DESCRIPTOR_COLUMNS)}")
        if name == "count":
            where.add(f"src.count = :descriptor{n}", **{f"descriptor{n}": int(value)})
        else:
            pattern = f"%{value.lower()}%"
            where.add(f"lower(src.{name}) LIKE :descriptor{n}", **{f"descriptor{n}": pattern})
    if filters.description is not None:
        where.add(f"{description_sql('src')} = :description", description=filters.description)
    if filters.review == "reviewed":
        where.add("src.annotator = :me")
    elif filters.review == "unreviewed":
        where.add("src.annotator IS NULL")
    elif filters.review is not None:
        raise ValueError(f"review is 'reviewed' or 'unreviewed', not {filters.review!r}")
    if filters.speaker == "described":
        where.add("src.mentions <> '[]'")
    elif filters.speaker == "none":
        where.add("src.mentions = '[]'")
    elif filters.speaker is not None:
        raise ValueError(f"speaker is 'described' or 'none', not {filters.speaker!r}")
    if filters.no_reason:
        where.add("src.anonymity = 'anonymous' AND (src.reason IS NULL OR src.reason = '')")
    if filters.anonymous_only_articles:
        where.add(_only_unnamed_sql())
    if filters.descriptions_in is not None:
        keys = _JSON_LIST[sqlite]
        where.add(
            f"src.mentions <> '[]' AND {description_sql('src')} IN ({keys})",
            descriptions=json.dumps(list(filters.descriptions_in)),
        )
    statements = _statement_condition(where, "s", filters)
    where.add(
        "EXISTS (SELECT 1 FROM statement s WHERE s.document_id = src.document_id"
        f" AND s.source_id = src.source_id AND {statements})"
    )
    return where


# ------------------------------------------------------------------------------- queries


def count_sources(
    session: Session, annotator: str, filters: SourceFilters, cap: int | None = None
) -> int:
    """How many sources the queue holds with these filters; counting stops at `cap` (a
    window's summary need not read the whole corpus to say "1,000+")."""
    tables, in_order = _plan(session, filters)
    where = _queue_where(annotator, filters, _is_sqlite(session), in_order)
    sql = f"SELECT 1 FROM {tables} WHERE {where.sql()}"
    if cap is not None:
        sql += f" LIMIT {int(cap)}"
    return session.execute(
        text(f"SELECT count(*) FROM ({sql}) matching"), where.params
    ).scalar_one()


#: The orders of a page: by article (document id), or by the article's date (undated
#: articles last either way), then article and source.
ORDERS = {
    "article": "src.document_id, src.source_id",
    "newest": "d.published DESC NULLS LAST, d.id DESC, src.source_id",
    "oldest": "d.published NULLS LAST, d.id, src.source_id",
}
#: A date order walks the articles on the date index (SQLite's planner would sort every
#: source of the corpus for the first page: 1.1-1.6 s on 100,000 articles).
_BY_DATE = (
    "document d INDEXED BY ix_document_published_id CROSS JOIN source src ON src.document_id = d.id"
)


def page_of_sources(
    session: Session,
    annotator: str,
    filters: SourceFilters,
    offset: int,
    limit: int,
    after: tuple[str | None, ...] | None = None,
    order: str = "article",
) -> list[SourceRowView]:
    """A page of the queue's sources in `order` (`ORDERS`): by article, then source id.

    `after` starts the page after that source: (document id, source id) by article, (its
    article's date, document id, source id) by date. Reading on from the last row costs
    the same at the end of the queue as at its start, an offset does not.
    """
    if order not in ORDERS:
        raise ValueError(f"order is one of {', '.join(ORDERS)}, not {order!r}")
    if after is None or order == "article":
        return _page(session, annotator, filters, offset, limit, order, after and _after(after))
    published, document_id, source_id = after
    rows = _page(
        session,
        annotator,
        filters,
        offset,
        limit,
        order,
        _after_date(order, published, document_id, source_id),
    )
    if len(rows) < limit and published is not None:  # on into the undated articles
        rows += _page(session, annotator, filters, 0, limit - len(rows), order, _UNDATED)
    return rows


#: An extra condition of a page and its parameters.
_Extra = tuple[str, dict]
_UNDATED: _Extra = ("d.published IS NULL", {})


def _after(after: tuple) -> _Extra:
    # A row value: both databases seek to it in the (document, source) index.
    condition = "(src.document_id, src.source_id) > (:after_document, :after_source)"
    return condition, {"after_document": after[0], "after_source": after[1]}


def _after_date(order: str, published: str | None, document_id: str, source_id: str) -> _Extra:
    """After (date, document, source) in a date order: a range on the date index (a seek),
    then the few articles of that same date already read left out."""
    beyond, before = ("<", ">") if order == "newest" else (">", "<")
    params = {"after_published": published, "after_document": document_id}
    params["after_source"] = source_id
    same_article = "NOT (d.id = :after_document AND src.source_id <= :after_source)"
    if published is None:
        condition = f"d.published IS NULL AND d.id {beyond}= :after_document"
    else:
        condition = (
            f"d.published {beyond}= :after_published"
            f" AND NOT (d.published = :after_published AND d.id {before} :after_document)"
        )
    return f"{condition} AND {same_article}", params


def _page(
    session: Session,
    annotator: str,
    filters: SourceFilters,
    offset: int,
    limit: int,
    order: str,
    extra: _Extra | None,
) -> list[SourceRowView]:
    tables, in_order = _plan(session, filters)
    if order != "article" and _is_sqlite(session) and tables == _FROM:
        tables = _BY_DATE
    where = _queue_where(annotator, filters, _is_sqlite(session), in_order)
    if extra is not None:
        where.add(extra[0], **extra[1])
    sql = (
        "SELECT src.document_id, src.source_id, src.name, src.anonymity, src.role,"
        " src.affiliation, src.seniority, src.count, src.reason, src.annotator,"
        f" {description_sql('src')} AS description, src.mentions <> '[]' AS has_mentions,"
        f" d.title, substr(d.text, 1, {LEAD_LENGTH}) AS lead, d.outlet, d.published,"
        f" {_only_unnamed_sql()} AS only_unnamed"
        f" FROM {tables} WHERE {where.sql()}"
        f" ORDER BY {ORDERS[order]} LIMIT :limit OFFSET :offset"
    )
    rows = session.execute(text(sql), {**where.params, "limit": limit, "offset": offset})
    return [
        SourceRowView(
            document_id=r.document_id,
            source_id=r.source_id,
            name=r.name,
            anonymity=r.anonymity,
            descriptors=descriptors_from_row(r),
            reviewed=r.annotator is not None,
            description=r.description or "",
            has_mentions=bool(r.has_mentions),
            title=heading(r.title, r.lead),  # as the document list names it
            outlet=r.outlet,
            published=r.published,
            only_unnamed_article=bool(r.only_unnamed),
        )
        for r in rows
    ]


def statements_of(
    session: Session,
    annotator: str,
    sources: list[tuple[str, str]],
    filters: SourceFilters,
) -> list[StatementRowView]:
    """The statements (in view, filtered as the queue is) that rest on `sources`
    ((document id, source id) pairs), in text order, each with the text around it."""
    if not sources:
        return []
    where = _Where(annotator)
    documents = sorted({doc_id for doc_id, _ in sources})
    names = [f":d{n}" for n in range(len(documents))]
    where.params.update({f"d{n}": doc_id for n, doc_id in enumerate(documents)})
    # By document (its index), the pairs sorted out below: a condition per pair would
    # grow past SQLite's expression depth on a big page.
    where.add(f"s.document_id IN ({', '.join(names)})")
    where.add(_statement_condition(where, "s", filters))
    first = (
        "CASE WHEN s.source_start IS NOT NULL AND s.source_start < s.cue_start"
        " THEN s.source_start ELSE s.cue_start END"
    )
    window_start = f"CASE WHEN {first} > {WINDOW_BEFORE} THEN {first} - {WINDOW_BEFORE} ELSE 0 END"
    sql = (
        "SELECT s.document_id, s.statement_id, s.source_id, s.status, s.cue_start, s.cue_end,"
        f" s.source_start, s.source_end, s.content, {window_start} AS window_start,"
        f" substr(d.text, {window_start} + 1, {WINDOW_LENGTH}) AS around"
        " FROM statement s JOIN document d ON d.id = s.document_id"
        f" WHERE {where.sql()} ORDER BY s.document_id, s.cue_start"
    )
    rows = session.execute(text(sql), where.params)
    wanted = set(sources)
    return [
        StatementRowView(
            document_id=r.document_id,
            statement_id=r.statement_id,
            source_id=r.source_id,
            status=r.status,
            cue=(r.cue_start, r.cue_end),
            mention=None if r.source_start is None else (r.source_start, r.source_end),
            content_json=r.content,
            window_start=r.window_start,
            window=r.around or "",
        )
        for r in rows
        if (r.document_id, r.source_id) in wanted
    ]


def description_counts(session: Session, annotator: str) -> dict[str, Recurrence]:
    """In how many articles and outlets each description is given to an unnamed source with
    a mention, across the corpus (one pass: the caller keeps it until the corpus changes)."""
    key = description_sql("rec")
    sql = (
        f"SELECT {key} AS description, count(DISTINCT rec.document_id) AS articles,"
        # An article without an outlet counts as one unknown outlet.
        " count(DISTINCT coalesce(d.outlet, '')) AS outlets"
        " FROM source rec JOIN document d ON d.id = rec.document_id"
        f" WHERE {_unnamed_in_view('rec')} AND rec.mentions <> '[]' GROUP BY {key}"
    )
    rows = session.execute(text(sql), {"me": annotator})
    return {r.description: Recurrence(r.articles, r.outlets) for r in rows}


#: What the queue can be grouped by: the SQL of a source's group key. A source with no
#: mention (the statements whose sentence names no speaker) has no description: its own
#: heading, never lumped with the described sources.
GROUPINGS = {
    "description": f"CASE WHEN src.mentions = '[]' THEN NULL ELSE {description_sql('src')} END",
    "outlet": "d.outlet",
    "month": f"substr(d.published, 1, {_DATE_KEY_LENGTH['month']})",
    "day": f"substr(d.published, 1, {_DATE_KEY_LENGTH['day']})",
}
#: Headings in the order a reviewer reads them: the descriptions found in most articles
#: first; outlets by name; dates newest first; the heading without a key last.
_GROUP_ORDER = {
    "description": "key IS NULL, articles DESC, sources DESC, key",
    "outlet": "key IS NULL, key",
    "month": "key IS NULL, key DESC",
    "day": "key IS NULL, key DESC",
}


def source_groups(
    session: Session, annotator: str, filters: SourceFilters, group_by: str
) -> list[GroupRowView]:
    """The headings of the queue grouped by `group_by` (`GROUPINGS`), each with how many
    sources, articles and outlets are under it: one pass over the matching sources."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}, not {group_by!r}")
    tables, in_order = _plan(session, filters)
    where = _queue_where(annotator, filters, _is_sqlite(session), in_order)
    sql = (
        f"SELECT {GROUPINGS[group_by]} AS key, count(*) AS sources,"
        " count(DISTINCT src.document_id) AS articles,"
        " count(DISTINCT coalesce(d.outlet, '')) AS outlets"
        f" FROM {tables} WHERE {where.sql()} GROUP BY 1"
    )
    # Ordered outside: PostgreSQL names output columns in ORDER BY only on their own.
    sql = f"SELECT * FROM ({sql}) g ORDER BY {_GROUP_ORDER[group_by]}"
    rows = session.execute(text(sql), where.params)
    return [GroupRowView(r.key, r.sources, r.articles, r.outlets) for r in rows]
