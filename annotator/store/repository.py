"""Documents in and out of the database: import, suggestions, a user's view, the corpus list.

Every function takes an open SQLAlchemy `Session`; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from annotator.core.model import Document, Entity, Origin, Source, Statement, Status
from annotator.store import codec, progress_order
from annotator.store.errors import DocumentConflict, UnknownDocument
from annotator.store.search import PROGRESSES, SearchFilters, document_list_condition
from annotator.store.tables import (
    AnnotatorRow,
    DocumentReviewRow,
    DocumentRow,
    EntityRow,
    PipelineRunRow,
    SourceRow,
    StatementRow,
)
from annotator.store.view import candidates, merged, reviewed


def now() -> str:
    """The current UTC time as an ISO 8601 string (sortable, unambiguous across servers)."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One line of the document list."""

    id: str
    title: str | None
    published: str | None
    statement_count: int
    reviewed_count: int
    done: bool
    #: The first characters of the text, for a list entry when the title is unknown.
    lead: str = ""
    outlet: str | None = None
    #: Sources in this user's view that are anonymous or vague.
    anonymous_count: int = 0

    @property
    def heading(self) -> str:
        """What the document list shows: the title, else the text's opening words."""
        return codec.heading(self.title, self.lead) or self.id

    @property
    def progress(self) -> str:
        """ "done" (marked so), "in progress" (some statements reviewed) or "to do"."""
        if self.done:
            return PROGRESS_DONE
        return PROGRESS_STARTED if self.reviewed_count else PROGRESS_TODO


PROGRESS_TODO, PROGRESS_STARTED, PROGRESS_DONE = PROGRESSES


# ---------------------------------------------------------------------------- annotators


def ensure_annotator(session: Session, name: str, role: str = "annotator") -> None:
    """Register `name` on first use."""
    if session.get(AnnotatorRow, name) is None:
        session.add(AnnotatorRow(name=name, role=role, created_at=now()))
        session.flush()


ROLES = ("annotator", "curator")


def set_role(session: Session, name: str, role: str) -> None:
    """Make `name` an annotator or a curator (registering them if new)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    ensure_annotator(session, name)
    session.get(AnnotatorRow, name).role = role


def annotator_names(session: Session) -> list[str]:
    """Everyone registered in the database, sorted."""
    return list(session.execute(select(AnnotatorRow.name).order_by(AnnotatorRow.name)).scalars())


def role_of(session: Session, name: str) -> str | None:
    """The role of `name`, or None for someone who never opened the database."""
    row = session.get(AnnotatorRow, name)
    return row.role if row else None


def has_document(session: Session, doc_id: str) -> bool:
    return session.get(DocumentRow, doc_id) is not None


def annotators_of(session: Session, doc_id: str) -> list[str]:
    """Everyone who made a decision in this document (for a curator to compare)."""
    names: set[str] = set()
    for table in (StatementRow, SourceRow, EntityRow, DocumentReviewRow):
        query = select(table.annotator).where(
            table.document_id == doc_id, table.annotator.is_not(None)
        )
        names.update(session.execute(query.distinct()).scalars())
    return sorted(names)


def untouched_document_ids(session: Session) -> list[str]:
    """Documents nobody has made a decision in or marked (done or not): the model's alone,
    so a new pipeline run may replace all they hold (`annotators_of` is empty for each)."""
    touched = [
        select(table.document_id).where(table.annotator.is_not(None))
        for table in (StatementRow, SourceRow, EntityRow, DocumentReviewRow)
    ]
    query = select(DocumentRow.id).where(DocumentRow.id.not_in(touched[0].union(*touched[1:])))
    return list(session.execute(query.order_by(DocumentRow.id)).scalars())


def new_pipeline_run(session: Session, pipeline: dict | None, fallback: str | None) -> int:
    """Record a pipeline run (name, version, tool) and return its id."""
    pipeline = pipeline or {}
    run = PipelineRunRow(
        name=str(pipeline.get("name") or fallback or "unknown"),
        version=pipeline.get("version"),
        tool=pipeline.get("tool"),
        created_at=now(),
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    return run.id


# ------------------------------------------------------------------------------ importing


def document_row(session: Session, doc_id: str) -> DocumentRow:
    row = session.get(DocumentRow, doc_id)
    if row is None:
        raise UnknownDocument(f"no document {doc_id!r} in the database")
    return row


def document_text(session: Session, doc_id: str) -> str:
    """Only the text of a document (an edit needs it for span texts, not the rest of the row)."""
    text = session.execute(select(DocumentRow.text).where(DocumentRow.id == doc_id)).scalar()
    if text is None:
        raise UnknownDocument(f"no document {doc_id!r} in the database")
    return text


@dataclass
class ImportResult:
    """What an import did with each document id."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


