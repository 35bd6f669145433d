"""The audit entry: one row per action, never changed or deleted by the application."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped


class AuditEntry(TenantScoped, db.Model):
    """Who did what, when, where from, in which tenant and to which object.

    On PostgreSQL a trigger refuses every UPDATE and DELETE (see the migration that adds it);
    only the retention task may delete entries older than the retention period.
    """

    __tablename__ = "platform_audit_log"
    #: no INSERT … RETURNING: PostgreSQL would check the new row against the read policy too, and a
    #: platform-wide entry written outside any scope may be stored but not read back (see the
    #: row-level security migration); the id comes from the sequence first instead
    __table_args__ = (Index(None, "tenant_id", "created_at"), Index(None, "created_at"),
                      {"implicit_returning": False})
    #: a None tenant marks a platform-wide entry (sign-ins, tokens, tenant lifecycle): the tenant
    #: guard then leaves it unstamped instead of refusing it, and no tenant's query ever sees it
    platform_wide_allowed = True

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("platform_tenants.id", ondelete="CASCADE"))
    #: who acted; None for failed sign-ins and for actions without a logged-in user
    user_id: Mapped[int | None] = mapped_column(ForeignKey("platform_users.id", ondelete="SET NULL"))
    #: the actor's email when it happened (for a failed sign-in: the address that was tried)
    actor_email: Mapped[str | None] = mapped_column(String(254))
    #: dotted code from :data:`skm.platform.audit.catalogue.ACTIONS`, e.g. ``user.added``
    action: Mapped[str] = mapped_column(String(60))
    #: the object acted on, e.g. ``survey`` 12
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    #: the client's address and user agent (None outside a request: CLI, workers)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    #: what changed: free keys, with ``before``/``after`` for settings and roles
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tenant: Mapped[Tenant | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AuditEntry({self.id}, {self.tenant_id}): {self.action}>"
