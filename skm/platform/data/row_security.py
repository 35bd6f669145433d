"""Tell PostgreSQL's row-level security which tenant each transaction works for.

The policies (migration e5a9c3d7f8b2) show and accept a tenant's rows only while the
transaction-local setting ``skm.tenant_id`` names that tenant, and every tenant's rows while
``skm.scope`` is ``platform`` (set only inside :func:`~skm.platform.data.tenancy.platform_scope`).
This module keeps the setting equal to the ORM guard's active tenant: before any ORM statement
or flush, when the session's transaction carries another setting, one
``SELECT set_config(…, true), set_config(…, true)`` brings it in line. The settings are
transaction-local, so a pooled connection never carries them into the next transaction, and a
transaction that touches no tenant sends nothing extra. Leaving every scope inside a transaction
restores the connection's own defaults (``SET LOCAL … TO DEFAULT``): none for the application's
connections; the tests' own inspection connection starts with ``-c skm.scope=platform``.
SQLite has no row security: nothing is sent.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session

from skm.platform.data.tenancy import current_tenant_id, platform_reason

SET_SCOPE = "SELECT set_config('skm.tenant_id', %(tenant)s, true), set_config('skm.scope', %(scope)s, true)"
"""The one statement that names a transaction's tenant (driver SQL, psycopg's paramstyle)."""

UNSCOPED = {"tenant": "", "scope": ""}
UNSET_SCOPE = ("SET LOCAL skm.tenant_id TO DEFAULT", "SET LOCAL skm.scope TO DEFAULT")
_SESSION_KEY = "skm_row_scope"


def row_scope() -> dict[str, str]:
    """The settings for the active scope: a tenant's id, the platform, or neither."""
    tenant_id = current_tenant_id()
    if tenant_id is not None:
        return {"tenant": str(tenant_id), "scope": ""}
    return {"tenant": "", "scope": "platform" if platform_reason() is not None else ""}


def _sync(session: Session) -> None:
    wanted = row_scope()
    if session.info.get(_SESSION_KEY, UNSCOPED) == wanted or session.get_bind().dialect.name != "postgresql":
        return
    connection = session.connection()
    if wanted == UNSCOPED:
        for statement in UNSET_SCOPE:
            connection.exec_driver_sql(statement)
    else:
        connection.exec_driver_sql(SET_SCOPE, wanted)
    session.info[_SESSION_KEY] = wanted


@event.listens_for(Session, "after_begin")
def _new_transaction(session: Session, transaction, connection: Connection) -> None:
    session.info[_SESSION_KEY] = UNSCOPED  # a new transaction starts with no setting


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction) -> None:
    if transaction.nested:  # a savepoint's rollback may have undone a change: unknown until set again
        session.info[_SESSION_KEY] = None
    elif transaction.parent is None:  # the database transaction ended (a flush's inner one ends too)
        session.info.pop(_SESSION_KEY, None)


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    _sync(state.session)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context, instances) -> None:
    _sync(session)