#: Rows waiting to be inserted, per table, so a batch costs one statement per table.
PendingRows = dict[type, list[dict]]


def insert_documents(
    session: Session,
    docs: list[Document],
    pipeline: dict | None,
    user: str,
    run_id: Callable[[], int] | None = None,
) -> ImportResult:
    """Store new documents with their suggestions and people's decisions.

    A document already stored with the same text is skipped; with another text it is a
    conflict (texts never change) and is not stored. A span that does not fit its text
    raises ValueError before anything is written. `run_id` gives the pipeline run to file
    suggestions under (a batch shares one); without it each document gets its own.
    """
    for doc in docs:
        codec.check_document_spans(doc)
    stored = _stored_digests(session, [doc.id for doc in docs])
    outcome = ImportResult()
    pending: PendingRows = {
        DocumentRow: [],
        DocumentReviewRow: [],
        SourceRow: [],
        StatementRow: [],
        EntityRow: [],
    }
    for doc in docs:
        digest = text_sha256(doc.text)
        if doc.id in stored:
            same = stored[doc.id] == digest
            (outcome.skipped if same else outcome.conflicts).append(doc.id)
            continue
        stored[doc.id] = digest
        run = None
        if _has_model_work(doc) or pipeline is not None:
            run = (
                run_id() if run_id else new_pipeline_run(session, pipeline, doc.provenance.pipeline)
            )
        pending[DocumentRow].append(codec.document_values(doc, digest, now(), run))
        if run is not None:
            _suggestion_rows(doc, run, pending)
        _imported_decision_rows(session, doc, user, pending)
        _imported_done_rows(session, doc, pending)
        outcome.added.append(doc.id)
    for table, rows in pending.items():  # parents first: documents, then their annotations
        add_rows(session, table, rows)
    return outcome


def insert_document(session: Session, doc: Document, pipeline: dict | None, user: str) -> bool:
    """Store `doc` (see `insert_documents`); False if it is already there."""
    outcome = insert_documents(session, [doc], pipeline, user)
    if outcome.conflicts:
        raise DocumentConflict(
            f"document {doc.id!r} is already in the database with a different text; "
            "texts never change once imported (import it under another id)"
        )
    return bool(outcome.added)


def _stored_digests(session: Session, ids: list[str]) -> dict[str, str]:
    query = select(DocumentRow.id, DocumentRow.sha256).where(DocumentRow.id.in_(set(ids)))
    return dict(session.execute(query).tuples().all())


def ids_by_digest(session: Session, digests: list[str]) -> dict[str, str]:
    """The stored document (the first by id) of each text hash in `digests` that is stored."""
    query = (
        select(DocumentRow.sha256, func.min(DocumentRow.id))
        .where(DocumentRow.sha256.in_(set(digests)))
        .group_by(DocumentRow.sha256)
    )
    return dict(session.execute(query).tuples().all())


def _has_model_work(doc: Document) -> bool:
    return bool(
        doc.sources
        or any(s.origin is Origin.MODEL for s in doc.statements)
        or any(e.origin is Origin.MODEL for e in doc.entities)
    )


def _suggestion_rows(doc: Document, run_id: int, pending: PendingRows) -> None:
    """The model's objects of `doc` as suggestions of run `run_id` (people's are skipped)."""
    pending[SourceRow] += [codec.source_values(doc.id, s, run_id=run_id) for s in doc.sources]
    pending[StatementRow] += [
        codec.statement_values(doc.id, doc.text, _as_suggestion(st), run_id=run_id)
        for st in doc.statements
        if st.origin is Origin.MODEL
    ]
    pending[EntityRow] += [
        codec.entity_values(doc.id, _as_suggestion(e), run_id=run_id)
        for e in doc.entities
        if e.origin is Origin.MODEL
    ]


