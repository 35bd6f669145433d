"""Reminders: which invitations of a survey are due, and whether the tenant's clock allows sending.

Due: of a survey that still takes answers (see answerable), sent or delivered (so not completed,
opted out, bounced or failed), fewer reminders than the survey's maximum, and the last message at
least N days (first reminder) or K days (later ones) ago. Never outside quiet hours (08:00–20:00
by default) in the tenant's time zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, or_, select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.tenants.invitations.models import Invitation, ReminderPolicy
from skm.workers.answerable import survey_answerable

REMINDABLE = ("sent", "delivered")


def policy_for(survey_id: int) -> dict[str, int]:
    policy = db.session.scalar(select(ReminderPolicy).where(ReminderPolicy.survey_id == survey_id))
    if policy is None:
        return dict(ReminderPolicy.DEFAULTS)
    return {"first_after_days": policy.first_after_days, "max_reminders": policy.max_reminders,
            "interval_days": policy.interval_days}


def within_sending_hours(tenant: Tenant, now: datetime) -> bool:
    start, end = (tenant.settings or {}).get("quiet_hours") or current_app.config["QUIET_HOURS"]
    local = now.astimezone(ZoneInfo(tenant.timezone or "Asia/Jakarta"))
    return start <= local.hour < end


def due_reminders(survey_id: int, now: datetime) -> dict[int, list[int]]:
    """Due invitation ids of the survey grouped by the reminder number they would receive."""
    policy = policy_for(survey_id)
    first = now - timedelta(days=policy["first_after_days"])
    later = now - timedelta(days=policy["interval_days"])
    rows = db.session.execute(select(Invitation.id, Invitation.reminders_sent).where(
        Invitation.survey_id == survey_id, Invitation.status.in_(REMINDABLE), Invitation.completed_at.is_(None),
        Invitation.erased_at.is_(None), Invitation.reminders_sent < policy["max_reminders"], survey_answerable(now),
        or_(and_(Invitation.reminders_sent == 0, Invitation.last_sent_at <= first),
            and_(Invitation.reminders_sent > 0, Invitation.last_sent_at <= later))).order_by(Invitation.id))
    due: dict[int, list[int]] = {}
    for invitation_id, sent in rows:
        due.setdefault(sent + 1, []).append(invitation_id)
    return due
