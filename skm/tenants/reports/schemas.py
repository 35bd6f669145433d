"""Marshmallow schemas of the reports API."""

from marshmallow import Schema, fields, validate

from skm.platform.api.inputs import InputSchema
from skm.tenants.reports.models import CSV_DIALECTS, FORMATS, LANGUAGES, STATUSES


class ReportCreateSchema(InputSchema):
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    language = fields.String(load_default="id", validate=validate.OneOf(LANGUAGES))
    dialect = fields.String(validate=validate.OneOf(CSV_DIALECTS), metadata={
        "description": "CSV only: rfc4180 (comma, decimal point; the default) or excel-id (semicolon, decimal "
                       "comma: opens in columns in Excel with Indonesian regional settings). Both UTF-8 with BOM."})


class ReportSchema(Schema):
    id = fields.Integer()
    survey_id = fields.Integer()
    format = fields.String(attribute="export_format", validate=validate.OneOf(FORMATS))
    dialect = fields.String(allow_none=True, validate=validate.OneOf(CSV_DIALECTS))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    status = fields.String(validate=validate.OneOf(STATUSES))
    progress = fields.Integer()
    failure_reason = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    file_available = fields.Function(lambda report: report.is_done)
