"""The database schema as SQLModel tables.

Two kinds of annotation rows live side by side in `statement`, `source` and `entity`:
*suggestions* (`run_id` set: made by a pipeline run, replaced when the pre-annotator runs
again) and *decisions* (`annotator` set: one person's version of that object in that
document). A user's view of a document is the suggestions overlaid with that user's
decisions, so re-running the model never touches a decision and each annotator's work stays
apart for a curator to compare.

Lists that are always read and written with their owner (a statement's content fragments, a
source's mentions, a claim's evidence) are JSON columns: an edit changes one row, which keeps
the optimistic version check and the audit trail per object simple.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

#: Exactly one owner per annotation row: a pipeline run or a person.
ONE_OWNER = "(run_id IS NULL) <> (annotator IS NULL)"


def _document_fk() -> Column:
    return Column(
        "document_id",
        String,
        ForeignKey("document.id", ondelete="CASCADE"),
        nullable=False,
    )


def _run_fk() -> Column:
    return Column("run_id", Integer, ForeignKey("pipeline_run.id"), nullable=True)


def _annotator_fk() -> Column:
    return Column("annotator", String, ForeignKey("annotator.name"), nullable=True)


class AnnotatorRow(SQLModel, table=True):
    """A person who annotates (`annotator`) or adjudicates (`curator`)."""

    __tablename__ = "annotator"
    name: str = Field(primary_key=True)
    role: str = Field(default="annotator")
    created_at: str


class PipelineRunRow(SQLModel, table=True):
    """One run of the pre-annotator: which model and version made a suggestion."""

    __tablename__ = "pipeline_run"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    version: str | None = None
    tool: str | None = None
    created_at: str


class DocumentRow(SQLModel, table=True):
    """An article; its text never changes once imported.

    `sort_title`, `statement_count` and `anonymous_count` are written at import so the
    document list sorts 100,000 documents by reading one index (migration 0006).
    """

    __tablename__ = "document"
    __table_args__ = (
        Index("ix_document_sort_title", "sort_title", "id"),
        Index("ix_document_outlet_id", "outlet", "id"),
        Index("ix_document_published_id", "published", "id"),
        Index("ix_document_statement_count", "statement_count", "id"),
        Index("ix_document_anonymous_count", "anonymous_count", "id"),
        Index("ix_document_imported_at", "imported_at"),
    )
    id: str = Field(primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(index=True)  # the same article under another id (0005)
    title: str | None = None
    outlet: str | None = Field(default=None, index=True)
    url: str | None = None
    published: str | None = Field(default=None, index=True)
    dateline: str | None = None
    language: str | None = None
    extra_meta: str = "{}"
    provenance: str = "{}"
    imported_at: str
    suggestion_run_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("pipeline_run.id"), nullable=True)
    )
    #: The heading the list shows (title, else opening words), case-folded.
    sort_title: str | None = None
    #: Statements, and anonymous or vague sources, the document came with.
    statement_count: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    anonymous_count: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )


class StatementRow(SQLModel, table=True):
    """An attributed statement, as suggested by a run or as decided by a person."""

    __tablename__ = "statement"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="statement_one_owner"),
        Index("ix_statement_document", "document_id", "statement_id"),
        Index("ix_statement_annotator", "annotator", "document_id"),
    )
    pk: int | None = Field(default=None, primary_key=True)
    document_id: str = Field(sa_column=_document_fk())
    statement_id: str
    run_id: int | None = Field(default=None, sa_column=_run_fk())
    annotator: str | None = Field(default=None, sa_column=_annotator_fk())
    status: str
    origin: str
    kind: str
    parent: str | None = None
    source_id: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int
    cue_end: int
    content: str = "[]"
    confidence: float | None = None
    checkworthy: bool | None = None
    verdict: str | None = None
    evidence: str = "[]"
    note: str | None = None
    #: The content fragments' text, for full-text search (revision 0002).
    search_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class SourceRow(SQLModel, table=True):
    """A speaker of a document with its mentions and, when unnamed, its descriptors."""

    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="source_one_owner"),
        Index("ix_source_document", "document_id", "source_id"),
        Index("ix_source_annotator", "annotator", "document_id"),
        Index("ix_source_name", "document_id", "name"),
    )
    pk: int | None = Field(default=None, primary_key=True)
    document_id: str = Field(sa_column=_document_fk())
    source_id: str
    run_id: int | None = Field(default=None, sa_column=_run_fk())
    annotator: str | None = Field(default=None, sa_column=_annotator_fk())
    name: str
    kind: str
    anonymity: str
    role: str | None = None
    affiliation: str | None = None
    seniority: str | None = None
    count: int | None = None
    reason: str | None = None
    mentions: str = "[]"
    entity: str | None = None


class EntityRow(SQLModel, table=True):
    """A named-entity mention; a person's decision about it is keyed by its offsets."""

    __tablename__ = "entity"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="entity_one_owner"),
        Index("ix_entity_document", "document_id", "start_offset", "end_offset"),
        Index("ix_entity_annotator", "annotator", "document_id"),
    )
    pk: int | None = Field(default=None, primary_key=True)
    document_id: str = Field(sa_column=_document_fk())
    run_id: int | None = Field(default=None, sa_column=_run_fk())
    annotator: str | None = Field(default=None, sa_column=_annotator_fk())
    start_offset: int
    end_offset: int
    label: str
    status: str
    origin: str


class DocumentReviewRow(SQLModel, table=True):
    """Whether an annotator has finished a document."""

    __tablename__ = "document_review"
    document_id: str = Field(
        sa_column=Column(String, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    )
    annotator: str = Field(sa_column=Column(String, ForeignKey("annotator.name"), primary_key=True))
    done: bool = False
    updated_at: str


class ObjectVersionRow(SQLModel, table=True):
    """How many times one annotator's view of an object was changed, by whom last, and when:
    optimistic locking.

    Per annotator, because decisions are: a colleague's decision leaves this user's view as
    it was, so it must not make their next save a conflict (migration 0004).
    """

    __tablename__ = "object_version"
    document_id: str = Field(
        sa_column=Column(String, ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    )
    annotator: str = Field(sa_column=Column(String, ForeignKey("annotator.name"), primary_key=True))
    object_key: str = Field(primary_key=True)
    version: int = 0
    changed_by: str
    changed_at: str


class AuditRow(SQLModel, table=True):
    """One change to one object: who, when, before and after (JSON, null when absent)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_object", "document_id", "object_key"),)
    id: int | None = Field(default=None, primary_key=True)
    at: str
    annotator: str
    action: str
    document_id: str
    object_key: str
    before: str | None = None
    after: str | None = None


class UndoRow(SQLModel, table=True):
    """A command a user applied, kept so undo and redo survive a restart."""

    __tablename__ = "undo_log"
    __table_args__ = (Index("ix_undo_annotator", "annotator", "undone", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    annotator: str
    label: str
    command: str
    undone: bool = False
    applied_at: str
