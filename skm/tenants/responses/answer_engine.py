"""The engine that stores open-link answers: the application's database without a ping per use.

The main engine pings (``SELECT 1``) every connection it lends, so that one the database closed
meanwhile (a restart, a failover, an idle timeout) is replaced before a request uses it. For the
resident's single INSERT that ping was a second round trip. This engine lends without the ping
and, when the connection turns out to be dead, runs the INSERT once more on a fresh one (the
pool drops every connection older than the failure). The repeat stores nothing twice: the
statement is ``INSERT … ON CONFLICT DO NOTHING`` on the form's nonce (or ticket id), so if the
first attempt committed just before its connection died, the second inserts nothing. Only a POST
without a valid nonce, which no served form makes, or a response POSTed through the API (it has
no key) could be stored twice in that rare case, as it could be if its client sent it again
after an error.

Its connections stay in autocommit mode (no switch of isolation level per use). On PostgreSQL the
INSERT needs its tenant named for row-level security (skm/platform/data/row_security.py), in a
transaction of its own: BEGIN, ``set_config``, the INSERT and COMMIT go out in one pipeline, so
they still cost one round trip. The tenant is the active scope's (the URL's), never the survey's:
handed another tenant's survey, the INSERT's SELECT finds no survey and stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import psycopg
from sqlalchemy import Connection, Dialect, Executable
from sqlalchemy.exc import DBAPIError

from skm.extensions import db
from skm.platform.data.row_security import SET_SCOPE, row_scope
from skm.platform.data.tenancy import TenantScopeError, current_tenant_id

BIND = "answers"


def bind_options(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The Flask-SQLAlchemy bind of this engine: the application's database URL, no ping, autocommit."""
    return {BIND: {"url": config["SQLALCHEMY_DATABASE_URI"], "pool_pre_ping": False, "isolation_level": "AUTOCOMMIT"}}


class _Dropped(Exception):
    """The pooled connection was dead (PostgreSQL restarted, failed over or closed it)."""


def scalar_alone(statement: Executable, params: dict[str, Any]) -> Any:
    """Run one statement of the active tenant as its own transaction and return its scalar result."""
    if current_tenant_id() is None:
        raise TenantScopeError("the answer engine stores only inside a tenant's scope")
    try:
        return _scalar(statement, params)
    except _Dropped:
        return _scalar(statement, params)  # once more, on a fresh connection


def _scalar(statement: Executable, params: dict[str, Any]) -> Any:
    engine = db.engines[BIND]
    sql, bind = _prepared(statement, engine.dialect)
    with engine.connect() as connection:
        if engine.dialect.name != "postgresql":
            return _sqlite_scalar(connection, sql, bind(params))
        try:
            return _pipelined(connection.connection.driver_connection, sql, bind(params))
        except psycopg.OperationalError as exc:
            if not connection.connection.driver_connection.broken:
                raise
            connection.invalidate(exc)
            engine.dispose(close=False)  # every pooled connection predates the failure: start afresh
            raise _Dropped from exc


def _sqlite_scalar(connection: Connection, sql: str, params: Any) -> Any:
    try:
        return connection.exec_driver_sql(sql, params).scalar()
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise _Dropped from exc
        raise


def _pipelined(driver: psycopg.Connection, sql: str, params: Any) -> Any:
    """BEGIN, name the tenant, the statement, COMMIT: sent together, answered in one round trip.

    Plain BEGIN and COMMIT statements, not ``driver.transaction()``, which would wait for each.
    After an error the server skipped the rest (COMMIT too): the failed transaction is rolled back.
    """
    try:
        with driver.pipeline():
            driver.execute("BEGIN")
            driver.execute(SET_SCOPE, row_scope())
            cursor = driver.execute(sql, params)
            driver.execute("COMMIT")
    except psycopg.Error:
        if not driver.broken and driver.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
            driver.execute("ROLLBACK")
        raise
    row = cursor.fetchone()
    return None if row is None else row[0]


@lru_cache(maxsize=64)
def _prepared(statement: Executable, dialect: Dialect) -> tuple[str, Callable[[dict[str, Any]], Any]]:
    """The statement's SQL for ``dialect`` and a function from its parameters to the driver's.

    SQLAlchemy looks each execution up in its cache of compiled statements by a key it computes
    from the whole statement, a third of the INSERT's cost here; the statements of this engine are
    few and built once (see store_if_open), so they are compiled once. The driver gets the
    statement's constants (``status = 'open'``) with the given values, each converted by its
    type's bind processor, by name or by position as the driver's paramstyle wants. Unlike
    SQLAlchemy this expects plain bind names (column keys) and a value for every parameter that is
    not a constant, and leaves None unconverted: store_if_open builds its statements so.
    """
    compiled = statement.compile(dialect=dialect)
    constants = {name: value for name, value in compiled.params.items() if value is not None}
    processors = {name: processor for name, bind_param in compiled.binds.items()
                  if (processor := bind_param.type.dialect_impl(dialect).bind_processor(dialect))}

    def bind(params: dict[str, Any]) -> Any:
        values = {**constants, **params}
        for name, processor in processors.items():
            if values.get(name) is not None:
                values[name] = processor(values[name])
        return tuple(values[name] for name in compiled.positiontup) if compiled.positional else values

    return compiled.string, bind
