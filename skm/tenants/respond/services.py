"""What a resident link resolves to, whether it may be answered, and storing the answer.

Resident pages have no logged-in user: the tenant comes from the slug (open and ticket links)
or from the invitation token, and its scope is entered here. :func:`store_answer` is the one way
an answer is stored; it picks one of two roads, described there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from skm.extensions import db
from skm.platform.data.tenancy import enter_tenant_scope
from skm.platform.malls.links import MallDefinition, mall_definition
from skm.tenants.invitations.models import Invitation
from skm.tenants.invitations.services import complete_invitation, find_invitation
from skm.tenants.respond.definitions import SurveyDefinition, TenantDefinition, form_definition, tenant_definition
from skm.tenants.respond.tickets import submission_key as ticket_submission_key
from skm.tenants.responses.models import Response
from skm.tenants.responses.services import ResponseInvalid, Submission, local_today, store, store_if_open, validate
from skm.tenants.surveys.models import Survey

#: the profile questions a form may ask, in form order (``service_type`` posts as ``service_type``)
PROFILE_ORDER = ("service_type", "gender", "age", "education", "occupation")
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")


class LinkUnavailable(Exception):
    """The link cannot be answered; ``reason`` picks the friendly page, ``status`` the HTTP code."""

    def __init__(self, reason: str, status: int, tenant: TenantDefinition | None = None):
        super().__init__(reason)
        self.reason, self.status, self.tenant = reason, status, tenant


@dataclass
class Visit:
    """One resident's way into a survey: which tenant, survey and channel (and its single-use key).

    The tenant is always its definition. The survey is the cached form definition for open, kiosk,
    ticket and mall links, and the ORM row for an invitation, whose answer is stored through the
    ORM (see store_answer and definitions).
    """

    tenant: TenantDefinition
    survey: Survey | SurveyDefinition
    channel: str
    invitation: Invitation | None = None
    ticket_id: str | None = None
    #: the service mall the resident came through (``/m/<mall>/<counter>``)
    mall: MallDefinition | None = None


def open_link_visit(slug: str, code: str, channel: str = "open_link", *, fresh: bool = False) -> Visit:
    """The survey behind ``/s/<slug>/<code>``; 404 (LinkUnavailable) for another tenant's code.

    Its form definition comes from this process's short-lived cache (see definitions), so neither
    the form nor its validation asks the database; ``fresh`` reads it anew.
    """
    found = form_definition(slug, code, fresh=fresh)
    if found is None:
        raise LinkUnavailable("unknown", 404)
    tenant, survey = found
    return _enter(Visit(tenant=tenant, survey=survey, channel=channel))


def mall_visit(mall_slug: str, counter_id: int, channel: str = "open_link") -> Visit:
    """The survey of a mall's counter (``/m/<mall>/<counter>``): the agency's open link, noting the mall.

    404 for an unknown mall or counter (or one of a suspended agency), or a counter whose agency
    has no open survey.
    """
    mall = mall_definition(mall_slug)
    counter = mall.counter(counter_id) if mall else None
    if counter is None:
        raise LinkUnavailable("unknown", 404)
    if counter.survey_code is None:
        raise LinkUnavailable("not_open", 404)
    visit = open_link_visit(counter.tenant_slug, counter.survey_code, channel)
    visit.mall = mall
    return visit


def invitation_visit(token: str) -> Visit:
    """The survey behind ``/r/<token>``: 404 unknown or malformed, 410 used or expired."""
    found = find_invitation(token)
    if found is None:
        raise LinkUnavailable("unknown", 404)
    invitation, tenant = found
    visit = _enter(Visit(tenant=tenant_definition(tenant), survey=invitation.survey, channel="invitation",
                         invitation=invitation))
    if invitation.completed_at is not None:
        raise LinkUnavailable("answered", 410, visit.tenant)
    if invitation.erased_at is not None or invitation.status == "opted_out":
        raise LinkUnavailable("expired", 410, visit.tenant)
    return visit


def ticket_used(visit: Visit) -> bool:
    return _stored_under(visit, ticket_submission_key(visit.ticket_id))


def nonce_used(visit: Visit, nonce: str) -> bool:
    """Whether an answer to this survey was stored under the form nonce ``nonce``."""
    key = _nonce_key(nonce)
    return key is not None and _stored_under(visit, key)


def _stored_under(visit: Visit, submission_key: str) -> bool:
    return db.session.scalar(select(Response.id).where(
        Response.survey_id == visit.survey.id, Response.submission_key == submission_key)) is not None


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


def asked_profile(survey: Survey | SurveyDefinition) -> list[str]:
    """The profile questions this survey asks, in form order."""
    asked = set(survey.profile_fields or ())
    return [name for name in PROFILE_ORDER if name in asked and (name != "service_type" or survey.service_types)]


def read_form(survey: Survey | SurveyDefinition, form: Any, fixed_service_type: int | None = None) -> Submission:
    """A Submission from the posted form: one field per element code, the asked profile fields, the comment."""
    answers = {element.code: form.get(element.code) for element in survey.questionnaire.elements}
    asked = set(survey.profile_fields or ())  # validation checks a given service type against the survey's
    profile = {name: form.get(name) for name in PROFILE_ORDER if name in asked and name != "service_type"}
    service_type = form.get("service_type") if "service_type" in asked else None
    return Submission(answers=answers, service_type_id=service_type or fixed_service_type,
                      comment=form.get("comment"), **profile)


def store_answer(visit: Visit, submission: Submission, nonce: str | None) -> None:
    """Validate and store the answer, committed; nothing more when this form's ``nonce`` was stored before.

    Two roads. An open, kiosk, ticket or mall link stores with the one INSERT of store_if_open,
    which checks that the survey is still open and commits alone, so the ORM session is never
    opened; when it inserts nothing the link is read afresh to tell a repeat from a survey closed
    meanwhile. An invitation marks itself completed (a conditional UPDATE) and inserts the row in
    the ORM's transaction, committed here. The invitation only learns "completed"; the response
    row has no reference to it.

    Raises ResponseInvalid (field errors) or LinkUnavailable (a ticket or invitation answered
    before, a survey closed or a tenant suspended since the form definition was read).
    """
    try:
        values = validate(visit.survey, submission)
    except ResponseInvalid:
        db.session.rollback()  # an invitation's survey rows were read in a transaction
        raise
    submitted_on, key = local_today(visit.tenant), _submission_key(visit, nonce)
    if visit.invitation is not None:
        _store_invited(visit, values, submitted_on, key)
        return
    stored = store_if_open(visit.survey, values, channel=visit.channel, submitted_on=submitted_on,
                           submission_key=key, mall_id=visit.mall.id if visit.mall else None)
    if stored is None:  # rare: a repeat, or the survey is no longer open; only the latter raises
        check_open(open_link_visit(visit.tenant.slug, visit.survey.public_code, fresh=True), submitted_on)
        if visit.ticket_id is not None:
            raise LinkUnavailable("answered", 410, visit.tenant)


def _store_invited(visit: Visit, values: dict[str, Any], submitted_on: date, key: str | None) -> None:
    if not complete_invitation(visit.invitation):
        raise LinkUnavailable("answered", 410, visit.tenant)
    store(visit.survey, values, channel=visit.channel, submitted_on=submitted_on, submission_key=key)
    db.session.commit()


def _submission_key(visit: Visit, nonce: str | None) -> str | None:
    if visit.ticket_id is not None:
        return ticket_submission_key(visit.ticket_id)
    return _nonce_key(nonce)


def _nonce_key(nonce: str | None) -> str | None:
    return f"f:{nonce}" if nonce and NONCE_PATTERN.fullmatch(nonce) else None
