"""Follow-up API schemas."""

from flask import g
from marshmallow import Schema, fields, validate

from skm.platform.api.inputs import InputSchema
from skm.tenants.followups.models import STATUSES
from skm.tenants.responses.services import local_today


class FollowUpSchema(Schema):
    id = fields.Integer()
    survey_id = fields.Integer()
    element = fields.String(allow_none=True)
    comment_id = fields.Integer(allow_none=True)
    title = fields.String()
    action = fields.String()
    owner = fields.String()
    due_on = fields.Date()
    status = fields.String(metadata={"enum": list(STATUSES)})
    evidence = fields.String(allow_none=True)
    done_at = fields.DateTime(allow_none=True)
    #: past its due day (in the agency's calendar) and not done
    overdue = fields.Function(lambda item: item.is_overdue(local_today(g.tenant)), metadata={"type": "boolean"})


class FollowUpUpdateSchema(InputSchema):
    element = fields.String(allow_none=True, validate=validate.Length(max=12))
    comment_id = fields.Integer(allow_none=True, validate=validate.Range(min=1))
    title = fields.String(validate=validate.Length(min=1, max=200))
    action = fields.String(validate=validate.Length(min=1, max=4000))
    owner = fields.String(validate=validate.Length(min=1, max=200))
    due_on = fields.Date()
    status = fields.String(validate=validate.OneOf(STATUSES))
    evidence = fields.String(allow_none=True, validate=validate.Length(max=4000))


class FollowUpCreateSchema(FollowUpUpdateSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    action = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    owner = fields.String(required=True, validate=validate.Length(min=1, max=200))
    due_on = fields.Date(required=True)
