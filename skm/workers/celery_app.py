"""The Celery app bound to Flask: tasks run in an app context and in their tenant's scope.

Flask's Celery pattern: each Flask app builds its own Celery app in :func:`celery_init_app` and keeps
it in ``app.extensions["celery"]``, so a second app in the same process (tests make many) never
re-points the broker or eager mode of the first. Tasks are ``shared_task``s in skm/workers/tasks/:
every Celery app gets its own copy of each, bound to its Flask app. Features queue them by name
(see skm/platform/background.py).
"""

from __future__ import annotations

from importlib import import_module

from celery import Celery, Task
from flask import Flask
from kombu import Queue

from skm.platform.data.tenancy import tenant_scope
from skm.workers.schedule import BEAT_SCHEDULE

#: every module that defines tasks (imported by each new Celery app, and by the worker at start)
TASK_MODULES = ("skm.workers.tasks.accounts", "skm.workers.tasks.audit", "skm.workers.tasks.messages",
                "skm.workers.tasks.regency", "skm.workers.tasks.reports")

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
    """Build ``app``'s own Celery app, with every task registered, and keep it in ``app.extensions``."""
    celery_app = Celery(app.name)
    celery_app.conf.update(celery_config(app))
    celery_app.conf.update(app.config.get("CELERY", {}))
    celery_app.flask_app = app
    for module in TASK_MODULES:  # so that the web process finds every task by name
        import_module(module)
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
