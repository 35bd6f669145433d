"""Reminders: which invitations of a survey are due, and whether the tenant's clock allows sending.

Due: of a survey that still takes answers (see answerable), sent or delivered (so not completed,
opted out, bounced or failed), fewer reminders than the survey's maximum, and the last message at
least N days (first reminder) or K days (later ones) ago (the survey's policy, else the agency's
settings). Never outside the sending hours (08:00–20:00 by default) in the tenant's time zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.tenants.invitations.models import Invitation, ReminderPolicy
from skm.tenants.settings.stored import settings_view
from skm.tenants.surveys.models import Survey
from skm.workers.answerable import survey_answerable

REMINDABLE = ("sent", "delivered")


def policy_for(survey_id: int) -> dict[str, int]:
    """The survey's own reminder policy, else the one in its agency's settings."""
    policy = db.session.scalar(select(ReminderPolicy).where(ReminderPolicy.survey_id == survey_id))
    if policy is not None:
        return {"first_after_days": policy.first_after_days, "max_reminders": policy.max_reminders,
                "interval_days": policy.interval_days}
    tenant = db.session.scalar(select(Tenant).join(Survey, Survey.tenant_id == Tenant.id).where(Survey.id == survey_id))
    agency = settings_view(tenant.settings)
    return {"first_after_days": agency["reminder_first_after_days"], "max_reminders": agency["reminder_max"],
            "interval_days": agency["reminder_interval_days"]}


def within_sending_hours(tenant: Tenant, now: datetime) -> bool:
    """Whether ``now`` is inside the agency's sending hours (its settings; 08:00–20:00 by default), local time."""
    agency = settings_view(tenant.settings)
    local = now.astimezone(ZoneInfo(tenant.timezone or "Asia/Jakarta"))
    return agency["send_from_hour"] <= local.hour < agency["send_until_hour"]


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
