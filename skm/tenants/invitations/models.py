"""Invitations: a contact invited to one survey through a single-use link ``/r/<token>``.

The token is random (256 bits) and only its SHA-256 is stored. The response a resident submits
holds no reference back to the invitation: completing only marks the invitation completed.
Contacts are erased a set time after the survey closes (UU 27/2022).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from skm.extensions import db
from skm.platform.data.db_types import UTCDateTime, utcnow
from skm.platform.data.tenancy import TenantScoped
from skm.tenants.surveys.models import Survey

INVITATION_STATUSES = (
    "pending", "sending", "sent", "delivered", "bounced", "failed", "completed", "opted_out",
)
INVITATION_CHANNELS = ("email", "sms", "whatsapp")


class Invitation(TenantScoped, db.Model):
    __tablename__ = "invitations"
    __table_args__ = (
        Index(None, "tenant_id", "survey_id", "status"),
        UniqueConstraint("tenant_id", "survey_id", "email"),
        UniqueConstraint("tenant_id", "survey_id", "phone"),
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL OR erased_at IS NOT NULL", name="contact"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: hex SHA-256 of the link token
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: contact data, erased after the retention period
    email: Mapped[str | None] = mapped_column(String(254))
    #: E.164, e.g. +62812…
    phone: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(200))
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_types.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(2), default="id")
    #: how the invitation is sent: email, sms or whatsapp
    channel: Mapped[str] = mapped_column(String(10))
    #: pending → sending → sent → delivered / bounced / failed; completed; opted_out
    status: Mapped[str] = mapped_column(String(10), default="pending")
    #: why sending failed (a person can act on it)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    reminders_sent: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: random per-invitation nonce from which the link token is derived (see tokens.py)
    token_nonce: Mapped[str | None] = mapped_column(String(32))
    #: when a worker claimed the row for sending (status ``sending``); a stale claim is re-queued
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: what the claim sends: ``invitation`` or ``reminder``
    claimed_kind: Mapped[str | None] = mapped_column(String(10))
    #: a transient failure: retry not before this time (the sweeper leaves the row alone until then)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the provider's id of the last message, to match delivery callbacks
    provider_message_id: Mapped[str | None] = mapped_column(String(100), index=True)

    survey: Mapped[Survey] = relationship()

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def __repr__(self) -> str:
        return f"<Invitation({self.id}, {self.tenant_id}): survey {self.survey_id} {self.status}>"


class OptOut(TenantScoped, db.Model):
    """A contact who asked for no more messages from this tenant.

    Stored by keyed hash, not by address, so it survives the erasure of the contact data.
    """

    __tablename__ = "invitation_opt_outs"
    __table_args__ = (UniqueConstraint("tenant_id", "contact_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: hex HMAC-SHA256 of the normalised email or E.164 phone
    contact_hash: Mapped[str] = mapped_column(String(64))
    #: ``link`` (one-click), ``sms`` (STOP) or ``staff``
    source: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<OptOut({self.id}, {self.tenant_id}): {self.source}>"


class ReminderPolicy(TenantScoped, db.Model):
    """When a survey reminds invitees who have not answered (absent: the defaults below)."""

    __tablename__ = "invitation_reminder_policies"
    __table_args__ = (UniqueConstraint("tenant_id", "survey_id"),)

    DEFAULTS = {"first_after_days": 3, "max_reminders": 2, "interval_days": 3}

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    #: days after the invitation before the first reminder (N)
    first_after_days: Mapped[int] = mapped_column(SmallInteger, default=3)
    #: at most this many reminders (M); 0 disables reminders
    max_reminders: Mapped[int] = mapped_column(SmallInteger, default=2)
    #: at least this many days between two reminders (K)
    interval_days: Mapped[int] = mapped_column(SmallInteger, default=3)

    def __repr__(self) -> str:
        return f"<ReminderPolicy({self.id}, {self.tenant_id}): survey {self.survey_id}>"
