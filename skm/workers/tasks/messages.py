"""Message tasks (queue ``messages``): send batches, sweep stuck rows, remind, erase old contacts.

Tasks carry ids only and run in their tenant's scope; the periodic ones (see skm/workers/schedule.py) are
dispatchers that look across tenants (``all_tenants`` inside ``platform_scope``, logged) and enqueue
small per-tenant tasks.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from flask import current_app
from sqlalchemy import and_, case, or_, select, update

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.background import send_now
from skm.platform.data import clock
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope
from skm.tenants.invitations.campaigns import sending_batches
from skm.tenants.invitations.models import Invitation
from skm.tenants.surveys.models import Survey
from skm.workers.answerable import survey_answerable
from skm.workers.celery_app import FlaskTask, TenantTask
from skm.workers.delivery import send_batch
from skm.workers.reminders import due_reminders, within_sending_hours

logger = logging.getLogger(__name__)


@shared_task(base=TenantTask, bind=True, name="messages.send", acks_late=True, max_retries=None)
def send_messages(self, *, tenant_id: int, invitation_ids: list[int], kind: str = "invitation",
                  reminder: int = 0) -> dict:
    """Send one message of ``kind`` (``invitation``, or ``reminder`` number ``reminder``) to each invitation."""
    if kind == "reminder" and not within_sending_hours(db.session.get(Tenant, tenant_id), clock.now()):
        return {"sent": 0, "deferred": len(invitation_ids)}  # the next dispatch in sending hours re-queues
    outcome = send_batch(tenant_id, invitation_ids, kind, reminder)
    if outcome.retry_ids and not self.request.is_eager:
        raise self.retry(kwargs={"tenant_id": tenant_id, "invitation_ids": outcome.retry_ids, "kind": kind,
                                 "reminder": reminder}, countdown=max(1.0, outcome.retry_in))
    return {"sent": outcome.sent, "failed": outcome.failed, "retry": len(outcome.retry_ids)}


def queue_now(tenant_id: int, invitation_ids: list[int], kind: str = "invitation", round_: int = 0) -> None:
    """Queue ``invitation_ids`` now (callers outside a web transaction: the sweeper and dispatchers)."""
    for batch in sending_batches(tenant_id, invitation_ids, kind, round_):
        send_now("messages.send", **batch)


@shared_task(base=FlaskTask, name="messages.sweep", acks_late=True)
def sweep() -> int:
    """Re-queue invitations left pending (a lost broker message, Redis down) or stuck in ``sending``.

    Only those of a survey that still takes answers: the claim would skip the others, every minute.
    Stale claims of the others are given back (see :func:`_release_unanswerable_claims`).
    """
    now = clock.now()
    stale = now - timedelta(seconds=current_app.config["MESSAGE_CLAIM_SECONDS"])
    with platform_scope("messages.sweep: every tenant's stale invitations"):
        _release_unanswerable_claims(now, stale)
        rows = _sweepable(now, stale)
    groups: dict[tuple[int, str, int], list[int]] = {}
    for tenant_id, invitation_id, claimed_kind, reminders_sent in rows:
        is_reminder = claimed_kind == "reminder"
        key = (tenant_id, "reminder", reminders_sent + 1) if is_reminder else (tenant_id, "invitation", 0)
        groups.setdefault(key, []).append(invitation_id)
    for (tenant_id, kind, round_), ids in groups.items():
        queue_now(tenant_id, ids, kind, round_)
    if rows:
        logger.info("Sweeper re-queued %s invitations", len(rows))
    return len(rows)


def _sweepable(now, stale) -> list:
    """(tenant, invitation, claimed kind, reminders sent) of every invitation the sweeper re-queues."""
    grace = now - timedelta(seconds=current_app.config["MESSAGE_SWEEP_GRACE_SECONDS"])
    rows = db.session.execute(select(Invitation.tenant_id, Invitation.id, Invitation.claimed_kind,
                                     Invitation.reminders_sent).where(or_(
        and_(Invitation.status == "pending", Invitation.created_at <= grace,
             or_(Invitation.next_attempt_at.is_(None), Invitation.next_attempt_at <= now)),
        and_(Invitation.status == "sending", Invitation.claimed_at < stale)), survey_answerable(now))
        .order_by(Invitation.id)
        .execution_options(**ALL_TENANTS)).all()
    db.session.rollback()
    return rows


def _release_unanswerable_claims(now, stale) -> None:
    """Give stale claims of surveys that stopped taking answers back to ``pending`` (or ``sent`` for a reminder).

    A worker killed mid-batch left them in ``sending``; nothing will send them now, so the staff
    page should not show them as being sent for ever.
    """
    db.session.execute(
        update(Invitation)
        .where(Invitation.status == "sending", Invitation.claimed_at < stale, ~survey_answerable(now))
        .values(status=case((Invitation.claimed_kind == "reminder", "sent"), else_="pending"), claimed_at=None)
        .execution_options(synchronize_session=False, **ALL_TENANTS))
    db.session.commit()


@shared_task(base=FlaskTask, name="messages.dispatch_reminders", acks_late=True)
def dispatch_reminders() -> int:
    """Queue one reminder task per open survey of every tenant now inside its sending hours."""
    now = clock.now()
    with platform_scope("messages.dispatch_reminders: every tenant's open surveys"):
        surveys = db.session.execute(select(Survey.tenant_id, Survey.id).join(Tenant, Tenant.id == Survey.tenant_id)
                                     .where(Survey.status == "open", Tenant.status == "active")
                                     .execution_options(**ALL_TENANTS)).all()
    tenants = {t.id: t for t in db.session.scalars(select(Tenant).where(Tenant.id.in_({s[0] for s in surveys})))}
    queued = [(t, s) for t, s in surveys if within_sending_hours(tenants[t], now)]
    db.session.rollback()
    for tenant_id, survey_id in queued:
        send_now("messages.remind_survey", tenant_id=tenant_id, survey_id=survey_id)
    return len(queued)


@shared_task(base=TenantTask, name="messages.remind_survey", acks_late=True)
def remind_survey(*, tenant_id: int, survey_id: int) -> int:
    due = due_reminders(survey_id, clock.now())
    db.session.rollback()
    for round_, ids in due.items():
        queue_now(tenant_id, ids, "reminder", round_)
    return sum(len(ids) for ids in due.values())


@shared_task(base=FlaskTask, name="messages.erase_contacts", acks_late=True)
def erase_contacts() -> int:
    """Erase the contacts of surveys closed more than CONTACT_RETENTION_DAYS ago (responses stay)."""
    now = clock.now()
    cutoff = now - timedelta(days=current_app.config["CONTACT_RETENTION_DAYS"])
    closed = select(Survey.id).where(Survey.status == "closed", Survey.closed_at <= cutoff).scalar_subquery()
    with platform_scope("messages.erase_contacts: every tenant's contacts past retention"):
        result = db.session.execute(update(Invitation)
                                    .where(Invitation.survey_id.in_(closed), Invitation.erased_at.is_(None))
                                    .values(email=None, phone=None, name=None, erased_at=now)
                                    .execution_options(synchronize_session=False, **ALL_TENANTS))
        db.session.commit()
    logger.info("Erased the contacts of %s invitations", result.rowcount)
    return result.rowcount
