"""Comment API schemas."""

from marshmallow import Schema, fields, validate

from skm.platform.api.inputs import InputSchema
from skm.tenants.comments.models import STATUSES
from skm.tenants.comments.services import MAX_TAGS, TAG_LENGTH


class CommentSchema(Schema):
    id = fields.Integer()
    text = fields.String(metadata={"description": "email addresses and phone numbers masked"})
    answered_on = fields.Date()
    service_type = fields.String(allow_none=True)
    grades = fields.Dict(keys=fields.String(), values=fields.Integer(allow_none=True))
    tags = fields.List(fields.String())
    status = fields.String(metadata={"enum": list(STATUSES)})
    public = fields.Boolean()


class CommentQuerySchema(InputSchema):
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "text to search for"})
    status = fields.String(validate=validate.OneOf(STATUSES))
    tag = fields.String(validate=validate.Length(max=TAG_LENGTH))
    public = fields.Boolean()


class CommentUpdateSchema(InputSchema):
    tags = fields.List(fields.String(validate=validate.Length(max=TAG_LENGTH)), validate=validate.Length(max=MAX_TAGS))
    status = fields.String(validate=validate.OneOf(STATUSES))
    public = fields.Boolean(metadata={"description": "approved for the public results page"})
