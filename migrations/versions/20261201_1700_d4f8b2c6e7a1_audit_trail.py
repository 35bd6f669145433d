"""audit trail: platform-wide entries, actor, target, origin; append-only on PostgreSQL

Revision ID: d4f8b2c6e7a1
Revises: c7e1a9d4b302
Create Date: 2026-12-01 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4f8b2c6e7a1'
down_revision = 'c7e1a9d4b302'
branch_labels = None
depends_on = None

# Every UPDATE and DELETE is refused, whoever runs it (the application's role owns the table,
# so privileges alone would not stop it). The one opening: the retention task sets the
# transaction-local ``skm.audit_prune_before`` and deletes entries older than that instant.
# TRUNCATE (the tests' clean-up) fires no row trigger.
GUARD_FUNCTION = """
CREATE FUNCTION platform_audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.created_at < NULLIF(current_setting('skm.audit_prune_before', true), '')::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'platform_audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
GUARD_TRIGGER = """
CREATE TRIGGER platform_audit_log_append_only BEFORE UPDATE OR DELETE ON platform_audit_log
FOR EACH ROW EXECUTE FUNCTION platform_audit_log_guard()
"""


def upgrade():
    with op.batch_alter_table('platform_audit_log', schema=None) as batch_op:
        batch_op.alter_column('tenant_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('actor_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('target_type', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('target_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ip', sa.String(length=45), nullable=True))
        batch_op.add_column(sa.Column('user_agent', sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f('ix_platform_audit_log_created_at'), ['created_at'], unique=False)
    # the two codes renamed by the action catalogue, while entries may still change
    op.execute("UPDATE platform_audit_log SET action = 'user.added' WHERE action = 'member.added'")
    op.execute("UPDATE platform_audit_log SET action = 'tenant.reactivated' WHERE action = 'tenant.active'")
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(GUARD_FUNCTION)
        op.execute(GUARD_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER platform_audit_log_append_only ON platform_audit_log')
        op.execute('DROP FUNCTION platform_audit_log_guard()')
    op.execute('DELETE FROM platform_audit_log WHERE tenant_id IS NULL')
    with op.batch_alter_table('platform_audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_audit_log_created_at'))
        batch_op.drop_column('user_agent')
        batch_op.drop_column('ip')
        batch_op.drop_column('target_id')
        batch_op.drop_column('target_type')
        batch_op.drop_column('actor_email')
        batch_op.alter_column('tenant_id', existing_type=sa.Integer(), nullable=False)
