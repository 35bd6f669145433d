"""The Celery app bound to Flask: tasks run in an app context and in their tenant's scope."""

from __future__ import annotations

import logging

from celery import Celery, Task
from flask import Flask
from kombu import Queue
from sqlalchemy import event
from sqlalchemy.orm import Session

from skm.extensions import db
from skm.platform.tenancy import tenant_scope
from skm.workers.schedule import BEAT_SCHEDULE

celery = Celery("skm")
logger = logging.getLogger(__name__)

#: every module that defines tasks (the worker imports them at start)
TASK_MODULES = ("skm.workers.tasks.accounts", "skm.workers.tasks.audit", "skm.workers.tasks.regency",
                "skm.workers.messages", "skm.tenants.reports.tasks")

#: every queue the application routes to: a worker started without ``-Q`` consumes them all
QUEUES = ("messages", "reports", "default")

TASK_ROUTES = (
    [
        ("messages.*", {"queue": "messages"}),
        ("reports.*", {"queue": "reports"}),
        ("*", {"queue": "default"}),
    ],
)


class FlaskTask(Task):
    """Run the task inside a fresh app context (and so with a fresh database session)."""

    abstract = True

    def __call__(self, *args, **kwargs):
        with self.app.flask_app.app_context():
            return self.run(*args, **kwargs)


class TenantTask(Task):
    """Run the task in an app context and in the scope of the tenant named by ``tenant_id``."""

    abstract = True

    def __call__(self, *args, **kwargs):
        with self.app.flask_app.app_context(), tenant_scope(kwargs["tenant_id"]):
            return self.run(*args, **kwargs)


def celery_config(app: Flask) -> dict:
    redis_url = app.config["REDIS_URL"]
    return {
        "broker_url": redis_url or "memory://",
        "task_always_eager": redis_url is None,  # the embedded default runs tasks in-process
        "task_eager_propagates": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_default_queue": "default",
        "task_queues": [Queue(name) for name in QUEUES],
        "task_routes": TASK_ROUTES,
        "broker_transport_options": {"visibility_timeout": 2 * 24 * 3600},
        "broker_connection_retry_on_startup": True,
        "beat_schedule": BEAT_SCHEDULE,
        "imports": TASK_MODULES,
        "timezone": "UTC",
    }


def celery_init_app(app: Flask) -> Celery:
    celery.conf.update(celery_config(app))
    celery.conf.update(app.config.get("CELERY", {}))
    celery.flask_app = app
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def delay_on_commit(task: Task, **kwargs) -> None:
    """Queue ``task`` with ``kwargs`` once the current transaction commits; drop it on rollback."""
    db.session.info.setdefault("pending_tasks", []).append((task, kwargs))


@event.listens_for(Session, "after_commit")
def _send_pending_tasks(session: Session) -> None:
    for task, kwargs in session.info.pop("pending_tasks", []):
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except Exception:  # the broker is down: the committed rows stay pending for the sweeper
            logger.warning("Could not queue %s; it waits for the sweeper", task.name, exc_info=True)


@event.listens_for(Session, "after_rollback")
def _drop_pending_tasks(session: Session) -> None:
    session.info.pop("pending_tasks", None)
