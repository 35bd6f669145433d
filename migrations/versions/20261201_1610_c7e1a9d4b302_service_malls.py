"""service malls: malls, their counters and managers; responses remember the mall

Revision ID: c7e1a9d4b302
Revises: c3e7a9b4d5f6
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c7e1a9d4b302'
down_revision = 'c3e7a9b4d5f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('platform_malls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_malls')),
    sa.UniqueConstraint('slug', name=op.f('uq_platform_malls_slug'))
    )
    op.create_table('platform_mall_counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mall_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['mall_id'], ['platform_malls.id'], name=op.f('fk_platform_mall_counters_mall_id_platform_malls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_platform_mall_counters_survey_id_surveys'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['platform_tenants.id'], name=op.f('fk_platform_mall_counters_tenant_id_platform_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_mall_counters'))
    )
    op.create_index(op.f('ix_platform_mall_counters_mall_id'), 'platform_mall_counters', ['mall_id'], unique=False)
    op.create_index(op.f('ix_platform_mall_counters_tenant_id'), 'platform_mall_counters', ['tenant_id'], unique=False)
    op.create_table('platform_mall_managers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mall_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mall_id'], ['platform_malls.id'], name=op.f('fk_platform_mall_managers_mall_id_platform_malls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['platform_users.id'], name=op.f('fk_platform_mall_managers_user_id_platform_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_mall_managers')),
    sa.UniqueConstraint('mall_id', 'user_id', name=op.f('uq_platform_mall_managers_mall_id_user_id'))
    )
    op.create_index(op.f('ix_platform_mall_managers_user_id'), 'platform_mall_managers', ['user_id'], unique=False)
    with op.batch_alter_table('responses') as batch:
        batch.add_column(sa.Column('mall_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_responses_mall_id_platform_malls'), 'platform_malls', ['mall_id'], ['id'],
                                 ondelete='SET NULL')
    op.create_index('ix_responses_tenant_id_mall_id_submitted_on', 'responses', ['tenant_id', 'mall_id', 'submitted_on'],
                    unique=False, postgresql_where=sa.text('mall_id IS NOT NULL'),
                    sqlite_where=sa.text('mall_id IS NOT NULL'))


def downgrade():
    op.drop_index('ix_responses_tenant_id_mall_id_submitted_on', table_name='responses')
    with op.batch_alter_table('responses') as batch:
        batch.drop_constraint(op.f('fk_responses_mall_id_platform_malls'), type_='foreignkey')
        batch.drop_column('mall_id')
    op.drop_index(op.f('ix_platform_mall_managers_user_id'), table_name='platform_mall_managers')
    op.drop_table('platform_mall_managers')
    op.drop_index(op.f('ix_platform_mall_counters_tenant_id'), table_name='platform_mall_counters')
    op.drop_index(op.f('ix_platform_mall_counters_mall_id'), table_name='platform_mall_counters')
    op.drop_table('platform_mall_counters')
    op.drop_table('platform_malls')
