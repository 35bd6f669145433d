"""What staff should know before closing a survey (final) or opening one (periods may overlap)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.tenants.invitations.models import Invitation
from skm.tenants.responses.models import Response
from skm.tenants.responses.services import local_today
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.models import Survey

#: invitations whose link a resident could still use; closing turns them into "closed" pages
ANSWERABLE_INVITATIONS = ("pending", "sending", "sent", "delivered")


@dataclass(frozen=True)
class ClosingSummary:
    """The counts the confirmation page shows."""

    respondents: int
    #: Krejcie & Morgan target for the survey's population, None without a population
    sample_target: int | None
    #: invitations sent or about to be sent and not answered: their links stop working
    unanswered_invitations: int
    #: days of the period after today (0 when the period ends today or has ended)
    days_left: int
    #: contacts are erased this many days after closing
    retention_days: int

    @property
    def below_target(self) -> bool:
        return self.sample_target is not None and self.respondents < self.sample_target


def closing_summary(tenant: Tenant, survey: Survey) -> ClosingSummary:
    return ClosingSummary(
        respondents=_count(Response, Response.survey_id == survey.id),
        sample_target=target_sample(survey.population) if survey.population else None,
        unanswered_invitations=_count(Invitation, Invitation.survey_id == survey.id,
                                      Invitation.status.in_(ANSWERABLE_INVITATIONS)),
        days_left=max(0, (survey.ends_on - local_today(tenant)).days),
        retention_days=current_app.config["CONTACT_RETENTION_DAYS"],
    )


def overlapping_open_surveys(survey: Survey) -> list[Survey]:
    """The tenant's other open surveys whose period shares a day with ``survey``'s.

    Two such surveys split the same residents (and the same period's pooled result) between them.
    """
    return list(db.session.scalars(select(Survey).where(
        Survey.id != survey.id, Survey.status == "open",
        Survey.starts_on <= survey.ends_on, Survey.ends_on >= survey.starts_on).order_by(Survey.starts_on)))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0
