"""Worker tasks on the ``reports`` queue: ids in, the database is the source of truth."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy.exc import OperationalError

from skm.workers.celery_app import FlaskTask, TenantTask


@shared_task(base=TenantTask, bind=True, name="reports.build", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def build_report(self, *, tenant_id: int, report_id: int) -> None:
    """Build one report (a no-op when it is already done)."""
    from skm.tenants.reports.services import build

    build(report_id)


@shared_task(base=FlaskTask, bind=True, name="reports.purge_expired")
def purge_expired_reports(self) -> int:
    """Beat: delete the files of expired reports across all tenants."""
    from skm.tenants.reports.services import purge_expired

    return purge_expired()
