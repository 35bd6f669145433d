"""The regency report, built on the ``reports`` queue like the agencies' reports."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy.exc import OperationalError

from skm.workers.celery_app import FlaskTask


@shared_task(base=FlaskTask, bind=True, name="reports.build_regency", acks_late=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def build_regency_report(self, *, report_id: int) -> None:
    """Build one regency report (a no-op when it is already done)."""
    from skm.platform.oversight.reports import build

    build(report_id)
