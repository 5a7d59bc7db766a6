"""The document list ordered by one user's own progress: statements reviewed, or status
(to do, in progress, done).

A key computed for every one of 100,000 documents costs a correlated query each (0.2–0.6 s
a page). But a user has touched few documents: those few are read and ordered here, and the
untouched rest, whose key is the same (nothing reviewed, to do), comes before or after them
in id order, paged straight from the primary key.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from annotator.store.search import DONE_IDS, STARTED_IDS, document_list_condition

#: Per sort: the documents the user touched in ascending key order (ties by id), and the
#: condition of the untouched rest.
_TOUCHED = {
    "reviewed": (
        "SELECT d.id FROM document d JOIN statement r ON r.document_id = d.id"
        " WHERE r.annotator = :me AND {where}"
        " GROUP BY d.id ORDER BY count(DISTINCT r.statement_id), d.id"
    ),
    "progress": (
        "SELECT d.id FROM document d WHERE {where} AND ("
        f"d.id IN ({STARTED_IDS}) OR d.id IN ({DONE_IDS}))"
        f" ORDER BY CASE WHEN d.id IN ({DONE_IDS}) THEN 1 ELSE 0 END, d.id"
    ),
}
_UNTOUCHED = {
    "reviewed": f"d.id NOT IN ({STARTED_IDS})",
    "progress": f"d.id NOT IN ({STARTED_IDS}) AND d.id NOT IN ({DONE_IDS})",
}
SORTS = tuple(_TOUCHED)


def page_ids(
    session: Session,
    where: str,
    params: dict,
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
) -> list[str]:
    """Ids of one page of the documents matching `where`, ordered by `sort` (one of SORTS)."""
    values = {**params, "true": True}
    touched = list(session.execute(text(_TOUCHED[sort].format(where=where)), values).scalars())
    untouched = f"{where} AND {_UNTOUCHED[sort]}"
    if descending:
        first = touched[::-1][offset : offset + limit]
        rest = max(0, offset - len(touched))
        return first + _untouched(session, untouched, values, "DESC", rest, limit - len(first))
    first = _untouched(session, untouched, values, "ASC", offset, limit)
    if len(first) == limit:
        return first  # a page of the untouched alone: nothing needs counting
    if first:
        untouched_count = offset + len(first)
    else:  # past the untouched: counted as all matches less the touched (NOT IN costs more)
        matching = f"SELECT count(*) FROM document d WHERE {where}"
        untouched_count = session.execute(text(matching), values).scalar_one() - len(touched)
    rest = max(0, offset - untouched_count)
    return first + touched[rest : rest + limit - len(first)]


def touched_count(session: Session, annotator: str, filters, query: str | None) -> int:
    """How many documents matching `filters` and `query` the user has started or finished."""
    where, params = document_list_condition(session, annotator, filters, query)
    sql = (
        f"SELECT count(*) FROM document d WHERE {where}"
        f" AND (d.id IN ({STARTED_IDS}) OR d.id IN ({DONE_IDS}))"
    )
    return session.execute(text(sql), {**params, "true": True}).scalar_one()


def _untouched(session, where, values, direction, offset, limit) -> list[str]:
    if limit <= 0:
        return []
    sql = f"SELECT d.id FROM document d WHERE {where} ORDER BY d.id {direction} LIMIT :n OFFSET :o"
    return list(session.execute(text(sql), {**values, "n": limit, "o": offset}).scalars())
