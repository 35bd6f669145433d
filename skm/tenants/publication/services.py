"""Publishing a survey's results, and what the public may see of a published survey.

Public figures are aggregates only, and a group of fewer than :data:`MIN_GROUP` respondents never
appears (not the survey's own figures, not a service type's). Comments appear only where staff
approved each one. Runs in the tenant's scope like every tenant query.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from skm.extensions import db
from skm.platform.audit import record
from skm.platform.data.db_types import utcnow
from skm.platform.inputs.errors import InputError
from skm.tenants.comments.services import public_comments
from skm.tenants.followups.models import FollowUp
from skm.tenants.followups.services import followups_of
from skm.tenants.responses.models import Response
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.queries import grouped_results, survey_result
from skm.tenants.surveys.models import Survey

#: the smallest group whose figures are published
MIN_GROUP = 5


def publish(survey: Survey) -> Survey:
    if survey.status == "draft":
        raise InputError("status", _l("Survei draf belum dapat dipublikasikan."), conflict=True)
    survey.published_at = utcnow()
    record("survey.published", target=survey)
    return survey


def withdraw(survey: Survey) -> Survey:
    survey.published_at = None
    record("survey.withdrawn", target=survey)
    return survey


def published_surveys() -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.published_at.is_not(None))
                                   .order_by(Survey.starts_on.desc(), Survey.id.desc())))


def find_published(code: str) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.public_code == code, Survey.published_at.is_not(None)))


@dataclass(frozen=True)
class ServiceGroup:
    name: str
    result: IkmResult


@dataclass(frozen=True)
class PublicResults:
    """What the public sees of one published survey."""

    survey: Survey
    result: IkmResult | None  # None when fewer than MIN_GROUP answered
    respondents: int
    service_types: list[ServiceGroup]
    followups: list[FollowUp]
    comments: list
    trend: list[tuple[Survey, IkmResult | None]]  # the tenant's published surveys, oldest first

    def to_document(self) -> dict:
        document = {"survey": {"code": self.survey.public_code, "title": self.survey.title,
                               "starts_on": self.survey.starts_on.isoformat(),
                               "ends_on": self.survey.ends_on.isoformat()},
                    "respondents": self.respondents, "suppressed": self.result is None}
        if self.result is not None:
            document.update(public_document(self.result))
        document["breakdowns"] = {"service_type": [
            {"value": group.name, "result": public_document(group.result)} for group in self.service_types]}
        document["followups"] = [{"element": item.element, "title": item.title, "action": item.action,
                                  "owner": item.owner, "due_on": item.due_on.isoformat(), "status": item.status}
                                 for item in self.followups]
        document["comments"] = [{"answered_on": c.answered_on.isoformat(), "text": c.text} for c in self.comments]
        document["trend"] = [trend_entry(survey, result) for survey, result in self.trend]
        return document


def trend_entry(survey: Survey, result: IkmResult | None) -> dict:
    """One published survey in a list: its code, title, period, respondents and IKM (None below 5)."""
    shown = result is not None and result.ikm_display is not None
    return {"code": survey.public_code, "title": survey.title, "starts_on": survey.starts_on.isoformat(),
            "ends_on": survey.ends_on.isoformat(), "ikm_display": str(result.ikm_display) if shown else None,
            "mutu": result.mutu if shown else None}


def public_document(result: IkmResult) -> dict:
    """The result document with the figures of elements answered by fewer than :data:`MIN_GROUP` left out."""
    document = result.to_document()
    for element in document["elements"]:
        if element["n"] < MIN_GROUP:
            element.update({"n": None, "sum": None, "nrr": None, "nrr_weighted": None, "mutu": None,
                            "suppressed": True})
    return document


def public_results(survey: Survey) -> PublicResults:
    result = survey_result(survey)
    names = {service_type.id: service_type.name for service_type in survey.service_types}
    groups = [ServiceGroup(names.get(key, ""), group)
              for key, group in grouped_results(survey, Response.service_type_id).items()]
    earlier = [(other, shown) for other, shown in trend(except_survey=survey)]
    return PublicResults(survey, _shown(result), result.respondents, publishable_groups(result.respondents, groups),
                         followups_of(survey), public_comments(survey),
                         sorted([*earlier, (survey, _shown(result))], key=lambda pair: (pair[0].starts_on,
                                                                                        pair[0].id)))


def publishable_groups(total: int, groups: list[ServiceGroup]) -> list[ServiceGroup]:
    """The named groups of :data:`MIN_GROUP` or more, less the smallest of them while the respondents they
    leave unexplained number 1–4: the total minus the shown groups must not reveal a small group."""
    shown = sorted((g for g in groups if g.name and g.result.respondents >= MIN_GROUP),
                   key=lambda group: group.result.respondents)
    while shown and 0 < total - sum(group.result.respondents for group in shown) < MIN_GROUP:
        shown.pop(0)
    return sorted(shown, key=lambda group: group.name)


def trend(except_survey: Survey | None = None) -> list[tuple[Survey, IkmResult | None]]:
    """Each published survey of the tenant with its IKM (None below :data:`MIN_GROUP`), oldest first."""
    return [(survey, _shown(survey_result(survey))) for survey in reversed(published_surveys())
            if survey is not except_survey]


def latest_published() -> tuple[Survey, IkmResult | None] | None:
    """The tenant's latest published survey and its IKM (the regency's list shows only that one)."""
    surveys = published_surveys()
    return (surveys[0], _shown(survey_result(surveys[0]))) if surveys else None


def _shown(result: IkmResult) -> IkmResult | None:
    return result if result.respondents >= MIN_GROUP else None
