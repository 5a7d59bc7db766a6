"""The document list sorted and filtered in the database: sort keys and counts on `document`.

A list of 100,000 documents sorted by title, outlet, date, statements or anonymous sources
must read one index in order, not count a million statement rows per page. So each document
keeps what those sorts need, written at import (and at a re-run of the pre-annotator):

- `sort_title`: what the list shows as the title (the title, else the opening words),
  case and accents set aside, so "apple" and "Zebra" sort as a reader expects and untitled articles sort
  among the others instead of all first;
- `statement_count`, `anonymous_count`: the statements, and the anonymous or vague
  sources, the document came with (the list still shows each user's own counts).

Composite indexes end in `id` so equal keys page in a stable order; `imported_at` is indexed
so a window can ask cheaply whether documents were added (another process's import). On
SQLite, `document_title_fts` indexes the sort title alone, so filtering the list by words of
titles does not read the postings of the whole texts (a word in most articles took 30–70 ms
through `document_fts`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa
import unicodedata


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

#: How many characters of the heading are kept for sorting.
SORT_TITLE_LENGTH = 80
LEAD_LENGTH = 160

INDEXES = {
    'ix_document_sort_title': ['sort_title', 'id'],
    'ix_document_outlet_id': ['outlet', 'id'],
    'ix_document_published_id': ['published', 'id'],
    'ix_document_statement_count': ['statement_count', 'id'],
    'ix_document_anonymous_count': ['anonymous_count', 'id'],
    'ix_document_imported_at': ['imported_at'],
}


SQLITE_TITLE_INDEX = [
    "CREATE VIRTUAL TABLE document_title_fts USING fts5("
    " sort_title, content='document', content_rowid='rowid', tokenize='unicode61')",
    "CREATE TRIGGER document_title_fts_insert AFTER INSERT ON document BEGIN"
    " INSERT INTO document_title_fts(rowid, sort_title) VALUES (new.rowid, new.sort_title);"
    " END",
    "CREATE TRIGGER document_title_fts_delete AFTER DELETE ON document BEGIN"
    " INSERT INTO document_title_fts(document_title_fts, rowid, sort_title)"
    " VALUES ('delete', old.rowid, old.sort_title); END",
    "INSERT INTO document_title_fts(document_title_fts) VALUES ('rebuild')",
]
#: 0002's triggers on `document`, made again after a downgrade rebuilt the table (SQLite
#: drops a table's triggers with it).
SQLITE_DOCUMENT_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS document_fts_insert AFTER INSERT ON document BEGIN"
    " INSERT INTO document_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS document_fts_delete AFTER DELETE ON document BEGIN"
    " INSERT INTO document_fts(document_fts, rowid, title, text)"
    " VALUES ('delete', old.rowid, old.title, old.text); END",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    with op.batch_alter_table('document') as batch_op:
        batch_op.add_column(sa.Column('sort_title', sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column('statement_count', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column('anonymous_count', sa.Integer(), nullable=False, server_default='0')
        )
    _fill_sort_titles()
    op.execute(
        "UPDATE document SET statement_count = (SELECT count(DISTINCT s.statement_id)"
        " FROM statement s WHERE s.document_id = document.id)"
    )
    op.execute(
        "UPDATE document SET anonymous_count = (SELECT count(DISTINCT src.source_id)"
        " FROM source src WHERE src.document_id = document.id"
        " AND src.anonymity IN ('anonymous', 'vague'))"
    )
    # The single-column indexes of outlet and date stay: the anonymous-source queue names
    # them (`INDEXED BY`); these order the list by outlet or date, then id.
    for name, columns in INDEXES.items():
        op.create_index(name, 'document', columns)
    if _sqlite():
        for statement in SQLITE_TITLE_INDEX:
            op.execute(statement)


def _fill_sort_titles() -> None:
    """Each document's heading as the list shows it, case-folded (Python: SQL's lower() is
    ASCII-only in SQLite)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT id, title, substr(text, 1, {LEAD_LENGTH}) FROM document")
    ).all()
    values = [{'id': doc_id, 'key': sort_title(title, lead)} for doc_id, title, lead in rows]
    if values:
        bind.execute(sa.text("UPDATE document SET sort_title = :key WHERE id = :id"), values)


def sort_title(title, lead) -> str:
    """A frozen copy of `codec.list_values`' sort title (a migration must not change with
    the app): the heading, case and accents set aside."""
    heading = (title or " ".join((lead or "").split()))[:SORT_TITLE_LENGTH]
    decomposed = unicodedata.normalize("NFKD", heading)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def downgrade() -> None:
    if _sqlite():
        for trigger in ('document_title_fts_insert', 'document_title_fts_delete'):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS document_title_fts")
    for name in INDEXES:
        op.drop_index(name, 'document')
    with op.batch_alter_table('document') as batch_op:
        for column in ('anonymous_count', 'statement_count', 'sort_title'):
            batch_op.drop_column(column)
    if _sqlite():
        for statement in SQLITE_DOCUMENT_TRIGGERS:
            op.execute(statement)
