"""Background tasks: each app has its own Celery app, and tasks queued by name wait for the commit."""

from __future__ import annotations

from sqlalchemy import select

from skm.extensions import db
from skm.platform.background import enqueue, task


def test_a_second_app_leaves_the_first_apps_celery_alone(make_app):
    first = make_app(REDIS_URL=None)
    second = make_app(REDIS_URL="redis://127.0.0.1:1/9")
    celery, other = first.extensions["celery"], second.extensions["celery"]
    assert celery is not other and celery.flask_app is first and other.flask_app is second
    assert (celery.conf.broker_url, celery.conf.task_always_eager) == ("memory://", True)
    assert (other.conf.broker_url, other.conf.task_always_eager) == ("redis://127.0.0.1:1/9", False)
    with first.app_context():
        assert task("reports.build").app is celery
    with second.app_context():
        assert task("reports.build").app is other


def test_a_task_is_sent_after_the_commit_and_dropped_on_rollback(make_app, monkeypatch):
    app = make_app(REDIS_URL=None)
    sent = []
    with app.app_context():
        monkeypatch.setattr(task("audit.prune"), "apply_async", lambda **options: sent.append(options["kwargs"]))
        db.session.execute(select(1))  # a transaction to roll back
        enqueue("audit.prune", round=1)
        db.session.rollback()
        enqueue("audit.prune", round=2)
        assert sent == []
        db.session.commit()
    assert sent == [{"round": 2}]
