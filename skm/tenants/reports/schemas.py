"""Marshmallow schemas of the reports API."""

from marshmallow import Schema, fields, validate

from skm.platform.api.inputs import InputSchema
from skm.tenants.reports.models import FORMATS, LANGUAGES, STATUSES


class ReportCreateSchema(InputSchema):
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    language = fields.String(load_default="id", validate=validate.OneOf(LANGUAGES))


class ReportSchema(Schema):
    id = fields.Integer()
    survey_id = fields.Integer()
    format = fields.String(validate=validate.OneOf(FORMATS))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    status = fields.String(validate=validate.OneOf(STATUSES))
    progress = fields.Integer()
    failure_reason = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    file_available = fields.Function(lambda report: report.is_done)
