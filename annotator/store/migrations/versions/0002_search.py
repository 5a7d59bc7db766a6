"""Full-text search over documents and statements, and the text statements are found by.

SQLite: FTS5 indexes kept in step by triggers (statement rows are only ever inserted and
deleted, documents are immutable). PostgreSQL: GIN indexes over `to_tsvector('english', …)`.
Existing statements get their `search_text` from their document's text.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import json

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE document_fts USING fts5("
    " title, text, content='document', content_rowid='rowid', tokenize='unicode61')",
    "CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN"
    " INSERT INTO document_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN"
    " INSERT INTO document_fts(document_fts, rowid, title, text)"
    " VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE VIRTUAL TABLE statement_fts USING fts5("
    " search_text, content='statement', content_rowid='pk', tokenize='unicode61')",
    "CREATE TRIGGER statement_fts_insert AFTER INSERT ON statement BEGIN"
    " INSERT INTO statement_fts(rowid, search_text) VALUES (new.pk, new.search_text); END",
    "CREATE TRIGGER statement_fts_delete AFTER DELETE ON statement BEGIN"
    " INSERT INTO statement_fts(statement_fts, rowid, search_text)"
    " VALUES ('delete', old.pk, old.search_text); END",
    "CREATE TRIGGER statement_fts_update AFTER UPDATE ON statement BEGIN"
    " INSERT INTO statement_fts(statement_fts, rowid, search_text)"
    " VALUES ('delete', old.pk, old.search_text);"
    " INSERT INTO statement_fts(rowid, search_text) VALUES (new.pk, new.search_text); END",
]

POSTGRES_UP = [
    "CREATE INDEX ix_document_search ON document"
    " USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))",
    "CREATE INDEX ix_statement_search ON statement"
    " USING gin (to_tsvector('english', coalesce(search_text, '')))",
]


def upgrade() -> None:
    op.add_column('statement', sa.Column('search_text', sa.Text(), nullable=True))
    op.create_index('ix_source_name', 'source', ['document_id', 'name'])
    _fill_search_text()
    if op.get_bind().dialect.name == 'sqlite':
        for statement in SQLITE_UP:
            op.execute(statement)
        op.execute("INSERT INTO document_fts(document_fts) VALUES ('rebuild')")
        op.execute("INSERT INTO statement_fts(statement_fts) VALUES ('rebuild')")
    else:
        for statement in POSTGRES_UP:
            op.execute(statement)


def _fill_search_text() -> None:
    """Each statement's content fragments, taken from its document's text."""
    bind = op.get_bind()
    texts = {}
    rows = bind.execute(sa.text("SELECT pk, document_id, content FROM statement")).all()
    for pk, document_id, content in rows:
        if document_id not in texts:
            texts[document_id] = bind.execute(
                sa.text("SELECT text FROM document WHERE id = :id"), {"id": document_id}
            ).scalar_one()
        text = texts[document_id]
        body = " ".join(text[start:end] for start, end in json.loads(content))
        bind.execute(
            sa.text("UPDATE statement SET search_text = :body WHERE pk = :pk"),
            {"body": body, "pk": pk},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for name in ('document_fts', 'statement_fts'):
            op.execute(f"DROP TABLE IF EXISTS {name}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_statement_search")
        op.execute("DROP INDEX IF EXISTS ix_document_search")
    op.drop_index('ix_source_name', 'source')
    with op.batch_alter_table('statement') as batch_op:
        batch_op.drop_column('search_text')
