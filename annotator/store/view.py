"""What one annotator sees: the one definition the store, search, counts and edits share.

An annotator's view of a document is the model's suggestions with each object replaced by
that annotator's own decision where they made one (a colleague's decisions are theirs
alone), placed where the suggestion is; an object only they added comes where they added
it. A statement is *reviewed* when the object they see is a decision that is one
(`Status.is_reviewed`: accepted, corrected, rejected or added; claim labels alone on a
suggestion leave it to review).

The rule takes three forms, all here: rows a query must read (`candidates`), the merge of
those rows in Python (`shown`, `merged`: documents, edits, notifications), and conditions in
SQL text for search (`in_view_sql`) and the document list's counts (`reviewed`).
`tests/store/test_view.py` checks that all of them agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, case

from annotator.core.model import Status


def candidates(table, annotator: str) -> ColumnElement[bool]:
    """The rows that may be in `annotator`'s view: every suggestion and their decisions."""
    return table.run_id.is_not(None) | (table.annotator == annotator)


def shown(mine: Any, suggestion: Any) -> Any:
    """Of one object's rows, the one the annotator sees: their decision, else the suggestion."""
    return mine if mine is not None else suggestion


def merged(rows: Iterable, *, key, build) -> list:
    """One object per key, the decision winning, placed where the model's suggestion is."""
    places: dict = {}
    for row in rows:
        k = key(row)
        place, chosen = places.get(k, (row.pk, None))
        if chosen is None or row.annotator is not None:
            chosen = row
        if row.annotator is None:
            place = row.pk
        places[k] = (place, chosen)
    return [build(row) for _, row in sorted(places.values(), key=lambda pair: pair[0])]


def in_view_sql(alias: str, table: str, key: str) -> str:
    """`alias` is a row the user sees: their decision, or a suggestion they did not decide."""
    return (
        f"({alias}.annotator = :me OR ({alias}.run_id IS NOT NULL AND NOT EXISTS ("
        f"SELECT 1 FROM {table} mine WHERE mine.document_id = {alias}.document_id"
        f" AND mine.{key} = {alias}.{key} AND mine.annotator = :me)))"
    )


def reviewed(table, annotator: str) -> ColumnElement[int]:
    """1 for a row that is `annotator`'s decision reviewing the object, else 0 (in SQL, for
    counts over `candidates`: a suggestion row is never a review)."""
    decided = and_(table.annotator == annotator, table.status != Status.SUGGESTED.value)
    return case((decided, 1), else_=0)
