"""Schemas shared across the API."""

from marshmallow import Schema, fields, validate

from skm.platform.agencies.models import TENANT_STATUSES, TIMEZONES
from skm.platform.agencies.services import SLUG_PATTERN
from skm.platform.api.inputs import InputSchema


class TokenRequestSchema(InputSchema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class TokenSchema(Schema):
    token = fields.String()
    expires_at = fields.DateTime()


class TenantSchema(Schema):
    slug = fields.String()
    name = fields.String()
    short_name = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(TENANT_STATUSES))
    timezone = fields.String(validate=validate.OneOf(TIMEZONES))
    created_at = fields.DateTime()
    user_count = fields.Integer()


class TenantCreateSchema(InputSchema):
    slug = fields.String(required=True, validate=[
        validate.Length(min=1, max=40),
        validate.Regexp(SLUG_PATTERN, error="Use lowercase letters, digits or dashes, "
                                            "starting and ending with a letter or digit.")])
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    short_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=40))
    timezone = fields.String(load_default="Asia/Jakarta", validate=validate.OneOf(TIMEZONES))


class TenantUpdateSchema(InputSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    short_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=40))
    timezone = fields.String(validate=validate.OneOf(TIMEZONES))
    status = fields.String(validate=validate.OneOf(TENANT_STATUSES))
