"""Automatic, fail-closed tenant scoping for every tenant-owned model.

Every ORM SELECT/UPDATE/DELETE touching a :class:`TenantScoped` model is filtered to the
active tenant (a ContextVar set from the URL or by a Celery task). Without an active tenant
such a query raises :class:`TenantScopeError`. Platform-wide code opts out visibly with
``execution_options(all_tenants=True)`` (greppable). New rows are stamped with the active
tenant at flush; a row stamped for another tenant raises. A model whose class sets
``platform_wide_allowed`` (the audit log) may keep a None tenant when written outside any
tenant's scope: such rows match no tenant's filter, so only platform-wide code sees them.

On PostgreSQL the database enforces the same walls with row-level security
(skm/platform/data/row_security.py): ``ALL_TENANTS`` is only allowed inside
:func:`platform_scope`, the one way to the policies' platform-wide path, which logs each use.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import ForeignKey, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, with_loader_criteria

_current_tenant_id: ContextVar[int | None] = ContextVar("current_tenant_id", default=None)
_platform_reason: ContextVar[str | None] = ContextVar("platform_reason", default=None)

#: one INFO line per entry into the platform-wide scope: "platform-wide scope: <reason>"
platform_logger = logging.getLogger("skm.platform_scope")

ALL_TENANTS = {"all_tenants": True}
"""Execution options for the explicit, platform-wide opt-out."""


class TenantScopeError(RuntimeError):
    """A tenant-owned row was queried or written without (or outside) the active tenant."""


class TenantScoped:
    """Mixin for every tenant-owned model: a ``tenant_id`` column, filtered automatically."""

    tenant_id: Mapped[int] = mapped_column(ForeignKey("platform_tenants.id", ondelete="CASCADE"))


def current_tenant_id() -> int | None:
    return _current_tenant_id.get()


@contextmanager
def tenant_scope(tenant_id: int) -> Iterator[None]:
    """Run the block with ``tenant_id`` as the active tenant."""
    token = _current_tenant_id.set(tenant_id)
    try:
        yield
    finally:
        _current_tenant_id.reset(token)


def platform_reason() -> str | None:
    """Why the platform-wide scope is active (None outside :func:`platform_scope` or inside a tenant's)."""
    return None if _current_tenant_id.get() is not None else _platform_reason.get()


@contextmanager
def platform_scope(reason: str) -> Iterator[None]:
    """Run the block across every tenant: the one door to the row policies' platform-wide path.

    Inside it ``ALL_TENANTS`` queries are allowed and PostgreSQL shows every tenant's rows; a
    :func:`tenant_scope` entered inside narrows to that tenant again. Each use is logged on
    ``skm.platform_scope`` with ``reason``, so grep and the logs both show every crossing.
    """
    platform_logger.info("platform-wide scope: %s", reason)
    tenant_token = _current_tenant_id.set(None)
    reason_token = _platform_reason.set(reason)
    try:
        yield
    finally:
        _platform_reason.reset(reason_token)
        _current_tenant_id.reset(tenant_token)


def enter_tenant_scope(tenant_id: int) -> None:
    """Make ``tenant_id`` the active tenant until :func:`clear_tenant_scope` (request hooks)."""
    _current_tenant_id.set(tenant_id)


def clear_tenant_scope() -> None:
    """Forget the active tenant (end of every request, so a worker thread never inherits one)."""
    _current_tenant_id.set(None)


def _touches_tenant_data(state: ORMExecuteState) -> bool:
    return any(issubclass(mapper.class_, TenantScoped) for mapper in state.all_mappers)


@event.listens_for(Session, "do_orm_execute")
def _restrict_to_current_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the criteria propagate from the parent statement
    if state.execution_options.get("all_tenants", False):
        if platform_reason() is None and _touches_tenant_data(state):
            raise TenantScopeError("ALL_TENANTS outside platform_scope()")
        return
    tenant_id = _current_tenant_id.get()
    if tenant_id is None:
        if _touches_tenant_data(state):
            raise TenantScopeError("tenant-scoped query without an active tenant")
        return
    state.statement = state.statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)
    )


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, flush_context, instances) -> None:
    tenant_id = _current_tenant_id.get()
    for obj in session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if obj.tenant_id is None:
            if tenant_id is not None:
                obj.tenant_id = tenant_id
            elif not getattr(obj, "platform_wide_allowed", False):
                raise TenantScopeError(f"{type(obj).__name__} created without an active tenant")
        elif tenant_id is not None and obj.tenant_id != tenant_id:
            raise TenantScopeError(f"{type(obj).__name__} stamped for tenant {obj.tenant_id} inside {tenant_id}")
