"""What a report shows, loaded with SQL aggregates; per-respondent rows are streamed, never all loaded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from skm.extensions import db
from skm.platform.agencies.models import Tenant
from skm.tenants.followups.models import FollowUp
from skm.tenants.followups.services import followups_of, previous_plan
from skm.tenants.questionnaires.models import QuestionnaireElement
from skm.tenants.responses import profile
from skm.tenants.responses.models import Response
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.queries import ResultFilter, age_band_case, grouped_results, survey_result
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.models import ServiceType, Survey

#: rows fetched per round trip from the server-side cursor
STREAM_BATCH = 5000
#: above this many respondents the PDF shows answer frequencies instead of the per-respondent table
PROCESSING_TABLE_LIMIT = 2000
#: the PDF lists at most this many comments (the spreadsheet has them all)
COMMENT_LIMIT = 300
PROFILE_FIELDS = ("gender", "age_band", "education", "occupation")


@dataclass
class ReportData:
    tenant: Tenant
    survey: Survey
    language: str
    elements: list[QuestionnaireElement]
    result: IkmResult
    by_service: list[tuple[str, IkmResult]] = field(default_factory=list)
    profile: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    trend: list[tuple[str, IkmResult]] = field(default_factory=list)
    frequencies: list[list[int]] = field(default_factory=list)
    comment_count: int = 0
    #: the survey's follow-up register, and the previous survey's (what became of it)
    followups: list[FollowUp] = field(default_factory=list)
    previous_survey: Survey | None = None
    previous_followups: list[FollowUp] = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return self.result.respondents

    @property
    def target(self) -> int | None:
        population = self.survey.population
        return target_sample(population) if population else None

    @property
    def has_processing_table(self) -> bool:
        return self.respondents <= PROCESSING_TABLE_LIMIT

    def element_name(self, element: QuestionnaireElement) -> str:
        return element.name(self.language)

    def answer_rows(self) -> Iterator[tuple]:
        return answer_rows(self.survey, self.elements)

    def answers_only(self) -> Iterator[tuple]:
        return answers_only(self.survey, self.elements)

    def comments(self, limit: int | None = COMMENT_LIMIT) -> Iterator[tuple]:
        return comments(self.survey, limit)


def elements_of(survey: Survey) -> list[QuestionnaireElement]:
    return sorted(survey.questionnaire.elements, key=lambda e: e.slot)


def _where(survey: Survey):
    return Response.survey_id == survey.id


def load(tenant: Tenant, survey: Survey, language: str = "id", *, full: bool = True) -> ReportData:
    """Everything the report needs except per-respondent rows (``full=False``: the summary's few figures)."""
    data = ReportData(tenant, survey, language, elements_of(survey), survey_result(survey))
    if not full:
        return data
    data.by_service = service_results(survey)
    data.profile = profile_counts(survey, language)
    data.trend = trend(tenant, survey)
    data.frequencies = frequencies(survey, data.elements)
    data.comment_count = db.session.scalar(select(func.count()).where(_where(survey), _has_comment()))
    data.followups = followups_of(survey)
    data.previous_survey, data.previous_followups = previous_plan(survey)
    return data


def service_results(survey: Survey) -> list[tuple[str, IkmResult]]:
    results = grouped_results(survey, Response.service_type_id)
    names = dict(db.session.execute(select(ServiceType.id, ServiceType.name)).all())
    rows = [(names.get(key, "—"), result) for key, result in results.items() if key is not None]
    return sorted(rows, key=lambda row: row[0])


def _count_by(survey: Survey, column) -> list[tuple]:
    statement = select(column, func.count()).where(_where(survey)).group_by(column)
    return list(db.session.execute(statement).all())


def profile_counts(survey: Survey, language: str) -> dict[str, list[tuple[str, int]]]:
    """Counts per profile value, labelled and in the order of the profile's code lists."""
    counts: dict[str, list[tuple[str, int]]] = {}
    for name in ("gender", "education", "occupation"):
        found = dict(_count_by(survey, getattr(Response, name)))
        rows = [(profile.label(name, code, language), found.pop(code)) for code in profile.CHOICES[name]
                if code in found]
        counts[name] = rows + [(profile.label(name, code, language), n) for code, n in found.items()]
    bands = dict(_count_by(survey, age_band_case()))
    counts["age_band"] = [(band, bands.pop(band)) for _, band in profile.AGE_BANDS if band in bands]
    if None in bands:
        counts["age_band"].append(("—", bands[None]))
    return counts


def frequencies(survey: Survey, elements: list[QuestionnaireElement]) -> list[list[int]]:
    """Per element: how many answered 1, 2, 3 and 4 (one aggregate query)."""
    columns = [func.count().filter(getattr(Response, f"a{e.slot}") == score)
               for e in elements for score in (1, 2, 3, 4)]
    if not columns:
        return []
    row = db.session.execute(select(*columns).where(_where(survey))).one()
    return [list(row[i * 4:(i + 1) * 4]) for i in range(len(elements))]


def quarters(start: date, end: date) -> list[tuple[str, date, date]]:
    """The calendar quarters the period touches, clipped to it: (label, first day, last day)."""
    found = []
    year, quarter = start.year, (start.month - 1) // 3
    while date(year, quarter * 3 + 1, 1) <= end:
        first = date(year, quarter * 3 + 1, 1)
        nxt = date(year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1)
        last = date.fromordinal(nxt.toordinal() - 1)
        found.append((f"TW {['I', 'II', 'III', 'IV'][quarter]} {year}", max(first, start), min(last, end)))
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return found


def trend(tenant: Tenant, survey: Survey) -> list[tuple[str, IkmResult]]:
    """The IKM over the quarters of the period, or (one quarter only) over the tenant's earlier surveys."""
    periods = quarters(survey.starts_on, survey.ends_on)
    if len(periods) > 1:
        points = [(label, survey_result(survey, ResultFilter(start=first, end=last))) for label, first, last in periods]
    else:
        earlier = db.session.scalars(select(Survey).where(Survey.starts_on < survey.starts_on, Survey.status != "draft")
                                     .order_by(Survey.starts_on.desc()).limit(4)).all()
        points = [(s.title, survey_result(s)) for s in reversed(earlier)] + [(survey.title, survey_result(survey))]
    return [(label, result) for label, result in points if result.ikm_display is not None]


def answer_rows(survey: Survey, elements: list[QuestionnaireElement]) -> Iterator[tuple]:
    """(id, submitted_on, channel, service type, gender, age, education, occupation, comment, answers…),
    streamed from a server-side cursor in id order."""
    answers = [getattr(Response, f"a{e.slot}") for e in elements]
    statement = (select(Response.id, Response.submitted_on, Response.channel, ServiceType.name, Response.gender,
                        Response.age, Response.education, Response.occupation, Response.comment, *answers)
                 .outerjoin(ServiceType, ServiceType.id == Response.service_type_id)
                 .where(_where(survey)).order_by(Response.id)
                 .execution_options(yield_per=STREAM_BATCH))
    yield from db.session.execute(statement)


def answers_only(survey: Survey, elements: list[QuestionnaireElement]) -> Iterator[tuple]:
    """Only the answers (in element order) per response, streamed in id order."""
    statement = (select(*(getattr(Response, f"a{e.slot}") for e in elements)).where(_where(survey))
                 .order_by(Response.id).execution_options(yield_per=STREAM_BATCH))
    yield from db.session.execute(statement)


def _has_comment():
    return func.length(func.trim(func.coalesce(Response.comment, ""))) > 0


def comments(survey: Survey, limit: int | None) -> Iterator[tuple]:
    """(submitted_on, service type, comment), newest date first, streamed.

    By date, not by id: imported paper questionnaires arrive after online answers of later days.
    """
    statement = (select(Response.submitted_on, ServiceType.name, Response.comment)
                 .outerjoin(ServiceType, ServiceType.id == Response.service_type_id)
                 .where(_where(survey), _has_comment())
                 .order_by(Response.submitted_on.desc(), Response.id.desc())
                 .execution_options(yield_per=STREAM_BATCH))
    if limit is not None:
        statement = statement.limit(limit)
    yield from db.session.execute(statement)