def add_rows(session: Session, table, rows: list[dict]) -> None:
    """Insert plain rows in one statement (no ORM objects: bulk import stays fast)."""
    if rows:
        session.execute(insert(table), rows)


def _as_suggestion(obj: Statement | Entity) -> Statement | Entity:
    return replace(obj, status=Status.SUGGESTED, annotator=None)


def _imported_decision_rows(
    session: Session, doc: Document, user: str, pending: PendingRows
) -> None:
    """Reviewed or human-made objects become the decisions of whoever made them."""
    for st in doc.statements:
        if st.origin is Origin.HUMAN or st.status is not Status.SUGGESTED:
            name = st.annotator or user
            ensure_annotator(session, name)
            pending[StatementRow].append(
                codec.statement_values(doc.id, doc.text, st, annotator=name)
            )
    for source in doc.sources:  # a person's version of a speaker, as exported with its name
        if source.annotator:
            ensure_annotator(session, source.annotator)
            pending[SourceRow].append(
                codec.source_values(doc.id, source, annotator=source.annotator)
            )
    for entity in doc.entities:
        if entity.origin is Origin.HUMAN or entity.status is not Status.SUGGESTED:
            name = entity.annotator or user
            ensure_annotator(session, name)
            pending[EntityRow].append(codec.entity_values(doc.id, entity, annotator=name))


def _imported_done_rows(session: Session, doc: Document, pending: PendingRows) -> None:
    """A document exported as done by someone is done for them again (a lossless round trip)."""
    for name in dict.fromkeys(doc.provenance.done_by):
        ensure_annotator(session, name)
        pending[DocumentReviewRow].append(
            dict(document_id=doc.id, annotator=name, done=True, updated_at=now())
        )


def replace_suggestions(session: Session, doc: Document, pipeline: dict) -> None:
    """Swap the model's suggestions for `doc.id` for those of a new run; decisions stay."""
    stored = document_row(session, doc.id)
    if stored.sha256 != text_sha256(doc.text):
        raise DocumentConflict(f"the suggestions are for another text than document {doc.id!r}")
    for table in (StatementRow, SourceRow, EntityRow):
        session.execute(delete(table).where(table.document_id == doc.id, table.run_id.is_not(None)))
    run_id = new_pipeline_run(session, pipeline, None)
    counts = codec.list_values(doc)
    del counts["sort_title"]  # the title never changes; the counts follow the new run
    session.execute(
        update(DocumentRow)
        .where(DocumentRow.id == doc.id)
        .values(
            suggestion_run_id=run_id,
            provenance=codec.with_pipeline(stored.provenance, pipeline),
            **counts,
        )
    )
    pending: PendingRows = {SourceRow: [], StatementRow: [], EntityRow: []}
    _suggestion_rows(doc, run_id, pending)
    for table, rows in pending.items():
        add_rows(session, table, rows)


# -------------------------------------------------------------------------------- reading


def load_view(session: Session, doc_id: str, annotator: str) -> Document:
    """The model's suggestions overlaid with `annotator`'s decisions, in document order."""
    row = document_row(session, doc_id)
    doc = codec.document_shell(row)
    text = row.text
    doc.statements = statements_in_view(session, doc_id, annotator, text)
    sources = merged(
        _layer_rows(session, SourceRow, doc_id, annotator),
        key=lambda r: r.source_id,
        build=lambda r: (r.annotator is not None, codec.source_from_row(text, r)),
    )
    doc.sources = [
        source
        for decided, source in sources
        if not (decided and emptied_source(source, doc.statements))
    ]
    doc.entities = merged(
        _layer_rows(session, EntityRow, doc_id, annotator),
        key=lambda r: (r.start_offset, r.end_offset),
        build=lambda r: codec.entity_from_row(text, r),
    )
    return doc


