"""/api/v1/tenants/<slug>/surveys/<id>/results: the result document, breakdowns and periods."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from skm.platform.api.context import require_capability, tenant_blueprint
from skm.platform.api.inputs import Choice, InputSchema
from skm.tenants.responses.models import Response
from skm.tenants.responses.profile import AGE_BANDS, CHOICES, NAMES
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.periods import PERIOD_KINDS, period_bounds, periods_between
from skm.tenants.results.queries import ResultFilter, age_band_results, grouped_results, survey_result
from skm.tenants.results.sampling import target_sample
from skm.tenants.results.schemas import BREAKDOWNS, BreakdownSchema, PeriodsSchema, SurveyResultSchema
from skm.tenants.surveys.api import load_survey
from skm.tenants.surveys.models import Survey

blp = tenant_blueprint("results_api", __name__, "surveys", "Results (IKM) of a survey")

#: the most periods one request computes (quarters over 30 years); ``from``/``to`` narrow the window
MAX_PERIODS = 120


def _profile_code(field: str) -> Choice:
    return Choice(CHOICES[field], NAMES[field], metadata={
        "description": "A code, or its Indonesian or English label in any case (wirausaha, Self-employed)."})


class ResultQuerySchema(InputSchema):
    service_type = fields.String()
    gender = _profile_code("gender")
    education = _profile_code("education")
    occupation = _profile_code("occupation")
    age_band = fields.String(validate=validate.OneOf([name for _, name in AGE_BANDS]))
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    quarter = fields.Integer(validate=validate.Range(min=1, max=4))
    semester = fields.Integer(validate=validate.Range(min=1, max=2))
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")

    @validates_schema
    def _period(self, data, **kwargs):
        if ("quarter" in data or "semester" in data) and "year" not in data:
            raise ValidationError("Give the year of the quarter or semester.", "year")
        if "quarter" in data and "semester" in data:
            raise ValidationError("Give a quarter or a semester, not both.", "semester")


class BreakdownQuerySchema(ResultQuerySchema):
    by = fields.String(load_default="service_type", validate=validate.OneOf(BREAKDOWNS))


class PeriodQuerySchema(ResultQuerySchema):
    by = fields.String(load_default="quarter", validate=validate.OneOf(PERIOD_KINDS))


def _days(args: dict) -> tuple[date | None, date | None]:
    """The first and last day the arguments ask for: ``year`` (with its quarter or semester), or ``from``/``to``."""
    if "year" in args:
        return period_bounds(args["year"], args.get("quarter"), args.get("semester"))
    return args.get("start"), args.get("end")


def result_filter(survey: Survey, args: dict) -> ResultFilter:
    """Turn query arguments into a :class:`ResultFilter` (unknown service type: 422 naming it)."""
    start, end = _days(args)
    return ResultFilter(service_type_id=_service_type_id(survey, args.get("service_type")),
                        gender=args.get("gender"), education=args.get("education"),
                        occupation=args.get("occupation"), age_band=args.get("age_band"), start=start, end=end)


def _service_type_id(survey: Survey, value: str | None) -> int | None:
    if value is None:
        return None
    for service_type in survey.service_types:
        if value.strip().casefold() in (service_type.name.casefold(), str(service_type.id)):
            return service_type.id
    abort(422, message="Unknown service type.",
          errors={"query": {"service_type": [f"Not a service type of this survey: {value}"]}})


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
        return result_document(survey, survey_result(survey, result_filter(survey, args)))


@blp.route("/<int:survey_id>/results/breakdown")
class ResultBreakdown(MethodView):
    @blp.arguments(BreakdownQuerySchema, location="query")
    @blp.alt_response(200, schema=BreakdownSchema, success=True)
    def get(self, args, survey_id):
        """One result document per service type, gender, education, occupation or age band."""
        require_capability("view")
        survey = load_survey(survey_id)
        by = args.pop("by")
        chosen = result_filter(survey, args)
        if by == "age_band":
            groups = age_band_results(survey, chosen)
        else:
            column = Response.service_type_id if by == "service_type" else getattr(Response, by)
            groups = grouped_results(survey, column, chosen)
        names = {st.id: st.name for st in survey.service_types} if by == "service_type" else {}
        return {"by": by, "groups": [{"value": names.get(value, value), "result": result.to_document()}
                                     for value, result in sorted(groups.items(), key=lambda kv: str(kv[0]))]}


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
            chosen = result_filter(survey, {**profile, "start": start, "end": end})
            periods.append({"period": label, "from": start.isoformat(), "to": end.isoformat(),
                            "result": survey_result(survey, chosen).to_document()})
        return {"periods": periods}


#: the arguments that choose the periods' window rather than the responses
WINDOW_ARGUMENTS = ("by", "year", "quarter", "semester", "start", "end")


def _periods(survey: Survey, args: dict) -> list[tuple[str, date, date]]:
    """The periods of the survey within the window the arguments ask for; 422 past MAX_PERIODS."""
    start, end = _days(args)
    first, last = max(survey.starts_on, start or survey.starts_on), min(survey.ends_on, end or survey.ends_on)
    periods = periods_between(first, last, args["by"]) if first <= last else []
    if len(periods) > MAX_PERIODS:
        message = (f"{len(periods)} periods; at most {MAX_PERIODS} per request: "
                   "narrow them with from and to, or choose longer periods.")
        abort(422, message=message, errors={"query": {"by": [message]}})
    return periods
