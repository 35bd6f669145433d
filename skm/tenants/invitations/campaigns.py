"""Invitation campaigns: store validated contacts as pending invitations and queue their sending.

The database is the source of truth: rows exist (status ``pending``) before any task is queued,
tasks are queued only after the commit and carry ids only, and a beat sweeper re-queues what a
lost broker message or a dead worker left behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.audit import record
from skm.platform.background import enqueue
from skm.platform.inputs.errors import InputError
from skm.tenants.invitations.contacts import Contact, ContactList
from skm.tenants.invitations.models import INVITATION_STATUSES, Invitation
from skm.tenants.invitations.optout import contact_hash, opted_out_hashes
from skm.tenants.invitations.services import create_invitation
from skm.tenants.responses.services import local_today
from skm.tenants.settings.stored import settings_view
from skm.tenants.surveys.models import Survey

BATCH_SIZE = 200
"""Invitations per send task: enough to amortise a task (50 gave 0.65 of a bare SMTP client loop, 200 gave
0.85), few enough that a retried or re-queued task redoes little."""


@dataclass
class CampaignResult:
    accepted: int = 0
    merged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "merged": self.merged, "invited": len(self.new_ids),
                "rejected": sorted(self.rejected, key=lambda r: r["index"])}


def channel_for(contact: Contact, phone_channel: str) -> str:
    """Email when there is one; else the agency's channel for phone numbers (``default_channel``)."""
    return "email" if contact.email else phone_channel


def add_contacts(tenant: Tenant, survey: Survey, contacts: ContactList) -> CampaignResult:
    """Store ``contacts`` as pending invitations of ``survey``; flush, do not commit.

    Contacts already invited to the survey are merged (not invited again); contacts who opted
    out of this tenant are rejected.
    """
    result = CampaignResult(rejected=list(contacts.rejected), merged=contacts.merged)
    phone_channel = settings_view(tenant.settings)["default_channel"]
    existing = _existing_contacts(survey, contacts.contacts)
    opted_out = opted_out_hashes([contact_hash(c) for x in contacts.contacts for c in (x.email, x.phone) if c])
    for contact in contacts.contacts:
        keys = [k for k in (contact.email, contact.phone) if k]
        if any(contact_hash(k) in opted_out for k in keys):
            result.rejected.append({"index": contact.index, "reason": _("Kontak ini telah berhenti berlangganan")})
            continue
        result.accepted += 1
        if any(k in existing for k in keys):
            result.merged += 1
            continue
        invitation, _token = create_invitation(
            survey, email=contact.email, phone=contact.phone, name=contact.name,
            service_type_id=contact.service_type_id, language=contact.language,
            channel=channel_for(contact, phone_channel))
        existing.update(keys)
        result.new_ids.append(invitation.id)
    result.accepted += contacts.merged
    record("invitations.uploaded", target=survey, accepted=result.accepted, new=len(result.new_ids),
           merged=result.merged, rejected=len(result.rejected))
    return result


def _existing_contacts(survey: Survey, contacts: list[Contact]) -> set[str]:
    emails = [c.email for c in contacts if c.email]
    phones = [c.phone for c in contacts if c.phone]
    rows = db.session.execute(select(Invitation.email, Invitation.phone).where(
        Invitation.survey_id == survey.id, or_(Invitation.email.in_(emails), Invitation.phone.in_(phones))))
    return {value for row in rows for value in row if value}


def queue_sending(tenant_id: int, invitation_ids: list[int]) -> None:
    """Queue the sending of ``invitation_ids`` in batches, once the transaction commits."""
    for batch in sending_batches(tenant_id, invitation_ids):
        enqueue("messages.send", **batch)


def sending_batches(tenant_id: int, invitation_ids: list[int], kind: str = "invitation",
                    reminder: int = 0) -> Iterator[dict[str, Any]]:
    """The arguments of the ``messages.send`` tasks that send ``invitation_ids``, BATCH_SIZE per task."""
    for start in range(0, len(invitation_ids), BATCH_SIZE):
        yield {"tenant_id": tenant_id, "invitation_ids": invitation_ids[start:start + BATCH_SIZE], "kind": kind,
               "reminder": reminder}


def send_pending(tenant: Tenant, survey: Survey) -> int:
    """Queue every pending invitation of ``survey`` and return how many; refused while it takes no answers.

    Its links would answer 410 (the workers skip such rows too, see skm/workers/answerable.py).
    """
    if survey.status != "open" or local_today(tenant) > survey.ends_on:
        raise InputError("survey", _l("Survei ini sedang tidak menerima jawaban, jadi undangan tidak dikirim."),
                         conflict=True)
    return send_invitations(tenant, survey, pending_ids(survey))


def send_invitations(tenant: Tenant, survey: Survey, invitation_ids: list[int]) -> int:
    """Queue the sending of ``invitation_ids`` of ``survey`` after commit, audited; return how many."""
    queue_sending(tenant.id, invitation_ids)
    record("invitations.sent", target=survey, count=len(invitation_ids))
    return len(invitation_ids)


def pending_ids(survey: Survey) -> list[int]:
    return list(db.session.scalars(select(Invitation.id).where(
        Invitation.survey_id == survey.id, Invitation.status == "pending").order_by(Invitation.id)))


def status_counts(survey: Survey) -> dict[str, int]:
    """Invitations of ``survey`` per status (every status present, zeros included)."""
    rows = db.session.execute(select(Invitation.status, func.count()).where(Invitation.survey_id == survey.id)
                              .group_by(Invitation.status))
    counts = dict.fromkeys(INVITATION_STATUSES, 0)
    counts.update({status: n for status, n in rows})
    return counts
