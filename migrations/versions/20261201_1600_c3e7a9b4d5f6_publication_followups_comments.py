"""publication, follow-up register, comment reviews

Revision ID: c3e7a9b4d5f6
Revises: b2d5f6a31c22
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3e7a9b4d5f6'
down_revision = 'b2d5f6a31c22'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('surveys', sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('element', sa.String(length=12), nullable=True),
    sa.Column('comment_id', sa.BigInteger(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status <> 'done' OR evidence IS NOT NULL", name=op.f('ck_followups_done_has_evidence')),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done')", name=op.f('ck_followups_status')),
    sa.ForeignKeyConstraint(['comment_id'], ['responses.id'], name=op.f('fk_followups_comment_id_responses'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_followups_survey_id_surveys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['platform_tenants.id'], name=op.f('fk_followups_tenant_id_platform_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followups'))
    )
    op.create_index(op.f('ix_followups_tenant_id'), 'followups', ['tenant_id', 'survey_id'], unique=False)
    op.create_table('comment_reviews',
    sa.Column('response_id', sa.BigInteger(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('new', 'handled')", name=op.f('ck_comment_reviews_status')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_comment_reviews_response_id_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['platform_tenants.id'], name=op.f('fk_comment_reviews_tenant_id_platform_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_comment_reviews'))
    )


def downgrade():
    op.drop_table('comment_reviews')
    op.drop_index(op.f('ix_followups_tenant_id'), table_name='followups')
    op.drop_table('followups')
    op.drop_column('surveys', 'published_at')
