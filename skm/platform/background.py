"""Background tasks as features see them: named, and queued only once the transaction commits.

A feature never imports a worker module: ``enqueue("reports.build", tenant_id=…, report_id=…)``
finds the task in the current Flask app's own Celery app (skm/workers/celery_app.py). The task is
sent after the commit and dropped on rollback, so a worker never looks for rows that do not exist
(yet). Sending can still fail (the broker is down): the committed rows then stay pending, and a
beat sweeper queues them later.
"""

from __future__ import annotations

import logging

from celery import Task
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from skm.extensions import db

logger = logging.getLogger(__name__)


def enqueue(name: str, **kwargs) -> None:
    """Queue the task ``name`` with ``kwargs`` once the current transaction commits; drop it on rollback."""
    db.session.info.setdefault("pending_tasks", []).append((task(name), kwargs))


def send_now(name: str, **kwargs) -> None:
    """Queue the task ``name`` at once: for dispatchers, which have no transaction of their own to wait for."""
    task(name).apply_async(kwargs=kwargs)


def task(name: str) -> Task:
    """The task ``name`` of the current Flask app's Celery app."""
    return current_app.extensions["celery"].tasks[name]


@event.listens_for(Session, "after_commit")
def _send_pending_tasks(session: Session) -> None:
    for pending, kwargs in session.info.pop("pending_tasks", []):
        try:
            pending.apply_async(kwargs=kwargs, retry=False)
        except Exception:  # the broker is down: the committed rows stay pending for the sweeper
            logger.warning("Could not queue %s; it waits for the sweeper", pending.name, exc_info=True)


@event.listens_for(Session, "after_rollback")
def _drop_pending_tasks(session: Session) -> None:
    session.info.pop("pending_tasks", None)
