"""The public JSON of a published survey: the result document plus breakdowns, plan, comments, trend."""

from marshmallow import Schema, fields


class PublicSurveySchema(Schema):
    survey = fields.Dict(metadata={"description": "code, title, starts_on, ends_on"})
    respondents = fields.Integer()
    suppressed = fields.Boolean(metadata={"description": "fewer than 5 respondents: no figures are shown"})
    elements = fields.List(fields.Dict())
    ikm = fields.Float(allow_none=True)
    ikm_converted = fields.Float(allow_none=True)
    ikm_display = fields.String(allow_none=True)
    mutu = fields.String(allow_none=True)
    kinerja = fields.String(allow_none=True)
    weights = fields.String()
    interval = fields.Dict(allow_none=True)
    breakdowns = fields.Dict(metadata={"description": "service_type: groups of 5 respondents or more"})
    followups = fields.List(fields.Dict(), metadata={"description": "the follow-up plan's items and status"})
    comments = fields.List(fields.Dict(), metadata={"description": "comments staff approved for publication"})
    trend = fields.List(fields.Dict(), metadata={"description": "the agency's published surveys, oldest first"})


class PublicAgencySchema(Schema):
    slug = fields.String()
    name = fields.String()
    surveys = fields.List(fields.Dict(), metadata={"description": "published surveys, oldest first: code, title, "
                                                                  "starts_on, ends_on, ikm_display, mutu"})
