"""Worker tasks on the ``reports`` queue: ids in, the database is the source of truth."""

from __future__ import annotations

from celery import shared_task
from sqlalchemy.exc import OperationalError

from skm.platform.background import send_now
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


@shared_task(base=FlaskTask, bind=True, name="reports.dispatch_schedules")
def dispatch_schedules(self) -> int:
    """Beat: enqueue one small task per tenant schedule due for the last quarter."""
    from datetime import date

    from skm.tenants.reports.schedules import due_schedules

    due = due_schedules(date.today())
    for tenant_id, schedule_id in due:
        send_now("reports.send_scheduled", tenant_id=tenant_id, schedule_id=schedule_id)
    return len(due)


@shared_task(base=TenantTask, bind=True, name="reports.send_scheduled", acks_late=True)
def send_scheduled_report(self, *, tenant_id: int, schedule_id: int) -> None:
    from datetime import date

    from skm.tenants.reports.schedules import send_scheduled

    send_scheduled(schedule_id, date.today())
