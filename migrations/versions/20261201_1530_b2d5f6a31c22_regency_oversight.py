"""regency oversight: platform settings, regency reports, answers by tenant and day

Revision ID: b2d5f6a31c22
Revises: a1c4e5f20b11
Create Date: 2026-12-01 15:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b2d5f6a31c22'
down_revision = 'a1c4e5f20b11'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('platform_settings',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_platform_settings'))
    )
    op.create_table('regency_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.Column('file_key', sa.String(length=200), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_regency_reports_status')),
    sa.ForeignKeyConstraint(['requested_by'], ['platform_users.id'], name=op.f('fk_regency_reports_requested_by_platform_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regency_reports'))
    )
    op.create_index('ix_responses_tenant_id_submitted_on', 'responses', ['tenant_id', 'submitted_on'], unique=False,
                    postgresql_include=['questionnaire_id', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'])


def downgrade():
    op.drop_index('ix_responses_tenant_id_submitted_on', table_name='responses')
    op.drop_table('regency_reports')
    op.drop_table('platform_settings')
