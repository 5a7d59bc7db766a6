"""An index on the document's text hash: the same article is found by its text.

An import looks up each new document's text hash so an article already stored under
another id (the same file renamed, the same page saved twice) is not imported again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_document_sha256', 'document', ['sha256'])


def downgrade() -> None:
    op.drop_index('ix_document_sha256', table_name='document')
