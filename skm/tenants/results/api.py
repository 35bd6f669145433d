"""/api/v1/tenants/<slug>/surveys/<id>/results: the result document, breakdowns and periods."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from skm.platform.api.context import require_capability, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.tenants.responses.models import Response
from skm.tenants.responses.profile import AGE_BANDS, CHOICES
from skm.tenants.results.engine import IkmResult
from skm.tenants.results.periods import PERIOD_KINDS, period_bounds, periods_between
from skm.tenants.results.queries import ResultFilter, age_band_results, grouped_results, survey_result
from skm.tenants.results.sampling import target_sample
from skm.tenants.surveys.api import load_survey
from skm.tenants.surveys.models import Survey

blp = tenant_blueprint("results_api", __name__, "surveys", "Results (IKM) of a survey")

BREAKDOWNS = ("service_type", "gender", "education", "occupation", "age_band")


class ResultQuerySchema(InputSchema):
    service_type = fields.String()
    gender = fields.String(validate=validate.OneOf(tuple(CHOICES["gender"])))
    education = fields.String(validate=validate.OneOf(tuple(CHOICES["education"])))
    occupation = fields.String(validate=validate.OneOf(tuple(CHOICES["occupation"])))
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


def result_filter(survey: Survey, args: dict) -> ResultFilter:
    """Turn query arguments into a :class:`ResultFilter` (unknown service type: 422 naming it)."""
    start, end = args.get("start"), args.get("end")
    if "year" in args:
        start, end = period_bounds(args["year"], args.get("quarter"), args.get("semester"))
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
    def get(self, args, survey_id):
        """The result document; filter by ``service_type``, profile (``gender``…), ``year``+``quarter``…"""
        require_capability("view")
        survey = load_survey(survey_id)
        return result_document(survey, survey_result(survey, result_filter(survey, args)))


@blp.route("/<int:survey_id>/results/breakdown")
class ResultBreakdown(MethodView):
    @blp.arguments(BreakdownQuerySchema, location="query")
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
    def get(self, args, survey_id):
        """One result document per quarter (triwulan), semester or year of the survey period."""
        require_capability("view")
        survey = load_survey(survey_id)
        periods = []
        for label, start, end in periods_between(survey.starts_on, survey.ends_on, args.pop("by")):
            chosen = result_filter(survey, {**args, "start": start, "end": end})
            periods.append({"period": label, "from": start.isoformat(), "to": end.isoformat(),
                            "result": survey_result(survey, chosen).to_document()})
        return {"periods": periods}
