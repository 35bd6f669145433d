"""What a resident link resolves to, whether it may be answered, and storing the answer.

Resident pages have no logged-in user: the tenant comes from the slug (open and ticket links)
or from the invitation token, and its scope is entered here. The submit path costs one SELECT
(tenant, survey, questionnaire and elements together) and one INSERT (plus the invitation's
conditional UPDATE in the same transaction).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.platform.tenancy import enter_tenant_scope
from skm.tenants.invitations.models import Invitation
from skm.tenants.invitations.services import complete_invitation, find_invitation
from skm.tenants.questionnaires.models import Questionnaire
from skm.tenants.respond.tickets import submission_key as ticket_submission_key
from skm.tenants.responses.models import Response
from skm.tenants.responses.services import Submission, local_today, store, validate
from skm.tenants.surveys.models import Survey

#: the profile questions a form may ask, in form order (``service_type`` posts as ``service_type``)
PROFILE_ORDER = ("service_type", "gender", "age", "education", "occupation")
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")


class LinkUnavailable(Exception):
    """The link cannot be answered; ``reason`` picks the friendly page, ``status`` the HTTP code."""

    def __init__(self, reason: str, status: int, tenant: Tenant | None = None):
        super().__init__(reason)
        self.reason, self.status, self.tenant = reason, status, tenant


@dataclass
class Visit:
    """One resident's way into a survey: which tenant, survey and channel (and its single-use key)."""

    tenant: Tenant
    survey: Survey
    channel: str
    invitation: Invitation | None = None
    ticket_id: str | None = None


def open_link_visit(slug: str, code: str, channel: str = "open_link") -> Visit:
    """The survey behind ``/s/<slug>/<code>``; 404 (LinkUnavailable) for another tenant's code.

    One query brings the tenant, survey, questionnaire, elements and service types (elements ×
    service types rows, a few dozen at most), so neither the form nor its validation asks again.
    """
    row = db.session.execute(
        select(Survey, Tenant)
        .join(Tenant, Tenant.id == Survey.tenant_id)
        .options(joinedload(Survey.questionnaire).joinedload(Questionnaire.elements),
                 joinedload(Survey.service_types))
        .where(Tenant.slug == slug, Survey.public_code == code)
        .execution_options(all_tenants=True)  # the slug names the tenant; scope is entered below
    ).unique().first()
    if row is None:
        raise LinkUnavailable("unknown", 404)
    return _enter(Visit(tenant=row[1], survey=row[0], channel=channel))


def invitation_visit(token: str) -> Visit:
    """The survey behind ``/r/<token>``: 404 unknown or malformed, 410 used or expired."""
    found = find_invitation(token)
    if found is None:
        raise LinkUnavailable("unknown", 404)
    invitation, tenant = found
    visit = _enter(Visit(tenant=tenant, survey=invitation.survey, channel="invitation", invitation=invitation))
    if invitation.completed_at is not None:
        raise LinkUnavailable("answered", 410, tenant)
    if invitation.erased_at is not None or invitation.status == "opted_out":
        raise LinkUnavailable("expired", 410, tenant)
    return visit


def ticket_used(visit: Visit) -> bool:
    return db.session.scalar(select(Response.id).where(
        Response.survey_id == visit.survey.id,
        Response.submission_key == ticket_submission_key(visit.ticket_id))) is not None


def _enter(visit: Visit) -> Visit:
    if not visit.tenant.is_active:
        raise LinkUnavailable("unknown", 404)  # a suspended tenant serves nothing to residents
    enter_tenant_scope(visit.tenant.id)
    return visit


def check_open(visit: Visit, today: date | None = None) -> None:
    """Refuse a survey that is not answerable today: 404 before it opens, 410 once it closed."""
    survey = visit.survey
    today = today or local_today(visit.tenant)
    if survey.status == "closed" or today > survey.ends_on:
        raise LinkUnavailable("closed" if visit.invitation is None else "expired", 410, visit.tenant)
    if survey.status != "open" or today < survey.starts_on:
        raise LinkUnavailable("not_open", 404, visit.tenant)


def new_nonce() -> str:
    """A random key per rendered form: a double submit of that form stores one response."""
    return secrets.token_urlsafe(16)


def asked_profile(survey: Survey) -> list[str]:
    """The profile questions this survey asks, in form order."""
    asked = set(survey.profile_fields or ())
    return [name for name in PROFILE_ORDER if name in asked and (name != "service_type" or survey.service_types)]


def read_form(survey: Survey, form: Any, fixed_service_type: int | None = None) -> Submission:
    """A Submission from the posted form: one field per element code, the asked profile fields, the comment."""
    answers = {element.code: form.get(element.code) for element in survey.questionnaire.elements}
    asked = set(survey.profile_fields or ())  # validation checks a given service type against the survey's
    profile = {name: form.get(name) for name in PROFILE_ORDER if name in asked and name != "service_type"}
    service_type = form.get("service_type") if "service_type" in asked else None
    return Submission(answers=answers, service_type_id=service_type or fixed_service_type,
                      comment=form.get("comment"), **profile)


def submit(visit: Visit, submission: Submission, nonce: str | None) -> Response | None:
    """Validate and store the answer; None when this form or ticket was already stored.

    Raises ResponseInvalid (field errors) or LinkUnavailable (an invitation answered meanwhile).
    The invitation only learns "completed"; the response row has no reference to it.
    """
    values = validate(visit.survey, submission)
    if visit.invitation is not None and not complete_invitation(visit.invitation):
        raise LinkUnavailable("answered", 410, visit.tenant)
    return store(visit.survey, values, channel=visit.channel, submitted_on=local_today(visit.tenant),
                 submission_key=_submission_key(visit, nonce))


def _submission_key(visit: Visit, nonce: str | None) -> str | None:
    if visit.ticket_id is not None:
        return ticket_submission_key(visit.ticket_id)
    if nonce and NONCE_PATTERN.fullmatch(nonce):
        return f"f:{nonce}"
    return None
