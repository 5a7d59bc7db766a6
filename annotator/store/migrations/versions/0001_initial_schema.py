"""Initial schema: documents, people, pipeline runs, annotations, versions, audit, undo.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('annotator',
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('annotator', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('document_id', sa.String(), nullable=False),
    sa.Column('object_key', sa.String(), nullable=False),
    sa.Column('before', sa.String(), nullable=True),
    sa.Column('after', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_object', ['document_id', 'object_key'], unique=False)

    op.create_table('pipeline_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('version', sa.String(), nullable=True),
    sa.Column('tool', sa.String(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('undo_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('annotator', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('command', sa.String(), nullable=False),
    sa.Column('undone', sa.Boolean(), nullable=False),
    sa.Column('applied_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('undo_log', schema=None) as batch_op:
        batch_op.create_index('ix_undo_annotator', ['annotator', 'undone', 'id'], unique=False)

    op.create_table('document',
    sa.Column('id', sa.String(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('outlet', sa.String(), nullable=True),
    sa.Column('url', sa.String(), nullable=True),
    sa.Column('published', sa.String(), nullable=True),
    sa.Column('dateline', sa.String(), nullable=True),
    sa.Column('language', sa.String(), nullable=True),
    sa.Column('extra_meta', sa.String(), nullable=False),
    sa.Column('provenance', sa.String(), nullable=False),
    sa.Column('imported_at', sa.String(), nullable=False),
    sa.Column('suggestion_run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['suggestion_run_id'], ['pipeline_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_published'), ['published'], unique=False)

    op.create_table('document_review',
    sa.Column('document_id', sa.String(), nullable=False),
    sa.Column('annotator', sa.String(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['annotator'], ['annotator.name'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'annotator')
    )
    op.create_table('entity',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.String(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('annotator', sa.String(), nullable=True),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('origin', sa.String(), nullable=False),
    sa.CheckConstraint('(run_id IS NULL) <> (annotator IS NULL)', name='entity_one_owner'),
    sa.ForeignKeyConstraint(['annotator'], ['annotator.name'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['pipeline_run.id'], ),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.create_index('ix_entity_annotator', ['annotator', 'document_id'], unique=False)
        batch_op.create_index('ix_entity_document', ['document_id', 'start_offset', 'end_offset'], unique=False)

    op.create_table('object_version',
    sa.Column('document_id', sa.String(), nullable=False),
    sa.Column('object_key', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_by', sa.String(), nullable=False),
    sa.Column('changed_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'object_key')
    )
    op.create_table('source',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.String(), nullable=False),
    sa.Column('source_id', sa.String(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('annotator', sa.String(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('anonymity', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=True),
    sa.Column('affiliation', sa.String(), nullable=True),
    sa.Column('seniority', sa.String(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(), nullable=True),
    sa.Column('mentions', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=True),
    sa.CheckConstraint('(run_id IS NULL) <> (annotator IS NULL)', name='source_one_owner'),
    sa.ForeignKeyConstraint(['annotator'], ['annotator.name'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['pipeline_run.id'], ),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index('ix_source_annotator', ['annotator', 'document_id'], unique=False)
        batch_op.create_index('ix_source_document', ['document_id', 'source_id'], unique=False)

    op.create_table('statement',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.String(), nullable=False),
    sa.Column('statement_id', sa.String(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('annotator', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('origin', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('parent', sa.String(), nullable=True),
    sa.Column('source_id', sa.String(), nullable=True),
    sa.Column('source_start', sa.Integer(), nullable=True),
    sa.Column('source_end', sa.Integer(), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=False),
    sa.Column('cue_end', sa.Integer(), nullable=False),
    sa.Column('content', sa.String(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('checkworthy', sa.Boolean(), nullable=True),
    sa.Column('verdict', sa.String(), nullable=True),
    sa.Column('evidence', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.CheckConstraint('(run_id IS NULL) <> (annotator IS NULL)', name='statement_one_owner'),
    sa.ForeignKeyConstraint(['annotator'], ['annotator.name'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['pipeline_run.id'], ),
    sa.PrimaryKeyConstraint('pk')
    )
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index('ix_statement_annotator', ['annotator', 'document_id'], unique=False)
        batch_op.create_index('ix_statement_document', ['document_id', 'statement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index('ix_statement_document')
        batch_op.drop_index('ix_statement_annotator')

    op.drop_table('statement')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index('ix_source_document')
        batch_op.drop_index('ix_source_annotator')

    op.drop_table('source')
    op.drop_table('object_version')
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_document')
        batch_op.drop_index('ix_entity_annotator')

    op.drop_table('entity')
    op.drop_table('document_review')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_published'))
        batch_op.drop_index(batch_op.f('ix_document_outlet'))

    op.drop_table('document')
    with op.batch_alter_table('undo_log', schema=None) as batch_op:
        batch_op.drop_index('ix_undo_annotator')

    op.drop_table('undo_log')
    op.drop_table('pipeline_run')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_object')

    op.drop_table('audit_log')
    op.drop_table('annotator')
