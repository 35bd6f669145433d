"""An append-only log of who changed what in a tenant."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from skm.extensions import db
from skm.platform.db_types import UTCDateTime, utcnow
from skm.platform.tenancy import TenantScoped

logger = logging.getLogger(__name__)


class AuditEntry(TenantScoped, db.Model):
    __tablename__ = "platform_audit_log"
    __table_args__ = (Index(None, "tenant_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("platform_users.id", ondelete="SET NULL"))
    #: dotted verb, e.g. ``user.added``, ``survey.opened``
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def record(action: str, tenant_id: int | None = None, **detail: Any) -> None:
    """Add an audit entry for the current user (flushes nothing; the caller commits)."""
    user_id = current_user.id if current_user and current_user.is_authenticated else None
    db.session.add(AuditEntry(tenant_id=tenant_id, user_id=user_id, action=action, detail=detail))
    logger.info("audit %s by user %s: %s", action, user_id, detail)
