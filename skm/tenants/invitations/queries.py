"""Reading a survey's invitations for staff pages and the API (tenant-scoped)."""

from __future__ import annotations

from sqlalchemy import func, select

from skm.extensions import db
from skm.tenants.invitations.models import Invitation
from skm.tenants.surveys.models import ServiceType, Survey


def load_survey(survey_id: int) -> Survey | None:
    """The active tenant's survey ``survey_id`` (None for another tenant's: the guard filters it)."""
    return db.session.scalar(select(Survey).where(Survey.id == survey_id))


def service_type_lookup(survey: Survey) -> dict[str, int]:
    """Lower-case names and ids (as text) of the survey's service types, to the id."""
    lookup = {}
    for service_type in survey.service_types or db.session.scalars(select(ServiceType)):
        lookup[service_type.name.lower()] = service_type.id
        lookup[str(service_type.id)] = service_type.id
    return lookup


def invitation_page(survey: Survey, first: int, size: int) -> tuple[list[Invitation], int]:
    total = db.session.scalar(select(func.count()).select_from(Invitation).where(Invitation.survey_id == survey.id))
    rows = db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)
                              .order_by(Invitation.id).offset(first).limit(size))
    return list(rows), total or 0
