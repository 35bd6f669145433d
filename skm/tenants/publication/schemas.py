"""The public JSON of a published survey: the result document plus breakdowns, plan, comments, trend."""

from marshmallow import Schema, fields

from skm.tenants.results.schemas import ElementResultSchema, ResultDocumentSchema


class PublicElementSchema(ElementResultSchema):
    """An element answered by fewer than 5: its figures are null and ``suppressed`` is true."""

    n = fields.Integer(allow_none=True)
    sum = fields.Integer(allow_none=True)
    suppressed = fields.Boolean()


class PublicSurveySchema(ResultDocumentSchema):
    """The result document's figures are left out when fewer than 5 answered (``suppressed``)."""

    elements = fields.List(fields.Nested(PublicElementSchema))

    survey = fields.Dict(metadata={"description": "code, title, starts_on, ends_on"})
    suppressed = fields.Boolean(metadata={"description": "fewer than 5 respondents: no figures are shown"})
    breakdowns = fields.Dict(metadata={"description": "service_type: groups of 5 respondents or more"})
    followups = fields.List(fields.Dict(), metadata={"description": "the follow-up plan's items and status"})
    comments = fields.List(fields.Dict(), metadata={"description": "comments staff approved for publication"})
    trend = fields.List(fields.Dict(), metadata={"description": "the agency's published surveys, oldest first"})


class PublicAgencySchema(Schema):
    slug = fields.String()
    name = fields.String()
    surveys = fields.List(fields.Dict(), metadata={"description": "published surveys, oldest first: code, title, "
                                                                  "starts_on, ends_on, ikm_display, mutu"})
