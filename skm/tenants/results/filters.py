"""The result filters, read from query arguments into a :class:`ResultFilter`: one parser for the page and the API.

:class:`ResultQuerySchema` holds every rule and message. The API validates and documents its query
with it (``service_type`` by id or name, lenient profile codes, ``year`` with its ``quarter`` or
``semester``, or ``from``/``to``); the results page loads its query through :class:`PageQuerySchema`,
the same rules with one ``part`` select (q1…q4, s1, s2) for the quarter or semester. Messages are
Indonesian first; the API gives them in English (skm/platform/api/blueprint.py).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, ValidationError, fields, pre_load, validate, validates_schema

from skm.platform.api.inputs import Choice, InputSchema
from skm.tenants.responses.profile import AGE_BANDS, CHOICES, NAMES
from skm.tenants.results.periods import MAX_YEAR, MIN_YEAR, period_bounds
from skm.tenants.results.queries import ResultFilter
from skm.tenants.surveys.models import Survey

#: the page's part of the year -> the API's argument for it
PARTS = {"q1": ("quarter", "1"), "q2": ("quarter", "2"), "q3": ("quarter", "3"), "q4": ("quarter", "4"),
         "s1": ("semester", "1"), "s2": ("semester", "2")}


def _profile_code(field: str) -> Choice:
    return Choice(CHOICES[field], NAMES[field], metadata={
        "description": "A code, or its Indonesian or English label in any case (wirausaha, Self-employed)."})


class ResultQuerySchema(InputSchema):
    service_type = fields.String()
    gender = _profile_code("gender")
    education = _profile_code("education")
    occupation = _profile_code("occupation")
    age_band = fields.String(validate=validate.OneOf([name for _, name in AGE_BANDS]))
    year = fields.Integer(validate=validate.Range(min=MIN_YEAR, max=MAX_YEAR))
    quarter = fields.Integer(validate=validate.Range(min=1, max=4))
    semester = fields.Integer(validate=validate.Range(min=1, max=2))
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")

    @validates_schema
    def _period(self, data, **kwargs):
        if ("quarter" in data or "semester" in data) and "year" not in data:
            raise ValidationError([_l("Sebutkan tahun triwulan atau semesternya.")], "year")
        if "quarter" in data and "semester" in data:
            raise ValidationError([_l("Pilih triwulan atau semester, bukan keduanya.")], "semester")


class PageQuerySchema(ResultQuerySchema):
    """The results page's query: one ``part`` select in place of ``quarter``/``semester``, no ``from``/``to``.

    An empty field (the page's form sends them all) means no filter.
    """

    part = fields.String(validate=validate.OneOf(PARTS))

    class Meta:
        exclude = ("start", "end")

    @pre_load
    def _part(self, data, **kwargs):
        chosen = {key: value for key, value in data.items() if value and key not in ("quarter", "semester")}
        if (argument := PARTS.get(chosen.get("part"))) is not None:
            chosen[argument[0]] = argument[1]
        return chosen


PAGE_QUERY = PageQuerySchema(unknown=EXCLUDE)


def page_filter(survey: Survey, args: dict[str, str]) -> ResultFilter:
    """The page's query as a :class:`ResultFilter`; ValidationError naming the fields otherwise."""
    return result_filter(survey, PAGE_QUERY.load(args))


def result_filter(survey: Survey, args: dict) -> ResultFilter:
    """Loaded query arguments as a :class:`ResultFilter` (ValidationError for an unknown service type)."""
    start, end = period_days(args)
    return ResultFilter(service_type_id=_service_type_id(survey, args.get("service_type")),
                        gender=args.get("gender"), education=args.get("education"),
                        occupation=args.get("occupation"), age_band=args.get("age_band"), start=start, end=end)


def period_days(args: dict) -> tuple[date | None, date | None]:
    """The first and last day the arguments ask for: ``year`` (with its quarter or semester), or ``from``/``to``."""
    if "year" in args:
        return period_bounds(args["year"], args.get("quarter"), args.get("semester"))
    return args.get("start"), args.get("end")


def _service_type_id(survey: Survey, value: str | None) -> int | None:
    """The id of the survey's service type ``value`` names, by id or by name in any case."""
    if value is None:
        return None
    for service_type in survey.service_types:
        if value.strip().casefold() in (service_type.name.casefold(), str(service_type.id)):
            return service_type.id
    raise ValidationError([_l("Bukan jenis layanan survei ini: %(value)s", value=value)], "service_type")
