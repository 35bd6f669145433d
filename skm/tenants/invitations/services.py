"""Invitations: create one with its link token, find the invitation behind a token, complete it.

Link tokens are 256-bit HMACs derived from a per-invitation nonce (see ``tokens.py``); only
their SHA-256 is stored, so a database leak does not reveal working links. Functions flush;
callers commit.
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import contains_eager

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.data.db_types import utcnow
from skm.platform.data.tenancy import ALL_TENANTS, platform_scope, tenant_scope
from skm.tenants.invitations.models import INVITATION_CHANNELS, Invitation
from skm.tenants.invitations.tokens import hash_token, new_link
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.surveys.models import Survey

#: the shape of a token issued here (43 URL-safe characters); anything else is 404 without a query
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def create_invitation(survey: Survey, *, email: str | None = None, phone: str | None = None,
                      name: str | None = None, service_type_id: int | None = None, language: str = "id",
                      channel: str) -> tuple[Invitation, str]:
    """Store a pending invitation to ``survey`` (active tenant); return it and its link token.

    The token is returned once, to be put in the message; it cannot be recovered later.
    """
    assert channel in INVITATION_CHANNELS, channel
    invitation = Invitation(survey_id=survey.id, email=email, phone=phone, name=name,
                            service_type_id=service_type_id, language=language, channel=channel)
    token = new_link(invitation)
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def find_invitation(token: str) -> tuple[Invitation, Tenant] | None:
    """The invitation behind a link token with its tenant, or None (malformed or unknown).

    Its survey, questionnaire and elements come in the same query (the resident form needs them).
    The tenant is not known before the token is resolved, so this lookup alone crosses
    tenants (by the unique hash); callers enter the returned tenant's scope right after.
    """
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return None
    digest = hash_token(token)
    with platform_scope("invitation link: the tenant of its token"):
        tenant_id = db.session.scalar(select(Invitation.tenant_id).where(Invitation.token_hash == digest)
                                      .execution_options(**ALL_TENANTS))
    if tenant_id is None:
        return None
    with tenant_scope(tenant_id):
        row = db.session.execute(
            select(Invitation, Tenant)
            .join(Invitation.survey)
            .join(Tenant, Tenant.id == Invitation.tenant_id)
            .options(contains_eager(Invitation.survey).joinedload(Survey.questionnaire)
                     .joinedload(Questionnaire.elements),
                     contains_eager(Invitation.survey).joinedload(Survey.service_types))
            .where(Invitation.token_hash == digest)
        ).unique().first()
    return None if row is None else (row[0], row[1])


def complete_invitation(invitation: Invitation) -> bool:
    """Mark the invitation completed unless it already is; False when another request won.

    A conditional UPDATE (not read-then-write), so two simultaneous submits of one link
    cannot both count: the second waits on the row lock and then changes nothing.
    """
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.completed_at.is_(None))
        .values(status="completed", completed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
