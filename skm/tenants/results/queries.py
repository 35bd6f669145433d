"""The SQL side of results: integer sums and counts aggregated in PostgreSQL, divided in Python.

One pass over a survey's responses, grouped by how many elements each respondent answered
(``answered_count``, 0–16 groups): per element ``count(aN)``/``sum(aN)``, plus ``sum(score_total)``
and ``sum(score_total²)`` for the confidence interval. Each respondent's mean score is
``score_total / answered_count``, so the sums of means and squared means follow exactly from the
per-group sums. No response row is ever loaded into Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select

from skm.extensions import db
from skm.tenants.questionnaires.models import QuestionnaireElement
from skm.tenants.responses.models import Response
from skm.tenants.responses.profile import AGE_BANDS
from skm.tenants.results.engine import ElementTally, IkmResult, ScoreSpread, compute
from skm.tenants.surveys.models import Survey


@dataclass(frozen=True)
class ResultFilter:
    """Which responses count: a service type, profile values, an age band, a date range."""

    service_type_id: int | None = None
    gender: str | None = None
    education: str | None = None
    occupation: str | None = None
    age_band: str | None = None
    start: date | None = None
    end: date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = []
        for name in ("service_type_id", "gender", "education", "occupation"):
            if (value := getattr(self, name)) is not None:
                conditions.append(getattr(Response, name) == value)
        if self.age_band is not None:
            conditions.extend(_age_band_conditions(self.age_band))
        if self.start is not None:
            conditions.append(Response.submitted_on >= self.start)
        if self.end is not None:
            conditions.append(Response.submitted_on <= self.end)
        return conditions


def _age_band_conditions(band: str) -> list[ColumnElement[bool]]:
    floors = [floor for floor, name in AGE_BANDS]
    names = [name for floor, name in AGE_BANDS]
    if band not in names:
        raise ValueError(f"unknown age band {band!r}")
    index = names.index(band)
    conditions = [Response.age >= floors[index]]
    if index + 1 < len(floors):
        conditions.append(Response.age < floors[index + 1])
    return conditions


def aggregate_columns(elements: Sequence[QuestionnaireElement]) -> list:
    columns: list = [Response.answered_count, func.count()]
    for element in elements:
        answer = getattr(Response, f"a{element.slot}")
        columns += [func.count(answer), func.coalesce(func.sum(answer), 0)]
    columns += [func.coalesce(func.sum(Response.score_total), 0),
                func.coalesce(func.sum(Response.score_total * Response.score_total), 0)]
    return columns


def _elements(survey: Survey) -> list[QuestionnaireElement]:
    return sorted(survey.questionnaire.elements, key=lambda e: e.slot)


class _Accumulator:
    """Adds up the per-``answered_count`` rows of one group into engine inputs."""

    def __init__(self, elements: Sequence[QuestionnaireElement]):
        self.elements = elements
        self.respondents = 0
        self.counts = [0] * len(elements)
        self.totals = [0] * len(elements)
        self.spread = [0, Fraction(0), Fraction(0)]

    def add(self, row: Sequence[Any]) -> None:
        answered, respondents = row[0], row[1]
        self.respondents += respondents
        for i in range(len(self.elements)):
            self.counts[i] += row[2 + 2 * i]
            self.totals[i] += row[3 + 2 * i]
        if answered:
            score_sum, score_squares = row[-2], row[-1]
            self.spread[0] += respondents
            self.spread[1] += Fraction(score_sum, answered)
            self.spread[2] += Fraction(score_squares, answered * answered)

    def result(self, weights: str) -> IkmResult:
        tallies = [ElementTally(e.code, e.name_id, n, total, e.weight_fraction)
                   for e, n, total in zip(self.elements, self.counts, self.totals, strict=True)]
        return compute(tallies, self.respondents, weights, ScoreSpread(*self.spread))


def _statement(survey: Survey, elements, result_filter: ResultFilter | None, *group_by) -> Select:
    statement = select(*group_by, *aggregate_columns(elements)).where(Response.survey_id == survey.id)
    if result_filter is not None:
        statement = statement.where(*result_filter.conditions())
    return statement.group_by(*group_by, Response.answered_count)


def survey_result(survey: Survey, result_filter: ResultFilter | None = None) -> IkmResult:
    """The IKM of ``survey`` over the responses ``result_filter`` selects."""
    elements = _elements(survey)
    accumulator = _Accumulator(elements)
    for row in db.session.execute(_statement(survey, elements, result_filter)):
        accumulator.add(row)
    return accumulator.result(survey.weights)


def grouped_results(survey: Survey, column, result_filter: ResultFilter | None = None) -> dict[Any, IkmResult]:
    """One result per value of ``column`` (e.g. ``Response.service_type_id``), in one query."""
    elements = _elements(survey)
    groups: dict[Any, _Accumulator] = defaultdict(lambda: _Accumulator(elements))
    for row in db.session.execute(_statement(survey, elements, result_filter, column)):
        groups[row[0]].add(row[1:])
    return {key: accumulator.result(survey.weights) for key, accumulator in groups.items()}


def age_band_results(survey: Survey, result_filter: ResultFilter | None = None) -> dict[str | None, IkmResult]:
    """One result per age band (None: age not given)."""
    band = age_band_case()
    return grouped_results(survey, band, result_filter)


def age_band_case():
    """The age band of a response as SQL (None when no age was given)."""
    whens = [(Response.age >= floor, name) for floor, name in reversed(AGE_BANDS)]
    return case(*whens, else_=None).label("age_band")
