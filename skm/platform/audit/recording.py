"""``record()``: add one audit entry to the session (see the package docstring)."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from skm.extensions import db
from skm.platform.audit.catalogue import ACTIONS
from skm.platform.audit.models import AuditEntry

logger = logging.getLogger(__name__)

Target = Any  # a model instance with an ``id``, or a ``(type, id)`` pair


def record(action: str, tenant_id: int | None = None, *, target: Target = None, actor: Any = None,
           **detail: Any) -> AuditEntry:
    """Add an entry for ``action`` (flushes nothing; the caller's commit stores it with the change).

    :param actor: the user who acted, or the email address tried by a failed sign-in; by
        default the logged-in user (session or bearer token)
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to skm/platform/audit/catalogue.py")
    user_id, email = _actor(actor)
    target_type, target_id = _target(target)
    entry = AuditEntry(tenant_id=tenant_id, user_id=user_id, actor_email=email, action=action,
                       target_type=target_type, target_id=target_id, detail=detail, **_origin())
    db.session.add(entry)
    logger.info("audit %s by %s on %s %s: %s", action, email, target_type, target_id, detail)
    return entry


#: downloads in these formats are data exports; every other download is a report
EXPORT_FORMATS = frozenset({"csv", "csv-excel-id", "xlsx"})


def record_download(report: Any, **detail: Any) -> AuditEntry:
    """Record that a report or export file (a row with a ``format``) is being downloaded."""
    action = "export.downloaded" if report.format in EXPORT_FORMATS else "report.downloaded"
    return record(action, target=report, format=report.format, **detail)


def _actor(actor: Any) -> tuple[int | None, str | None]:
    if isinstance(actor, str):
        return None, actor[:254]
    if actor is None:
        actor = current_user if has_request_context() and current_user.is_authenticated else None
    return (actor.id, actor.email) if actor is not None else (None, None)


def _target(target: Target) -> tuple[str | None, int | None]:
    if target is None:
        return None, None
    if isinstance(target, tuple):
        return target
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", type(target).__name__).lower()  # ApiToken -> api_token
    return name, target.id


def _origin() -> dict[str, str | None]:
    if not has_request_context():
        return {"ip": None, "user_agent": None}
    agent = request.user_agent.string or None
    return {"ip": request.remote_addr, "user_agent": agent[:300] if agent else None}
