"""Database roles: migrations run as the tables' owner, the application as a role that owns nothing.

The owner connects through ``SKM_MIGRATION_DATABASE_URL`` (falling back to ``DATABASE_URL``);
``skm db grant ROLE`` gives the application's role what it needs and no more: data privileges on
every table and sequence, now and for tables later migrations create. Row-level security then
binds that role (see skm/platform/data/row_security.py), which is why a role that would pass
every policy (a superuser, or one with BYPASSRLS) is refused.
"""

from __future__ import annotations

from functools import cache

from flask import current_app
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from skm.extensions import db


class GrantError(RuntimeError):
    """The role cannot be granted to (it does not exist, or it would bypass row-level security)."""


def migration_engine() -> Engine:
    """The engine of the tables' owner (the application's own engine when no separate URL is set)."""
    url = current_app.config.get("SKM_MIGRATION_DATABASE_URL")
    return _owner_engine(url) if url else db.engine


@cache
def _owner_engine(url: str) -> Engine:
    return create_engine(url, poolclass=NullPool)  # a command's few connections, closed after use


def grant_statements(role: str, schema: str) -> list[str]:
    """The owner's GRANTs for ``role`` (quoted identifiers), repeatable without harm."""
    data, sequences = "SELECT, INSERT, UPDATE, DELETE", "USAGE, SELECT"
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT {data} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {role}",
        f"GRANT {sequences} ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {data} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {sequences} ON SEQUENCES TO {role}",
    ]


def grant(connection: Connection, role: str) -> None:
    """Grant ``role`` the application's privileges, as the connection's user (the owner)."""
    if connection.dialect.name != "postgresql":
        raise GrantError("skm db grant is for PostgreSQL; SQLite has no roles")
    found = connection.execute(text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :role"),
                               {"role": role}).first()
    if found is None:
        raise GrantError(f"role {role!r} does not exist; create it first (CREATE ROLE {role} LOGIN PASSWORD '…')")
    if found[0]:
        raise GrantError(f"role {role!r} is a superuser or has BYPASSRLS: it would pass every row policy;"
                         " the application needs a role without either")
    quote = connection.dialect.identifier_preparer.quote
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    for statement in grant_statements(quote(role), quote(schema)):
        connection.exec_driver_sql(statement)
