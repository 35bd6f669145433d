"""row-level security on every table with a tenant_id (PostgreSQL only)

Revision ID: e5a9c3d7f8b2
Revises: d4f8b2c6e7a1
Create Date: 2026-12-10 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5a9c3d7f8b2'
down_revision = 'd4f8b2c6e7a1'
branch_labels = None
depends_on = None

# The second wall behind the ORM guard (skm/platform/data/tenancy.py). Each transaction names
# its tenant with set_config('skm.tenant_id', …, true) (skm/platform/data/row_security.py); a
# transaction that names none sees and writes no tenant row. Platform-wide work sets
# skm.scope = 'platform' through the one function platform_scope(), which logs each use.
# FORCE makes the tables' owner obey the policies too; only a superuser or a BYPASSRLS role
# passes them, and the application connects as neither.
# The scalar sub-selects are evaluated once per statement, not once per row.
TENANT = "(SELECT nullif(current_setting('skm.tenant_id', true), '')::int)"
PLATFORM = "(SELECT current_setting('skm.scope', true)) = 'platform'"
ROW_VISIBLE = f"tenant_id = {TENANT} OR {PLATFORM}"
# The audit log also keeps platform-wide entries (tenant_id NULL: sign-ins, tokens, tenants), and
# the central admin's actions on an agency (tenant created, suspended, a member added) are written
# outside that agency's scope. So a transaction that names no tenant may append an entry for any
# tenant or none: the log is append-only (its trigger) and such a transaction still reads none of
# it. Inside tenant A's scope only A's entries may be written; the platform scope reads them all.
AUDIT_INSERTABLE = f"{ROW_VISIBLE} OR {TENANT} IS NULL"
AUDIT_TABLE = 'platform_audit_log'
# Platform rows that name a tenant without belonging to it (a service mall's counter of an
# agency): everyone reads them, as they read the malls; only the platform scope writes them.
PLATFORM_ROWS = ('platform_mall_counters',)
POLICY, READ_POLICY = 'tenant_rows', 'platform_rows_read'


def tenant_tables(bind) -> list[str]:
    """Every table of the current schema with a tenant_id column, found in the catalogue."""
    return list(bind.execute(sa.text(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id'"
        " AND table_schema = current_schema() ORDER BY table_name")).scalars())


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return  # SQLite (the demo) keeps the ORM guard alone
    for table in tenant_tables(bind):
        op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        if table in PLATFORM_ROWS:
            op.execute(f'CREATE POLICY {READ_POLICY} ON "{table}" FOR SELECT USING (true)')
            op.execute(f'CREATE POLICY {POLICY} ON "{table}" USING ({PLATFORM}) WITH CHECK ({PLATFORM})')
            continue
        insertable = AUDIT_INSERTABLE if table == AUDIT_TABLE else ROW_VISIBLE
        op.execute(f'CREATE POLICY {POLICY} ON "{table}" USING ({ROW_VISIBLE}) WITH CHECK ({insertable})')


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    for table in tenant_tables(bind):
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
        op.execute(f'DROP POLICY IF EXISTS {READ_POLICY} ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
