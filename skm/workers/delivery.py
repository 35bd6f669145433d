"""Sending one batch of invitation messages exactly once: claim, send, record.

1. **Claim** (one short transaction): ``UPDATE … SET status='sending' WHERE id IN (SELECT … FOR
   UPDATE SKIP LOCKED)`` over the rows still eligible for this message. A duplicated broker
   message, a concurrent worker or a message already sent finds nothing to claim.
2. **Send** each claimed message over the channel's (reused) connection.
3. **Record** each outcome in its own commit right after the provider accepted it.

A worker killed between 1 and 3 leaves rows in ``sending``; once the claim is older than
MESSAGE_CLAIM_SECONDS the sweeper re-queues them. The only window for a duplicate is a kill
between the provider's acceptance and the commit (well under a millisecond); that duplicate
carries the same Message-ID.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.tenants.invitations.models import Invitation
from skm.tenants.invitations.optout import contact_hash, contact_of, opted_out_hashes
from skm.tenants.surveys.models import Survey
from skm.workers import clock, ratelimit
from skm.workers.channels import PermanentError, TransientError, sender_for
from skm.workers.compose import Sender, compose
from skm.workers.reminders import REMINDABLE

logger = logging.getLogger(__name__)


@dataclass
class BatchOutcome:
    sent: int = 0
    failed: int = 0
    retry_ids: list[int] = field(default_factory=list)
    retry_in: float = 0.0


def _eligible(kind: str, round_: int, now):
    stale = and_(Invitation.status == "sending", Invitation.claimed_kind == kind,
                 Invitation.claimed_at < now - timedelta(seconds=current_app.config["MESSAGE_CLAIM_SECONDS"]))
    if kind == "invitation":
        fresh = Invitation.status == "pending"
    else:
        fresh = and_(Invitation.status.in_(REMINDABLE), Invitation.reminders_sent == round_ - 1,
                     Invitation.completed_at.is_(None))
    return and_(or_(fresh, stale), Invitation.erased_at.is_(None))


def claim(invitation_ids: list[int], kind: str, round_: int) -> list[Invitation]:
    """Claim the still-eligible rows among ``invitation_ids`` for this worker and commit."""
    now = clock.now()
    lockable = (select(Invitation.id).where(Invitation.id.in_(invitation_ids), _eligible(kind, round_, now))
                .with_for_update(skip_locked=True).scalar_subquery())
    claimed = list(db.session.scalars(
        update(Invitation).where(Invitation.id.in_(lockable))
        .values(status="sending", claimed_at=now, claimed_kind=kind, attempts=Invitation.attempts + 1)
        .returning(Invitation.id).execution_options(synchronize_session=False)))
    return list(db.session.scalars(select(Invitation).where(Invitation.id.in_(claimed)).order_by(Invitation.id)))


@dataclass(frozen=True)
class Claimed:
    """What the send loop needs of a claimed row once the claim is committed (rows expire then)."""

    id: int
    channel: str
    attempts: int


def send_batch(tenant_id: int, invitation_ids: list[int], kind: str, round_: int) -> BatchOutcome:
    """Claim, send and record one batch; return what must be retried and when."""
    outcome = BatchOutcome()
    rows = claim(invitation_ids, kind, round_)
    if not rows:
        db.session.commit()
        return outcome
    tenant = db.session.get(Tenant, tenant_id)
    rows = _drop_opted_out(rows)
    surveys = {s.id: s for s in db.session.scalars(select(Survey).where(Survey.id.in_({r.survey_id for r in rows})))}
    messages = [(Claimed(row.id, row.channel, row.attempts), compose(row, _sender(tenant, surveys[row.survey_id]),
                                                                    kind, round_)) for row in rows]
    db.session.commit()  # the claim and any newly issued link tokens
    for channel in {row.channel for row, _ in messages}:
        _send_channel(tenant, channel, [m for m in messages if m[0].channel == channel], kind, round_, outcome)
    return outcome


def _sender(tenant: Tenant, survey: Survey) -> Sender:
    return Sender(tenant.id, tenant.name, survey.title, dict(tenant.settings or {}))


def _drop_opted_out(rows: list[Invitation]) -> list[Invitation]:
    blocked = opted_out_hashes([contact_hash(contact_of(r)) for r in rows])
    for row in rows:
        if contact_hash(contact_of(row)) in blocked:
            row.status, row.claimed_at = "opted_out", None
    return [r for r in rows if r.status != "opted_out"]


def _send_channel(tenant, channel, messages, kind, round_, outcome: BatchOutcome) -> None:
    rate = ratelimit.rate_for(tenant.settings, channel)
    granted = ratelimit.take(tenant.id, channel, len(messages), rate)
    if granted < len(messages):
        waiting = [row.id for row, _ in messages[granted:]]
        _release(waiting, kind, retry_at=None, count_attempt=False)
        outcome.retry_ids += waiting
        outcome.retry_in = max(outcome.retry_in, len(waiting) / rate)
    sender = sender_for(channel)
    for row, message in messages[:granted]:
        try:
            provider_id = sender.send(message)
        except PermanentError as exc:
            _record_failure(row.id, str(exc))
            outcome.failed += 1
        except TransientError as exc:
            _record_transient(row, kind, str(exc), outcome)
        else:
            _record_sent(row.id, kind, round_, provider_id)
            outcome.sent += 1


def _set(invitation_id: int, **values) -> None:
    db.session.execute(update(Invitation).where(Invitation.id == invitation_id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _record_sent(invitation_id: int, kind: str, round_: int, provider_id: str | None) -> None:
    now = clock.now()
    values = {"status": "sent", "last_sent_at": now, "claimed_at": None, "attempts": 0, "failure_reason": None,
              "next_attempt_at": None, "provider_message_id": provider_id}
    if kind == "invitation":
        values["sent_at"] = now
    else:
        values["reminders_sent"] = round_
    _set(invitation_id, **values)


def _record_failure(invitation_id: int, reason: str) -> None:
    logger.info("Invitation %s failed: %s", invitation_id, reason)
    _set(invitation_id, status="failed", failure_reason=reason[:1000], claimed_at=None)


def _record_transient(row: Claimed, kind: str, reason: str, outcome: BatchOutcome) -> None:
    if row.attempts >= current_app.config["MESSAGE_MAX_ATTEMPTS"]:
        _record_failure(row.id, f"{reason} (after {row.attempts} attempts)")
        outcome.failed += 1
        return
    delay = backoff(row.attempts)
    _release([row.id], kind, retry_at=clock.now() + timedelta(seconds=delay), reason=reason)
    outcome.retry_ids.append(row.id)
    outcome.retry_in = max(outcome.retry_in, delay)


def backoff(attempts: int) -> float:
    """Exponential backoff with jitter, capped: base x 2^(attempts-1) x [0.5, 1]."""
    config = current_app.config
    delay = min(config["MESSAGE_RETRY_MAX_SECONDS"], config["MESSAGE_RETRY_BASE_SECONDS"] * 2 ** (attempts - 1))
    return delay * random.uniform(0.5, 1.0)


def _release(ids: list[int], kind: str, *, retry_at, reason: str | None = None, count_attempt: bool = True) -> None:
    """Give claimed rows back (to ``pending``, or ``sent`` for a reminder) for a later attempt."""
    values = {"status": "pending" if kind == "invitation" else "sent", "claimed_at": None,
              "next_attempt_at": retry_at}
    if reason is not None:
        values["failure_reason"] = reason[:1000]
    if not count_attempt:
        values["attempts"] = Invitation.attempts - 1
    db.session.execute(update(Invitation).where(Invitation.id.in_(ids)).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()
