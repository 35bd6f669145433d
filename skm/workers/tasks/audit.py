"""The audit log's retention."""

from celery import shared_task
from sqlalchemy.exc import OperationalError

from skm.workers.celery_app import FlaskTask


@shared_task(base=FlaskTask, name="audit.prune", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def prune_audit_log() -> int:
    """Delete audit entries older than SKM_AUDIT_RETENTION_DAYS (safe to run twice)."""
    from skm.platform.audit.retention import prune

    return prune()
