"""Celery tasks, one module per room; features queue them by name (skm/platform/background.py).

Each is a ``shared_task``, so every Celery app (one per Flask app) gets its own copy, bound to its Flask app.
"""
