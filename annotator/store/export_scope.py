"""Which documents an export takes, read in a few queries before any document is loaded.

An export is one annotator's gold: by default the documents they marked done. The scope is
the ids in order with, for each, whether the annotator decided anything in it and who marked
it done, so provenance names the people who actually worked on a document, never the user
who happens to run the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.store.tables import (
    DocumentReviewRow,
    DocumentRow,
    EntityRow,
    PipelineRunRow,
    SourceRow,
    StatementRow,
)


@dataclass(frozen=True, slots=True)
class ScopeQuery:
    """The document filters of an export; dates are ISO `YYYY-MM-DD`, both ends inclusive."""

    annotator: str
    #: "done": those the annotator marked done; "open": those they did not; "all".
    documents: str = "done"
    outlet: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass
class Scope:
    """The documents in an export's scope, in id order, and who worked on them."""

    ids: list[str] = field(default_factory=list)
    #: Documents in which the annotator made at least one decision.
    decided: set[str] = field(default_factory=set)
    #: Who marked each document done (only documents someone marked).
    done_by: dict[str, list[str]] = field(default_factory=dict)
    #: The pipeline ("name version") whose suggestions each document holds.
    pipelines: dict[str, str] = field(default_factory=dict)
    #: Whether the annotator made any decision anywhere in the database.
    annotator_known: bool = False


def export_scope(session: Session, query: ScopeQuery) -> Scope:
    """The ids matching `query`, with the decision and done facts provenance needs."""
    who = query.annotator
    done_rows = session.execute(
        select(DocumentReviewRow.document_id, DocumentReviewRow.annotator)
        .where(DocumentReviewRow.done.is_(True))
        .order_by(DocumentReviewRow.annotator)
    ).all()
    done_by: dict[str, list[str]] = {}
    for doc_id, name in done_rows:
        done_by.setdefault(doc_id, []).append(name)
    decided: set[str] = set()
    for table in (StatementRow, SourceRow, EntityRow):
        rows = session.execute(
            select(table.document_id).where(table.annotator == who).distinct()
        ).scalars()
        decided.update(rows)
    documents = select(DocumentRow.id).order_by(DocumentRow.id)
    if query.outlet is not None:
        documents = documents.where(DocumentRow.outlet == query.outlet)
    # `published` is an ISO date (or a date-time, which sorts after its date): compare the
    # first ten characters so "until 2025-03-01" keeps "2025-03-01T10:00".
    if query.since is not None:
        documents = documents.where(DocumentRow.published >= query.since)
    if query.until is not None:
        documents = documents.where(DocumentRow.published < _day_after(query.until))
    ids = list(session.execute(documents).scalars())
    if query.documents != "all":
        finished = query.documents == "done"
        ids = [doc_id for doc_id in ids if (who in done_by.get(doc_id, ())) == finished]
    runs = session.execute(
        select(DocumentRow.id, PipelineRunRow.name, PipelineRunRow.version).join(
            PipelineRunRow, PipelineRunRow.id == DocumentRow.suggestion_run_id
        )
    ).all()
    return Scope(
        ids=ids,
        pipelines={doc_id: " ".join(filter(None, (n, v))) for doc_id, n, v in runs},
        decided=decided,
        done_by=done_by,
        annotator_known=bool(decided) or any(who in names for names in done_by.values()),
    )


def _day_after(day: str) -> str:
    """The smallest string after every ISO date-time of `day` ("2025-03-01" → "2025-03-01~")."""
    return day[:10] + "~"  # "~" sorts after "T", digits and every other ISO character
