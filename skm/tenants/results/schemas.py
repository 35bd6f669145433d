"""What the results endpoints answer, for the OpenAPI document.

The views return the engine's documents as they are (they are not dumped through these schemas,
which would silently drop any key the schema does not list); a test checks the answers against
the document instead.
"""

from marshmallow import Schema, fields, validate

from skm.tenants.results.breakdowns import BREAKDOWNS
from skm.tenants.results.engine import GRADE_BANDS, LOWEST_GRADE, WEIGHT_MODES

MUTU = (*(band[1] for band in GRADE_BANDS), LOWEST_GRADE[0])
KINERJA = (*(band[2] for band in GRADE_BANDS), LOWEST_GRADE[1])


class ElementResultSchema(Schema):
    code = fields.String()
    name = fields.String()
    n = fields.Integer(metadata={"description": "Answers given for this element"})
    sum = fields.Integer()
    nrr = fields.Float(allow_none=True)
    nrr_weighted = fields.Float(allow_none=True)
    mutu = fields.String(allow_none=True, validate=validate.OneOf(MUTU))


class IntervalSchema(Schema):
    low = fields.Float()
    high = fields.Float()
    level = fields.Float()


class ResultDocumentSchema(Schema):
    """The contract's result document; IKM, display value and grades are null without answers."""

    respondents = fields.Integer()
    elements = fields.List(fields.Nested(ElementResultSchema))
    ikm = fields.Float(allow_none=True)
    ikm_converted = fields.Float(allow_none=True)
    ikm_display = fields.String(allow_none=True)
    mutu = fields.String(allow_none=True, validate=validate.OneOf(MUTU))
    kinerja = fields.String(allow_none=True, validate=validate.OneOf(KINERJA))
    weights = fields.String(validate=validate.OneOf(WEIGHT_MODES))
    interval = fields.Nested(IntervalSchema, allow_none=True)


class SampleSchema(Schema):
    population = fields.Integer(allow_none=True)
    target = fields.Integer(allow_none=True, metadata={"description": "Krejcie & Morgan sample size"})
    below_target = fields.Boolean(allow_none=True)


class SurveyResultSchema(ResultDocumentSchema):
    sample = fields.Nested(SampleSchema)
    lowest_elements = fields.List(fields.String(), metadata={"description": "The three lowest elements' codes"})


class GroupResultSchema(Schema):
    value = fields.String(allow_none=True, metadata={"description": "The group: a service type's name, a profile "
                                                                    "code or an age band; null when not given"})
    result = fields.Nested(ResultDocumentSchema)


class BreakdownSchema(Schema):
    by = fields.String(validate=validate.OneOf(BREAKDOWNS))
    groups = fields.List(fields.Nested(GroupResultSchema))


class PeriodResultSchema(Schema):
    period = fields.String(metadata={"description": "e.g. TW 1 2026, Semester 2 2026, 2026"})
    first_day = fields.Date(data_key="from")
    last_day = fields.Date(data_key="to")
    result = fields.Nested(ResultDocumentSchema)


class PeriodsSchema(Schema):
    periods = fields.List(fields.Nested(PeriodResultSchema))
