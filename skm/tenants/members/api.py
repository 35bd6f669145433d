"""/api/v1/tenants/<slug>/users: the tenant's users."""

from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from skm.extensions import db
from skm.platform.accounts.models import ROLES
from skm.platform.api.context import abort_input, require_capability, tenant_blueprint
from skm.platform.api.inputs import InputSchema
from skm.platform.input_errors import InputError
from skm.tenants.members.services import invite_member, members

blp = tenant_blueprint("members_api", __name__, "users", "A tenant's users and their roles")


class MemberSchema(Schema):
    email = fields.String(attribute="user.email")
    name = fields.String(attribute="user.name")
    role = fields.String(validate=validate.OneOf(ROLES))
    has_password = fields.Function(lambda m: m.user.password_hash is not None)


class MemberCreateSchema(InputSchema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(load_only=True, validate=validate.Length(max=200))


@blp.route("")
class Members(MethodView):
    @blp.response(200, MemberSchema(many=True))
    def get(self):
        require_capability("view")
        return members()

    @blp.arguments(MemberCreateSchema)
    @blp.response(201, MemberSchema)
    def post(self, data):
        """Add a user with a role; without a password they are asked to set one."""
        require_capability("manage_users")
        try:
            membership = invite_member(g.tenant, data["email"], data["name"], data["role"], data.get("password"))
        except InputError as exc:
            db.session.rollback()
            abort_input(exc)
        db.session.commit()
        return membership
