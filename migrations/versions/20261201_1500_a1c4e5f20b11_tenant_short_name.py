"""tenant short name (SMS, posters)

Revision ID: a1c4e5f20b11
Revises: 9e72016779d7
Create Date: 2026-12-01 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1c4e5f20b11'
down_revision = '9e72016779d7'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('platform_tenants', sa.Column('short_name', sa.String(length=40), nullable=True))


def downgrade():
    op.drop_column('platform_tenants', 'short_name')
