"""The regency API's query and answer shapes (CONTRACT.md, "Regency oversight and the service mall")."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from skm.tenants.results.periods import Period
from skm.tenants.results.regency import AGGREGATIONS


class PeriodField(fields.String):
    """A period code (``2026``, ``2026-S2``, ``2026-Q4``) loaded as a :class:`Period`."""

    def _deserialize(self, value, attr, data, **kwargs) -> Period:
        try:
            return Period.parse(super()._deserialize(value, attr, data, **kwargs))
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class RegencyQuerySchema(Schema):
    period = PeriodField(metadata={"description": "2026, 2026-S1/S2 or 2026-Q1…Q4; default: the current period",
                                   "example": "2026-Q4"})
    method = fields.String(load_default="pooled", validate=validate.OneOf(AGGREGATIONS))


class TenantStandingSchema(Schema):
    slug = fields.String()
    name = fields.String()
    respondents = fields.Integer()
    result = fields.Dict(allow_none=True, metadata={"description": "the result document, null without answers"})
    sample_target = fields.Integer(allow_none=True)
    below_target = fields.Boolean()
    change = fields.Float(allow_none=True, metadata={"description": "IKM points against the previous period"})


class RegencyResultsSchema(Schema):
    period = fields.String()
    previous_period = fields.String()
    tenants = fields.List(fields.Nested(TenantStandingSchema))
    combined = fields.Dict(metadata={"description": "the combined result; `method` names how"})


class RegencyReportCreateSchema(Schema):
    period = PeriodField(metadata={"description": "default: the current period", "example": "2026-Q4"})
    format = fields.String(required=True, validate=validate.OneOf(("pdf", "xlsx")))
    language = fields.String(load_default="id", validate=validate.OneOf(("id", "en")))
    method = fields.String(load_default="pooled", validate=validate.OneOf(AGGREGATIONS))


class RegencyReportSchema(Schema):
    id = fields.Integer()
    period = fields.String()
    format = fields.String(metadata={"enum": ["pdf", "xlsx"]})
    language = fields.String()
    method = fields.String()
    status = fields.String(metadata={"enum": ["queued", "running", "done", "failed"]})
    failure_reason = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    file_available = fields.Function(lambda report: report.is_done)
