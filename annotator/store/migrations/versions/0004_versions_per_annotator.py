"""Object versions per annotator: a conflict is a change to what this user sees.

Decisions are kept per annotator, so a colleague's decision on a statement leaves this
user's view of it unchanged; with one version row per object, it still made this user's
next save of it a conflict. The key gains the annotator whose view the version counts.

Existing rows become the row of the annotator who changed the object last (their count goes
on); a colleague starts at no version, which is what they have seen. PostgreSQL alters the
table in place; SQLite, which cannot change a primary key, rebuilds it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

NEW_KEY = ['document_id', 'annotator', 'object_key']
OLD_KEY = ['document_id', 'object_key']
#: Rows whose last editor is not a registered annotator cannot keep a foreign key to one.
ORPHANS = "DELETE FROM object_version WHERE changed_by NOT IN (SELECT name FROM annotator)"


def _table(name: str, key: list[str]) -> None:
    """object_version's columns under `name`, with `key` as its primary key."""
    columns = [
        sa.Column('document_id', sa.String(), nullable=False),
        sa.Column('object_key', sa.String(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('changed_by', sa.String(), nullable=False),
        sa.Column('changed_at', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint(*key),
    ]
    if 'annotator' in key:
        columns.insert(1, sa.Column('annotator', sa.String(), nullable=False))
        columns.append(sa.ForeignKeyConstraint(['annotator'], ['annotator.name']))
    op.create_table(name, *columns)


def _rebuild_sqlite(key: list[str], annotator: str) -> None:
    """Copy object_version into a table keyed by `key` (`annotator`: the SQL of its
    annotator column, when it has one), then put the copy in its place."""
    _table('object_version_rebuilt', key)
    names = 'document_id, object_key, version, changed_by, changed_at'
    into = f'{names}, annotator' if annotator else names
    values = f'{names}, {annotator}' if annotator else names
    op.execute(f"INSERT INTO object_version_rebuilt ({into}) SELECT {values} FROM object_version")
    op.drop_table('object_version')
    op.rename_table('object_version_rebuilt', 'object_version')


def upgrade() -> None:
    op.execute(ORPHANS)
    if op.get_bind().dialect.name != 'postgresql':
        _rebuild_sqlite(NEW_KEY, 'changed_by')
        return
    op.add_column('object_version', sa.Column('annotator', sa.String(), nullable=True))
    op.execute("UPDATE object_version SET annotator = changed_by")
    op.alter_column('object_version', 'annotator', nullable=False)
    op.drop_constraint('object_version_pkey', 'object_version', type_='primary')
    op.create_primary_key('object_version_pkey', 'object_version', NEW_KEY)
    op.create_foreign_key(
        'object_version_annotator_fkey', 'object_version', 'annotator', ['annotator'], ['name']
    )


def downgrade() -> None:
    # One row per object again: versions only matter to windows open at this moment, and
    # the schema change means none is.
    op.execute("DELETE FROM object_version")
    if op.get_bind().dialect.name != 'postgresql':
        _rebuild_sqlite(OLD_KEY, '')
        return
    op.drop_constraint('object_version_annotator_fkey', 'object_version', type_='foreignkey')
    op.drop_constraint('object_version_pkey', 'object_version', type_='primary')
    op.create_primary_key('object_version_pkey', 'object_version', OLD_KEY)
    op.drop_column('object_version', 'annotator')
