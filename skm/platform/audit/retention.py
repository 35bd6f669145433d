"""Pruning entries older than the retention period: the one deletion the audit log allows.

On PostgreSQL the table's trigger refuses every DELETE unless the transaction has set
``skm.audit_prune_before``, and then only of entries older than that instant. Only this
function sets it, with ``set_config(..., true)`` so it ends with the transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, text

from skm.extensions import db
from skm.platform.audit.models import AuditEntry
from skm.platform.data.db_types import utcnow
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope

logger = logging.getLogger(__name__)


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=current_app.config["SKM_AUDIT_RETENTION_DAYS"])


def prune(now: datetime | None = None) -> int:
    """Delete every entry older than the retention period, commit, and return how many."""
    cutoff = retention_cutoff(now)
    with platform_scope("audit.prune: entries of every tenant past retention"):
        if db.session.get_bind(mapper=AuditEntry.__mapper__).dialect.name == "postgresql":
            db.session.execute(text("SELECT set_config('skm.audit_prune_before', :cutoff, true)"),
                               {"cutoff": cutoff.isoformat()})
        deleted = db.session.execute(delete(AuditEntry).where(AuditEntry.created_at < cutoff)
                                     .execution_options(synchronize_session=False, **ALL_TENANTS)).rowcount
        db.session.commit()
    logger.info("audit: %s entries older than %s pruned", deleted, cutoff)
    return deleted