def statements_in_view(
    session: Session, doc_id: str, annotator: str, text: str | None = None
) -> list[Statement]:
    """The statements `annotator` sees in a document (decision over suggestion), in order.

    `text` is the document's, when the caller has read it already.
    """
    text = document_row(session, doc_id).text if text is None else text
    return merged(
        _layer_rows(session, StatementRow, doc_id, annotator),
        key=lambda r: r.statement_id,
        build=lambda r: codec.statement_from_row(text, r),
    )


def emptied_source(decision: Source, statements: Iterable[Statement]) -> bool:
    """Whether a person's source decision is left with no mentions and no statement linking
    to it (a merge, a relink of its last mention): their view then leaves it out.

    Only for decisions: a model's suggestion without mentions is still shown.
    """
    return not decision.mentions and all(s.source_id != decision.id for s in statements)


def _layer_rows(session: Session, table, doc_id: str, annotator: str) -> list:
    query = select(table).where(table.document_id == doc_id, candidates(table, annotator))
    query = query.order_by(table.pk)
    return list(session.execute(query).scalars())


# -------------------------------------------------------------------------------- listing


def document_count(
    session: Session,
    annotator: str,
    filters: SearchFilters | None = None,
    query: str | None = None,
) -> int:
    """How many documents there are (that match `filters` and `query`, when given)."""
    if filters is None and not query:
        return session.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
    filters = filters or SearchFilters()
    if filters.progress == PROGRESS_TODO:
        # All less the few the user touched: NOT IN over every document costs more.
        others = replace(filters, progress=None)
        touched = progress_order.touched_count(session, annotator, others, query)
        return document_count(session, annotator, others, query) - touched
    where, params = document_list_condition(session, annotator, filters, query)
    sql = f"SELECT count(*) FROM document d WHERE {where}"
    return session.execute(text(sql), {**params, "true": True}).scalar_one()


#: The document list's sort keys and the column each orders by (the id breaks ties, so
#: pages never overlap), read from one index; the user's own progress is ordered by
#: `progress_order`.
_COLUMN_SORTS = {
    "id": "d.id",
    "title": "d.sort_title",
    "outlet": "d.outlet",
    "published": "d.published",
    "statements": "d.statement_count",
    "anonymous": "d.anonymous_count",
}
SORT_KEYS = (*_COLUMN_SORTS, *progress_order.SORTS)
_SUMMARY_COLUMNS = (
    f"d.id, d.title, d.published, d.outlet, substr(d.text, 1, {codec.LEAD_LENGTH}) AS lead"
)


def list_documents(
    session: Session,
    annotator: str,
    offset: int = 0,
    limit: int = 100,
    filters: SearchFilters | None = None,
    query: str | None = None,
    sort: str = "id",
    descending: bool = False,
) -> list[DocumentSummary]:
    """A page of the document list with this annotator's progress on each, ordered by the
    `SORT_KEYS` entry `sort` (then by id)."""
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort by {sort!r}; use one of {', '.join(SORT_KEYS)}")
    where, params = document_list_condition(session, annotator, filters or SearchFilters(), query)
    if sort in progress_order.SORTS:
        ids = progress_order.page_ids(session, where, params, sort, descending, offset, limit)
        return _summaries_of(session, annotator, ids)
    direction = "DESC" if descending else "ASC"
    order = f"{_COLUMN_SORTS[sort]} {direction}, d.id {direction}" if sort != "id" else ""
    # The page's ids first, then their lines: ordering whole lines would read the title
    # and the opening words of every matching document, not only of the page's.
    sql = (
        f"SELECT d.id FROM document d WHERE {where}"
        f" ORDER BY {order or f'd.id {direction}'} LIMIT :limit OFFSET :offset"
    )
    values = {**params, "limit": limit, "offset": offset, "true": True}
    ids = list(session.execute(text(sql), values).scalars())
    return _summaries_of(session, annotator, ids)


