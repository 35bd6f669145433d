"""Survey API schemas."""

from flask import current_app, g
from marshmallow import Schema, fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from skm.platform.api.inputs import InputSchema
from skm.tenants.surveys.models import PROFILE_FIELDS, SURVEY_STATUSES, WEIGHT_MODES


class SurveySchema(Schema):
    id = fields.Integer()
    title = fields.String()
    questionnaire_id = fields.Integer()
    starts_on = fields.Date()
    ends_on = fields.Date()
    status = fields.String(validate=validate.OneOf(SURVEY_STATUSES))
    population = fields.Integer(allow_none=True)
    weights = fields.String(validate=validate.OneOf(WEIGHT_MODES))
    profile_fields = fields.List(fields.String(validate=validate.OneOf(PROFILE_FIELDS)))
    service_types = fields.Function(lambda survey: [st.name for st in survey.service_types])
    public_code = fields.String()
    published_at = fields.DateTime(allow_none=True)
    open_link = fields.Function(
        lambda survey: f"{current_app.config['SKM_BASE_URL']}/s/{g.tenant.slug}/{survey.public_code}")


class SurveyUpdateSchema(InputSchema):
    title = fields.String(validate=validate.Length(min=1, max=200))
    questionnaire_id = fields.Integer()
    starts_on = fields.Date()
    ends_on = fields.Date()
    population = fields.Integer(allow_none=True, validate=validate.Range(min=1))
    weights = fields.String(validate=validate.OneOf(WEIGHT_MODES))
    profile_fields = fields.List(fields.String(validate=validate.OneOf(PROFILE_FIELDS)))
    service_types = fields.List(fields.String(validate=validate.Length(min=1, max=120)),
                                validate=validate.Length(max=100))

    @validates_schema
    def _period(self, data, **kwargs):
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError("The period must end on or after its first day.", "ends_on")


class SurveyCreateSchema(SurveyUpdateSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    questionnaire_id = fields.Integer(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
