"""Shared set-up of the resident tests: an open survey answerable today, links to it."""

from __future__ import annotations

from datetime import timedelta

from skm.extensions import db
from skm.platform.data.tenancy import tenant_scope
from skm.tenants.invitations.services import create_invitation
from skm.tenants.responses.services import local_today
from tests.factories import make_survey

ANSWERS = {f"U{i}": str(1 + i % 4) for i in range(1, 10)}


def open_survey(tenant, **kwargs):
    """A committed survey of ``tenant`` whose period includes today (status open unless given)."""
    with tenant_scope(tenant.id):
        survey = make_survey(**kwargs)
        today = local_today(tenant)
        survey.starts_on, survey.ends_on = today - timedelta(days=10), today + timedelta(days=20)
        db.session.commit()
        return survey


def invite(tenant, survey, email: str = "warga@mail.id") -> str:
    """A committed invitation; returns its token."""
    with tenant_scope(tenant.id):
        _, token = create_invitation(survey, email=email, channel="email")
        db.session.commit()
    return token


def form(nonce: str = "n" * 22, **changes) -> dict:
    data = {**ANSWERS, "nonce": nonce}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