def _summaries_of(session: Session, annotator: str, ids: list[str]) -> list[DocumentSummary]:
    """The list lines of the documents `ids`, in that order."""
    if not ids:
        return []
    sql = text(f"SELECT {_SUMMARY_COLUMNS} FROM document d WHERE d.id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    rows = {row.id: row for row in session.execute(sql, {"ids": ids}).all()}
    return _summaries(session, annotator, [rows[doc_id] for doc_id in ids if doc_id in rows])


def document_summary(session: Session, annotator: str, doc_id: str) -> DocumentSummary | None:
    """One document's line of the list (None when there is no such document)."""
    found = _summaries_of(session, annotator, [doc_id])
    return found[0] if found else None


def outlets(session: Session) -> list[str]:
    """Every outlet the corpus has, in order."""
    query = select(DocumentRow.outlet).where(DocumentRow.outlet.is_not(None)).distinct()
    return list(session.execute(query.order_by(DocumentRow.outlet)).scalars())


def _summaries(session: Session, annotator: str, page) -> list[DocumentSummary]:
    """The list lines of `page` (rows of id, title, published, outlet, lead)."""
    ids = [row.id for row in page]
    counts = _statement_counts(session, ids, annotator)
    unnamed = _anonymous_counts(session, ids, annotator)
    done = _done_ids(session, ids, annotator)
    return [
        DocumentSummary(
            id=row.id,
            title=row.title,
            published=row.published,
            statement_count=counts.get(row.id, (0, 0))[0],
            reviewed_count=counts.get(row.id, (0, 0))[1],
            done=row.id in done,
            lead=row.lead or "",
            outlet=row.outlet,
            anonymous_count=unnamed.get(row.id, 0),
        )
        for row in page
    ]


def _anonymous_counts(session: Session, ids: list[str], annotator: str) -> dict[str, int]:
    """Anonymous or vague sources in each document's view (a decision over its suggestion)."""
    if not ids:
        return {}
    in_view = SourceRow.run_id.is_not(None) | (SourceRow.annotator == annotator)
    rows = session.execute(
        select(
            SourceRow.document_id, SourceRow.source_id, SourceRow.annotator, SourceRow.anonymity
        ).where(SourceRow.document_id.in_(ids), in_view)
    ).all()
    seen: dict[tuple[str, str], tuple[bool, str]] = {}
    for doc_id, source_id, decided_by, anonymity in rows:
        key = (doc_id, source_id)
        if key not in seen or decided_by is not None:  # the user's decision wins
            seen[key] = (decided_by is not None, anonymity)
    counts: dict[str, int] = {}
    for (doc_id, _source_id), (_decided, anonymity) in seen.items():
        if anonymity in _UNNAMED:
            counts[doc_id] = counts.get(doc_id, 0) + 1
    return counts


_UNNAMED = ("anonymous", "vague")


def _statement_counts(session: Session, ids: list[str], annotator: str) -> dict[str, tuple]:
    """Statements in each document's view, and how many of them this annotator reviewed."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            StatementRow.document_id,
            StatementRow.statement_id,
            # One row per statement in the view; reviewed when their decision is one.
            func.max(reviewed(StatementRow, annotator)),
        )
        .where(StatementRow.document_id.in_(ids), candidates(StatementRow, annotator))
        .group_by(StatementRow.document_id, StatementRow.statement_id)
    ).all()
    counts: dict[str, list[int]] = {}
    for doc_id, _statement_id, is_reviewed in rows:
        total, done = counts.setdefault(doc_id, [0, 0])
        counts[doc_id] = [total + 1, done + bool(is_reviewed)]
    return {k: (v[0], v[1]) for k, v in counts.items()}


def _done_ids(session: Session, ids: list[str], annotator: str) -> set[str]:
    if not ids:
        return set()
    query = select(DocumentReviewRow.document_id).where(
        DocumentReviewRow.document_id.in_(ids),
        DocumentReviewRow.annotator == annotator,
        DocumentReviewRow.done.is_(True),
    )
    return set(session.execute(query).scalars())


def ids_without_suggestions(session: Session) -> list[str]:
    query = select(DocumentRow.id).where(DocumentRow.suggestion_run_id.is_(None))
    return list(session.execute(query.order_by(DocumentRow.id)).scalars())
