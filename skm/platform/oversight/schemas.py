"""The regency API's query and answer shapes (CONTRACT.md, "Regency oversight and the service mall")."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from skm.platform.api.inputs import InputSchema
from skm.platform.oversight.combining import AGGREGATIONS
from skm.tenants.results.periods import Period
from skm.tenants.results.schemas import ResultDocumentSchema


class PeriodField(fields.Field):
    """A period code (``2026``, ``2026-S2``, ``2026-Q4``) loaded as a :class:`Period`."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"type": "string", "pattern": r"^\d{4}(-[QS]\d)?$", **kwargs.pop("metadata", {})},
                         **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> Period:
        if not isinstance(value, str):
            raise ValidationError("Not a valid period.")
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class RegencyQuerySchema(InputSchema):
    period = PeriodField(metadata={"description": "2026, 2026-S1/S2 or 2026-Q1…Q4; default: the current period",
                                   "example": "2026-Q4"})
    method = fields.String(load_default="pooled", validate=validate.OneOf(AGGREGATIONS))


class TenantStandingSchema(Schema):
    slug = fields.String()
    name = fields.String()
    respondents = fields.Integer(metadata={"description": "answers given in the period, over all its surveys"})
    result = fields.Nested(ResultDocumentSchema, allow_none=True, metadata={"description": "null without answers"})
    sample_target = fields.Integer(allow_none=True, metadata={"description": "Krejcie & Morgan, for the period"})
    below_target = fields.Boolean()
    change = fields.Float(allow_none=True, metadata={"description": "IKM points against the previous period"})


class RegencyCombinedSchema(ResultDocumentSchema):
    """``method=pooled``: a result document; ``method=mean``: the mean IKM of the agencies."""

    method = fields.String(validate=validate.OneOf(AGGREGATIONS))
    units = fields.Integer(metadata={"description": "method=mean: the agencies averaged"})


class RegencyResultsSchema(Schema):
    period = fields.String()
    previous_period = fields.String()
    tenants = fields.List(fields.Nested(TenantStandingSchema))
    combined = fields.Nested(RegencyCombinedSchema)


class RegencyReportCreateSchema(InputSchema):
    period = PeriodField(metadata={"description": "default: the current period", "example": "2026-Q4"})
    format = fields.String(required=True, validate=validate.OneOf(("pdf", "xlsx")))
    language = fields.String(load_default="id", validate=validate.OneOf(("id", "en")))
    method = fields.String(load_default="pooled", validate=validate.OneOf(AGGREGATIONS))


class RegencyReportSchema(Schema):
    id = fields.Integer()
    period = fields.String()
    format = fields.String(metadata={"enum": ["pdf", "xlsx"]})
    language = fields.String(metadata={"enum": ["id", "en"]})
    method = fields.String(metadata={"enum": list(AGGREGATIONS)})
    status = fields.String(metadata={"enum": ["queued", "running", "done", "failed"]})
    failure_reason = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    file_available = fields.Function(lambda report: report.is_done)
