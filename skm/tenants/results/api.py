"""/api/v1/tenants/<slug>/surveys/<id>/results: the result document, breakdowns and periods."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields, validate
from marshmallow.exceptions import ValidationError

from skm.platform.api.context import require_capability, tenant_blueprint
from skm.platform.api.inputs import in_english
from skm.tenants.results.breakdowns import breakdown
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.filters import ResultQuerySchema, period_days, result_filter
from skm.tenants.results.periods import PERIOD_KINDS, periods_between
from skm.tenants.results.queries import ResultFilter, survey_result
from skm.tenants.results.sampling import target_sample
from skm.tenants.results.schemas import BREAKDOWNS, BreakdownSchema, PeriodsSchema, SurveyResultSchema
from skm.tenants.surveys.api import load_survey
from skm.tenants.surveys.models import Survey

blp = tenant_blueprint("results_api", __name__, "surveys", "Results (IKM) of a survey")

#: the most periods one request computes (quarters over 30 years); ``from``/``to`` narrow the window
MAX_PERIODS = 120


class BreakdownQuerySchema(ResultQuerySchema):
    by = fields.String(load_default="service_type", validate=validate.OneOf(BREAKDOWNS))


class PeriodQuerySchema(ResultQuerySchema):
    by = fields.String(load_default="quarter", validate=validate.OneOf(PERIOD_KINDS))


def _result_filter(survey: Survey, args: dict) -> ResultFilter:
    """:func:`result_filter`, an unknown service type answered 422 naming it."""
    try:
        return result_filter(survey, args)
    except ValidationError as error:
        abort(422, message="Unknown service type.", errors={"query": in_english(error.normalized_messages())})


def result_document(survey: Survey, result: IkmResult) -> dict:
    """The contract's result document plus the survey's sample target (Krejcie & Morgan)."""
    document = result.to_document()
    target = target_sample(survey.population) if survey.population else None
    document["sample"] = {"population": survey.population, "target": target,
                          "below_target": None if target is None else result.respondents < target}
    document["lowest_elements"] = [element.code for element in result.lowest_elements(3)]
    return document


@blp.route("/<int:survey_id>/results")
class Results(MethodView):
    @blp.arguments(ResultQuerySchema, location="query")
    @blp.alt_response(200, schema=SurveyResultSchema, success=True)
    def get(self, args, survey_id):
        """The result document; filter by ``service_type``, profile (``gender``…), ``year``+``quarter``…"""
        require_capability("view")
        survey = load_survey(survey_id)
        return result_document(survey, survey_result(survey, _result_filter(survey, args)))


@blp.route("/<int:survey_id>/results/breakdown")
class ResultBreakdown(MethodView):
    @blp.arguments(BreakdownQuerySchema, location="query")
    @blp.alt_response(200, schema=BreakdownSchema, success=True)
    def get(self, args, survey_id):
        """One result document per service type, gender, education, occupation or age band.

        Groups in a reader's order: service types by name, profile codes as listed in the
        document's enum, age bands youngest first; other values next; ``null`` (not given) last.
        """
        require_capability("view")
        survey = load_survey(survey_id)
        by = args.pop("by")
        groups = breakdown(survey, by, _result_filter(survey, args))
        return {"by": by, "groups": [{"value": group.value, "result": group.result.to_document()} for group in groups]}


@blp.route("/<int:survey_id>/results/periods")
class ResultPeriods(MethodView):
    @blp.arguments(PeriodQuerySchema, location="query")
    @blp.alt_response(200, schema=PeriodsSchema, success=True)
    def get(self, args, survey_id):
        """One result document per quarter (triwulan), semester or year of the survey period.

        ``from``/``to`` (or ``year``) narrow the window; at most 120 periods per request.
        """
        require_capability("view")
        survey = load_survey(survey_id)
        profile = {key: value for key, value in args.items() if key not in WINDOW_ARGUMENTS}
        periods = []
        for label, start, end in _periods(survey, args):
            chosen = _result_filter(survey, {**profile, "start": start, "end": end})
            periods.append({"period": label, "from": start.isoformat(), "to": end.isoformat(),
                            "result": survey_result(survey, chosen).to_document()})
        return {"periods": periods}


#: the arguments that choose the periods' window rather than the responses
WINDOW_ARGUMENTS = ("by", "year", "quarter", "semester", "start", "end")


def _periods(survey: Survey, args: dict) -> list[tuple[str, date, date]]:
    """The periods of the survey within the window the arguments ask for; 422 past MAX_PERIODS."""
    start, end = period_days(args)
    first, last = max(survey.starts_on, start or survey.starts_on), min(survey.ends_on, end or survey.ends_on)
    periods = periods_between(first, last, args["by"]) if first <= last else []
    if len(periods) > MAX_PERIODS:
        message = (f"{len(periods)} periods; at most {MAX_PERIODS} per request: "
                   "narrow them with from and to, or choose longer periods.")
        abort(422, message=message, errors={"query": {"by": [message]}})
    return periods
