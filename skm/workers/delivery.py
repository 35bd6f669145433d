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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import Connection, String, and_, bindparam, or_, select, text, update

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data import clock
from skm.platform.data.db_types import UTCDateTime
from skm.tenants.invitations.compose import Sender, compose
from skm.tenants.invitations.models import Invitation
from skm.tenants.invitations.optout import contact_hash, contact_of, opted_out_hashes
from skm.tenants.surveys.models import Survey
from skm.workers import ratelimit
from skm.workers.answerable import survey_answerable
from skm.workers.channels import PermanentError, TransientError, sender_for
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
    return and_(or_(fresh, stale), Invitation.erased_at.is_(None), survey_answerable(now))


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
    senders = {survey_id: Sender.of(tenant, survey) for survey_id, survey in surveys.items()}
    messages = [(Claimed(row.id, row.channel, row.attempts), compose(row, senders[row.survey_id], kind, round_))
                for row in rows]
    settings = dict(tenant.settings or {})
    db.session.commit()  # the claim and any newly issued link tokens
    db.session.expunge_all()  # nothing to expire at each of the per-message commits below
    with marks_connection(tenant_id) as marks:
        for channel in {row.channel for row, _ in messages}:
            _send_channel(marks, tenant_id, settings, channel, [m for m in messages if m[0].channel == channel],
                          kind, round_, outcome)
    return outcome


@contextmanager
def marks_connection(tenant_id: int) -> Iterator[Connection]:
    """An autocommit connection for the per-message outcome of ``tenant_id``: one round trip per message.

    On PostgreSQL it commits asynchronously (``synchronous_commit = off``): the commit returns
    before the WAL is flushed, so only a crash of the *database server* within a fraction of a
    second could lose a "sent" mark (and resend that message); a killed worker cannot. Each
    autocommitted statement is its own transaction, so the tenant for row security is set for
    the connection's session here, and reset with the rest before the pool lends it again.
    """
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET synchronous_commit TO OFF"))
            connection.execute(text("SELECT set_config('skm.tenant_id', :tenant, false)"), {"tenant": str(tenant_id)})
        try:
            yield connection
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("RESET synchronous_commit"))
                connection.execute(text("RESET skm.tenant_id"))


def _drop_opted_out(rows: list[Invitation]) -> list[Invitation]:
    blocked = opted_out_hashes([contact_hash(contact_of(r)) for r in rows])
    for row in rows:
        if contact_hash(contact_of(row)) in blocked:
            row.status, row.claimed_at = "opted_out", None
    return [r for r in rows if r.status != "opted_out"]


def _send_channel(marks, tenant_id, settings, channel, messages, kind, round_, outcome: BatchOutcome) -> None:
    rate = ratelimit.rate_for(settings, channel)
    granted = ratelimit.take(tenant_id, channel, len(messages), rate)
    if granted < len(messages):
        waiting = [row.id for row, _ in messages[granted:]]
        _release(marks, tenant_id, waiting, kind, retry_at=None, count_attempt=False)
        outcome.retry_ids += waiting
        outcome.retry_in = max(outcome.retry_in, len(waiting) / rate)
    sender = sender_for(channel)
    for row, message in messages[:granted]:
        try:
            provider_id = sender.send(message)
        except PermanentError as exc:
            _record_failure(marks, tenant_id, row.id, str(exc))
            outcome.failed += 1
        except TransientError as exc:
            _record_transient(marks, tenant_id, row, kind, str(exc), outcome)
        else:
            _record_sent(marks, tenant_id, row.id, kind, round_, provider_id)
            outcome.sent += 1


def _set(marks: Connection, tenant_id: int, ids: list[int], **values) -> None:
    """Update claimed rows on the autocommit connection (Core: the tenant is named explicitly)."""
    marks.execute(update(Invitation).where(Invitation.tenant_id == tenant_id, Invitation.id.in_(ids)).values(**values))


def _sent_statement(kind: str):
    """The hot path's UPDATE, built once per kind so SQLAlchemy compiles it once (bound parameters)."""
    values = {"status": "sent", "last_sent_at": bindparam("now", type_=UTCDateTime), "claimed_at": None,
              "attempts": 0, "failure_reason": None, "next_attempt_at": None,
              "provider_message_id": bindparam("provider_id", type_=String)}
    if kind == "invitation":
        values["sent_at"] = bindparam("now", type_=UTCDateTime)
    else:
        values["reminders_sent"] = bindparam("round_")
    return update(Invitation).where(Invitation.tenant_id == bindparam("b_tenant_id"),
                                    Invitation.id == bindparam("invitation_id")).values(**values)


SENT = {kind: _sent_statement(kind) for kind in ("invitation", "reminder")}


def _record_sent(marks, tenant_id: int, invitation_id: int, kind: str, round_: int, provider_id: str | None) -> None:
    marks.execute(SENT[kind], {"now": clock.now(), "provider_id": provider_id, "round_": round_,
                               "b_tenant_id": tenant_id, "invitation_id": invitation_id})


def _record_failure(marks, tenant_id: int, invitation_id: int, reason: str) -> None:
    logger.info("Invitation %s failed: %s", invitation_id, reason)
    _set(marks, tenant_id, [invitation_id], status="failed", failure_reason=reason[:1000], claimed_at=None)


def _record_transient(marks, tenant_id: int, row: Claimed, kind: str, reason: str, outcome: BatchOutcome) -> None:
    if row.attempts >= current_app.config["MESSAGE_MAX_ATTEMPTS"]:
        _record_failure(marks, tenant_id, row.id, f"{reason} (after {row.attempts} attempts)")
        outcome.failed += 1
        return
    delay = backoff(row.attempts)
    _release(marks, tenant_id, [row.id], kind, retry_at=clock.now() + timedelta(seconds=delay), reason=reason)
    outcome.retry_ids.append(row.id)
    outcome.retry_in = max(outcome.retry_in, delay)


def backoff(attempts: int) -> float:
    """Exponential backoff with jitter, capped: base x 2^(attempts-1) x [0.5, 1]."""
    config = current_app.config
    delay = min(config["MESSAGE_RETRY_MAX_SECONDS"], config["MESSAGE_RETRY_BASE_SECONDS"] * 2 ** (attempts - 1))
    return delay * random.uniform(0.5, 1.0)


def _release(marks, tenant_id: int, ids: list[int], kind: str, *, retry_at, reason: str | None = None,
             count_attempt: bool = True) -> None:
    """Give claimed rows back (to ``pending``, or ``sent`` for a reminder) for a later attempt."""
    values = {"status": "pending" if kind == "invitation" else "sent", "claimed_at": None,
              "next_attempt_at": retry_at}
    if reason is not None:
        values["failure_reason"] = reason[:1000]
    if not count_attempt:
        values["attempts"] = Invitation.attempts - 1
    _set(marks, tenant_id, ids, **values)
