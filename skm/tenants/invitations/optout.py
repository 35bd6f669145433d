"""Opt-outs: a contact who said "no more messages" gets nothing more from that tenant.

Opt-outs are stored as a keyed hash of the contact, so they outlive the erasure of contact data
(UU 27/2022) while the table alone reveals no addresses. The one-click link carries a signed
(tenant, hash) pair, so it keeps working after the invitation row's contact is erased.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from skm.extensions import db
from skm.tenants.invitations.models import Invitation, OptOut

FINAL_STATUSES = ("completed", "opted_out")


def contact_hash(contact: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"contact:" + contact.strip().lower().encode(), hashlib.sha256).hexdigest()


def contact_of(invitation: Invitation) -> str | None:
    return invitation.email or invitation.phone


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="skm-opt-out")


def unsubscribe_token(invitation: Invitation) -> str:
    return _serializer().dumps([invitation.tenant_id, invitation.id, contact_hash(contact_of(invitation))])


def read_unsubscribe_token(token: str) -> tuple[int, int, str] | None:
    """``(tenant_id, invitation_id, contact_hash)`` from a one-click link, or None when forged."""
    try:
        tenant_id, invitation_id, hashed = _serializer().loads(token)
        return int(tenant_id), int(invitation_id), str(hashed)
    except (BadSignature, ValueError, TypeError):
        return None


def opted_out_hashes(hashes: list[str]) -> set[str]:
    """Which of ``hashes`` opted out of the active tenant."""
    if not hashes:
        return set()
    return set(db.session.scalars(select(OptOut.contact_hash).where(OptOut.contact_hash.in_(hashes))))


def is_opted_out(contact: str) -> bool:
    return bool(opted_out_hashes([contact_hash(contact)]))


def record_opt_out(hashed: str, source: str, contact: str | None = None) -> None:
    """Store the opt-out (once) in the active tenant and stop its unfinished invitations to that contact.

    With the plain ``contact`` the invitations are found by address; without it (a link whose
    invitation was erased) by hashing the remaining contacts.
    """
    if not opted_out_hashes([hashed]):
        try:
            with db.session.begin_nested():
                db.session.add(OptOut(contact_hash=hashed, source=source))
        except IntegrityError:
            pass  # a concurrent opt-out of the same contact won
    unfinished = select(Invitation.id, Invitation.email, Invitation.phone).where(
        Invitation.status.not_in(FINAL_STATUSES))
    if contact is not None:
        ids = list(db.session.scalars(select(Invitation.id).where(
            Invitation.status.not_in(FINAL_STATUSES), or_(Invitation.email == contact, Invitation.phone == contact))))
    else:
        ids = [row.id for row in db.session.execute(unfinished)
               if hashed in {contact_hash(c) for c in (row.email, row.phone) if c}]
    if ids:
        db.session.execute(update(Invitation).where(Invitation.id.in_(ids))
                           .values(status="opted_out", claimed_at=None).execution_options(synchronize_session=False))
