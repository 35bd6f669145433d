"""Celery workers: ``celery -A skm.workers worker`` / ``celery -A skm.workers beat``.

Celery looks up ``skm.workers.app``; building it here (lazily) creates the Flask app first,
so every task runs with the same configuration, models and extensions as the web process.
"""

from __future__ import annotations

from functools import cache


def __getattr__(name: str):
    if name in ("app", "celery"):
        return _celery_app()
    raise AttributeError(name)


@cache
def _celery_app():
    """One Flask app, and so one Celery app, however often Celery looks the name up."""
    from skm import create_app

    return create_app().extensions["celery"]
